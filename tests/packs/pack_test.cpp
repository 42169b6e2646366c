// Rules packs end to end on the bundled rules: a good pack becomes current; a damaged, foreign, expired,
// broken or failing pack is refused with its cause named and the previous pack kept; an install
// interrupted between its steps leaves the previous pack current; start-up re-checks the installed pack.
#include "borne/engine/rules_tests.hpp"
#include "borne/packs/rules_pack.hpp"
#include "internal.hpp"
#include "support.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace fs = std::filesystem;
using namespace borne;
using namespace borne::test;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

const std::string rules_dir = source + "/rules";
const std::string ca = test_keys + "/ca.crt";
const engine::Date today = engine::Date::from_ymd(2027, 1, 15);
const engine::Date from = engine::Date::from_ymd(2026, 12, 1), until = engine::Date::from_ymd(2027, 10, 31);

std::string build(const TempDir& dir, const std::string& version, engine::Date valid_from = from, engine::Date valid_until = until,
                  const std::string& keys = test_keys, const std::string& folder = rules_dir) {
    std::string out = dir / (version + ".pack");
    auto built = packs::build_pack({folder, version, keys + "/signing.key", keys + "/signing.crt", valid_from, valid_until, from}, out);
    REQUIRE(built.error == "");
    return out;
}

/// A pack signed with the TEST key but without build_pack's checks: what a careless or hostile build could ship.
std::string sign_unchecked(const TempDir& dir, const std::string& folder, const std::string& version) {
    packs::Manifest manifest{version, from, until, "non vérifié", {}};
    packs::detail::Entries entries;
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        if (!entry.is_regular_file()) continue;
        std::string path = fs::relative(entry.path(), folder).generic_string();
        std::string content = slurp(entry.path().string());
        manifest.files.push_back({path, content.size(), packs::detail::sha256_hex(content)});
        entries.emplace("rules/" + path, content);
    }
    std::string text = packs::detail::write_manifest(manifest);
    auto signature = packs::detail::cms_sign(text, test_keys + "/signing.key", test_keys + "/signing.crt");
    REQUIRE(signature.ok());
    entries.emplace("manifest.yaml", text);
    entries.emplace("manifest.yaml.p7s", *signature.value);
    std::string out = dir / (version + ".pack");
    REQUIRE(packs::detail::write_archive(out, entries).ok());
    return out;
}

std::string copy_of_rules(const TempDir& dir, const std::string& name) {
    std::string out = dir / name;
    fs::copy(rules_dir, out, fs::copy_options::recursive);
    return out;
}

/// Replaces the first occurrence of `from` in a file (it must be there).
void edit(const std::string& path, const std::string& before, const std::string& after) {
    std::string text = slurp(path);
    auto at = text.find(before);
    REQUIRE(at != std::string::npos);
    spit(path, text.replace(at, before.size(), after));
}

std::string current(const std::string& data) {
    std::error_code ec;
    return fs::read_symlink(fs::path(data) / "rules" / "current", ec).string();
}

packs::InstallRequest install_request(const std::string& pack, const std::string& data) { return {pack, data, ca, today}; }

/// Installs 2027.01 as the pack in service, the "previous pack" every refusal must keep.
std::string data_with_first_pack(const TempDir& dir) {
    std::string data = dir / "data";
    auto installed = packs::install_pack(install_request(build(dir, "2027.01"), data));
    REQUIRE(installed.error == "");
    REQUIRE(current(data) == "2027.01");
    return data;
}

/// The refusal keeps 2027.01 current and the status file names the cause (one of `causes`).
void require_refused(const std::string& data, const std::string& pack, const std::vector<std::string>& causes) {
    auto installed = packs::install_pack(install_request(pack, data));
    INFO(installed.error);
    REQUIRE_FALSE(installed.ok());
    std::string cause;
    for (const auto& c : causes)
        if (installed.error.find(c) != std::string::npos) cause = c;
    REQUIRE_FALSE(cause.empty());
    CHECK(current(data) == "2027.01");
    auto status = packs::read_status(data);
    REQUIRE(status.ok());
    CHECK_FALSE(status.value->installed);
    CHECK_THAT(status.value->reason, Contains(cause));
    CHECK_THAT(packs::status_line(*status.value), Contains("refusé"));
    CHECK_THAT(packs::in_service_line(data), StartsWith("en service : règles 2027.01 (valable jusqu'au "));
    auto chosen = packs::load_rules_preferring_pack(data, rules_dir, ca, today, {.tests = false});
    CHECK(chosen.from_pack);
    CHECK_THAT(chosen.message, Contains("2027.01"));
}

