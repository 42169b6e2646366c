// Thousands of random taps, keys, corner gestures and clock jumps with a fixed seed: the flow never
// crashes (run under ASan + UBSan in CI) and never reaches a state that breaks its invariants.
#include "support.hpp"

#include <catch2/catch.hpp>
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
    const int steps = 20000;
    for (int k = 0; k < steps; ++k) {
        auto actions = flow->view().actions();
        int dice = static_cast<int>(random() % 100);
        if (dice < 85 && !actions.empty()) {
            flow->tap(actions[random() % actions.size()], now);
        } else if (dice < 92) {
            flow->tap(junk[random() % junk.size()], now);
        } else if (dice < 96) {
            flow->corner_tap(now);
        } else {
            now += std::chrono::seconds(random() % 200);
            flow->tick(now);
        }
        now += std::chrono::milliseconds(random() % 3000);
        auto problem = flow->invariant_violation();
        INFO("step " << k << " on " << kiosk::screen_name(flow->view().screen));
        REQUIRE(problem.empty());
    }
}
