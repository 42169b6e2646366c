#include "borne/speech/persona_screens.hpp"

#include "borne/kiosk/persona.hpp"

namespace borne::speech {

namespace {

/// The same screen for the ear: its kind and its title (a keypad's typing does not make a new one).
std::string identity(const kiosk::View& v) { return std::string(kiosk::screen_name(v.screen)) + "\n" + v.title; }

}  // namespace

PersonaScreens persona_screens(kiosk::Flow& flow, const engine::Situation& persona, const engine::CommuneDirectory* communes) {
    PersonaScreens out;
    kiosk::PersonaPlayer player(persona, communes);
    auto now = kiosk::Clock::now();
    std::string last;
    auto keep = [&] {
        if (identity(flow.view()) == last) return;
        last = identity(flow.view());
        out.views.push_back(flow.view());
    };
    for (int taps = 0; taps < 3000; ++taps) {
        keep();
        auto next = player.next(flow);
        if (next.step == kiosk::PersonaPlayer::Step::Stuck) {
            out.error = "bloqué sur " + std::string(kiosk::screen_name(flow.view().screen)) + " : " + next.problem;
            return out;
        }
        if (next.step == kiosk::PersonaPlayer::Step::Done) break;
        now += std::chrono::seconds(2);
        flow.tap(next.tap, now);
    }
    // The first amount's explanation: a screen of lines and amounts.
    for (const auto& line : flow.view().lines)
        if (line.button.starts_with("detail:")) {
            flow.tap(line.button, now);
            keep();
            break;
        }
    return out;
}

}  // namespace borne::speech
