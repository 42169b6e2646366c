#include "borne/fleet/software_install.hpp"

#include "borne/engine/files.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <sstream>

namespace borne::fleet {

std::string software_install_path(const std::string& data_dir) { return (std::filesystem::path(data_dir) / "fleet" / "software.last").string(); }

storage::Result<std::optional<SoftwareInstall>> read_software_install(const std::string& path) {
    using R = storage::Result<std::optional<SoftwareInstall>>;
    auto text = engine::read_file(path);
    if (!text) return R::success(std::nullopt);
    std::istringstream in(*text);
    SoftwareInstall s;
    std::string result, extra;
    if (!(in >> s.version >> result >> s.at) || (in >> extra) || (result != "installed" && result != "refused") || s.at <= 0)
        return R::failure(fmt::format("{}:1 : attendu « VERSION installed|refused HEURE_UNIX »", path));
    s.installed = result == "installed";
    return R::success(s);
}

}  // namespace borne::fleet
