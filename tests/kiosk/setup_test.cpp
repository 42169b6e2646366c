// The first-boot setup (kiosk/flow setup.hpp) without a window: an agent's taps to a site file written on
// disk (read back by the storage's own reader and `borne config check`), and bad entries refused on screen
// with nothing typed lost.
#include "borne/engine/typography.hpp"
#include "borne/kiosk/setup.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <thread>
#include <unistd.h>

using namespace borne;
using kiosk::Setup;
namespace fs = std::filesystem;

namespace {

fs::path fresh_folder(const std::string& name) {
    auto dir = fs::path(BORNE_TESTS_BINARY_DIR) / fmt::format("setup-{}-{}", name, ::getpid());
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

kiosk::SetupChoices choices() {
    kiosk::SetupChoices c;
    c.printer_queues = {"tickets", "accueil-laser"};
    for (const auto& aid : test::bundled_rules()->aids)
        if (aid.local_pack >= 0) c.local_aids.push_back({aid.id, aid.name});
    return c;
}

/// Taps `id`, which must be one the screen offers now.
void tap(Setup& s, const std::string& id) {
    auto actions = s.view().actions();
    INFO("tap " << id << " on " << kiosk::setup_step_name(s.step()));
    REQUIRE(std::find(actions.begin(), actions.end(), id) != actions.end());
    s.tap(id);
}

void type(Setup& s, const std::string& keys) {
    for (char c : keys) tap(s, c == ' ' ? "key:espace" : c == '\'' ? "key:apostrophe" : c == '-' ? "key:tiret" : fmt::format("key:{}", c));
}

/// Waits for the writer's thread (bounded) and collects its outcome.
void wait_written(Setup& s) {
    for (int k = 0; k < 2000 && s.writing(); ++k) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        s.tick();
    }
    REQUIRE_FALSE(s.writing());
}

std::size_t index_of_aid(const kiosk::SetupChoices& c, const std::string& id) {
    for (std::size_t k = 0; k < c.local_aids.size(); ++k)
        if (c.local_aids[k].id == id) return k;
    FAIL("no local aid " << id << " in the bundled rules");
    return 0;
}

/// From the name to the summary, with good entries.
void fill_in(Setup& s, const kiosk::SetupChoices& c) {
    type(s, "MAIRIE D'AMBERIEU");
    tap(s, "installation:suivant");
    type(s, "01000");
    tap(s, "installation:suivant");
    REQUIRE(s.step() == Setup::Step::CommuneChoice);  // 01000: Bourg-en-Bresse and Saint-Denis-lès-Bourg
    tap(s, "commune:01053");
    type(s, "246813");
    tap(s, "installation:suivant");
    type(s, "246813");
    tap(s, "installation:suivant");
    REQUIRE(s.step() == Setup::Step::Idle);
    tap(s, "veille:120");
    tap(s, "installation:suivant");
    tap(s, "imprimante:0");
    tap(s, "installation:suivant");
    tap(s, fmt::format("aide:{}", index_of_aid(c, "paris_solidarite")));
    tap(s, "installation:suivant");
    tap(s, "jour:0");
    type(s, "0830120013301630");
    tap(s, "installation:suivant");
    tap(s, "jour:3");
    type(s, "08301200");
    tap(s, "installation:suivant");
    tap(s, "installation:suivant");
    REQUIRE(s.step() == Setup::Step::Recap);
}

}  // namespace