void require_refused(const std::string& data, const std::string& pack, const std::string& cause) {
    require_refused(data, pack, std::vector<std::string>{cause});
}

}  // namespace

TEST_CASE("a good pack installs, becomes current and is what the kiosk loads", "[packs]") {
    TempDir dir;
    std::string data = dir / "data";
    std::string pack = build(dir, "2027.04");
    auto verified = packs::verify_pack(pack, ca, today);
    REQUIRE(verified.error == "");
    CHECK(verified.value->manifest.version == "2027.04");
    CHECK(verified.value->manifest.files.size() == verified.value->files.size());

    auto before = packs::load_rules_preferring_pack(data, rules_dir, ca, today, {.tests = false});
    CHECK_FALSE(before.from_pack);
    CHECK_THAT(before.message, Contains("aucun paquet installé"));
    CHECK(packs::in_service_line(data) == "en service : les règles livrées avec le logiciel");

    auto installed = packs::install_pack(install_request(pack, data));
    REQUIRE(installed.error == "");
    CHECK(current(data) == "2027.04");
    CHECK(fs::is_symlink(fs::path(data) / "rules" / "current"));
    auto status = packs::read_status(data);
    REQUIRE(status.ok());
    CHECK(status.value->installed);
    CHECK(packs::status_line(*status.value) == "Règles 2027.04 installées le 2027-01-15 (valable du 2026-12-01 au 2027-10-31)");

    auto chosen = packs::load_rules_preferring_pack(data, rules_dir, ca, today, {.tests = true});
    REQUIRE(chosen.from_pack);
    REQUIRE(chosen.loaded.rules);
    CHECK(chosen.folder == data + "/rules/current/rules");
    auto bundled = engine::load_rules(rules_dir, {.tests = true});
    // The same rules in another folder: the same fingerprint (it hashes the contents and the paths inside the folder).
    CHECK(chosen.loaded.rules->fingerprint == bundled.rules->fingerprint);
    CHECK(chosen.loaded.rules->aids.size() == bundled.rules->aids.size());
    CHECK(chosen.loaded.rules->parameters.size() == bundled.rules->parameters.size());
    CHECK(chosen.loaded.rules->tests.size() == bundled.rules->tests.size());

    // The same pack again (the stick inserted twice): still in service, not a refusal.
    auto again = packs::install_pack(install_request(pack, data));
    REQUIRE(again.ok());
    CHECK(again.value->reason == "déjà en service");
    CHECK(current(data) == "2027.04");

    // A newer pack replaces it; the one before stays on disk as the way back, older ones go.
    REQUIRE(packs::install_pack(install_request(build(dir, "2027.10"), data)).ok());
    REQUIRE(packs::install_pack(install_request(build(dir, "2028.04"), data)).ok());
    CHECK(current(data) == "2028.04");
    CHECK(fs::exists(fs::path(data) / "rules" / "2027.10"));
    CHECK_FALSE(fs::exists(fs::path(data) / "rules" / "2027.04"));
}

TEST_CASE("a pack with a flipped byte is refused and the previous pack stays", "[packs]") {
    TempDir dir;
    std::string data = data_with_first_pack(dir);
    std::string pack = build(dir, "2027.04");
    const std::string good = slurp(pack);
    // Bytes inside the compressed data. Not the gzip header's time and system fields nor its 8-byte trailer: a flip
    // there changes no byte of what is installed, and libarchive does not refuse it (seen with the trailer's CRC).
    for (std::size_t at : {std::size_t{12}, good.size() / 4, good.size() / 2, good.size() - 30}) {
        std::string bytes = good;
        bytes[at] = static_cast<char>(bytes[at] ^ 0x20);
        std::string flipped = dir / "flipped.pack";
        spit(flipped, bytes);
        INFO("byte " << at << " of " << good.size());
        // Which check sees it depends on where the byte falls: gzip or tar framing, a rules file's digest, the
        // signed manifest or the signature itself. Each is a refusal with its cause.
        require_refused(data, flipped, {"paquet abîmé", "paquet illisible", "contenu différent", "signature refusée", "signature illisible"});
    }
}

