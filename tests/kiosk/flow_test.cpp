// The journey without a window: personas played by taps, back, recap edits, idle wipe, agent lockout.
#include "borne/engine/results.hpp"
#include "borne/engine/typography.hpp"
#include "borne/kiosk/persona.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <future>
#include <numeric>
#include <optional>
#include <fmt/format.h>
#include <set>
#include <sstream>

using namespace borne;
using kiosk::Screen;

namespace {

auto t0 = kiosk::Clock::time_point{} + std::chrono::hours(1000);

/// The results as `borne simulate --format json` writes them, ready to compare.
nlohmann::json results_of(const engine::Situation& s) {
    engine::Evaluation e(*test::bundled_rules(), s);
    auto results = e.all_aids();
    return test::comparable_results(engine::results_to_json(e, results, {}));
}

/// The first line where two texts differ, with its neighbours (empty when equal).
std::string first_difference(const std::string& kiosk, const std::string& simulate) {
    std::istringstream a(kiosk), b(simulate);
    std::string la, lb, before;
    for (int line = 1;; ++line) {
        bool more_a = static_cast<bool>(std::getline(a, la)), more_b = static_cast<bool>(std::getline(b, lb));
        if (!more_a && !more_b) return {};
        if (la != lb || more_a != more_b) return fmt::format("line {} after « {} »: kiosk « {} », simulate « {} »", line, before, la, lb);
        before = la;
    }
}

/// Plays `persona` to the results; returns the screens seen.
std::set<Screen> play(kiosk::Flow& flow, const engine::Situation& persona, int max_taps = 2000) {
    kiosk::PersonaPlayer player(persona, &test::communes());
    std::set<Screen> seen;
    auto now = t0;
    for (int k = 0; k < max_taps; ++k) {
        seen.insert(flow.view().screen);
        auto next = player.next(flow);
        INFO(next.problem);
        REQUIRE(next.step != kiosk::PersonaPlayer::Step::Stuck);
        if (next.step == kiosk::PersonaPlayer::Step::Done) return seen;
        auto actions = flow.view().actions();
        INFO("tap " << next.tap << " on " << kiosk::screen_name(flow.view().screen));
        REQUIRE(std::find(actions.begin(), actions.end(), next.tap) != actions.end());
        now += std::chrono::seconds(2);
        flow.tap(next.tap, now);
        REQUIRE(flow.invariant_violation().empty());
    }
    FAIL("the persona never reached the results");
    return seen;
}

}  // namespace

TEST_CASE("Every persona played through the kiosk's buttons gets the results of borne simulate", "[kiosk][flow]") {
    for (const auto& file : test::personas()) {
        DYNAMIC_SECTION(file.filename().string()) {
            auto persona = test::read_persona(file);
            auto flow = test::make_flow(persona.month);
            auto seen = play(*flow, persona);
            CHECK(seen.count(Screen::Welcome));
            CHECK(seen.count(Screen::LifeEvent));
            CHECK(seen.count(Screen::Question));
            CHECK(seen.count(Screen::Recap));
            CHECK(flow->view().screen == Screen::Results);
            // Equal results prove the questionnaire asked all it needed and lost no answer.
            CHECK(first_difference(results_of(flow->situation()).dump(1), results_of(persona).dump(1)) == "");
        }
    }
}

TEST_CASE("Back shows the previous question with its answer, and nothing is lost going forward again", "[kiosk][flow]") {
    auto persona = test::read_persona(test::personas().front());
    auto flow = test::make_flow(persona.month);
    flow->tap("commencer", t0);
    flow->tap("evenement:toutes", t0);
    REQUIRE(flow->view().screen == Screen::Question);
    auto first = *flow->current_question();
    kiosk::PersonaPlayer player(persona, &test::communes());
    // Answer until the second question shows.
    while (flow->current_question() == first) flow->tap(player.next(*flow).tap, t0);
    auto second = *flow->current_question();
    flow->tap("retour", t0);
    CHECK(*flow->current_question() == first);
    CHECK(flow->situation().get(first.first, first.second).state == engine::Answer::State::Given);
    flow->tap("retour", t0);
    CHECK(flow->view().screen == Screen::LifeEvent);
    flow->tap("retour", t0);
    CHECK(flow->view().screen == Screen::Welcome);
    flow->tap("commencer", t0);
    flow->tap("evenement:toutes", t0);
    CHECK(*flow->current_question() == first);
    (void)second;
}

