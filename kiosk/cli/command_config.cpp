// borne config check SITE.yaml: the site configuration read as the kiosk reads it, every error with its
// line and field; the commune and the local aids are also looked up in the communes table and the rules.
// borne config hash-pin: the agent PIN read on standard input, printed as the hash the file stores.
#include "commands.hpp"

#include "borne/runtime/paths.hpp"
#include "borne/engine/communes.hpp"
#include "borne/kiosk/flow.hpp"
#include "borne/storage/site_config.hpp"

#include <cstdlib>
#include <fmt/format.h>
#include <iostream>

namespace borne::cli {

namespace {

int check(const Args& args, const std::string& file) {
    auto parsed = storage::read_site_config(file);
    for (const auto& e : parsed.errors) fmt::print(stderr, "{}\n", e.to_string(file));
    if (!parsed.config) {
        fmt::print(stderr, "{} : {} erreur(s) ; la borne refuserait ce fichier\n", file, parsed.errors.size());
        return exit_failed;
    }
    const auto& c = *parsed.config;
    int problems = 0;
    std::string communes_path = runtime::communes();
    if (const char* env = std::getenv("BORNE_COMMUNES"); env && *env) communes_path = env;
    std::string error;
    if (auto directory = engine::CommuneDirectory::load(communes_path, error)) {
        if (!directory->by_insee(c.commune)) {
            fmt::print(stderr, "{} : site.commune : « {} » n'est la commune d'aucun code INSEE connu\n", file, c.commune);
            ++problems;
        }
    } else {
        fmt::print(stderr, "borne : table des communes illisible ({}) : site.commune non vérifiée\n", error);
    }
    if (!c.local_aids.empty()) {
        auto rules = load_rules_or_report(args);
        if (!rules) return exit_failed;
        for (std::size_t i = 0; i < c.local_aids.size(); ++i) {
            bool known = false;
            for (const auto& aid : rules->aids) known = known || (aid.id == c.local_aids[i] && aid.local_pack >= 0);
            if (!known) {
                fmt::print(stderr, "{} : aides_locales[{}] : « {} » n'est pas une aide locale en vigueur des règles (rules/local/<collectivité>/aides/)\n", file, i,
                           c.local_aids[i]);
                ++problems;
            }
        }
    }
    if (problems) return exit_failed;
    fmt::print("{} : valide — « {} », {} créneau(x) de rendez-vous par semaine, sauvegardes gardées {} jours, base {}\n", file, c.site_name,
               c.slots.size(), c.saves_days, c.database);
    return exit_ok;
}

int hash_pin() {
    std::string pin;
    std::getline(std::cin, pin);
    if (pin.size() < 4 || pin.size() > 12 || pin.find_first_not_of("0123456789") != std::string::npos) {
        fmt::print(stderr, "borne : le code agent s'écrit avec 4 à 12 chiffres (lu sur l'entrée standard)\n");
        return exit_bad_input;
    }
    std::string hash = kiosk::hash_pin(pin);
    if (hash.empty()) {
        fmt::print(stderr, "borne : empreinte impossible (libsodium)\n");
        return exit_failed;
    }
    fmt::print("{}\n", hash);
    return exit_ok;
}

}  // namespace

int command_config(const Args& args) {
    const auto& p = args.positional();
    if (p.size() == 2 && p[0] == "check") return check(args, p[1]);
    if (p.size() == 1 && p[0] == "hash-pin") return hash_pin();
    if (!p.empty() && p[0] == "bundle") return command_config_bundle(args);
    return usage_error("usage : borne config check SITE.yaml | borne config hash-pin < code | borne config bundle build|verify|install");
}

}  // namespace borne::cli