TEST_CASE("a rules file changed after signing is refused, naming the file", "[packs]") {
    TempDir dir;
    std::string data = data_with_first_pack(dir);
    // Unpacked, one amount changed, packed again with the signed manifest as it was.
    auto entries = packs::detail::read_archive(build(dir, "2027.04"));
    REQUIRE(entries.ok());
    auto& rsa = entries.value->at("rules/aides/rsa.yaml");
    rsa.push_back('\n');  // one byte more at the end
    std::string changed = dir / "changed.pack";
    REQUIRE(packs::detail::write_archive(changed, *entries.value).ok());
    require_refused(data, changed, "aides/rsa.yaml : contenu différent");

    // The manifest changed to match: its signature no longer does.
    auto& manifest = entries.value->at("manifest.yaml");
    manifest.replace(manifest.find("valid_until: 2027-10-31"), 23, "valid_until: 2029-10-31");
    REQUIRE(packs::detail::write_archive(changed, *entries.value).ok());
    require_refused(data, changed, "signature refusée");

    // A file the manifest does not list.
    entries = packs::detail::read_archive(build(dir, "2027.05"));
    entries.value->emplace("rules/aides/extra.yaml", "id: extra\n");
    REQUIRE(packs::detail::write_archive(changed, *entries.value).ok());
    require_refused(data, changed, "aides/extra.yaml : fichier absent du manifeste signé");
}

TEST_CASE("a pack signed by another key is refused", "[packs]") {
    TempDir dir;
    std::string data = data_with_first_pack(dir);
    require_refused(data, build(dir, "2027.04", from, until, other_keys()), "signature refusée");
}

TEST_CASE("an expired pack, and one not valid yet, are refused", "[packs]") {
    TempDir dir;
    std::string data = data_with_first_pack(dir);
    require_refused(data, build(dir, "2026.04", engine::Date::from_ymd(2026, 4, 1), engine::Date::from_ymd(2026, 10, 31)),
                    "paquet 2026.04 expiré : valable jusqu'au 2026-10-31 (nous sommes le 2027-01-15)");
    // A pack for the autumn of 2027: its local packs end on 30 June 2027 and build would refuse them, so this one
    // carries the national rules only.
    std::string autumn = copy_of_rules(dir, "autumn-2027");
    fs::remove_all(autumn + "/local");
    require_refused(data, build(dir, "2027.10", engine::Date::from_ymd(2027, 10, 1), engine::Date::from_ymd(2028, 3, 31), test_keys, autumn),
                    "valable seulement à partir du 2027-10-01");
}

TEST_CASE("a signed pack whose own tests fail is refused, naming the test", "[packs]") {
    TempDir dir;
    std::string data = data_with_first_pack(dir);
    std::string folder = copy_of_rules(dir, "failing");
    // build_pack refuses it: the check is first made where the pack is made.
    edit(folder + "/aides/rsa.tests.yaml", "montant_versé: 573,49 €", "montant_versé: 1573,49 €");
    auto built = packs::build_pack({folder, "2027.04", test_keys + "/signing.key", test_keys + "/signing.crt", from, until, from}, dir / "x.pack");
    CHECK_THAT(built.error, Contains("en échec"));
    // Signed all the same, the kiosk refuses it.
    require_refused(data, sign_unchecked(dir, folder, "2027.04"), "de ses propres tests en échec ; premier :");
    CHECK_FALSE(fs::exists(fs::path(data) / "rules" / "2027.04"));
    CHECK_FALSE(fs::exists(fs::path(data) / "rules" / ".incoming-2027.04"));
}

TEST_CASE("a pack carrying an expired local pack, or an expired local aid, is refused, naming the file", "[packs]") {
    TempDir dir;
    std::string data = data_with_first_pack(dir);
    std::string folder = copy_of_rules(dir, "expired-local");
    // Valid when the pack was made (2026-12-01), expired on the day it is installed (2027-01-15).
    edit(folder + "/local/aubergenville/collectivite.yaml", "valide_jusqu_au: 2027-06-30", "valide_jusqu_au: 2026-12-31");
    require_refused(data, sign_unchecked(dir, folder, "2027.04"), "local/aubergenville/collectivite.yaml:");
    require_refused(data, sign_unchecked(dir, folder, "2027.05"), "n'est pas en vigueur le 2027-01-15");
    CHECK(current(data) == "2027.01");
    CHECK_FALSE(fs::exists(fs::path(data) / "rules" / ".incoming-2027.04"));

    std::string aid_folder = copy_of_rules(dir, "expired-local-aid");
    edit(aid_folder + "/local/seine_saint_denis/aides/cheque_reussite_93.yaml", "valide_jusqu_au: 2027-06-30", "valide_jusqu_au: 2026-12-31");
    require_refused(data, sign_unchecked(dir, aid_folder, "2027.06"), "local/seine_saint_denis/aides/cheque_reussite_93.yaml:");
    CHECK(current(data) == "2027.01");
}