TEST_CASE("Chapters: the visitor's questions under « Moi », the spouse's and the children's under « Mon foyer »", "[kiosk][flow]") {
    auto file = std::filesystem::path(BORNE_SOURCE_DIR) / "tests/personas/couple-trois-enfants.json";
    auto persona = test::read_persona(file);
    auto flow = test::make_flow(persona.month);
    kiosk::PersonaPlayer player(persona, &test::communes());
    int others = 0, visitor = 0;
    for (int k = 0; k < 2000 && flow->view().screen != Screen::Results; ++k) {
        if (flow->view().screen == Screen::Question) {
            auto [input, person] = *flow->current_question();
            const auto& in = flow->rules().inputs[static_cast<std::size_t>(input)];
            INFO(flow->view().title << " (person " << person << ", chapter " << in.chapter << ")");
            if (in.chapter == "moi") {
                CHECK(flow->view().chapter == (person > 0 ? "Mon foyer" : "Moi"));
                ++(person > 0 ? others : visitor);
            }
        }
        auto next = player.next(*flow);
        REQUIRE(next.step == kiosk::PersonaPlayer::Step::Tap);
        flow->tap(next.tap, t0);
    }
    CHECK(flow->view().screen == Screen::Results);
    CHECK(visitor > 0);  // both cases were seen
    CHECK(others > 0);
}

namespace {

/// The number the progress line announces after the question on screen (« Dernière question »: 0).
int announced(const kiosk::View& v) {
    if (v.progress_text == "Dernière question") return 0;
    int n = -1;
    std::sscanf(v.progress_text.c_str(), "Encore environ %d question", &n);
    return n;
}

}  // namespace

