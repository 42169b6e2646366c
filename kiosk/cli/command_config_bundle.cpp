// borne config bundle build | verify | install: the signed site configuration bundles of image/UPDATES.md, made
// by a département's IT from a site.yaml, installed from a USB stick by update-from-media.
#include "cli_common.hpp"
#include "commands.hpp"

#include "borne/packs/config_bundle.hpp"

#include <fmt/format.h>

namespace borne::cli {

namespace {

int build(const Args& args, const std::string& site_file) {
    auto out = args.value("--out");
    auto version = args.value("--version");
    auto from = engine::Date::parse(args.value("--valid-from").value_or(""));
    auto until = engine::Date::parse(args.value("--valid-until").value_or(""));
    if (!out || !version || !from || !until)
        return usage_error("config bundle build SITE.yaml --out CONFIG.borne-config --version V --valid-from AAAA-MM-JJ --valid-until AAAA-MM-JJ [--key CLÉ --cert CERT]");
    // Without --key/--cert: the TEST keys of the repository (image/keys/test), fit for CI only.
    packs::ConfigBuildRequest request{site_file, *version, args.value("--key").value_or(BORNE_TEST_SIGNING_KEY),
                                      args.value("--cert").value_or(BORNE_TEST_SIGNING_CERT), *from, *until};
    if (auto s = packs::build_config_bundle(request, *out); !s.ok()) {
        fmt::print(stderr, "borne : configuration non construite : {}\n", s.error);
        return exit_failed;
    }
    if (!args.has("--key")) fmt::print(stderr, "borne : signé avec la clé de TEST du dépôt (image/keys/test) : bon pour les essais, refusé par une borne de production\n");
    fmt::print("{} : configuration {} de {} valable du {} au {}\n", *out, *version, site_file, from->iso(), until->iso());
    return exit_ok;
}

int verify(const Args& args, const std::string& bundle, engine::Date on) {
    auto verified = packs::verify_config_bundle(bundle, update_ca(args), on);
    if (!verified.ok()) {
        fmt::print(stderr, "borne : configuration refusée : {}\n", verified.error);
        return exit_failed;
    }
    const auto& m = verified.value->manifest;
    fmt::print("{} : signature valide, site.yaml conforme, « {} », configuration {} valable du {} au {}\n", bundle, verified.value->config.site_name,
               m.version, m.valid_from.iso(), m.valid_until.iso());
    return exit_ok;
}

int install(const Args& args, const std::string& bundle, engine::Date on) {
    auto data = data_dir(args);
    if (!data) return usage_error("config bundle install CONFIG.borne-config --data DOSSIER (ou $BORNE_DATA)");
    auto installed = packs::install_config_bundle({bundle, *data, update_ca(args), on});
    if (!installed.ok()) {
        fmt::print(stderr, "borne : configuration refusée, le fichier du site est inchangé : {}\n", installed.error);
        return exit_failed;
    }
    fmt::print("{}\n", packs::config_status_line(*installed.value));
    return exit_ok;
}

}  // namespace

int command_config_bundle(const Args& args) {
    const auto& p = args.positional();
    auto on = args.has("--today") ? engine::Date::parse(args.value("--today").value_or("")) : std::optional<engine::Date>(today());
    if (!on) return usage_error("--today : date illisible (AAAA-MM-JJ)");
    if (p.size() == 3 && p[1] == "build") return build(args, p[2]);
    if (p.size() == 3 && p[1] == "verify") return verify(args, p[2], *on);
    if (p.size() == 3 && p[1] == "install") return install(args, p[2], *on);
    return usage_error("config bundle build SITE.yaml | verify CONFIG.borne-config | install CONFIG.borne-config");
}

}  // namespace borne::cli
