// « Voir mes résultats maintenant »: from a question, once an aid is decided, the results with the
// answers so far, the undetermined aids « à vérifier » with the questions they still need, and the way
// back to the questions with every answer kept.
#include "support.hpp"

#include "borne/engine/next_question.hpp"
#include "borne/engine/results.hpp"
#include "borne/engine/typography.hpp"
#include "borne/kiosk/kiosk_printer.hpp"
#include "borne/kiosk/persona.hpp"
#include "borne/printing/render.hpp"
#include "borne/printing/ticket.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <fstream>
#include <unistd.h>

using namespace borne;
using kiosk::Screen;

namespace {

auto t0 = kiosk::Clock::time_point{} + std::chrono::hours(1000);

bool offers(const kiosk::View& v, const std::string& id) {
    auto actions = v.actions();
    return std::find(actions.begin(), actions.end(), id) != actions.end();
}

bool some_aid_decided(const engine::Situation& s) {
    engine::Evaluation e(*test::bundled_rules(), s);
    for (const auto& r : e.all_aids())
        if (r.status == engine::AidStatus::Eligible || r.status == engine::AidStatus::NotEligible) return true;
    return false;
}

nlohmann::json results_of(const engine::Situation& s) {
    engine::Evaluation e(*test::bundled_rules(), s);
    auto results = e.all_aids();
    return test::comparable_results(engine::results_to_json(e, results, {}));
}

}  // namespace

TEST_CASE("« Voir mes résultats maintenant »: offered once an aid is decided, the missing answers said on screen and on the slip, "
          "then back to the questions with the answers kept, to the same results",
          "[kiosk][flow][results_now]") {
    auto persona = test::read_persona(std::filesystem::path(BORNE_SOURCE_DIR) / "tests/personas/parent-isole.json");
    auto flow = test::make_flow(persona.month);
    kiosk::PersonaPlayer player(persona, &test::communes());
    auto now = t0;
    // Answer as the household would until the button shows; it shows exactly when an aid is decided.
    int questions = 0;
    for (; questions < 200; ++questions) {
        auto next = player.next(*flow);
        REQUIRE(next.step == kiosk::PersonaPlayer::Step::Tap);
        flow->tap(next.tap, now += std::chrono::seconds(2));
        if (flow->view().screen != Screen::Question || flow->view().entry_length > 0) continue;  // mid-entry: the same screen
        INFO(flow->view().title);
        CHECK(offers(flow->view(), "resultats_maintenant") == some_aid_decided(flow->situation()));
        if (offers(flow->view(), "resultats_maintenant")) break;
    }
    REQUIRE(offers(flow->view(), "resultats_maintenant"));
    const auto left_at = *flow->current_question();
    const engine::Situation answered = flow->situation();
    flow->tap("resultats_maintenant", now += std::chrono::seconds(2));
    REQUIRE(flow->view().screen == Screen::Results);
    CHECK(flow->invariant_violation().empty());
    CHECK(offers(flow->view(), "continuer_questions"));

    // Each undetermined aid is « à vérifier » with the rules' questions it still needs, in words.
    engine::Evaluation e(*test::bundled_rules(), flow->situation());
    auto results = e.all_aids();
    int undetermined = 0;
    bool heading = false;
    for (const auto& l : flow->view().lines) heading = heading || l.text == engine::french_typography("À vérifier : il manque des réponses");
    CHECK(heading);
    for (const auto& r : results) {
        if (r.status != engine::AidStatus::Undetermined || r.missing.empty()) continue;
        ++undetermined;
        const std::string name = test::bundled_rules()->aids[static_cast<std::size_t>(r.aid)].name;
        std::string question = engine::french_typography(engine::question_text(*test::bundled_rules(), flow->situation(), r.missing.front().input,
                                                                                r.missing.front().person));
        INFO(name << " waits for « " << question << " »");
        bool said = false;
        for (const auto& l : flow->view().lines)
            said = said || (l.style == kiosk::LineStyle::Warning && l.detail.rfind(engine::french_typography("Il manque : "), 0) == 0 && l.detail.find(question) != std::string::npos);
        CHECK(said);
    }
    CHECK(undetermined > 0);

    // The slip printed now (the 80 mm receipt) lists what is left to answer.
    printing::TicketOptions options;
    auto ticket = printing::build_ticket(e, results, options);
    REQUIRE(!ticket.to_check.empty());
    REQUIRE(!ticket.to_check.front().missing.empty());
    auto dir = std::filesystem::temp_directory_path() / fmt::format("borne-results-now-{}", getpid());
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "ticket.pdf") << printing::render_pdf(ticket, printing::PaperFormat::Roll80);
    std::string text = test::pdf_text_on_one_line((dir / "ticket.pdf").string());
    std::filesystem::remove_all(dir);
    CHECK(text.find("Il manque :") != std::string::npos);
    std::string first_missing = ticket.to_check.front().missing.front();
    CHECK(text.find(first_missing.substr(0, 20)) != std::string::npos);

    // Back to the question left, every answer kept, and on to the end: the results of the whole situation.
    flow->tap("continuer_questions", now += std::chrono::seconds(2));
    REQUIRE(flow->view().screen == Screen::Question);
    CHECK(*flow->current_question() == left_at);
    CHECK(engine::situation_to_json(flow->situation(), flow->rules()).dump(1) == engine::situation_to_json(answered, flow->rules()).dump(1));
    for (int k = 0; k < 2000 && flow->view().screen != Screen::Results; ++k) {
        auto next = player.next(*flow);
        REQUIRE(next.step == kiosk::PersonaPlayer::Step::Tap);
        flow->tap(next.tap, now += std::chrono::seconds(2));
    }
    REQUIRE(flow->view().screen == Screen::Results);
    CHECK_FALSE(offers(flow->view(), "continuer_questions"));  // every question answered: the usual results
    CHECK(results_of(flow->situation()).dump(1) == results_of(persona).dump(1));
}