TEST_CASE("The progress line announces about the questions that really follow, and « Dernière question » only on the last", "[kiosk][flow]") {
    std::vector<double> errors;  // per persona: how far each announcement was, relative to what followed
    for (const auto& file : test::personas()) {
        {
            INFO(file.filename().string());  // one run for all personas (a section would rerun the case for each)
            auto persona = test::read_persona(file);
            auto flow = test::make_flow(persona.month);
            kiosk::PersonaPlayer player(persona, &test::communes());
            std::vector<int> announcements;
            std::vector<double> bars;
            // A question, or a « Qui ? » / « Lesquels ? » screen (one step too): what is on screen.
            using Step = std::pair<Screen, std::optional<std::pair<int, int>>>;
            std::optional<Step> last;
            for (int k = 0; k < 2000 && flow->view().screen != Screen::Results; ++k) {
                const Screen screen = flow->view().screen;
                const Step here{screen, screen == Screen::Group ? flow->current_group() : flow->current_question()};
                // On a group screen the line follows the ticks (a ticked income is asked next): what counts is
                // what it says when the visitor validates.
                if (screen == Screen::Group && here == last) announcements.back() = announced(flow->view());
                if ((screen == Screen::Question || screen == Screen::Group) && here != last) {
                    last = here;
                    INFO(flow->view().progress_text);
                    REQUIRE(announced(flow->view()) >= 0);
                    announcements.push_back(announced(flow->view()));
                    bars.push_back(flow->view().progress);
                }
                auto next = player.next(*flow);
                REQUIRE(next.step == kiosk::PersonaPlayer::Step::Tap);
                flow->tap(next.tap, t0);
            }
            REQUIRE(flow->view().screen == Screen::Results);
            int asked = static_cast<int>(announcements.size());
            REQUIRE(asked > 3);
            double error = 0;
            for (int k = 0; k < asked; ++k) {
                int really = asked - k - 1;
                INFO("question " << k + 1 << " of " << asked << ": « Encore environ " << announcements[static_cast<std::size_t>(k)] << " », really " << really);
                // « Dernière question » is a promise; on the real last question « environ 1 » is allowed, said
                // when another answer than the persona's would have opened one more.
                if (announcements[static_cast<std::size_t>(k)] == 0) CHECK(really == 0);
                if (really == 0) CHECK(announcements[static_cast<std::size_t>(k)] <= 1);
                // The last question's « environ 1 » is checked just above, not averaged as an error of 100 %.
                if (really > 0) error += std::abs(announcements[static_cast<std::size_t>(k)] - really) / (really + 1.0);
            }
            errors.push_back(error / (asked - 1));
            CHECK(bars.front() == 0);
            // The last of n screens: n - 1 behind, and « environ 1 » ahead at most.
            CHECK(bars.back() >= (asked - 1.0) / (asked + 1.0));
        }
    }
    // Measured when written: 7.5 % off on average over the personas (0 to 14 % each); counting every
    // question still possible, as the kiosk first did, was 13.5 % off (up to 45 % on a single
    // announcement: « environ 63 » where 43 followed). With the « Qui ? » and « Lesquels ? » screens, 13.1 %:
    // the estimate answers them « nobody » while a persona's ticked income adds its amount screen, and with
    // 10 to 21 screens instead of 12 to 46 one screen missed weighs more. With the activity that follows
    // from a salary alone and a single person's « situations » screen (issue 16: 8 to 19 screens), 16.5 %.
    // With a household's situations on one « Qui ? » grid (8 to 17 screens), 18.0 % (family 23 %, single
    // parent 20 %, the three single persons 18, 29 and 0 %, their screens unchanged): the family and the
    // single parent lose two and one screens while their first announcements still count a person alone
    // (« environ 8 » where 16 followed), and a miss weighs more on fewer screens.
    double mean = std::accumulate(errors.begin(), errors.end(), 0.0) / static_cast<double>(errors.size());
    INFO("mean error over the personas " << mean);
    CHECK(errors.size() >= 5);
    CHECK(mean < 0.19);
}

TEST_CASE("Back to a question announces one question more, and answering it again announces what it did", "[kiosk][flow]") {
    auto file = std::filesystem::path(BORNE_SOURCE_DIR) / "tests/personas/couple-trois-enfants.json";
    auto persona = test::read_persona(file);
    auto flow = test::make_flow(persona.month);
    kiosk::PersonaPlayer player(persona, &test::communes());
    flow->tap("commencer", t0);
    flow->tap("evenement:toutes", t0);
    for (int answered = 0; answered < 8;) {  // into the questions, past the household's shape
        auto q = flow->current_question();
        flow->tap(player.next(*flow).tap, t0);
        if (flow->current_question() != q) ++answered;
    }
    REQUIRE(flow->view().screen == Screen::Question);
    auto here = *flow->current_question();
    int ahead = announced(flow->view());
    double bar = flow->view().progress;
    REQUIRE(ahead > 1);
    flow->tap("retour", t0);
    CHECK(announced(flow->view()) == ahead + 1);
    CHECK(flow->view().progress < bar);
    flow->tap("retour", t0);
    CHECK(announced(flow->view()) == ahead + 2);
    while (flow->current_question() != here) flow->tap(player.next(*flow).tap, t0);
    CHECK(announced(flow->view()) == ahead);
    CHECK(flow->view().progress == bar);
}

