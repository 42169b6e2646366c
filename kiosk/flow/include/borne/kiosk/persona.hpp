// Plays a complete situation through the kiosk's buttons, as a visitor would: whatever the kiosk
// asks, the taps that enter that answer; where the situation has no answer, « Je ne sais pas » if the
// question offers it (said by note()), else stuck. Used by `borne-kiosk --headless --persona` and the tests.
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
    /// What the run should say of the tap next() just gave, or empty: « Je ne sais pas » touched for an
    /// answer the persona lacks.
    const std::string& note() const { return m_note; }

private:
    const engine::Situation& m_persona;
    const engine::CommuneDirectory* m_communes;
    std::deque<std::string> m_pending;
    bool m_results_seen = false;
    std::string m_note;

    Next plan_answer(const Flow& flow);
    /// The question on screen has no answer in the persona: « Je ne sais pas » when offered, else stuck.
    Next without_answer(const Flow& flow, const std::string& where);
    Next plan_ticks(const Flow& flow);
};

}  // namespace borne::kiosk
