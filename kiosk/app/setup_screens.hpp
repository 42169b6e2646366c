// The first-boot setup drawn (kiosk/flow's Setup): what it offers (CUPS's queues, the installed local
// aids), and its frame loop, on the glass or headless (tests and goldens, driven by a list of taps).
#pragma once

#include "borne/engine/communes.hpp"
#include "borne/engine/rules.hpp"
#include "agent_usb.hpp"
#include "borne/kiosk/setup.hpp"
#include "platform.hpp"

#include <string>
#include <vector>

namespace borne::kiosk {

/// The choices of this machine: CUPS's queues when `cups` (none when CUPS cannot be reached: the system's
/// default is still offered; a headless run asks no CUPS, so that its screens are the same on every machine)
/// and the local aids of `rules` (the installed pack's or the bundled rules, read with every local aid), whatever
/// their site; none when the rules could not be read.
SetupChoices read_setup_choices(const engine::RuleSet* rules, bool cups);

struct SetupRun {
    bool headless = false;          // SDL's dummy driver: driven by `taps`
    std::string ready_details;      // the ready line's start (version, rules)
    std::vector<std::string> taps;  // headless: the ids touched in order (each must be drawn)
    std::string shots;              // headless: a PNG of each screen, named by its step
    bool guide = false;             // on the glass: « BORNE-SETUP step=… buttons=id@x,y;… » after each settled screen
    AgentUsb* usb = nullptr;        // on the glass: USB sticks accepted while the import screen is open
};

/// Runs the setup until the site file is written and the agent opens the kiosk: 0, or 1 (why on stderr)
/// when a headless run's tap is not on the screen or its taps end first.
int run_setup(Platform& platform, Setup& setup, const SetupRun& run);

}  // namespace borne::kiosk