TEST_CASE("The recap edits an answer in one tap and the results follow", "[kiosk][flow]") {
    auto persona = test::read_persona(test::personas().front());
    auto flow = test::make_flow(persona.month);
    play(*flow, persona);
    flow->tap("retour", t0);
    REQUIRE(flow->view().screen == Screen::Recap);
    const auto& lines = flow->view().lines;
    REQUIRE(!lines.empty());
    // Find the couple question and answer it the other way.
    const auto& R = *test::bundled_rules();
    std::string edit;
    for (const auto& l : lines)
        if (l.text == engine::french_typography(R.inputs[static_cast<std::size_t>(R.input_in_couple)].question)) edit = l.button;
    REQUIRE(!edit.empty());
    bool was_couple = flow->situation().in_couple(R).value();
    flow->tap(edit, t0);
    REQUIRE(flow->view().screen == Screen::Question);
    flow->tap(was_couple ? "non" : "oui", t0);
    CHECK(flow->situation().in_couple(R).value() == !was_couple);
    // New questions (the partner's) may come; answering them all leads back to the recap.
    for (int k = 0; k < 200 && flow->view().screen == Screen::Question; ++k) {
        auto actions = flow->view().actions();
        bool dont_know = std::find(actions.begin(), actions.end(), "je_ne_sais_pas") != actions.end();
        if (dont_know) flow->tap("je_ne_sais_pas", t0);
        else if (flow->view().keypad == kiosk::Keypad::Date) {
            for (auto k2 : {"1", "5", "0", "6", "1", "9", "8", "0"}) flow->tap(std::string("key:") + k2, t0);
            flow->tap("valider", t0);
        } else if (flow->view().keypad != kiosk::Keypad::None) {
            flow->tap("key:0", t0);
            flow->tap("valider", t0);
        } else {
            flow->tap(flow->view().choices.front().id, t0);
        }
        REQUIRE(flow->invariant_violation().empty());
    }
    CHECK(flow->view().screen == Screen::Recap);
}

TEST_CASE("Idle: a warning after the timeout, then everything is wiped", "[kiosk][flow]") {
    auto persona = test::read_persona(test::personas().front());
    auto flow = test::make_flow(persona.month);
    CHECK_FALSE(flow->visit_open());  // the welcome screen: no visit, the fleet's updates may install (visit_lock.hpp)
    flow->tap("commencer", t0);
    CHECK(flow->visit_open());
    flow->tap("evenement:toutes", t0);
    flow->tap("oui", t0);  // the first question is a yes/no one or the tap is ignored: either way state moves on
    flow->tick(t0 + std::chrono::seconds(89));
    CHECK_FALSE(flow->view().idle_warning);
    flow->tick(t0 + std::chrono::seconds(90));
    CHECK(flow->view().idle_warning);
    CHECK(flow->view().actions() == std::vector<std::string>{"je_suis_la"});
    flow->tap("je_suis_la", t0 + std::chrono::seconds(95));
    CHECK_FALSE(flow->view().idle_warning);
    CHECK(flow->view().screen != Screen::Welcome);
    flow->tick(t0 + std::chrono::seconds(185));
    REQUIRE(flow->view().idle_warning);
    CHECK(flow->view().idle_seconds_left == 30);
    flow->tick(t0 + std::chrono::seconds(214));
    CHECK(flow->view().idle_seconds_left == 1);
    CHECK(flow->visit_open());  // the warning is still the visit
    flow->tick(t0 + std::chrono::seconds(215));
    CHECK(flow->view().screen == Screen::Welcome);
    CHECK_FALSE(flow->view().idle_warning);
    CHECK_FALSE(flow->visit_open());
    // Nothing of the visitor is left.
    const auto& s = flow->situation();
    CHECK(s.persons.size() == 1);
    for (const auto& a : s.household) CHECK(a.state == engine::Answer::State::Absent);
    for (const auto& a : s.persons[0]) CHECK(a.state == engine::Answer::State::Absent);
}

