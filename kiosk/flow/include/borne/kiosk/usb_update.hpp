// « Mettre à jour depuis une clé USB » (agent tools): what the appliance's update-from-media found on the
// last update medium and what became of each bundle, read from the report it writes
// (/run/borne/update-media.status, image/UPDATES.md « Where bundles come from »), one console line a fact:
//
//   BORNE-UPDATE medium=sda bus=usb          a medium was mounted
//   BORNE-UPDATE bundle=NAME found           a bundle found at its root, about to be installed
//   BORNE-UPDATE bundle=NAME result=installed|refused seconds=S
//   BORNE-UPDATE bundle=NAME why: TEXT       the installer's reason for a refusal (SWUpdate's or borne's)
//   BORNE-RULES-STATUS TEXT                  the rules pack status line after a bundle
//   BORNE-UPDATE /dev/sda: not mountable     /  BORNE-UPDATE /dev/sda: no *.swu
//   BORNE-UPDATE reboot-pending: …           a software bundle was installed: the agent confirms the reboot
//   BORNE-UPDATE done                        every bundle tried, the medium unmounted
//
// The kiosk reads it off the screen thread (a future) while the screen is shown; the agent confirms the reboot.
#pragma once

#include <functional>
#include <future>
#include <string>
#include <string_view>
#include <vector>

namespace borne::kiosk {

struct UsbBundle {
    enum class State { Found, Installed, Refused };
    std::string name;                  // the file's name on the medium ("7-software.swu")
    State state = State::Found;
    std::vector<std::string> reasons;  // why it was refused, as the installer said it
};

struct UsbReport {
    enum class Problem { None, NotMountable, NoBundle };
    std::string medium;                // the device ("sda"); empty: no medium seen since the kiosk's boot
    Problem problem = Problem::None;
    std::vector<UsbBundle> bundles;    // in the order tried (name order)
    std::string rules_status;          // the last rules status line
    bool reboot_pending = false;       // a software bundle waits for the reboot the agent confirms
    bool finished = false;             // every bundle tried: the stick may be removed
    std::vector<std::string> errors;   // lines not understood, each « SOURCE:LINE: … » (said on the screen, nothing lost)
};

/// The report of `text` (the file's contents; `source` names it in the errors).
UsbReport parse_usb_report(std::string_view text, std::string_view source);

/// What the kiosk gives the flow for the USB screen: both are effects (a file read, a process), kept off the
/// screen thread; without `read` the agent tools offer no USB update (outside the appliance, in the tests).
struct UsbUpdateHooks {
    std::function<std::future<UsbReport>()> read;  // the last medium's report, read on a worker thread
    std::function<void()> reboot;                  // the reboot the agent confirmed (systemctl, not waited for)
};

}  // namespace borne::kiosk
