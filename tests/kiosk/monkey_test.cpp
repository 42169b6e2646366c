// Thousands of random taps, keys, corner gestures and clock jumps with a fixed seed: the flow never
// crashes (run under ASan + UBSan in CI) and never reaches a state that breaks its invariants.
#include "support.hpp"
#include "../sanitized.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <random>

using namespace borne;

TEST_CASE("Monkey: random taps never break the flow", "[kiosk][monkey]") {
    auto flow = test::make_flow(engine::Date::from_ymd(2026, 11, 1), [](const kiosk::SlipRequest&) {
        return kiosk::ready_outcome({false, "Pas d'imprimante dans ce test.", {}});
    });
    std::mt19937 random(20261122);
    auto now = kiosk::Clock::time_point{} + std::chrono::hours(1000);
    const std::vector<std::string> junk = {"", "valider", "key:x", "key:", "choix:inconnu", "commune:00000", "modifier:999",
                                           "modifier:-1", "detail:inconnue", "evenement:rien", "je_suis_la", "oui"};
    const int steps = test::sanitizer_steps(20000);
    std::map<kiosk::Screen, int> visits;
    for (int k = 0; k < steps; ++k) {
        ++visits[flow->view().screen];
        auto actions = flow->view().actions();
        int dice = static_cast<int>(random() % 100);
        // On a keypad, random keys rarely make a valid date or postal code: one time in four the
        // monkey types a plausible entry of that keypad's kind (cleared first), then « Valider ».
        const auto& v = flow->view();
        const char* plausible = v.keypad == kiosk::Keypad::Date ? "15061980" : v.keypad == kiosk::Keypad::PostalCode ? "01400"
                                : v.keypad == kiosk::Keypad::Integer ? "2" : v.keypad == kiosk::Keypad::Amount ? "650"
                                : v.keypad == kiosk::Keypad::Pin ? (random() % 2 ? "2468" : "1357") : nullptr;  // the test PIN, or a wrong one
        if (plausible && dice < 25) {
            for (std::size_t n = v.entry_length; n > 0; --n) flow->tap("key:effacer", now);
            for (const char* c = plausible; *c; ++c) flow->tap(std::string("key:") + *c, now);
            flow->tap("valider", now);
        } else if (dice < 85 && !actions.empty()) {
            // Mostly forward: a tap on « Retour » or « Terminer » is taken one time in four, else
            // another button is drawn (uniform taps went back as often as forward and never left
            // the first questions: 0 visits of the recap, the results, the detail and the slip).
            std::string tap = actions[random() % actions.size()];
            if ((tap == "retour" || tap == "terminer") && random() % 4 != 0) tap = actions[random() % actions.size()];
            flow->tap(tap, now);
        } else if (dice < 92) {
            flow->tap(junk[random() % junk.size()], now);
        } else if (dice < 98) {
            // A single corner tap, or the whole gesture (five taps in a row) half the time.
            int taps = random() % 2 ? 1 : 5;
            for (int t = 0; t < taps; ++t) flow->corner_tap(now += std::chrono::milliseconds(200));
        } else {
            now += std::chrono::seconds(random() % 200);
            flow->tick(now);
        }
        now += std::chrono::milliseconds(random() % 3000);
        auto problem = flow->invariant_violation();
        INFO("step " << k << " on " << kiosk::screen_name(flow->view().screen) << ": " << problem);
        REQUIRE(problem.empty());
    }
    // The random walk goes deep, not only round the welcome: every screen a visitor or an agent can
    // reach without a database (the saves, the code and the appointments need one) was visited.
    for (auto s : {kiosk::Screen::Welcome, kiosk::Screen::LifeEvent, kiosk::Screen::Question, kiosk::Screen::Recap, kiosk::Screen::Results,
                   kiosk::Screen::AidDetail, kiosk::Screen::NotObtained, kiosk::Screen::Slip, kiosk::Screen::AgentPin, kiosk::Screen::Agent}) {
        INFO(kiosk::screen_name(s));
        CHECK(visits[s] > 0);
    }
}