TEST_CASE("Terminer wipes the answers", "[kiosk][flow]") {
    auto persona = test::read_persona(test::personas().front());
    auto flow = test::make_flow(persona.month);
    play(*flow, persona);
    CHECK(flow->visit_open());
    flow->tap("terminer", t0);
    CHECK(flow->view().screen == Screen::Welcome);
    CHECK_FALSE(flow->visit_open());
    CHECK(flow->situation().persons.size() == 1);
    for (const auto& a : flow->situation().household) CHECK(a.state == engine::Answer::State::Absent);
}

TEST_CASE("Agent mode: a hidden gesture and a PIN; locked after repeated failures", "[kiosk][flow]") {
    auto flow = test::make_flow(engine::Date::from_ymd(2026, 11, 1));
    auto now = t0;
    auto gesture = [&] {
        for (int k = 0; k < 5; ++k) flow->corner_tap(now += std::chrono::milliseconds(300));
    };
    auto type_pin = [&](const std::string& pin) {
        for (char c : pin) flow->tap(std::string("key:") + c, now);
        flow->tap("valider", now);
    };
    for (int k = 0; k < 4; ++k) flow->corner_tap(now += std::chrono::seconds(2));  // too slow: nothing
    CHECK(flow->view().screen == Screen::Welcome);
    gesture();
    REQUIRE(flow->view().screen == Screen::AgentPin);
    type_pin("1111");
    CHECK(flow->view().error == "Code incorrect.");
    CHECK(flow->view().screen == Screen::AgentPin);
    for (int k = 0; k < 4; ++k) type_pin("0000");
    CHECK(flow->view().error.find("bloqué") != std::string::npos);
    type_pin("2468");  // the right PIN, but locked
    CHECK(flow->view().screen == Screen::AgentPin);
    now += std::chrono::minutes(6);
    type_pin("2468");
    REQUIRE(flow->view().screen == Screen::Agent);
    CHECK(flow->view().agent);
    auto actions = flow->view().actions();
    CHECK(std::find(actions.begin(), actions.end(), "trace:rsa") != actions.end());
    flow->tap("trace:rsa", now);
    CHECK(flow->view().screen == Screen::AidDetail);
    flow->tap("retour", now);
    CHECK(flow->view().screen == Screen::Agent);
    flow->tap("quitter_agent", now);
    CHECK(flow->view().screen == Screen::Welcome);
    CHECK_FALSE(flow->view().agent);
}

TEST_CASE("Leaving agent mode leaves its screens: « Retour » from a slip or a trace opened in the tools never reopens them", "[kiosk][flow]") {
    auto persona = test::read_persona(test::personas().front());
    for (std::string opened : {"reimprimer", "trace:rsa"}) {
        INFO(opened);
        auto flow = test::make_flow(persona.month);
        play(*flow, persona);
        auto now = t0 + std::chrono::minutes(1);
        flow->tap("imprimer", now);  // a first slip, so that the tools offer « Réimprimer »
        flow->tick(now += std::chrono::seconds(1));
        flow->tap("retour", now);
        REQUIRE(flow->view().screen == Screen::Results);
        test::open_agent_tools(*flow, now);
        REQUIRE(flow->view().screen == Screen::Agent);
        auto actions = flow->view().actions();
        REQUIRE(std::find(actions.begin(), actions.end(), opened) != actions.end());
        flow->tap(opened, now);
        REQUIRE(flow->view().screen == (opened == "reimprimer" ? Screen::Slip : Screen::AidDetail));
        // The gesture again over that screen, then « Quitter »: the agent has left.
        for (int k = 0; k < 5; ++k) flow->corner_tap(now += std::chrono::milliseconds(300));
        REQUIRE(flow->view().screen == Screen::Agent);
        flow->tap("quitter_agent", now);
        CHECK_FALSE(flow->view().agent);
        for (int k = 0; k < 3 && flow->view().screen != Screen::Welcome; ++k) {
            flow->tap("retour", now);
            CHECK(flow->view().screen != Screen::Agent);
            CHECK(flow->invariant_violation().empty());
        }
    }
}

