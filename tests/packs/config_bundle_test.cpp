// Site configuration bundles with the real TEST keys and real files: a good bundle replaces DATA/site.yaml and
// keeps the one before; a bundle signed by another key, with a flipped byte, expired, or carrying a site file the
// kiosk refuses is refused with its cause, and the site file is unchanged to the byte.
#include "borne/packs/config_bundle.hpp"
#include "internal.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/format.h>

namespace fs = std::filesystem;
using namespace borne;
using namespace borne::test;
using Catch::Matchers::Contains;

namespace {

const std::string ca = test_keys + "/ca.crt";
const engine::Date today = engine::Date::from_ymd(2027, 1, 15);
const engine::Date from = engine::Date::from_ymd(2027, 1, 1), until = engine::Date::from_ymd(2027, 12, 31);
const std::string example = source + "/kiosk/storage/exemple-site.yaml";

/// A CA and a signer the kiosk does not trust, as make-keys makes them but with P-256 keys (milliseconds, where
/// make-keys' RSA-3072 takes seconds on a loaded machine): what matters here is only that the chain is not the update CA's.
std::string untrusted_keys(const TempDir& dir) {
    std::string out = dir / "autres-cles";
    std::string command = fmt::format(
        "set -e; mkdir -p {0}; cd {0}; ec='-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes';"
        "openssl req -x509 $ec -keyout ca.key -out ca.crt -days 2 -subj '/CN=Borne TEST other CA';"
        "openssl req $ec -keyout signing.key -out signing.csr -subj '/CN=Borne TEST other signing';"
        "printf 'keyUsage=critical,digitalSignature\nextendedKeyUsage=emailProtection,codeSigning\n' >ext;"
        "openssl x509 -req -in signing.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile ext -out signing.crt",
        out);
    REQUIRE(std::system(("(" + command + ") >/dev/null 2>&1").c_str()) == 0);
    return out;
}

std::string build(const TempDir& dir, const std::string& site_file, const std::string& name, const std::string& keys = test_keys,
                  engine::Date valid_until = until) {
    std::string out = dir / (name + ".borne-config");
    auto built = packs::build_config_bundle({site_file, name, keys + "/signing.key", keys + "/signing.crt", from, valid_until}, out);
    REQUIRE(built.error == "");
    return out;
}

/// A data folder whose site file is the setup's, the file every refusal must leave as it is.
std::string data_with_site(const TempDir& dir) {
    std::string data = dir / "data";
    fs::create_directories(data);
    spit(data + "/site.yaml", "site:\n  nom: Mairie de Bourg\n  commune: \"01053\"\nveille_secondes: 60\n");
    return data;
}

void require_refused(const std::string& data, const std::string& bundle, const std::vector<std::string>& causes) {
    const std::string before = slurp(data + "/site.yaml");
    auto installed = packs::install_config_bundle({bundle, data, ca, today});
    INFO(installed.error);
    REQUIRE_FALSE(installed.ok());
    bool named = false;
    for (const auto& c : causes) named = named || installed.error.find(c) != std::string::npos;
    CHECK(named);
    CHECK(slurp(data + "/site.yaml") == before);
    CHECK_FALSE(fs::exists(packs::previous_site_file_of(data)));
    auto status = packs::read_config_status(data);
    REQUIRE(status.ok());
    CHECK_FALSE(status.value->installed);
    CHECK(status.value->reason == installed.error);
}

}  // namespace

TEST_CASE("a signed site configuration replaces the site file and keeps the previous one", "[packs][config]") {
    TempDir dir;
    std::string data = data_with_site(dir);
    const std::string before = slurp(data + "/site.yaml");
    std::string bundle = build(dir, example, "2027-01");
    auto installed = packs::install_config_bundle({bundle, data, ca, today});
    REQUIRE(installed.error == "");
    CHECK(slurp(data + "/site.yaml") == slurp(example));  // byte for byte, comments included
    CHECK(slurp(packs::previous_site_file_of(data)) == before);
    CHECK_THAT(packs::config_status_line(*installed.value), Contains("2027-01") && Contains("CAF de l'Ain"));
    auto read = storage::read_site_config(data + "/site.yaml");
    REQUIRE(read.config);
    CHECK(read.config->printer == "borne-80mm");

    // The same stick again: nothing rewritten, the previous file is still the setup's.
    REQUIRE(packs::install_config_bundle({bundle, data, ca, today}).ok());
    CHECK(slurp(packs::previous_site_file_of(data)) == before);

    SECTION("a kiosk with no site file yet takes one from a bundle") {
        std::string fresh = dir / "fresh";
        fs::create_directories(fresh);
        REQUIRE(packs::install_config_bundle({bundle, fresh, ca, today}).error == "");
        CHECK(slurp(fresh + "/site.yaml") == slurp(example));
        CHECK_FALSE(fs::exists(packs::previous_site_file_of(fresh)));
    }
}

