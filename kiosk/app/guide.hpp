// The touch guide (borne-kiosk --guide SITUATION.json): the appliance's boot test plays a household
// through the real touch path of the guest (qemu's usb-tablet). The kiosk runs as usual; after each
// settled frame the guide prints, on standard output, the button the household would touch next and
// where it is on the screen, from the frame's own layout. Nothing is touched by the guide itself.
// When the results offer « Garder pour plus tard » (a site file gives a database), the guide goes on after
// « Imprimer »: once the print is over it announces the slip screen's « Retour » (back to the results), then
// « Garder pour plus tard », and once the code is on screen prints « BORNE-GUIDE done: printed, saved code=… »
// (the boot test kills the machine there: a save promised must survive it).
// Headless (--headless --guide), no one else can touch: the kiosk touches what its guide announces itself, so the
// windowed kiosk's own frame loop plays a whole visit on the host (tests/kiosk/guided_visit_test.cpp).
#pragma once

#include "borne/kiosk/persona.hpp"
#include "screens.hpp"

#include <optional>
#include <string>
#include <utility>

namespace borne::kiosk {

class TouchGuide {
public:
    TouchGuide(const engine::Situation& household, const engine::CommuneDirectory* communes) : m_player(household, communes) {}

    /// The button the next frame should scroll into view (empty: none).
    const std::string& reveal() const { return m_next; }
    /// Whether the guide needs another frame (a new screen lays out on its first frame, shows on the next).
    bool wants_frame() const { return !m_finished && !m_printing && (m_awaiting_save || (!m_announced && m_settle > 0)); }
    /// After each frame: plans, announces « BORNE-GUIDE step=… tap=… x=… y=… », or sees the touch.
    void after_frame(const Flow& flow, const DrawResult& frame);
    /// Where the touch announced by the last after_frame() is, once (then nothing until the next announcement).
    struct Touch { float x, y; };
    std::optional<Touch> take_announced() { return std::exchange(m_announced_at, std::nullopt); }

private:
    PersonaPlayer m_player;
    std::string m_next;
    int m_settle = 2;
    int m_step = 0;
    bool m_announced = false, m_results = false, m_finished = false;
    bool m_saving = false;         // after « imprimer »: « retour » to the results, then « enregistrer »
    bool m_printing = false;       // the slip is on its way: its screen has no button until the outcome
    bool m_awaiting_save = false;  // « enregistrer » touched: the saved screen comes next
    std::optional<Touch> m_announced_at;

    void announce_save();
    bool wait_for_print(const Flow& flow);

    void finish(const std::string& why);
};

}  // namespace borne::kiosk