TEST_CASE("The agent lockout outlives « Terminer »", "[kiosk][flow]") {
    auto persona = test::read_persona(test::personas().front());
    auto flow = test::make_flow(persona.month);
    play(*flow, persona);
    auto now = t0;
    auto type_pin = [&](const std::string& pin) {
        for (int k = 0; k < 5; ++k) flow->corner_tap(now += std::chrono::milliseconds(300));
        for (char c : pin) flow->tap(std::string("key:") + c, now);
        flow->tap("valider", now);
    };
    for (int k = 0; k < 5; ++k) type_pin("0000");
    flow->tap("retour", now);
    REQUIRE(flow->view().screen == Screen::Results);
    flow->tap("terminer", now);
    REQUIRE(flow->view().screen == Screen::Welcome);
    type_pin("2468");
    CHECK(flow->view().screen == Screen::AgentPin);  // still locked: 5 minutes have not passed
}

TEST_CASE("Printing: the outcome is said plainly, and a failed print shows the slip with a QR code", "[kiosk][flow]") {
    auto persona = test::read_persona(test::personas().front());
    bool fail = true;
    auto flow = test::make_flow(persona.month, [&](const kiosk::SlipRequest&) {
        return kiosk::ready_outcome(fail ? kiosk::OutcomeOfPrint{false, "L’imprimante n’a plus de papier.", {}}
                                         : kiosk::OutcomeOfPrint{true, "Le ticket est imprimé.", {}});
    });
    play(*flow, persona);
    flow->tap("imprimer", t0);
    REQUIRE(flow->view().screen == Screen::Slip);
    CHECK(flow->view().help == "L’imprimante n’a plus de papier.");
    CHECK_FALSE(flow->view().qr_text.empty());
    CHECK(flow->view().qr_text.find("€") != std::string::npos);
    flow->tap("retour", t0);
    fail = false;
    flow->tap("imprimer", t0);
    CHECK(flow->view().title == "Votre récapitulatif est imprimé");
    CHECK(flow->view().qr_text.empty());
}

TEST_CASE("Printing does not hold the screen: « Impression en cours » until the outcome comes, then it shows", "[kiosk][flow]") {
    auto persona = test::read_persona(test::personas().front());
    std::promise<kiosk::OutcomeOfPrint> outcome;
    int prints = 0;
    auto flow = test::make_flow(persona.month, [&](const kiosk::SlipRequest&) {
        ++prints;
        outcome = {};
        return outcome.get_future();
    });
    play(*flow, persona);
    flow->tap("imprimer", t0);
    REQUIRE(flow->view().screen == Screen::Slip);
    CHECK(flow->view().printing);
    CHECK(flow->view().actions().empty());  // nothing to tap while the printer answers
    CHECK(flow->invariant_violation().empty());
    REQUIRE(flow->next_deadline());
    CHECK(*flow->next_deadline() - kiosk::Clock::now() <= std::chrono::milliseconds(100));  // the loop looks again soon
    flow->tap("imprimer", t0);
    CHECK(prints == 1);  // one slip at a time
    flow->tick(t0 + std::chrono::seconds(1));
    CHECK(flow->view().printing);
    outcome.set_value({false, "L’imprimante a un problème : plus de papier.", {}});
    flow->tick(t0 + std::chrono::seconds(2));
    CHECK_FALSE(flow->view().printing);
    CHECK(flow->view().help == "L’imprimante a un problème : plus de papier.");
    CHECK_FALSE(flow->view().qr_text.empty());
    CHECK(flow->invariant_violation().empty());

    // Wiped while a slip is on its way (« Terminer » is not offered then, but the idle timeout may
    // come): the outcome arriving later changes nothing on the next visitor's screen.
    flow->tap("retour", t0);
    flow->tap("imprimer", t0);
    REQUIRE(flow->view().printing);
    flow->tick(t0 + std::chrono::minutes(10));
    flow->tick(t0 + std::chrono::minutes(20));
    REQUIRE(flow->view().screen == Screen::Welcome);
    outcome.set_value({true, "Prenez votre ticket à l’imprimante.", {}});
    flow->tick(t0 + std::chrono::minutes(21));
    CHECK(flow->view().screen == Screen::Welcome);
    CHECK(flow->invariant_violation().empty());
}

