// borne session save SITUATION.json: stores the answers encrypted and prints the code of the slip;
// borne session open CODE: prints the saved situation (the same rate limit as the kiosk applies).
#include "commands.hpp"
#include "storage_args.hpp"

#include "borne/storage/appointments.hpp"
#include "borne/storage/resume_code.hpp"
#include "borne/storage/sessions.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace borne::cli {

int command_session(const Args& args) {
    const auto& p = args.positional();
    if (p.size() != 2 || (p[0] != "save" && p[0] != "open"))
        return usage_error("usage : borne session save SITUATION.json | borne session open CODE");
    if (p[0] == "save") {
        auto text = read_file(p[1]);
        if (!text) {
            fmt::print(stderr, "{} : fichier illisible\n", p[1]);
            return exit_bad_input;
        }
        // Only a situation the rules accept is saved: what is reopened must simulate.
        auto rules = load_rules_or_report(args);
        if (!rules) return exit_failed;
        auto parsed = engine::parse_situation(*text, *rules, today().first_of_month());
        if (!parsed.situation) {
            for (const auto& e : parsed.errors) fmt::print(stderr, "{} : {} : {}\n", p[1], e.path.empty() ? "(document)" : e.path, e.message);
            return exit_bad_input;
        }
        auto storage = open_storage_or_report(args);
        if (!storage) return exit_bad_input;
        int days = storage->config ? storage->config->saves_days : 30;
        std::string canonical = engine::situation_to_json(*parsed.situation, *rules).dump();
        auto saved = storage::save_session(*storage->database, canonical, unix_now(), days);
        if (!saved.ok()) {
            fmt::print(stderr, "borne : {}\n", saved.error);
            return exit_failed;
        }
        if (auto book = args.value("--book")) {
            // "AAAA-MM-JJ HH:MM GUICHET": one of the site's free slots, linked to this save.
            auto day = engine::Date::parse(book->substr(0, 10));
            if (!storage->config || !day || book->size() < 18 || (*book)[10] != ' ' || (*book)[16] != ' ') {
                fmt::print(stderr, "--book : « AAAA-MM-JJ HH:MM GUICHET » attendu, avec --config SITE.yaml (ses créneaux)\n");
                return exit_bad_input;
            }
            storage::Slot slot{*day, book->substr(11, 5), book->substr(17)};
            auto booked = storage::book_slot(*storage->database, storage->config->slots, slot,
                                             storage::session_lookup(*storage->database, saved.value->code), unix_now());
            if (!booked.ok()) {
                // The save stands (its code is printed); only the appointment is refused.
                fmt::print("{}\n", storage::display_code(saved.value->code));
                fmt::print(stderr, "borne : rendez-vous refusé : {}\n", booked.error);
                return exit_failed;
            }
            fmt::print(stderr, "Rendez-vous : {}\n", slot.french());
        }
        fmt::print("{}\n", storage::display_code(saved.value->code));
        fmt::print(stderr, "Sauvegarde gardée {} jours : elle s'efface d'elle-même ensuite.\n", days);
        return exit_ok;
    }
    auto storage = open_storage_or_report(args);
    if (!storage) return exit_bad_input;
    auto opened = storage::open_session(*storage->database, p[1], unix_now());
    if (!opened.session) {
        fmt::print(stderr, "borne : {}\n", opened.message);
        return opened.failure == storage::OpenFailure::Storage ? exit_failed : exit_bad_input;
    }
    auto document = nlohmann::json::parse(opened.session->situation_json, nullptr, false);
    fmt::print("{}\n", document.is_discarded() ? opened.session->situation_json : document.dump(1));
    return exit_ok;
}

}  // namespace borne::cli
