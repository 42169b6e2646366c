// The real kiosk, headless (SDL dummy driver, software renderer): each persona is played through the
// screens by taps, and its results must equal `borne simulate` on the same situation. The personas
// run side by side (one process each); one of them writes its screenshots, which are checked too.
#include "support.hpp"
#include "../sanitized.hpp"

#include "borne/engine/typography.hpp"
#include "borne/printing/qr.hpp"
#include "borne/printing/ticket.hpp"

#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <future>
#include <unistd.h>
#include <nlohmann/json.hpp>

using namespace borne;

TEST_CASE("borne-kiosk --headless plays each persona to the results of borne simulate", "[kiosk][headless]") {
    // One folder per test process: another checkout's tests may run at the same time.
    auto dir = std::filesystem::temp_directory_path() / fmt::format("borne-kiosk-test-{}", getpid());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto personas = test::personas();
    const auto& with_shots = personas.front();
    std::vector<std::future<test::Run>> kiosks;
    for (const auto& persona : personas) {
        std::string shots = persona == with_shots ? fmt::format(" --shots {}", (dir / persona.stem()).string()) : "";
        auto command = fmt::format("{} --headless --persona {}{} --size 1024x768 --check-layout --results {}", BORNE_KIOSK_EXE,
                                   persona.string(), shots, (dir / (persona.stem().string() + ".json")).string());
        kiosks.push_back(std::async(std::launch::async, [command] { return test::run(command); }));
    }
    // No sections here: Catch would run the test case again for each, and so every kiosk again.
    for (std::size_t k = 0; k < personas.size(); ++k) {
        const auto& persona = personas[k];
        auto kiosk = kiosks[k].get();
        INFO(persona.filename().string() << ": " << kiosk.output);
        CHECK(kiosk.status == 0);
        if (kiosk.status != 0) continue;
        auto simulate = test::run(fmt::format("{} simulate {} --format json", BORNE_EXE, persona.string()));
        CHECK(simulate.status == 0);
        if (simulate.status != 0) continue;
        std::ifstream in(dir / (persona.stem().string() + ".json"));
        auto from_kiosk = nlohmann::json::parse(in);
        CHECK(test::comparable_results(from_kiosk).dump(1) == test::comparable_results(nlohmann::json::parse(simulate.output)).dump(1));
        if (persona != with_shots) continue;
        // A screenshot of every screen, the welcome first and the results last.
        std::vector<std::string> names;
        for (const auto& e : std::filesystem::directory_iterator(dir / persona.stem())) names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        CHECK(names.size() >= 5);
        if (names.empty()) continue;
        CHECK(names.front() == "001-accueil.png");
        CHECK(names.back().find("resultats") != std::string::npos);
    }
    std::filesystem::remove_all(dir);
}


TEST_CASE("borne-kiosk --headless --slip taps « Imprimer » and writes the slip of borne simulate's aids", "[kiosk][headless]") {
    auto dir = std::filesystem::temp_directory_path() / fmt::format("borne-kiosk-slip-test-{}", getpid());
    std::filesystem::remove_all(dir);
    auto persona = std::filesystem::path(BORNE_SOURCE_DIR) / "tests/personas/parent-isole.json";
    auto slip = dir / "ticket.pdf";
    auto kiosk = test::run(fmt::format("{} --headless --persona {} --shots {} --size 1024x768 --slip {}", BORNE_KIOSK_EXE, persona.string(),
                                 (dir / "ecrans").string(), slip.string()));
    INFO(kiosk.output);
    REQUIRE(kiosk.status == 0);
    REQUIRE(std::filesystem::exists(slip));
    std::vector<std::string> shots;
    for (const auto& e : std::filesystem::directory_iterator(dir / "ecrans")) shots.push_back(e.path().filename().string());
    std::sort(shots.begin(), shots.end());
    CHECK(shots.back().find("ticket") != std::string::npos);  // the slip screen, last

    std::string text = test::pdf_text_on_one_line(slip.string());
    auto simulate = test::run(fmt::format("{} simulate {} --format json", BORNE_EXE, persona.string()));
    REQUIRE(simulate.status == 0);
    int likely = 0;
    auto results = nlohmann::json::parse(simulate.output);
    for (const auto& aid : results["aides"]) {
        if (aid["statut"] != "eligible") continue;
        std::string name = engine::french_typography(aid["nom"].get<std::string>());  // as printed
        INFO(name);
        CHECK(text.find(name) != std::string::npos);
        double amount = aid.value("montant", 0.0);
        if (!aid.value("en_nature", false)) {
            std::string figure = fmt::format("{:.2f}", amount);
            figure.replace(figure.find('.'), 1, ",");
            if (figure.size() > 6) figure.insert(figure.size() - 6, " ");
            CHECK(text.find(figure + " €") != std::string::npos);
        }
        ++likely;
    }
    CHECK(likely >= 3);
    std::filesystem::remove_all(dir);
}

