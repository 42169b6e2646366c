// Golden screens: the tour of a persona (tests/personas/seul-sans-revenu.json) drawn headless by the
// real kiosk (SDL dummy driver, software renderer, DejaVu fonts of the Debian package, the persona's
// month, no clock on screen) must give, pixel for pixel, the PNGs in tests/kiosk/goldens/LxH/ (in
// Arabic, chosen on the welcome screen: tests/kiosk/goldens/ar/LxH/, shaped, right to left, mirrored).
// BORNE_UPDATE_GOLDENS=1 rewrites them from this run (then look at them, and commit them with the
// change that moved them). On a difference the screen drawn is kept in the build directory.
#include "support.hpp"

#include "borne/storage/site_config.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <map>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>
#include <unistd.h>
#include <fmt/format.h>
#include <png.h>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Image {
    int width = 0, height = 0;
    std::vector<unsigned char> rgba;
};

/// Reads a PNG as RGBA (libpng's simplified API); empty with `error` said when it cannot.
Image read_png(const fs::path& file, std::string& error) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    Image out;
    if (!png_image_begin_read_from_file(&image, file.c_str())) {
        error = image.message;
        return out;
    }
    image.format = PNG_FORMAT_RGBA;
    out.width = static_cast<int>(image.width);
    out.height = static_cast<int>(image.height);
    out.rgba.resize(PNG_IMAGE_SIZE(image));
    if (!png_image_finish_read(&image, nullptr, out.rgba.data(), 0, nullptr)) {
        error = image.message;
        out.rgba.clear();
    }
    return out;
}

/// The shots of a tour by screen label ("question-logement.statut"), the number prefix left out.
std::map<std::string, fs::path> tour(const std::string& size, const fs::path& dir, const std::string& lang, const std::string& modes,
                                     const std::string& persona_file = "seul-sans-revenu.json", const std::string& extra = "") {
    fs::remove_all(dir);
    auto persona = fs::path(BORNE_SOURCE_DIR) / "tests/personas" / persona_file;
    // --results-now: « Voir mes résultats » on the first question that offers it, then back to the questions.
    auto r = borne::test::run(fmt::format("{} --headless --persona {} --tour --check-layout --results-now --shots {} --size {}{}{}{}", BORNE_KIOSK_EXE,
                                          persona.string(), dir.string(), size, lang.empty() ? "" : " --lang " + lang,
                                          modes.empty() ? "" : " --modes " + modes, extra));
    INFO(r.output);
    REQUIRE(r.status == 0);
    std::map<std::string, fs::path> shots;
    for (const auto& e : fs::directory_iterator(dir)) {
        std::string name = e.path().stem().string();
        shots.emplace(name.substr(name.find('-') + 1), e.path());
    }
    return shots;
}

/// One golden: `shot` (drawn) against `golden`, or the golden rewritten from it under BORNE_UPDATE_GOLDENS.
void compare_one(const fs::path& shot, const fs::path& golden) {
    INFO("drawn as " << shot.string() << " (BORNE_UPDATE_GOLDENS=1 to accept it)");
    REQUIRE(fs::exists(shot));
    if (std::getenv("BORNE_UPDATE_GOLDENS") != nullptr) {
        fs::create_directories(golden.parent_path());
        fs::copy_file(shot, golden, fs::copy_options::overwrite_existing);
        return;
    }
    std::string error;
    Image expected = read_png(golden, error), actual = read_png(shot, error);
    INFO(error);
    REQUIRE(!expected.rgba.empty());
    REQUIRE(actual.rgba.size() == expected.rgba.size());
    std::size_t differ = 0;
    for (std::size_t k = 0; k < actual.rgba.size(); k += 4)
        if (std::memcmp(&actual.rgba[k], &expected.rgba[k], 4) != 0) ++differ;
    INFO(differ << " pixels differ from " << golden.string());
    CHECK(differ == 0);
}