TEST_CASE("The setup writes the site file the kiosk reads: name, commune, PIN hash, idle, printer, aids, hours", "[kiosk][setup]") {
    auto dir = fresh_folder("good");
    const auto path = (dir / "site.yaml").string();
    auto c = choices();
    Setup s(c, &test::communes(), {}, kiosk::site_file_writer(path));
    REQUIRE(s.view().screen == kiosk::Screen::Setup);
    fill_in(s, c);
    CHECK_FALSE(fs::exists(path));  // nothing on disk before « Enregistrer »
    tap(s, "installation:enregistrer");
    CHECK(s.view().printing);      // no button while the file is written
    CHECK(s.view().nav.empty());
    wait_written(s);
    REQUIRE(s.step() == Setup::Step::Done);
    CHECK(s.answers().pin.empty());  // the PIN itself is not kept once hashed
    tap(s, "installation:ouvrir");
    CHECK(s.finished());

    auto read = storage::read_site_config(path);
    for (const auto& e : read.errors) INFO(e.to_string(path));
    REQUIRE(read.config);
    const auto& site = *read.config;
    CHECK(site.site_name == "MAIRIE D'AMBERIEU");
    CHECK(site.commune == "01053");
    CHECK(site.idle_seconds == 120);
    CHECK(site.printer == "tickets");
    CHECK(site.local_aids == std::vector<std::string>{"paris_solidarite"});
    REQUIRE(site.opening_hours.size() == 2);
    CHECK(site.opening_hours[0].weekday == 0);
    CHECK(site.opening_hours[0].hours == "08:30-12:00 13:30-16:30");
    CHECK(site.opening_hours[1].weekday == 3);
    CHECK(site.opening_hours[1].hours == "08:30-12:00");
    CHECK(kiosk::pin_matches(site.agent_pin_hash, "246813"));
    CHECK_FALSE(kiosk::pin_matches(site.agent_pin_hash, "246814"));
    CHECK_FALSE(fs::exists(path + ".nouveau"));  // renamed into place, nothing left beside it
    // The maintainers' own check: the commune is a real one, the aid a local aid in force.
    auto check = test::run(fmt::format("{} config check {}", BORNE_EXE, path));
    INFO(check.output);
    CHECK(check.status == 0);
    fs::remove_all(dir);
}

TEST_CASE("The setup refuses bad entries with a reason on screen and keeps what was typed", "[kiosk][setup]") {
    auto dir = fresh_folder("bad");
    auto c = choices();
    Setup s(c, &test::communes(), {}, kiosk::site_file_writer((dir / "site.yaml").string()));
    // An empty name (spaces only).
    type(s, "  ");
    tap(s, "installation:suivant");
    CHECK(s.step() == Setup::Step::Name);
    CHECK(s.view().error == engine::french_typography("Écrivez le nom du lieu : il est imprimé sur chaque ticket."));
    type(s, "CCAS");
    tap(s, "installation:suivant");
    // A postal code too short, then one of no commune: the digits stay.
    type(s, "0100");
    tap(s, "installation:suivant");
    CHECK(s.view().error == engine::french_typography("Un code postal a 5 chiffres."));
    CHECK(s.view().entry == "0100");
    tap(s, "key:effacer");
    type(s, "99");
    tap(s, "installation:suivant");
    CHECK(s.view().error == engine::french_typography("Aucune commune n'a le code postal 01099."));
    CHECK(s.step() == Setup::Step::PostalCode);
    for (int k = 0; k < 5; ++k) tap(s, "key:effacer");
    type(s, "01500");  // Ambérieu-en-Bugey and others
    tap(s, "installation:suivant");
    if (s.step() == Setup::Step::CommuneChoice) tap(s, s.view().choices.front().id);
    REQUIRE(s.step() == Setup::Step::Pin);
    // A PIN too short, then two that differ.
    type(s, "123");
    tap(s, "installation:suivant");
    CHECK(s.view().error == engine::french_typography("Le code agent a de 4 à 8 chiffres."));
    CHECK(s.view().entry_length == 3);
    type(s, "4");
    tap(s, "installation:suivant");
    type(s, "1235");
    tap(s, "installation:suivant");
    CHECK(s.step() == Setup::Step::Pin);
    CHECK(s.view().error == engine::french_typography("Les deux codes diffèrent : tapez le code agent de nouveau."));
    CHECK(s.view().entry_length == 0);
    type(s, "1234");
    tap(s, "installation:suivant");
    type(s, "1234");
    tap(s, "installation:suivant");
    REQUIRE(s.step() == Setup::Step::Idle);
    tap(s, "installation:suivant");  // the default delay
    tap(s, "installation:suivant");  // the system's default printer
    tap(s, "installation:suivant");  // no local aid
    // Hours: a time that does not exist, a range backwards, an afternoon before the morning ends, incomplete.
    tap(s, "jour:1");
    type(s, "25001200");
    tap(s, "installation:suivant");
    CHECK(s.view().error == engine::french_typography("L'heure 25:00 n'existe pas."));
    CHECK(s.view().entry == "25:00-12:00");  // kept, to be corrected
    for (int k = 0; k < 8; ++k) tap(s, "key:effacer");
    type(s, "12000830");
    tap(s, "installation:suivant");
    CHECK(s.view().error == engine::french_typography("La plage finit à 08:30, avant son début 12:00."));
    for (int k = 0; k < 8; ++k) tap(s, "key:effacer");
    type(s, "0830120011001600");
    tap(s, "installation:suivant");
    CHECK(s.view().error == engine::french_typography("La seconde plage doit commencer après la fin de la première."));
    for (int k = 0; k < 8; ++k) tap(s, "key:effacer");
    type(s, "1330");
    tap(s, "installation:suivant");
    CHECK(s.view().error == engine::french_typography("Tapez 8 chiffres par plage : 0830 1200 pour 08:30-12:00."));
    CHECK(s.view().entry == "08:30-12:00 13:30-__:__");
    type(s, "1630");
    tap(s, "installation:suivant");
    REQUIRE(s.step() == Setup::Step::Hours);
    CHECK(s.view().lines[1].detail == "08:30-12:00 13:30-16:30");
    CHECK(s.view().lines[0].detail == "fermé");
    // « Fermé ce jour » closes a day again.
    tap(s, "jour:1");
    tap(s, "installation:ferme");
    tap(s, "installation:suivant");
    CHECK(s.view().lines[1].detail == "fermé");
    CHECK(s.answers().hours.empty());
    CHECK(s.answers().site_name == "CCAS");  // still there after every refusal
    fs::remove_all(dir);
}

