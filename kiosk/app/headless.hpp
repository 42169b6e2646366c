// Frames and the headless runs: a persona played by taps through the real screens, with a PNG of
// every screen, and the tour that then opens the screens a persona does not reach by itself.
#pragma once

#include "borne/kiosk/flow.hpp"
#include "borne/kiosk/persona.hpp"
#include "platform.hpp"
#include "screens.hpp"

#include <functional>
#include <string>

namespace borne::kiosk {

/// Whether a touched button is pressed (true) or only read aloud by the audio mode's first touch.
using TapGate = std::function<bool(const std::string& id)>;

/// One frame: draw the view (scrolling `reveal` into view), write it to `shot` when given, then hand
/// a touched button to the flow (when `gate`, if any, lets it through).
DrawResult draw_frame(Platform& platform, Flow& flow, const std::string& reveal, const std::string& shot = {}, const TapGate& gate = {});

struct HeadlessOptions {
    std::string shots;         // folder of the PNGs; empty: none written
    bool tour = false;         // after the results: detail, refused aids, slip, idle warning, agent PIN and tools
                               // (and first, with storage, the resume code's keypad at the welcome)
    std::string tour_pin;      // the agent PIN the tour types (its hash is the flow's)
    bool check_layout = false; // fail on the first screen that breaks the layout rules (see DrawResult::problems)
    bool slip = false;         // at the results, tap « Imprimer » and end on the slip's outcome (--slip)
    bool swipe = false;        // at the results, swipe the list up with a finger and say what moved (--swipe)
    bool results_now = false;  // « Voir mes résultats maintenant » the first time a question offers it, then
                               // « Répondre aux autres questions » and on to the end (--results-now)
    bool mouse = false;        // taps are mouse clicks (qemu's usb-tablet), not fingers; the corner gesture's five
                               // clicks all sent before a frame is drawn, as a slow frame collects them (--mouse)
};

/// Plays `persona` to the results; 0 when it got there, 1 (and why on stderr) when it did not.
int run_headless(Platform& platform, Flow& flow, const engine::Situation& persona, const engine::CommuneDirectory* communes,
                 const HeadlessOptions& options);

}  // namespace borne::kiosk
