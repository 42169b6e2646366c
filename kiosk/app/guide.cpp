#include "guide.hpp"

#include <fmt/format.h>

namespace borne::kiosk {

void TouchGuide::finish(const std::string& why) {
    fmt::print("BORNE-GUIDE {}\n", why);
    m_finished = true;
}

void TouchGuide::after_frame(const Flow& flow, const DrawResult& frame) {
    if (m_finished) return;
    if (m_announced) {
        if (frame.tapped.empty()) return;
        if (frame.tapped != m_next) return finish(fmt::format("stuck: « {} » touched instead of « {} »", frame.tapped, m_next));
        if (m_results) return finish("done: printed");  // « Imprimer » on the results: the household's journey ends
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
    if (--m_settle > 0) return;
    auto it = frame.buttons.find(m_next);
    if (it == frame.buttons.end() || it->second.hidden)
        return finish(fmt::format("stuck: « {} » is not on the screen « {} »", m_next, screen_name(flow.view().screen)));
    const Rect& b = it->second;
    fmt::print("BORNE-GUIDE step={} screen={} tap={} x={:.0f} y={:.0f}\n", ++m_step, screen_name(flow.view().screen), m_next,
               (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2);
    m_announced = true;
}

}  // namespace borne::kiosk