/// `lang` empty: French, the language every visit starts in. `modes`: the welcome screen's display
/// choices (« contraste », « grand_texte »); their goldens are in goldens/[LANG/]LxH-MODE/.
void compare(const std::string& size, const std::vector<std::string>& screens, const std::string& lang = {}, const std::string& modes = {}) {
    const std::string folder = modes.empty() ? size : size + "-" + modes;
    auto goldens = fs::path(BORNE_SOURCE_DIR) / "tests/kiosk/goldens" / lang / folder;
    // In this build's own folder: two build trees (or two worktrees) running the goldens at once
    // shared /tmp/borne-goldens-<size> and removed each other's shots.
    auto drawn = fs::path(BORNE_TESTS_BINARY_DIR) / ("goldens-drawn" + (lang.empty() ? "" : "-" + lang) + "-" + folder);
    auto shots = tour(size, drawn, lang, modes);
    bool update = std::getenv("BORNE_UPDATE_GOLDENS") != nullptr;
    if (update) {
        fs::remove_all(goldens);
        fs::create_directories(goldens);
    }
    for (const auto& screen : screens) {
        INFO(size << " " << screen << ": drawn as " << (drawn / screen).string() << ".png (BORNE_UPDATE_GOLDENS=1 to accept it)");
        CHECK(shots.count(screen) == 1);
        if (shots.count(screen) == 0) continue;
        auto golden = goldens / (screen + ".png");
        if (update) {
            fs::copy_file(shots[screen], golden, fs::copy_options::overwrite_existing);
            continue;
        }
        fs::copy_file(shots[screen], drawn / (screen + ".png"), fs::copy_options::overwrite_existing);
        std::string error;
        Image expected = read_png(golden, error), actual = read_png(shots[screen], error);
        INFO(error);
        CHECK(!expected.rgba.empty());
        CHECK(!actual.rgba.empty());
        CHECK(actual.width == expected.width);
        CHECK(actual.height == expected.height);
        if (expected.rgba.empty() || actual.rgba.size() != expected.rgba.size()) continue;
        std::size_t differ = 0;
        for (std::size_t k = 0; k < actual.rgba.size(); k += 4)
            if (std::memcmp(&actual.rgba[k], &expected.rgba[k], 4) != 0) ++differ;
        INFO(differ << " pixels differ from " << golden.string());
        CHECK(differ == 0);
    }
}

}  // namespace

TEST_CASE("the main screens at 1024x768 are drawn as their goldens", "[kiosk][golden]") {
    compare("1024x768", {"accueil", "moment_de_vie", "question-foyer.en_couple", "question-logement.statut",
                         "question-personne.date_naissance", "plusieurs_reponses-personne.quels_revenus", "communes", "recapitulatif",
                         "resultats-maintenant", "resultats", "detail", "non_obtenues", "ticket", "inactif", "code_agent", "agent"});
}

// A « Qui ? » screen needs a household of several persons: the family of five's tour, in French.
TEST_CASE("the « Qui ? » screen of a family is drawn as its golden", "[kiosk][golden][groups]") {
    auto drawn = fs::path(BORNE_TESTS_BINARY_DIR) / "goldens-drawn-famille-1024x768";
    auto shots = tour("1024x768", drawn, "", "", "couple-trois-enfants.json");
    REQUIRE(shots.count("plusieurs_reponses-foyer.situations") == 1);
    compare_one(shots["plusieurs_reponses-foyer.situations"], fs::path(BORNE_SOURCE_DIR) / "tests/kiosk/goldens/famille/1024x768/situations.png");
}

// The agent tools on the appliance (--usb-report): « Mettre à jour depuis une clé USB », and its screen as a stick's
// report says it (tests/kiosk/usb/reboot-pending.status: a rules pack installed, a bundle refused with SWUpdate's
// reason, the software installed and its reboot waiting for the agent), in French and in Arabic.
TEST_CASE("the agent tools' USB update screen is drawn as its golden", "[kiosk][golden][usb]") {
    const auto report = fs::path(BORNE_SOURCE_DIR) / "tests/kiosk/usb/reboot-pending.status";
    for (std::string lang : {"", "ar"}) {
        INFO("language " << (lang.empty() ? "fr" : lang));
        auto drawn = fs::path(BORNE_TESTS_BINARY_DIR) / ("goldens-drawn-usb" + (lang.empty() ? "" : "-" + lang));
        auto shots = tour("1024x768", drawn, lang, "", "seul-sans-revenu.json", " --usb-report " + report.string());
        for (const char* screen : {"agent", "cle_usb"}) {
            REQUIRE(shots.count(screen) == 1);
            compare_one(shots[screen], fs::path(BORNE_SOURCE_DIR) / "tests/kiosk/goldens/usb" / lang / (std::string(screen) + ".png"));
        }
    }
}

