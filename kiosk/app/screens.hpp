// Draws the flow's View with Dear ImGui and reports the button touched. Nothing here decides
// anything: every text and button comes from the View.
#pragma once

#include "borne/kiosk/flow.hpp"
#include "platform.hpp"

#include <map>
#include <string>

namespace borne::kiosk {

struct Rect { float x0, y0, x1, y1; };

struct DrawResult {
    std::string tapped;                  // the id of the button released this frame, if any
    bool corner = false;                 // a tap in the agent corner
    std::map<std::string, Rect> buttons; // where each button was drawn (for scripted taps)
};

/// `reveal`: a button to scroll into view (what a visitor's swipe would do before tapping it).
DrawResult draw_view(const View& view, const Fonts& fonts, const std::string& reveal);

}  // namespace borne::kiosk