TEST_CASE("With a site file, the tour opens the resume code's keypad and every screen keeps the layout rules", "[kiosk][headless]") {
    // Portrait is toured with a mouse (qemu's usb-tablet): each click a tap, the corner gesture's five clicks sent
    // before any frame is drawn (ImGui's SDL backend took one a frame), so the agent PIN screen opens.
    auto dir = std::filesystem::temp_directory_path() / fmt::format("borne-kiosk-site-test-{}", getpid());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto site = dir / "site.yaml";
    std::ofstream(site) << "site:\n  nom: CAF de test\n  commune: \"01053\"\nbase: " << (dir / "borne.sqlite").string() << "\n";
    auto persona = std::filesystem::path(BORNE_SOURCE_DIR) / "tests/personas/seul-sans-revenu.json";
    for (const char* size : {"1024x768", "1080x1920"}) {
        auto shots = dir / size;
        auto kiosk = test::run(fmt::format("{} --headless --config {} --persona {} --tour --check-layout --shots {} --size {}{}", BORNE_KIOSK_EXE,
                                           site.string(), persona.string(), shots.string(), size,
                                           std::string(size) == "1080x1920" ? " --mouse" : ""));
        INFO(size << ": " << kiosk.output);
        CHECK(kiosk.status == 0);
        CHECK(std::filesystem::exists(shots / "002-reprise.png"));
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("The slip on screen when printing fails: its QR code, read off the screenshot, is the slip's summary, in landscape and portrait",
          "[kiosk][headless]") {
    // --check-layout fails on a code above version 10 or with modules under 6 pixels, or that scrolls.
    auto dir = std::filesystem::temp_directory_path() / fmt::format("borne-kiosk-qr-test-{}", getpid());
    std::filesystem::remove_all(dir);
    struct Play { std::filesystem::path persona; std::string size; };
    std::vector<Play> plays;
    for (const auto& persona : test::personas()) plays.push_back({persona, "1024x768"});
    plays.push_back({test::personas().front(), "768x1024"});
    plays.push_back({test::personas().back(), "1920x1080"});
    std::vector<std::future<test::Run>> kiosks;
    for (const auto& p : plays) {
        auto shots = dir / (p.persona.stem().string() + "-" + p.size);
        auto command = fmt::format("{} --headless --persona {} --tour --check-layout --shots {} --size {}", BORNE_KIOSK_EXE, p.persona.string(),
                                   shots.string(), p.size);
        kiosks.push_back(std::async(std::launch::async, [command] { return test::run(command); }));
    }
    for (std::size_t k = 0; k < plays.size(); ++k) {
        auto kiosk = kiosks[k].get();
        const auto& p = plays[k];
        INFO(p.persona.filename().string() << " " << p.size << ": " << kiosk.output);
        CHECK(kiosk.status == 0);
        if (kiosk.status != 0) continue;
        std::filesystem::path shot;
        for (const auto& e : std::filesystem::directory_iterator(dir / (p.persona.stem().string() + "-" + p.size)))
            if (e.path().filename().string().find("-ticket") != std::string::npos) shot = e.path();
        REQUIRE(!shot.empty());
        auto read = test::run("zbarimg --nodbus -q --raw -Sdisable -Sqrcode.enable -Sqrcode.binary " + shot.string() + " 2>/dev/null");
        // The summary of the persona's slip, from the engine's results as the printer would get them.
        auto situation = test::read_persona(p.persona);
        engine::Evaluation e(*test::bundled_rules(), situation);
        auto results = e.all_aids();
        printing::TicketOptions options;
        options.site = kiosk::Config{}.site_name;
        auto ticket = printing::build_ticket(e, results, options);
        std::string summary = printing::ticket_summary(ticket);
        CHECK(read.output == summary + "\n");  // zbarimg ends each code it reads with a line break
        auto code = printing::encode_qr(summary, printing::QrCorrection::L);
        REQUIRE(code);
        CHECK(printing::qr_version(*code) <= 10);
        // Every aid with its amount, unless the last line sends to the desk for the rest.
        if (summary.find("+ la suite") == std::string::npos)
            for (const auto& aid : ticket.aids) CHECK(summary.find(aid.amount.empty() ? "droit ouvert" : aid.amount) != std::string::npos);
        CHECK(summary.find(ticket.aids.front().amount.empty() ? "droit ouvert" : ticket.aids.front().amount) != std::string::npos);
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("Reference households through the kiosk: borne situation --from-reference played headless gets borne simulate's aids",
          "[kiosk][headless][reference]") {
    namespace fs = std::filesystem;
    fs::path cases = fs::path(BORNE_SHARED_DIR) / "reference-cases";
    INFO("the public reference cases are expected in " << cases.string() << " (the shared/ folder beside the clone)");
    REQUIRE(fs::is_directory(cases));
    auto dir = fs::temp_directory_path() / fmt::format("borne-kiosk-reference-{}", getpid());
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(cases))
        if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 10);
    files = test::sanitizer_sample(std::move(files));
    // The situation of each case, then the kiosk on it, two at a time.
    std::vector<fs::path> situations;
    for (const auto& f : files) {
        auto s = dir / (f.stem().string() + ".situation.json");
        auto made = test::run(fmt::format("{} situation --from-reference {} > {}", BORNE_EXE, f.string(), s.string()));
        INFO(f.filename().string() << ": " << made.output);
        REQUIRE(made.status == 0);
        situations.push_back(s);
    }
    std::vector<test::Run> kiosks(situations.size());
    for (std::size_t k = 0; k < situations.size(); k += 2) {
        std::vector<std::future<test::Run>> pair;
        for (std::size_t j = k; j < std::min(k + 2, situations.size()); ++j) {
            auto command = fmt::format("{} --headless --persona {} --size 1024x768 --results {}", BORNE_KIOSK_EXE, situations[j].string(),
                                       (dir / (files[j].stem().string() + ".kiosk.json")).string());
            pair.push_back(std::async(std::launch::async, [command] { return test::run(command); }));
        }
        for (std::size_t j = k; j < std::min(k + 2, situations.size()); ++j) kiosks[j] = pair[j - k].get();
    }
    // Every aid's status, amount and reasons as borne simulate gives them. The explanation steps are
    // left out: where an aid is decided without some value (the CSS granted with the RSA), the kiosk
    // did not ask for it and its step reads « inconnu » where simulate, given it, prints the figure.
    auto comparable = [](nlohmann::json results) {
        results = test::comparable_results(std::move(results));
        for (auto& aid : results["aides"]) aid.erase("explication");
        return results.dump(1);
    };
    for (std::size_t k = 0; k < files.size(); ++k) {
        INFO(files[k].filename().string() << ": " << kiosks[k].output);
        REQUIRE(kiosks[k].status == 0);  // the kiosk found an answer in the case for every question it asked
        auto simulate = test::run(fmt::format("{} simulate {} --format json", BORNE_EXE, situations[k].string()));
        REQUIRE(simulate.status == 0);
        std::ifstream in(dir / (files[k].stem().string() + ".kiosk.json"));
        CHECK(comparable(nlohmann::json::parse(in)) == comparable(nlohmann::json::parse(simulate.output)));
    }
    fs::remove_all(dir);
}

TEST_CASE("borne-kiosk refuses an idle time it cannot use, naming the option", "[kiosk][headless]") {
    auto persona = std::filesystem::path(BORNE_SOURCE_DIR) / "tests/personas/retraite.json";
    for (std::string bad : {"abc", "0", "5", "90s", "100000"}) {
        INFO(bad);
        auto r = test::run(fmt::format("{} --headless --persona {} --idle {}", BORNE_KIOSK_EXE, persona.string(), bad));
        CHECK(r.status == 2);
        CHECK(r.output.find("--idle attend un nombre de secondes entre 20 et 3600") != std::string::npos);
    }
    auto good = test::run(fmt::format("{} --headless --persona {} --idle 120", BORNE_KIOSK_EXE, persona.string()));
    CHECK(good.status == 0);
}

namespace {

/// borne-kiosk --swipe's report: « swipe screen=A/B scroll=S0/S1 max=M finger=F slop=L second=ID idle_restarted=oui|non tapped=T revealed=R ».
struct Swipe {
    std::string screen_before, screen_after, second, idle_restarted, tapped, revealed;
    double scroll_before = -1, scroll_after = -1, scroll_max = -1, finger = -1, slop = -1;
};

Swipe swipe_report(const std::string& output) {
    Swipe s;
    auto at = output.find("swipe screen=");
    if (at == std::string::npos) return s;
    std::string line = output.substr(at, output.find('\n', at) - at);
    auto field = [&](const std::string& name) {
        auto p = line.find(" " + name + "=");
        if (p == std::string::npos) return std::string{};
        p += name.size() + 2;
        return line.substr(p, line.find(' ', p) - p);
    };
    auto pair = [](const std::string& v, std::string& a, std::string& b) {
        auto slash = v.find('/');
        if (slash == std::string::npos) return;
        a = v.substr(0, slash), b = v.substr(slash + 1);
    };
    std::string s0, s1;
    pair(field("screen"), s.screen_before, s.screen_after);
    pair(field("scroll"), s0, s1);
    if (!s0.empty()) s.scroll_before = std::stod(s0), s.scroll_after = std::stod(s1);
    if (auto m = field("max"); !m.empty()) s.scroll_max = std::stod(m);
    if (auto f = field("finger"); !f.empty()) s.finger = std::stod(f);
    if (auto l = field("slop"); !l.empty()) s.slop = std::stod(l);
    s.second = field("second");
    s.idle_restarted = field("idle_restarted");
    s.tapped = field("tapped");
    s.revealed = field("revealed");
    return s;
}

}  // namespace

TEST_CASE("borne-kiosk --swipe: a finger swiping up the results at 1024x768 scrolls the list with the finger and presses nothing", "[kiosk][headless]") {
    // Several results at 1024x768: the list is taller than the screen. The finger lands on the
    // lowest line's button and goes up to the top of the list, in 8 moves, a frame after each; halfway
    // a second finger taps the first navigation button (only the first finger on the glass counts).
    auto persona = std::filesystem::path(BORNE_SOURCE_DIR) / "tests/personas/couple-trois-enfants.json";
    auto kiosk = test::run(fmt::format("{} --headless --persona {} --size 1024x768 --check-layout --swipe", BORNE_KIOSK_EXE, persona.string()));
    INFO(kiosk.output);
    REQUIRE(kiosk.status == 0);
    Swipe s = swipe_report(kiosk.output);
    CHECK(s.screen_before == "resultats");
    CHECK(s.screen_after == s.screen_before);  // neither the line it landed on nor the second finger's button was pressed
    CHECK(s.tapped.empty());
    CHECK(s.second != "aucun");                 // the second finger did land on a navigation button (« Retour » leaves the results)
    CHECK(!s.second.empty());
    REQUIRE(s.scroll_max > s.finger);           // the list scrolls further than this swipe: nothing clamps it
    CHECK(s.finger > 4 * s.slop);               // a swipe, not a trembling tap
    CHECK(s.scroll_before == 0);                // the results open at the top
    // The content followed the finger, to the pixel (ImGui scrolls by whole pixels).
    CHECK(std::abs((s.scroll_after - s.scroll_before) - s.finger) <= 1.0);
    CHECK(!s.revealed.empty());                 // a line that was below the fold is now wholly in view
    CHECK(s.idle_restarted == "oui");           // the idle warning's deadline moved: a swipe is someone at the screen

    // Where the list fits the screen, the same swipe moves nothing and still presses nothing.
    // French alone (--languages fr): no language buttons in the navigation; a portrait screen, since the
    // retired persona's list (ASPA, CSS, chèque énergie, aide juridictionnelle…) is taller than 1024x768
    // and « Écouter » takes the navigation a row more.
    auto short_list = test::run(fmt::format("{} --headless --persona {} --size 1080x1920 --swipe --languages fr", BORNE_KIOSK_EXE,
                                            (std::filesystem::path(BORNE_SOURCE_DIR) / "tests/personas/retraite.json").string()));
    INFO(short_list.output);
    REQUIRE(short_list.status == 0);
    Swipe f = swipe_report(short_list.output);
    CHECK(f.screen_before == "resultats");
    CHECK(f.screen_after == "resultats");
    CHECK(f.tapped.empty());
    CHECK(f.scroll_max == 0);
    CHECK(f.scroll_after == 0);
}

TEST_CASE("The larger text at 1024x768 keeps the layout rules in French, English and Arabic: keypads beside their question, answers reachable",
          "[kiosk][headless][languages]") {
    // The family of five meets the « Qui ? » screens, the keypads and an amount's periods; the tour adds the
    // results (heard before printing), the slip's QR code and the agent tools.
    auto persona = std::filesystem::path(BORNE_SOURCE_DIR) / "tests/personas/couple-trois-enfants.json";
    for (const char* lang : {"fr", "en", "ar"}) {
        auto kiosk = test::run(fmt::format("{} --headless --persona {} --tour --check-layout --results-now --size 1024x768 --lang {} --modes grand_texte",
                                           BORNE_KIOSK_EXE, persona.string(), lang));
        INFO(lang << ": " << kiosk.output);
        CHECK(kiosk.status == 0);
    }
}
