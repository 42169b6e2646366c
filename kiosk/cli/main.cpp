// `borne`: the command line of the kiosk, without any window. Every command reads the bundled rules
// (or --rules DIR) and never writes anything but its output.
#include "cli_common.hpp"
#include "commands.hpp"

#include <exception>
#include <fmt/format.h>
#include <string>

namespace {

constexpr const char* help_text = R"(borne — les aides sociales d'un foyer, calculées sur place

  borne simulate SITUATION.json [--month AAAA-MM] [--format text|json] [--trace]
  borne simulate --from-reference CAS.json      sorties au format du cas de référence
  borne situation --from-reference CAS.json     la situation d'un cas de référence
  borne next-question SITUATION.json [--format text|json]
  borne rules check [--today AAAA-MM-JJ]        lecture, couverture 2024-01 → +12 mois, fraîcheur
  borne rules test [--verbose]                  tests écrits à côté des règles
  borne rules a-revoir [--today AAAA-MM-JJ]     chaque valeur à revoir (revalorisation attendue, non vérifiée) avec ses dates
  borne rules fiches [--today AAAA-MM-JJ] [--out FICHIER]   la page des aides (rules/AIDES.md)
  borne rules pack build DOSSIER --out PAQUET --version V --valid-from AAAA-MM-JJ --valid-until AAAA-MM-JJ [--key CLÉ --cert CERT] [--today AAAA-MM-JJ]
  borne rules pack verify PAQUET [--cert AUTORITÉ] [--today AAAA-MM-JJ]   signature, fichiers, dates
  borne rules pack install PAQUET --data DOSSIER [--cert AUTORITÉ]        vérifie, teste, bascule (image/UPDATES.md)
  borne rules pack status --data DOSSIER        le dernier paquet essayé : installé, ou refusé et pourquoi
  borne communes CODE_POSTAL|CODE_INSEE           les communes d'un code postal (ou une commune)
  borne bench [--cases DOSSIER] [--iterations N]
  borne bench --printing [SITUATION.json] [--printer FILE]   le ticket : rendu PDF et ESC/POS, remise à CUPS
  borne bench --questions [--list] [--cases DOSSIER] [--personas DOSSIER]   les écrans de questions de chaque foyer joué à la borne (--list : lesquels, dans l'ordre)
  borne ticket SITUATION.json --out FICHIER [--format a4|80mm|escpos|png] [--lang en]   le ticket dans un fichier (bilingue hors français)
  borne print SITUATION.json [--printer FILE] [--format a4|80mm|escpos]     le ticket imprimé (CUPS)
  borne print --list                              les imprimantes et leur état
      ticket et print : [--site NOM] [--code CODE] [--rendez-vous TEXTE] [--printed-at "AAAA-MM-JJ HH:MM"]
  borne stats [--from AAAA-MM-JJ] [--to AAAA-MM-JJ] [--format table|csv]   les chiffres anonymes, par semaine
  borne session save SITUATION.json [--book "AAAA-MM-JJ HH:MM GUICHET"]   sauvegarde chiffrée : affiche le code
  borne session open CODE                         la situation sauvegardée sous ce code
  borne bookings [--day AAAA-MM-JJ] [--free]      les rendez-vous du jour (ou les créneaux libres)
  borne corrections export [--out FICHIER]        les signalements des agents, en tests des règles
  borne config check SITE.yaml                    la configuration du site, erreurs avec ligne et champ
  borne fleet export --kiosk ID --outbox FICHIER [--today AAAA-MM-JJ]   les semaines closes, en lignes numérotées pour rsyslog
  borne fleet gauges --out FICHIER.prom [--printer FILE] [--escpos /dev/ttyUSB0] [--data DOSSIER]
                                                  les jauges pour node-exporter (imprimante, règles, disque, horaires)
  borne fleet window --config SITE.yaml [--data DOSSIER] [--at AAAA-MM-JJTHH:MM]
                                                  0 : site fermé, pas de visite, une mise à jour peut s'installer ; 3 : attendre
  borne hub report --out RAPPORT.html [--conninfo "host=… dbname=…"] [--min-cell 10]   le rapport du parc (hub)
  borne config hash-pin < code                    l'empreinte du code agent pour agent.pin_hash
  borne config bundle build SITE.yaml --out CONFIG.borne-config --version V --valid-from AAAA-MM-JJ --valid-until AAAA-MM-JJ [--key CLÉ --cert CERT]
  borne config bundle verify CONFIG.borne-config [--cert AUTORITÉ]       signature, site.yaml (ligne et champ), dates
  borne config bundle install CONFIG.borne-config --data DOSSIER [--cert AUTORITÉ]   DOSSIER/site.yaml remplacé, l'ancien gardé (image/UPDATES.md)
      base : --db FICHIER, ou la clé « base » de --config SITE.yaml, ou $BORNE_DB

Options communes : --rules DOSSIER (sinon $BORNE_RULES, sinon le paquet de règles en service de --data DOSSIER
ou $BORNE_DATA, sinon les règles livrées).
Codes de sortie : 0 fait ; 1 contrôle ou test en échec ; 2 entrée invalide.
)";

}  // namespace