TEST_CASE("the main screens in portrait 768x1024 are drawn as their goldens", "[kiosk][golden]") {
    compare("768x1024", {"accueil", "question-logement.statut", "question-personne.date_naissance", "resultats", "ticket"});
}

TEST_CASE("the main screens in Arabic are drawn as their goldens, shaped and mirrored", "[kiosk][golden][rtl]") {
    compare("1024x768", {"accueil", "moment_de_vie", "question-foyer.en_couple", "question-logement.statut",
                         "question-personne.date_naissance", "plusieurs_reponses-personne.quels_revenus", "recapitulatif", "resultats-maintenant",
                         "resultats", "detail", "ticket", "inactif", "code_agent"},
            "ar");
}

TEST_CASE("the main screens in Arabic in portrait are drawn as their goldens", "[kiosk][golden][rtl]") {
    compare("768x1024", {"accueil", "question-logement.statut", "resultats"}, "ar");
}

// The main screens of a visit, drawn in each language × display mode beyond French's standard set: the
// welcome, a question of choices, the keypad, the results and the slip's preview.
const std::vector<std::string> MAIN_SCREENS = {"accueil", "question-logement.statut", "question-personne.date_naissance", "resultats", "ticket"};

// English, the third shipped language (left to right like French, its own words and widths).
TEST_CASE("the main screens in English are drawn as their goldens", "[kiosk][golden]") {
    compare("1024x768", MAIN_SCREENS, "en");
}

// The display modes chosen on the welcome screen, kept for the visit: the high contrast at the smallest
// landscape size, the larger text at the kiosk's 1080p (at 1024x768, headless_test checks its layout in each language).
TEST_CASE("the main screens in the high-contrast theme are drawn as their goldens", "[kiosk][golden]") {
    compare("1024x768", {"accueil", "moment_de_vie", "question-logement.statut", "question-personne.date_naissance", "recapitulatif", "resultats",
                         "detail", "ticket", "inactif"},
            {}, "contraste");
}

// A theme in another language: Arabic, mirrored and shaped, in the high contrast.
TEST_CASE("the main screens in Arabic in the high-contrast theme are drawn as their goldens", "[kiosk][golden][rtl]") {
    compare("1024x768", MAIN_SCREENS, "ar", "contraste");
}

TEST_CASE("the main screens in English in the high-contrast theme are drawn as their goldens", "[kiosk][golden]") {
    compare("1024x768", MAIN_SCREENS, "en", "contraste");
}

TEST_CASE("the main screens with the larger text are drawn as their goldens", "[kiosk][golden]") {
    compare("1920x1080", {"accueil", "moment_de_vie", "question-logement.statut", "question-personne.date_naissance", "recapitulatif", "resultats",
                          "detail", "ticket"},
            {}, "grand_texte");
}

// The larger text in the other languages: English's longer words, Arabic's taller lines, mirrored.
TEST_CASE("the main screens in English with the larger text are drawn as their goldens", "[kiosk][golden]") {
    compare("1920x1080", MAIN_SCREENS, "en", "grand_texte");
}

TEST_CASE("the main screens in Arabic with the larger text are drawn as their goldens", "[kiosk][golden][rtl]") {
    compare("1920x1080", MAIN_SCREENS, "ar", "grand_texte");
}

namespace {

/// The results screen of `persona` (tests/kiosk/local/) at a Paris site (75056) whose site file chooses
/// `aids` (aides_locales), as the kiosk draws it.
fs::path local_results(const std::string& persona, const std::string& aids, const fs::path& dir, const std::string& extra = "") {
    fs::remove_all(dir);
    fs::create_directories(dir / "shots");
    {
        std::ofstream site(dir / "site.yaml");
        site << "site:\n  nom: Mairie de Paris Centre\n  commune: '75056'\n" << "aides_locales: " << aids << "\n"
             << "base: " << (dir / "borne.sqlite").string() << "\n";
    }
    // The layout rules are checked on every screen but with a slip: this household's slip summary makes a QR code
    // too dense for the slip screen, a matter of the slip's summary, not of the local aids.
    auto r = borne::test::run(fmt::format("{} --headless --persona {} {} --shots {} --size 1080x1920 --config {} {}", BORNE_KIOSK_EXE,
                                          (fs::path(BORNE_SOURCE_DIR) / "tests/kiosk/local" / persona).string(),
                                          extra.empty() ? "--check-layout" : "", (dir / "shots").string(),
                                          (dir / "site.yaml").string(), extra));
    INFO(r.output);
    REQUIRE(r.status == 0);
    for (const auto& e : fs::directory_iterator(dir / "shots"))
        if (e.path().stem().string().ends_with("-resultats")) return e.path();
    FAIL("no results screen drawn");
    return {};
}

}  // namespace