TEST_CASE("A site file that cannot be written is said on the summary, and every answer stays", "[kiosk][setup]") {
    auto dir = fresh_folder("unwritable");
    const auto path = (dir / "absent" / "site.yaml").string();  // a folder that does not exist
    auto c = choices();
    Setup s(c, &test::communes(), {}, kiosk::site_file_writer(path));
    fill_in(s, c);
    tap(s, "installation:enregistrer");
    wait_written(s);
    CHECK(s.step() == Setup::Step::Recap);
    INFO(s.view().error);
    CHECK(s.view().error.starts_with(engine::french_typography("La configuration n'a pas pu être écrite : ") + path + ".nouveau"));
    CHECK(s.view().error.find("No such file or directory") != std::string::npos);
    CHECK(s.answers().site_name == "MAIRIE D'AMBERIEU");
    CHECK(s.answers().pin == "246813");  // still there to write again
    fs::create_directories(dir / "absent");
    tap(s, "installation:enregistrer");
    wait_written(s);
    CHECK(s.step() == Setup::Step::Done);
    CHECK(storage::read_site_config(path).config.has_value());
    fs::remove_all(dir);
}

TEST_CASE("Opening hours typed as digits read as the site file writes them", "[kiosk][setup]") {
    i18n::Catalogue fr;
    CHECK(kiosk::read_hours("", fr).hours == std::string{});
    CHECK(kiosk::read_hours("09001700", fr).hours == std::string{"09:00-17:00"});
    CHECK(kiosk::read_hours("0800120014001800", fr).hours == std::string{"08:00-12:00 14:00-18:00"});
    CHECK_FALSE(kiosk::read_hours("09601700", fr).hours);  // 09:60
    CHECK_FALSE(kiosk::read_hours("09000900", fr).hours);  // empty range
    CHECK_FALSE(kiosk::read_hours("0900170", fr).hours);
    CHECK(kiosk::hours_shown("083") == "08:3_-__:__");
    CHECK(kiosk::hours_shown("083012001") == "08:30-12:00 1_:__-__:__");
}

