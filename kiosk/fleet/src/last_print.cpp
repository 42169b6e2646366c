#include "borne/fleet/last_print.hpp"

#include "borne/engine/files.hpp"
#include "borne/fleet/outbox.hpp"
#include "borne/storage/atomic_file.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <sstream>

namespace borne::fleet {

std::string last_print_path(const std::string& data_dir) { return (std::filesystem::path(data_dir) / "fleet" / "last-print").string(); }

storage::Status record_last_print(const std::string& path, const LastPrint& last) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    auto error = storage::write_file_atomically(path, fmt::format("{} {}\n", printing::result_name(last.result), last.at), 0644);
    return error.empty() ? storage::Status::success() : storage::Status::failure(error);
}

storage::Result<std::optional<LastPrint>> read_last_print(const std::string& path) {
    using R = storage::Result<std::optional<LastPrint>>;
    auto text = engine::read_file(path);
    if (!text) return R::success(std::nullopt);
    std::istringstream in(*text);
    std::string word, extra;
    long long at = 0;
    if (!(in >> word >> at) || (in >> extra) || at <= 0)
        return R::failure(fmt::format("{}:1 : attendu « RÉSULTAT HEURE_UNIX » (printed, printer-problem ou not-sent)", path));
    for (auto r : {printing::PrintResult::Printed, printing::PrintResult::PrinterProblem, printing::PrintResult::NotSent})
        if (word == printing::result_name(r)) return R::success(LastPrint{r, at});
    return R::failure(fmt::format("{}:1 : résultat « {} » inconnu (printed, printer-problem ou not-sent)", path, word));
}

}  // namespace borne::fleet
