// borne rules pack build | verify | install | status: the rules packs of image/UPDATES.md.
#include "cli_common.hpp"
#include "commands.hpp"

#include "borne/packs/rules_pack.hpp"

#include <fmt/format.h>

namespace borne::cli {

namespace {

std::optional<engine::Date> date_option(const Args& args, const std::string& flag, engine::Date fallback) {
    auto text = args.value(flag);
    if (!text) return fallback;
    return engine::Date::parse(*text);
}

int build(const Args& args, const std::string& dir, engine::Date on) {
    auto out = args.value("--out");
    auto version = args.value("--version");
    if (!out || !version) return usage_error("rules pack build DOSSIER --out PAQUET --version V --valid-from AAAA-MM-JJ --valid-until AAAA-MM-JJ [--key CLÉ --cert CERT]");
    auto from = date_option(args, "--valid-from", engine::Date{});
    auto until = date_option(args, "--valid-until", engine::Date{});
    if (!args.has("--valid-from") || !args.has("--valid-until") || !from || !until) return usage_error("--valid-from et --valid-until : dates AAAA-MM-JJ");
    // Without --key/--cert: the TEST keys of the repository (image/keys/test), fit for CI only.
    packs::BuildRequest request{dir, *version, args.value("--key").value_or(BORNE_TEST_SIGNING_KEY), args.value("--cert").value_or(BORNE_TEST_SIGNING_CERT),
                                *from, *until, on};
    if (auto s = packs::build_pack(request, *out); !s.ok()) {
        fmt::print(stderr, "borne : paquet non construit : {}\n", s.error);
        return exit_failed;
    }
    if (!args.has("--key")) fmt::print(stderr, "borne : signé avec la clé de TEST du dépôt (image/keys/test) : bon pour les essais, refusé par une borne de production\n");
    fmt::print("{} : paquet de règles {} valable du {} au {}\n", *out, *version, from->iso(), until->iso());
    return exit_ok;
}

int verify(const Args& args, const std::string& pack, engine::Date on) {
    auto verified = packs::verify_pack(pack, update_ca(args), on);
    if (!verified.ok()) {
        fmt::print(stderr, "borne : paquet refusé : {}\n", verified.error);
        return exit_failed;
    }
    const auto& m = verified.value->manifest;
    fmt::print("{} : signature valide, {} fichiers conformes au manifeste, paquet {} valable du {} au {}\n", pack, m.files.size(), m.version, m.valid_from.iso(),
               m.valid_until.iso());
    return exit_ok;
}

int install(const Args& args, const std::string& pack, engine::Date on) {
    auto data = data_dir(args);
    if (!data) return usage_error("rules pack install PAQUET --data DOSSIER (ou $BORNE_DATA)");
    auto installed = packs::install_pack({pack, *data, update_ca(args), on});
    if (!installed.ok()) {
        fmt::print(stderr, "borne : paquet refusé, les règles en service restent : {}\n", installed.error);
        return exit_failed;
    }
    fmt::print("{}\n", packs::status_line(*installed.value));
    return exit_ok;
}

int status(const Args& args) {
    auto data = data_dir(args);
    if (!data) return usage_error("rules pack status --data DOSSIER (ou $BORNE_DATA)");
    auto s = packs::read_status(*data);
    if (!s.ok()) {
        fmt::print("{}\n", s.error);
        return exit_ok;
    }
    // After a refusal, the pack still in service too: the USB screen shows this one line (update-from-media).
    if (s.value->installed) fmt::print("{}\n", packs::status_line(*s.value));
    else fmt::print("{} ; {}\n", packs::status_line(*s.value), packs::in_service_line(*data));
    return s.value->installed ? exit_ok : exit_failed;
}

}  // namespace

int command_rules_pack(const Args& args) {
    const auto& p = args.positional();
    auto on = date_option(args, "--today", today());
    if (!on) return usage_error("--today : date illisible (AAAA-MM-JJ)");
    if (p.size() == 2 && p[0] == "build") return build(args, p[1], *on);
    if (p.size() == 2 && p[0] == "verify") return verify(args, p[1], *on);
    if (p.size() == 2 && p[0] == "install") return install(args, p[1], *on);
    if (p.size() == 1 && p[0] == "status") return status(args);
    return usage_error("rules pack build DOSSIER | verify PAQUET | install PAQUET | status");
}

}  // namespace borne::cli