int main(int argc, char** argv) {
    using namespace borne::cli;
    try {
        if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
            fmt::print("{}", help_text);
            return argc < 2 ? exit_bad_input : exit_ok;
        }
        std::string command = argv[1];
        std::vector<std::string> with_value{"--month", "--format", "--rules", "--today", "--cases", "--iterations", "--out",
                                         "--site", "--code", "--rendez-vous", "--printed-at", "--printer", "--timeout", "--lang",
                                         "--from", "--to", "--db", "--config", "--book", "--day",
                                         "--data", "--cert", "--key", "--version", "--valid-from", "--valid-until",
                                         "--kiosk", "--outbox", "--escpos", "--conninfo", "--min-cell", "--personas", "--at", "--drm"};
        if (command == "--version") {
            fmt::print("borne {}\n", BORNE_VERSION);
            return exit_ok;
        }
        if (command == "rules") {
            if (argc < 3) return usage_error("rules check, rules test ou rules fiches");
            Args args(argc, argv, 3, with_value);
            if (!args.unknown().empty()) return usage_error("option invalide " + args.unknown().front());
            std::string sub = argv[2];
            if (sub == "check") return command_rules_check(args);
            if (sub == "test") return command_rules_test(args);
            if (sub == "a-revoir") return command_rules_stale(args);
            if (sub == "fiches") return command_rules_fiches(args);
            if (sub == "pack") return command_rules_pack(args);
            return usage_error("rules check ou rules test");
        }
        if (command == "fleet" || command == "hub") {
            if (argc < 3) return usage_error(command == "fleet" ? "fleet export, fleet gauges ou fleet window" : "hub report");
            Args args(argc, argv, 3, with_value);
            if (!args.unknown().empty()) return usage_error("option invalide " + args.unknown().front());
            return command == "fleet" ? command_fleet(argv[2], args) : command_hub(argv[2], args);
        }
        Args args(argc, argv, 2, with_value);
        if (!args.unknown().empty()) return usage_error("option invalide " + args.unknown().front());
        if (command == "simulate") return command_simulate(args);
        if (command == "next-question") return command_next_question(args);
        if (command == "situation") return command_situation(args);
        if (command == "bench") return command_bench(args, argv[0]);
        if (command == "communes") return command_communes(args);
        if (command == "ticket") return command_ticket(args);
        if (command == "print") return command_print(args);
        if (command == "stats") return command_stats(args);
        if (command == "session") return command_session(args);
        if (command == "config") return command_config(args);
        if (command == "corrections") return command_corrections(args);
        if (command == "bookings") return command_bookings(args);
        return usage_error("commande inconnue « " + command + " »");
    } catch (const std::exception& e) {
        // Errors are values inside the engine; this is the last guard for what a library may throw.
        fmt::print(stderr, "borne : erreur interne : {}\n", e.what());
        return exit_bad_input;
    }
}
