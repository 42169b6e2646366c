#include "guide.hpp"

#include <fmt/format.h>

namespace borne::kiosk {

void TouchGuide::finish(const std::string& why) {
    fmt::print("BORNE-GUIDE {}\n", why);
    m_finished = true;
}

void TouchGuide::announce_save() {
    // « Imprimer » leads to the slip's screen (« Impression en cours… », then its outcome): « Garder pour plus
    // tard » is on the results, so the household goes back there first.
    m_saving = true;
    m_results = false;
    m_announced = false;
    m_next = "retour";
    m_settle = 2;
}

bool TouchGuide::wait_for_print(const Flow& flow) {
    // No frame is asked for meanwhile: the kiosk draws one when the print's outcome arrives.
    m_printing = m_saving && m_next == "retour" && flow.view().printing;
    return m_printing;
}

void TouchGuide::after_frame(const Flow& flow, const DrawResult& frame) {
    if (m_finished) return;
    if (m_awaiting_save) {
        if (flow.view().screen != Screen::Saved) return;
        // The code is on screen only once save_session returned it (written, synchronous=FULL).
        if (flow.resume_code().empty()) return finish("stuck: the save failed: " + flow.view().help);
        return finish("done: printed, saved code=" + flow.resume_code());
    }
    if (m_announced) {
        if (frame.tapped.empty()) return;
        if (frame.tapped != m_next) return finish(fmt::format("stuck: « {} » touched instead of « {} »", frame.tapped, m_next));
        if (m_saving && m_next == "retour") {  // back on the results: the save comes next
            m_announced = false;
            m_next = "enregistrer";
            m_settle = 2;
            return;
        }
        if (m_saving) {
            m_awaiting_save = true;
            return;
        }
        // « Imprimer » on the results: the household's journey ends, unless the results offer the save.
        if (m_results) return frame.buttons.count("enregistrer") ? announce_save() : finish("done: printed");
        m_announced = false;
        m_next.clear();
        m_settle = 2;
        return;
    }
    if (m_next.empty()) {  // the screen's first frame: what the household does here
        auto next = m_player.next(flow);
        if (next.step == PersonaPlayer::Step::Stuck) return finish("stuck: " + next.problem);
        m_results = next.step == PersonaPlayer::Step::Done;
        m_next = m_results ? std::string("imprimer") : next.tap;
    }
    if (wait_for_print(flow)) return;
    if (--m_settle > 0) return;
    auto it = frame.buttons.find(m_next);
    if (it == frame.buttons.end() || it->second.hidden)
        return finish(fmt::format("stuck: « {} » is not on the screen « {} »", m_next, screen_name(flow.view().screen)));
    const Rect& b = it->second;
    m_announced_at = Touch{(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2};
    fmt::print("BORNE-GUIDE step={} screen={} tap={} x={:.0f} y={:.0f}\n", ++m_step, screen_name(flow.view().screen), m_next,
               m_announced_at->x, m_announced_at->y);
    m_announced = true;
}

}  // namespace borne::kiosk