TEST_CASE("The receipt's « Il manque » list is in the visitor's language with the French beside, as the rest of the bilingual slip",
          "[kiosk][results_now][languages]") {
    auto languages = test::shipped_languages();
    auto persona = test::read_persona(std::filesystem::path(BORNE_SOURCE_DIR) / "tests/personas/parent-isole.json");
    for (const char* code : {"en", "ar"}) {
        INFO(code);
        kiosk::Config config;
        config.month = persona.month;
        config.languages = languages;
        kiosk::Flow flow(test::bundled_rules(), &test::communes(), config);
        auto now = t0;
        flow.tap(std::string("langue:") + code, now);
        kiosk::PersonaPlayer player(persona, &test::communes());
        for (int k = 0; k < 200 && !offers(flow.view(), "resultats_maintenant"); ++k) {
            auto next = player.next(flow);
            REQUIRE(next.step == kiosk::PersonaPlayer::Step::Tap);
            flow.tap(next.tap, now += std::chrono::seconds(2));
        }
        flow.tap("resultats_maintenant", now += std::chrono::seconds(2));
        REQUIRE(flow.view().screen == Screen::Results);
        // The slip the kiosk would print now (kiosk_printer.cpp builds it the same way).
        const printing::Ticket ticket = kiosk::slip_ticket(flow.rules(), {flow.situation(), "", "", flow.language()}, {});
        REQUIRE(ticket.french);
        REQUIRE(!ticket.to_check.empty());
        REQUIRE(!ticket.to_check.front().missing.empty());
        const std::string visitor = ticket.to_check.front().missing.front(), french = ticket.french->to_check.front().missing.front();
        INFO(visitor << " / " << french);
        CHECK(visitor != french);  // translated
        auto dir = std::filesystem::temp_directory_path() / fmt::format("borne-missing-{}-{}", code, getpid());
        std::filesystem::create_directories(dir);
        std::ofstream(dir / "ticket.pdf") << printing::render_pdf(ticket, printing::PaperFormat::Roll80);
        std::string text = test::pdf_text_on_one_line((dir / "ticket.pdf").string());
        std::filesystem::remove_all(dir);
        INFO(text);
        CHECK(text.find("Il manque :") != std::string::npos);
        // Compared by a word: pdftotext breaks lines (and cuts Arabic words apart: there, the letters are checked).
        auto first_word = [](const std::string& s) { return s.substr(0, s.find(' ')); };
        CHECK(text.find(first_word(french)) != std::string::npos);
        if (std::string(code) == "en") {
            CHECK(text.find(languages->get(code).tr("ticket papier", "Il manque :")) != std::string::npos);
            CHECK(text.find(first_word(visitor)) != std::string::npos);
        }
        else CHECK(std::any_of(visitor.begin(), visitor.end(), [](char c) { return static_cast<unsigned char>(c) >= 0xD8 && static_cast<unsigned char>(c) <= 0xDB; }));
    }
}