TEST_CASE("A site shows the local aids it chose, and tells a visitor from elsewhere of theirs", "[kiosk][golden][local]") {
    auto goldens = fs::path(BORNE_SOURCE_DIR) / "tests/kiosk/goldens/local";
    auto base = fs::temp_directory_path() / fmt::format("borne-goldens-local-{}", ::getpid());
    // A Parisian of 76 with a 900 € pension, at a site that switched on Paris Solidarité: 1 129 € − 1 043,60 € (the
    // ASPA her resources are deemed to reach) = 85,40 € a month.
    compare_one(local_results("retraite-paris.json", "\n  - paris_solidarite\n  - paris_logement_familles", base / "avec"), goldens / "resultats-paris-avec-psol.png");
    // The same person at a Paris site that switched on no local aid: none is evaluated.
    compare_one(local_results("retraite-paris.json", "[]", base / "sans"), goldens / "resultats-paris-sans-aide-locale.png");
    // The same person living in Bobigny, at the same site: told of the Seine-Saint-Denis aids, not evaluated as if local.
    auto slip = base / "ticket-bobigny.pdf";
    compare_one(local_results("retraite-bobigny.json", "[]", base / "ailleurs", "--slip " + slip.string()), goldens / "resultats-bobigny-a-paris.png");
    // The slip says it too.
    std::string text = borne::test::pdf_text_on_one_line(slip.string());
    INFO(text);
    CHECK(text.find("Aides locales là où vous habitez") != std::string::npos);
    CHECK(text.find("Chèque réussite") != std::string::npos);
    CHECK(text.find("Paris Solidarité") == std::string::npos);
    fs::remove_all(base);
}

namespace {

/// The first-boot setup played headless by `taps` on an empty data folder: its shots by file name ("07-installation-nom").
std::map<std::string, fs::path> setup_tour(const fs::path& base, const std::vector<std::string>& taps) {
    fs::remove_all(base);
    fs::create_directories(base / "data");
    std::string list;
    for (const auto& t : taps) list += (list.empty() ? "" : ",") + t;
    auto r = borne::test::run(fmt::format("{} --headless --size 1280x800 --data {} --setup-taps {} --shots {}", BORNE_KIOSK_EXE, (base / "data").string(), list,
                                          (base / "shots").string()));
    INFO(r.output);
    REQUIRE(r.status == 0);
    std::map<std::string, fs::path> shots;
    for (const auto& e : fs::directory_iterator(base / "shots")) shots.emplace(e.path().stem().string(), e.path());
    return shots;
}

std::vector<std::string> keys_of(const std::string& text) {
    std::vector<std::string> keys;
    for (char c : text) keys.push_back(c == ' ' ? "key:espace" : fmt::format("key:{}", c));
    return keys;
}

}  // namespace

// The shots compared, by the number the run gives them (one per screen drawn differently: each key typed is one).
const char* const SETUP_GOLDENS[] = {"01-installation-nom",        "02-installation-nom",      "17-installation-nom",
                                     "24-installation-commune",    "36-installation-veille",   "37-installation-imprimante",
                                     "39-installation-aides-locales", "58-installation-horaires", "68-installation-horaires-jour",
                                     "86-installation-recapitulatif", "87-installation-terminee"};