TEST_CASE("Agent mode reads the printer's state when it opens and on « Actualiser »", "[kiosk][flow]") {
    auto persona = test::read_persona(test::personas().front());
    auto flow = test::make_flow(persona.month, [](const kiosk::SlipRequest&) { return kiosk::ready_outcome({true, "ok", {}}); });
    int reads = 0;
    flow->set_printer_status_reader([&] {
        ++reads;
        std::promise<std::string> line;
        line.set_value(fmt::format("borne-pdf : prête, lecture {}", reads));
        return line.get_future();
    });
    play(*flow, persona);
    auto now = t0;
    test::open_agent_tools(*flow, now);
    REQUIRE(flow->view().screen == Screen::Agent);
    CHECK(test::printer_line(*flow) == "borne-pdf : prête, lecture 1");
    flow->tap("etat_imprimante", now);
    CHECK(test::printer_line(*flow) == "borne-pdf : prête, lecture 2");
    flow->tap("reimprimer", now);  // not offered: nothing printed yet
    CHECK(flow->view().screen == Screen::Agent);
}

TEST_CASE("Every screen is reachable", "[kiosk][flow]") {
    std::set<Screen> seen;
    for (const auto& file : test::personas()) {
        auto persona = test::read_persona(file);
        auto flow = test::make_flow(persona.month, [](const kiosk::SlipRequest&) { return kiosk::ready_outcome({true, "ok", {}}); });
        auto s = play(*flow, persona);
        seen.insert(s.begin(), s.end());
        seen.insert(flow->view().screen);
        for (const auto& id : flow->view().actions()) {
            if (id.rfind("detail:", 0) != 0) continue;
            flow->tap(id, t0);
            seen.insert(flow->view().screen);
            flow->tap("retour", t0);
            break;
        }
        flow->tap("non_obtenues", t0);
        seen.insert(flow->view().screen);
        flow->tap("retour", t0);
        flow->tap("imprimer", t0);
        seen.insert(flow->view().screen);
        for (int k = 0; k < 5; ++k) flow->corner_tap(t0 + std::chrono::milliseconds(100 * k));
        seen.insert(flow->view().screen);
        for (char c : std::string("2468")) flow->tap(std::string("key:") + c, t0);
        flow->tap("valider", t0);
        seen.insert(flow->view().screen);
    }
    for (auto s : {Screen::Welcome, Screen::LifeEvent, Screen::Question, Screen::Communes, Screen::Recap, Screen::Results,
                   Screen::AidDetail, Screen::NotObtained, Screen::Slip, Screen::AgentPin, Screen::Agent}) {
        INFO(kiosk::screen_name(s));
        CHECK(seen.count(s));
    }
}

