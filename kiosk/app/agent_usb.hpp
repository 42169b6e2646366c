// USB sticks only in agent mode (image/UPDATES.md): while an agent has agent mode open, the kiosk (user
// borne, no privilege) starts a systemd unit that loads usb-storage, and stops it when agent mode closes
// (« Quitter », or the idle wipe). A polkit rule of the image allows exactly this unit to exactly this user;
// the unit and the udev rule do the rest. Outside the appliance (no unit given) nothing happens.
#pragma once

#include "borne/kiosk/usb_update.hpp"

#include <string>
#include <sys/types.h>
#include <vector>

namespace borne::kiosk {

class AgentUsb {
public:
    /// `unit`: the systemd unit ("borne-usb-agent.service"); empty: does nothing. `reboot_unit`: the unit that
    /// reboots once a software bundle from the stick is installed ("borne-update-reboot.service", allowed by the
    /// same polkit rule; it does nothing unless update-from-media left its flag); empty: no reboot.
    explicit AgentUsb(std::string unit, std::string reboot_unit = {}) : m_unit(std::move(unit)), m_reboot_unit(std::move(reboot_unit)) {}
    /// Stops the unit if this kiosk started it (a kiosk that exits never leaves USB open).
    ~AgentUsb();
    AgentUsb(const AgentUsb&) = delete;
    AgentUsb& operator=(const AgentUsb&) = delete;

    /// Called each frame with the view's agent mode: starts or stops the unit when it changed. systemctl runs
    /// as a child not waited for (--no-block: systemd queues the job), so the frame loop never waits on it.
    void agent_mode(bool open);
    /// The agent confirmed the reboot on the USB update screen: starts the reboot unit (not waited for).
    void reboot();

private:
    std::string m_unit, m_reboot_unit;
    bool m_open = false;
    std::vector<pid_t> m_children;

    void systemctl(const char* verb, const std::string& unit);
    void reap(bool wait);
};

/// The USB update screen's report (usb_update.hpp), read from `file` on a worker thread. A file that does not
/// exist yet is an empty report (no medium since boot); one that cannot be read says why in its errors.
std::future<UsbReport> read_usb_report(std::string file);

}  // namespace borne::kiosk
