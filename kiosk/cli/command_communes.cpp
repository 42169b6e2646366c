// borne communes: which communes a postal code serves (the kiosk asks which one when there are several).
#include "cli_common.hpp"
#include "commands.hpp"

#include "borne/runtime/paths.hpp"
#include "borne/engine/communes.hpp"

#include <cstdlib>
#include <fmt/format.h>

namespace borne::cli {

int command_communes(const Args& args) {
    if (args.positional().size() != 1) return usage_error("usage : borne communes CODE_POSTAL (ou un code INSEE)");
    std::string path = runtime::communes();
    if (const char* env = std::getenv("BORNE_COMMUNES"); env && *env) path = env;
    std::string error;
    auto directory = engine::CommuneDirectory::load(path, error);
    if (!directory) {
        fmt::print(stderr, "{}\n", error);
        return exit_failed;
    }
    const std::string& code = args.positional()[0];
    auto found = directory->by_postal_code(code);
    if (found.empty())
        if (const auto* c = directory->by_insee(code)) found.push_back(c);
    if (found.empty()) {
        fmt::print(stderr, "« {} » : aucun code postal ni code INSEE connu\n", code);
        return exit_bad_input;
    }
    for (const auto* c : found) fmt::print("{}  {}  (département {})\n", c->insee, c->name, c->department);
    return exit_ok;
}

}  // namespace borne::cli