TEST_CASE("building a pack that carries an expired local pack, or an expired local aid, is refused, naming the file, line and field", "[packs]") {
    TempDir dir;
    auto build_on = [&](const std::string& folder, engine::Date day, engine::Date valid_from) {
        return packs::build_pack({folder, "2027.04", test_keys + "/signing.key", test_keys + "/signing.crt", valid_from, until, day}, dir / "x.pack");
    };
    std::string folder = copy_of_rules(dir, "expired-local");
    edit(folder + "/local/aubergenville/collectivite.yaml", "valide_jusqu_au: 2027-06-30", "valide_jusqu_au: 2026-12-31");
    // The line of « valide_jusqu_au » in the copied collectivite.yaml, counted here rather than written down.
    std::string text = slurp(folder + "/local/aubergenville/collectivite.yaml");
    int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(text.find("valide_jusqu_au:")), '\n'));
    // Built the day after the end: refused, naming the day, the file, its line and the field.
    auto late = build_on(folder, engine::Date::from_ymd(2027, 1, 2), from);
    CHECK_THAT(late.error, Contains("ne serait pas en vigueur le 2027-01-02"));
    CHECK_THAT(late.error, Contains("local/aubergenville/collectivite.yaml:" + std::to_string(line) + ":"));
    CHECK_THAT(late.error, Contains("R032 [valide_jusqu_au]"));
    CHECK_THAT(late.error, Contains("expiré depuis le 2026-12-31"));
    CHECK_FALSE(fs::exists(dir / "x.pack"));
    // Built while it is still in force but valid only from a day after its end: refused on that first day.
    auto later_start = build_on(folder, engine::Date::from_ymd(2026, 12, 15), engine::Date::from_ymd(2027, 1, 1));
    CHECK_THAT(later_start.error, Contains("ne serait pas en vigueur le 2027-01-01"));
    // Its last day in force, it builds.
    CHECK(build_on(folder, engine::Date::from_ymd(2026, 12, 31), from).error == "");
    CHECK(fs::exists(dir / "x.pack"));

    std::string aid_folder = copy_of_rules(dir, "expired-local-aid");
    edit(aid_folder + "/local/seine_saint_denis/aides/cheque_reussite_93.yaml", "valide_jusqu_au: 2027-06-30", "valide_jusqu_au: 2026-12-31");
    auto aid = build_on(aid_folder, engine::Date::from_ymd(2027, 1, 2), from);
    CHECK_THAT(aid.error, Contains("local/seine_saint_denis/aides/cheque_reussite_93.yaml:"));
    CHECK_THAT(aid.error, Contains("aide locale « cheque_reussite_93 » refusée : expiré depuis le 2026-12-31"));
    // An aid not yet in force names the other field.
    std::string early_folder = copy_of_rules(dir, "local-aid-not-yet");
    edit(early_folder + "/local/seine_saint_denis/aides/cheque_reussite_93.yaml", "valide_du: 2015-09-01", "valide_du: 2027-09-01");
    CHECK_THAT(build_on(early_folder, engine::Date::from_ymd(2027, 1, 2), from).error, Contains("R032 [valide_du]"));
}

TEST_CASE("a signed pack the engine cannot load is refused, naming the file and line", "[packs]") {
    TempDir dir;
    std::string data = data_with_first_pack(dir);
    std::string folder = copy_of_rules(dir, "broken");
    spit(folder + "/aides/rsa.yaml", slurp(folder + "/aides/rsa.yaml") + "\n  - [unclosed\n");
    require_refused(data, sign_unchecked(dir, folder, "2027.04"), "aides/rsa.yaml:");
}

