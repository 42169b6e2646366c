// Draws the flow's View with Dear ImGui and reports the button touched. Nothing here decides
// anything: every text and button comes from the View.
#pragma once

#include "borne/kiosk/flow.hpp"
#include "pictograms.hpp"
#include "platform.hpp"

#include <map>
#include <string>
#include <vector>

namespace borne::kiosk {

struct Rect {
    float x0, y0, x1, y1;
    bool hidden = false;  // wholly or partly scrolled out of view
};

struct DrawResult {
    std::string tapped;                  // the id of the button released this frame, if any
    bool corner = false;                 // a tap in the agent corner
    std::map<std::string, Rect> buttons; // where each button was drawn (for scripted taps)
    /// What breaks the kiosk's layout rules on this screen: a question that scrolls, a button
    /// smaller than 15 mm, a label cut, a button off the screen, text under 24 px.
    std::vector<std::string> problems;
    Rect content{0, 0, 0, 0};            // the scrolling region between the header and the navigation, on screen
    float scroll = 0, scroll_max = 0;    // how far it is scrolled, and how far it can be, in pixels

    /// Whether the button `id` is drawn and wholly visible (a tap there needs no scrolling first).
    bool shows(const std::string& id) const;
};

/// The buttons of `ids` (a row or a grid, in their reading order) that two neighbours on one row
/// show in the wrong order: right to left, each must be left of the one before it; left to right,
/// right of it. Ids not drawn, or on another row than the one before them, are skipped.
std::vector<std::string> reading_order_problems(const std::vector<std::string>& ids, const DrawResult& drawn, bool rtl);

/// `reveal`: a button to scroll into view (what a visitor's swipe would do before tapping it).
/// `pictograms` may be null (no pictograms drawn).
DrawResult draw_view(const View& view, const Fonts& fonts, Pictograms* pictograms, const std::string& reveal);

}  // namespace borne::kiosk