TEST_CASE("The first-boot setup's screens are drawn as their goldens", "[kiosk][golden][setup]") {
    auto goldens = fs::path(BORNE_SOURCE_DIR) / "tests/kiosk/goldens/installation";
    auto base = fs::path(BORNE_TESTS_BINARY_DIR) / fmt::format("goldens-installation-{}", ::getpid());
    // « Suivant » on an empty name first (refused, said on screen), then a whole setup with a mistyped day.
    std::vector<std::string> taps = {"installation:suivant"};
    for (auto& k : keys_of("MAIRIE DE BOURG")) taps.push_back(k);
    taps.push_back("installation:suivant");
    for (auto& k : keys_of("01000")) taps.push_back(k);
    taps.insert(taps.end(), {"installation:suivant", "commune:01053"});
    for (int twice = 0; twice < 2; ++twice) {
        for (auto& k : keys_of("2468")) taps.push_back(k);
        taps.push_back("installation:suivant");
    }
    taps.insert(taps.end(), {"veille:120", "installation:suivant", "installation:suivant", "aide:0", "installation:suivant", "jour:0"});
    for (auto& k : keys_of("0830120013301630")) taps.push_back(k);
    taps.insert(taps.end(), {"installation:suivant", "jour:2"});
    for (auto& k : keys_of("25001200")) taps.push_back(k);
    taps.push_back("installation:suivant");  // refused: 25:00
    for (int k = 0; k < 8; ++k) taps.push_back("key:effacer");
    for (auto& k : keys_of("09001200")) taps.push_back(k);
    taps.insert(taps.end(), {"installation:suivant", "installation:suivant", "installation:enregistrer", "installation:ouvrir"});
    auto shots = setup_tour(base, taps);
    CHECK(borne::storage::read_site_config((base / "data" / "site.yaml").string()).config.has_value());
    // The first screen (the one a fresh image boots to), the name refused, typed, the commune's choice, the idle
    // delay, the local aids, the week, a day refused, the summary and the end.
    for (const char* name : SETUP_GOLDENS) {
        INFO(name);
        REQUIRE(shots.count(name) == 1);
        compare_one(shots[name], goldens / (std::string(name) + ".png"));
    }
    fs::remove_all(base);
}

namespace {

/// Waits (bounded) for `file` to appear: the headless kiosk writes each screen's PNG once it has settled.
bool appears(const fs::path& file) {
    for (int k = 0; k < 600 && !fs::exists(file); ++k) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return fs::exists(file);
}

}  // namespace

TEST_CASE("The setup's import from a USB stick is drawn as its goldens", "[kiosk][golden][setup][config]") {
    auto goldens = fs::path(BORNE_SOURCE_DIR) / "tests/kiosk/goldens/installation";
    auto base = fs::path(BORNE_TESTS_BINARY_DIR) / fmt::format("goldens-import-{}", ::getpid());
    fs::remove_all(base);
    fs::create_directories(base / "data");
    // The bundles a département's IT makes (TEST keys): one expired, one good, from the documented example.
    const std::string example = std::string(BORNE_SOURCE_DIR) + "/kiosk/storage/exemple-site.yaml";
    for (auto [name, until] : {std::pair{"ancienne", "2020-12-31"}, std::pair{"bonne", "2099-12-31"}}) {
        auto r = borne::test::run(fmt::format("{} config bundle build {} --out {}/{}.borne-config --version {} --valid-from 2020-01-01 --valid-until {}",
                                              BORNE_EXE, example, base.string(), name, name, until));
        INFO(r.output);
        REQUIRE(r.status == 0);
    }
    // The kiosk waits on its import screen for the next tap (« Ouvrir la borne », on the screen a bundle brings);
    // meanwhile the bundles are installed as update-from-media does, with `borne config bundle install`.
    auto kiosk = std::async(std::launch::async, [&] {
        return borne::test::run(fmt::format("{} --headless --size 1280x800 --data {} --setup-taps installation:importer,installation:ouvrir --shots {}",
                                            BORNE_KIOSK_EXE, (base / "data").string(), (base / "shots").string()));
    });
    auto install = [&](const char* name) {
        return borne::test::run(fmt::format("{} config bundle install {}/{}.borne-config --data {}", BORNE_EXE, base.string(), name, (base / "data").string()));
    };
    CHECK(appears(base / "shots" / "02-installation-import.png"));
    CHECK(install("ancienne").status != 0);
    CHECK(appears(base / "shots" / "03-installation-import.png"));  // the refusal said (its text holds today's date: no golden)
    CHECK(install("bonne").status == 0);
    auto r = kiosk.get();
    INFO(r.output);
    REQUIRE(r.status == 0);
    compare_one(base / "shots" / "02-installation-import.png", goldens / "import-attente.png");
    compare_one(base / "shots" / "04-installation-importee.png", goldens / "import-verification.png");
    fs::remove_all(base);
}