TEST_CASE("Results: « Pourquoi ce montant ? » on an amount, « Pourquoi ce droit ? » on a right in kind (with its cost, if any), on the line and its detail", "[kiosk][flow]") {
    const auto& R = *test::bundled_rules();
    int rights = 0, amounts = 0;
    for (const auto& file : test::personas()) {
        auto persona = test::read_persona(file);
        auto flow = test::make_flow(persona.month);
        play(*flow, persona);
        REQUIRE(flow->view().screen == Screen::Results);
        engine::Evaluation e(R, flow->situation());
        const auto lines = flow->view().lines;  // a copy: the view changes with each tap
        for (const auto& l : lines) {
            if (l.button.rfind("detail:", 0) != 0) continue;
            auto aid = std::find_if(R.aids.begin(), R.aids.end(), [&](const engine::Aid& a) { return "detail:" + a.id == l.button; });
            REQUIRE(aid != R.aids.end());
            auto r = e.aid(static_cast<int>(aid - R.aids.begin()));
            const bool right = aid->in_kind;
            INFO(file.filename().string() << " " << aid->id << " " << l.detail);
            CHECK(l.button_label == (right ? "Pourquoi ce droit ?" : "Pourquoi ce montant ?"));
            CHECK((l.detail.rfind("Droit ouvert", 0) == 0) == right);
            CHECK((l.detail.find("€") != std::string::npos) == (r.amount > engine::Decimal{}));  // never « 0,00 € »
            flow->tap(l.button, t0);
            REQUIRE(flow->view().screen == Screen::AidDetail);
            std::set<std::string> headings;
            for (const auto& d : flow->view().lines)
                if (d.style == kiosk::LineStyle::Heading) headings.insert(d.text);
            if (!r.explanation.empty()) CHECK(headings.count(right ? "Pourquoi ce droit ?" : "Pourquoi ce montant ?") == 1);
            CHECK(headings.count(right ? "Pourquoi ce montant ?" : "Pourquoi ce droit ?") == 0);
            CHECK(flow->view().lines.front().detail == l.detail);  // the detail says what the line said
            CHECK(headings.count("Comment la demander") == 1);
            CHECK(headings.count("Documents à apporter") == (r.documents.empty() ? 0u : 1u));
            flow->tap("retour", t0);
            REQUIRE(flow->view().screen == Screen::Results);
            ++(right ? rights : amounts);
        }
    }
    CHECK(rights > 0);  // the personas reach both kinds
    CHECK(amounts > 0);
}

TEST_CASE("Results: an aid left undetermined by « Je ne sais pas » says what is missing, and the aids not obtained say why", "[kiosk][flow]") {
    const auto& R = *test::bundled_rules();
    int undetermined = 0;
    for (const auto& file : test::personas()) {
        auto persona = test::read_persona(file);
        auto flow = test::make_flow(persona.month);
        kiosk::PersonaPlayer player(persona, &test::communes());
        auto now = t0;
        for (int k = 0; k < 2000 && flow->view().screen != Screen::Results; ++k) {
            auto actions = flow->view().actions();
            auto next = player.next(*flow);
            REQUIRE(next.step != kiosk::PersonaPlayer::Step::Stuck);
            bool dont_know = std::find(actions.begin(), actions.end(), "je_ne_sais_pas") != actions.end();
            flow->tap(dont_know ? "je_ne_sais_pas" : next.tap, now += std::chrono::seconds(2));
            REQUIRE(flow->invariant_violation().empty());
        }
        REQUIRE(flow->view().screen == Screen::Results);
        engine::Evaluation e(R, flow->situation());
        const auto lines = flow->view().lines;
        for (const auto& r : e.all_aids()) {
            if (r.status != engine::AidStatus::Undetermined || r.missing.empty()) continue;
            // The screen shows the rules' texts in French typography (’, no-break spaces).
            const auto name = engine::french_typography(R.aids[static_cast<std::size_t>(r.aid)].name);
            auto line = std::find_if(lines.begin(), lines.end(), [&](const kiosk::Line& l) { return l.text == name; });
            INFO(file.filename().string() << " " << name);
            REQUIRE(line != lines.end());
            CHECK(line->style == kiosk::LineStyle::Warning);
            CHECK(line->detail.rfind("Il manque : ", 0) == 0);
            CHECK(line->detail.find(engine::french_typography(engine::question_text(R, flow->situation(), r.missing.front().input, r.missing.front().person))) !=
                  std::string::npos);
            ++undetermined;
        }
        flow->tap("non_obtenues", now);
        REQUIRE(flow->view().screen == Screen::NotObtained);
        for (const auto& l : flow->view().lines) CHECK_FALSE(l.detail.empty());  // each aid with its reason
    }
    CHECK(undetermined > 0);
}
