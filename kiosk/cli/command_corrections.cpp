// borne corrections export [--out FILE]: the agents' « ce résultat me semble faux » as rules tests to review.
#include "commands.hpp"
#include "storage_args.hpp"

#include "borne/storage/corrections.hpp"

#include <fmt/format.h>
#include <fstream>

namespace borne::cli {

int command_corrections(const Args& args) {
    const auto& p = args.positional();
    if (p.size() != 1 || p[0] != "export") return usage_error("usage : borne corrections export [--out FICHIER.yaml]");
    auto storage = open_storage_or_report(args);
    if (!storage) return exit_bad_input;
    auto list = storage::list_corrections(*storage->database);
    if (!list.ok()) {
        fmt::print(stderr, "borne : {}\n", list.error);
        return exit_failed;
    }
    std::string yaml = storage::corrections_to_rules_tests(*list.value);
    if (auto out = args.value("--out")) {
        std::ofstream file(*out, std::ios::binary);
        file << yaml;
        if (!file.flush()) {
            fmt::print(stderr, "{} : écriture impossible\n", *out);
            return exit_failed;
        }
        fmt::print(stderr, "{} signalement(s) écrits dans {} (statut à_valider : à relire avant de les ranger dans rules/tests)\n",
                   list.value->size(), *out);
    } else {
        fmt::print("{}", yaml);
    }
    return exit_ok;
}

}  // namespace borne::cli
