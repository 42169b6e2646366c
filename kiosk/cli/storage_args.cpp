#include "storage_args.hpp"

#include <chrono>
#include <cstdlib>
#include <fmt/format.h>

namespace borne::cli {

storage::UnixTime unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::optional<StorageArgs> open_storage_or_report(const Args& args) {
    StorageArgs out;
    std::string path;
    if (auto file = args.value("--config")) {
        auto parsed = storage::read_site_config(*file);
        if (!parsed.config) {
            for (const auto& e : parsed.errors) fmt::print(stderr, "{}\n", e.to_string(*file));
            return std::nullopt;
        }
        out.config = *parsed.config;
        path = out.config->database;
    }
    if (const char* env = std::getenv("BORNE_DB"); path.empty() && env && *env) path = env;
    if (auto db = args.value("--db")) path = *db;
    if (path.empty()) {
        fmt::print(stderr, "borne : quelle base ? --db FICHIER, --config SITE.yaml ou $BORNE_DB\n");
        return std::nullopt;
    }
    auto opened = storage::open_database(path, unix_now());
    for (const auto& n : opened.notices) fmt::print(stderr, "borne : {}\n", n);
    if (!opened.database) {
        fmt::print(stderr, "borne : {}\n", opened.error);
        return std::nullopt;
    }
    out.database = std::move(opened.database);
    return out;
}

}  // namespace borne::cli