// One test case (one process under ctest), a section per refusal.
TEST_CASE("a refused configuration leaves the site file unchanged and says why", "[packs][config]") {
    TempDir dir;
    std::string data = data_with_site(dir);

    SECTION("signed by another key") { require_refused(data, build(dir, example, "autre", untrusted_keys(dir)), {"signature refusée"}); }

    SECTION("a flipped byte") {
        const std::string good = slurp(build(dir, example, "2027-01"));
        // Inside the compressed data (not the gzip header's time fields nor its trailer: image/UPDATES.md).
        for (std::size_t at : {std::size_t{12}, good.size() / 4, good.size() / 2, good.size() - 30}) {
            std::string bytes = good;
            bytes[at] = static_cast<char>(bytes[at] ^ 0x20);
            std::string flipped = dir / "flipped.borne-config";
            spit(flipped, bytes);
            INFO("byte " << at << " of " << good.size());
            require_refused(data, flipped, {"paquet abîmé", "paquet illisible", "contenu différent", "signature refusée", "signature illisible"});
        }
    }

    SECTION("expired") {
        require_refused(data, build(dir, example, "ancienne", test_keys, engine::Date::from_ymd(2027, 1, 10)), {"expiré : valable jusqu'au 2027-01-10"});
    }

    SECTION("well signed, but a site file the kiosk refuses: its line and field") {
        // What a careless build could ship: build_config_bundle checks the file, so this one is signed by hand.
        const std::string bad = "site:\n  nom: Mairie\n  commune: \"01053\"\nveille_secondes: 5\n";
        packs::Manifest manifest{"mauvaise", from, until, "", {{"site.yaml", bad.size(), packs::detail::sha256_hex(bad)}}};
        std::string text = packs::detail::write_manifest(manifest);
        auto signature = packs::detail::cms_sign(text, test_keys + "/signing.key", test_keys + "/signing.crt");
        REQUIRE(signature.ok());
        std::string bundle = dir / "mauvaise.borne-config";
        REQUIRE(packs::detail::write_archive(bundle, {{"manifest.yaml", text}, {"manifest.yaml.p7s", *signature.value}, {"site.yaml", bad}}).ok());
        require_refused(data, bundle, {bundle + ":site.yaml:4 : veille_secondes"});

        // And the build refuses the same file before signing it, with the same place.
        spit(dir / "bad-site.yaml", bad);
        auto built = packs::build_config_bundle({dir / "bad-site.yaml", "x", test_keys + "/signing.key", test_keys + "/signing.crt", from, until},
                                                dir / "never.borne-config");
        CHECK_THAT(built.error, Contains(dir / "bad-site.yaml:4 : veille_secondes"));
        CHECK_FALSE(fs::exists(dir / "never.borne-config"));
    }

    SECTION("a rules pack is not a configuration, and a configuration is not a rules pack") {
        std::string bundle = build(dir, example, "2027-01");
        CHECK_THAT(packs::verify_pack(bundle, ca, today).error, Contains("n'a rien à faire dans un paquet de règles"));
        // A signed archive with rules in it, as a rules pack carries them.
        const std::string rule = "# une règle\n";
        packs::Manifest manifest{"regles", from, until, "", {{"aides/x.yaml", rule.size(), packs::detail::sha256_hex(rule)}}};
        std::string text = packs::detail::write_manifest(manifest);
        auto signature = packs::detail::cms_sign(text, test_keys + "/signing.key", test_keys + "/signing.crt");
        REQUIRE(signature.ok());
        std::string pack = dir / "regles.pack";
        REQUIRE(packs::detail::write_archive(pack, {{"manifest.yaml", text}, {"manifest.yaml.p7s", *signature.value}, {"rules/aides/x.yaml", rule}}).ok());
        require_refused(data, pack, {"n'a rien à faire dans une configuration de site"});
    }
}