TEST_CASE("an install interrupted between its steps leaves the previous pack current", "[packs]") {
    TempDir dir;
    std::string data = data_with_first_pack(dir);
    auto pack = packs::verify_pack(build(dir, "2027.04"), ca, today);
    REQUIRE(pack.ok());
    auto runs = [&](const std::string& version) {
        auto chosen = packs::load_rules_preferring_pack(data, rules_dir, ca, today, {.tests = false});
        return chosen.from_pack && chosen.message.find(version) != std::string::npos;
    };

    // Power cut in the middle of the copy: a partial .incoming folder.
    fs::create_directories(fs::path(data) / "rules" / ".incoming-2027.04" / "rules");
    spit(data + "/rules/.incoming-2027.04/rules/half.yaml", "id: ");
    CHECK(current(data) == "2027.01");
    CHECK(runs("2027.01"));

    // Power cut after the copy, the load and the tests (staged), before the switch.
    REQUIRE(packs::stage_pack(*pack.value, data, today).ok());
    CHECK(fs::exists(fs::path(data) / "rules" / "2027.04" / "manifest.yaml"));
    CHECK(current(data) == "2027.01");
    CHECK(runs("2027.01"));

    // Power cut after the new link was made, before the rename over `current`.
    fs::create_directory_symlink("2027.04", fs::path(data) / "rules" / ".current.new");
    CHECK(current(data) == "2027.01");
    CHECK(runs("2027.01"));

    // The next install completes, cleaning what was left.
    REQUIRE(packs::install_pack(install_request(build(dir, "2027.04"), data)).error == "");
    CHECK(current(data) == "2027.04");
    CHECK(runs("2027.04"));
    CHECK_FALSE(fs::exists(fs::path(data) / "rules" / ".incoming-2027.04"));
    CHECK_FALSE(fs::exists(fs::path(data) / "rules" / ".current.new"));
}

TEST_CASE("start-up re-checks the installed pack and falls back to the bundled rules", "[packs]") {
    TempDir dir;
    std::string data = data_with_first_pack(dir);
    SECTION("a file changed on the data partition") {
        edit(data + "/rules/current/rules/aides/af.yaml", "id:", "id: ");
        auto chosen = packs::load_rules_preferring_pack(data, rules_dir, ca, today, {.tests = false});
        CHECK_FALSE(chosen.from_pack);
        CHECK(chosen.folder == rules_dir);
        CHECK(chosen.loaded.rules);
        CHECK_THAT(chosen.message, Contains("aides/af.yaml : contenu différent"));
    }
    SECTION("the pack has expired since") {
        auto chosen = packs::load_rules_preferring_pack(data, rules_dir, ca, engine::Date::from_ymd(2027, 11, 1), {.tests = false});
        CHECK_FALSE(chosen.from_pack);
        CHECK_THAT(chosen.message, Contains("expiré"));
    }
    SECTION("the kiosk now trusts another CA") {
        auto chosen = packs::load_rules_preferring_pack(data, rules_dir, other_keys() + "/ca.crt", today, {.tests = false});
        CHECK_FALSE(chosen.from_pack);
        CHECK_THAT(chosen.message, Contains("signature refusée"));
    }
}

TEST_CASE("the manifest's errors name the line and the field", "[packs]") {
    auto bad_date = packs::detail::parse_manifest("format: 1\nversion: \"1\"\nvalid_from: 2027-13-01\nvalid_until: 2027-10-31\nfingerprint: x\nfiles: []\n");
    CHECK(bad_date.error == "manifest.yaml, ligne 3, valid_from : date illisible (AAAA-MM-JJ)");
    auto bad_path = packs::detail::parse_manifest(
        "format: 1\nversion: \"1\"\nvalid_from: 2027-01-01\nvalid_until: 2027-10-31\nfingerprint: x\nfiles:\n  - {path: ../etc/passwd, size: 1, sha256: "
        "0000000000000000000000000000000000000000000000000000000000000000}\n");
    CHECK(bad_path.error == "manifest.yaml, ligne 7, files[0].path : chemin refusé « ../etc/passwd »");
    CHECK_FALSE(packs::detail::safe_relative_path("a/../b"));
    CHECK_FALSE(packs::detail::safe_relative_path("/etc/passwd"));
    CHECK_FALSE(packs::detail::safe_relative_path(".hidden"));
    CHECK(packs::detail::safe_relative_path("aides/rsa.yaml"));
}
