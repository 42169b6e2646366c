// Plays a complete situation through the kiosk's buttons, as a visitor would: whatever the kiosk
// asks, the taps that enter that answer. Used by `borne-kiosk --headless --persona` and the tests.
#pragma once

#include "borne/kiosk/flow.hpp"

#include <deque>
#include <string>

namespace borne::kiosk {

class PersonaPlayer {
public:
    PersonaPlayer(const engine::Situation& persona, const engine::CommuneDirectory* communes)
        : m_persona(persona), m_communes(communes) {}

    enum class Step { Tap, Done, Stuck };
    struct Next {
        Step step = Step::Stuck;
        std::string tap;      // the button to touch
        std::string problem;  // when stuck: why (an answer the persona lacks…)
    };
    /// The next button to touch on the flow's current screen; Done on the results.
    Next next(const Flow& flow);

private:
    const engine::Situation& m_persona;
    const engine::CommuneDirectory* m_communes;
    std::deque<std::string> m_pending;
    bool m_results_seen = false;

    Next plan_answer(const Flow& flow);
    Next plan_ticks(const Flow& flow);
};

}  // namespace borne::kiosk