namespace {

/// A bundle made by `borne config bundle build`, as a département's IT makes one (TEST keys).
std::string config_bundle(const fs::path& dir, const std::string& name, const std::string& site_file, const std::string& valid_until) {
    std::string out = (dir / (name + ".borne-config")).string();
    auto r = test::run(fmt::format("{} config bundle build {} --out {} --version {} --valid-from 2020-01-01 --valid-until {}", BORNE_EXE, site_file, out, name,
                                   valid_until));
    INFO(r.output);
    REQUIRE(r.status == 0);
    return out;
}

/// What update-from-media does with a stick's bundle: `borne config bundle install`; its exit status.
int install_from_stick(const std::string& bundle, const fs::path& data) {
    return test::run(fmt::format("{} config bundle install {} --data {}", BORNE_EXE, bundle, data.string())).status;
}

/// Ticks (bounded) until `done`.
template <class Done>
void tick_until(Setup& s, Done done) {
    for (int k = 0; k < 1000 && !done(); ++k) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        s.tick();
    }
    REQUIRE(done());
}

}  // namespace

TEST_CASE("A USB stick's configuration bundle: refused with its reason, then installed and shown for the agent to confirm", "[kiosk][setup][config]") {
    auto dir = fresh_folder("import");
    auto data = dir / "data";
    fs::create_directories(data);
    const std::string example = std::string(BORNE_SOURCE_DIR) + "/kiosk/storage/exemple-site.yaml";
    std::string expired = config_bundle(dir, "ancienne", example, "2020-12-31");
    std::string good = config_bundle(dir, "2027-01", example, "2099-12-31");
    auto c = choices();
    Setup s(c, &test::communes(), {}, kiosk::site_file_writer((data / "site.yaml").string()), kiosk::config_import_watcher(data.string()));
    CHECK_FALSE(s.wants_usb());
    tap(s, "installation:importer");
    REQUIRE(s.step() == Setup::Step::Import);
    CHECK(s.wants_usb());  // USB sticks accepted on this screen only
    tick_until(s, [&] { return s.import_ready(); });

    // A refused bundle: the reason on screen, no site file, the screen still waits for a stick.
    CHECK(install_from_stick(expired, data) != 0);
    tick_until(s, [&] { return !s.view().error.empty(); });
    CHECK(s.step() == Setup::Step::Import);
    CHECK_THAT(s.view().error, Catch::Contains("refusée") && Catch::Contains("expiré"));
    CHECK_FALSE(fs::exists(data / "site.yaml"));

    // A good one: what it brought, for the agent to confirm.
    CHECK(install_from_stick(good, data) == 0);
    tick_until(s, [&] { return s.step() == Setup::Step::Imported; });
    CHECK_FALSE(s.wants_usb());
    const auto& v = s.view();
    CHECK(v.error.empty());
    auto line = [&](const std::string& label) {
        for (const auto& l : v.lines)
            if (l.text == engine::french_typography(label)) return l.detail;
        return std::string("(pas de ligne « " + label + " »)");
    };
    CHECK(line("Nom du lieu") == "CAF de l'Ain — accueil de Bourg-en-Bresse");  // as the file says it
    CHECK(line("Commune du lieu") == "Bourg-en-Bresse (01053)");
    CHECK(line("Imprimante des tickets") == "borne-80mm");
    CHECK(line("Code agent") == "enregistré");
    CHECK(line("lundi") == "08:30-12:00 13:30-16:30");
    // « Retour » waits for a stick again: the same one, inserted again, is shown again (the file unchanged).
    tap(s, "installation:precedent");
    REQUIRE(s.step() == Setup::Step::Import);
    tick_until(s, [&] { return s.import_ready(); });
    CHECK(install_from_stick(good, data) == 0);
    tick_until(s, [&] { return s.step() == Setup::Step::Imported; });
    tap(s, "installation:ouvrir");
    CHECK(s.finished());
    CHECK(test::run(fmt::format("cmp {} {}", example, (data / "site.yaml").string())).status == 0);

    // « Saisir à la main »: the setup's own screens, from the first.
    Setup by_hand(c, &test::communes(), {}, kiosk::site_file_writer((data / "site.yaml").string()), kiosk::config_import_watcher(data.string()));
    tap(by_hand, "installation:importer");
    tick_until(by_hand, [&] { return by_hand.import_ready(); });
    CHECK(install_from_stick(good, data) == 0);
    tick_until(by_hand, [&] { return by_hand.step() == Setup::Step::Imported; });
    tap(by_hand, "installation:saisir");
    CHECK(by_hand.step() == Setup::Step::Name);
    CHECK_FALSE(by_hand.wants_usb());
    fs::remove_all(dir);
}
