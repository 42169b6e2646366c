// USB sticks only in agent mode (image/UPDATES.md): while an agent has agent mode open, the kiosk (user
// borne, no privilege) starts a systemd unit that loads usb-storage, and stops it when agent mode closes
// (« Quitter », or the idle wipe). A polkit rule of the image allows exactly this unit to exactly this user;
// the unit and the udev rule do the rest. Outside the appliance (no unit given) nothing happens.
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace borne::kiosk {

class AgentUsb {
public:
    /// `unit`: the systemd unit ("borne-usb-agent.service"); empty: does nothing.
    explicit AgentUsb(std::string unit) : m_unit(std::move(unit)) {}
    /// Stops the unit if this kiosk started it (a kiosk that exits never leaves USB open).
    ~AgentUsb();
    AgentUsb(const AgentUsb&) = delete;
    AgentUsb& operator=(const AgentUsb&) = delete;

    /// Called each frame with the view's agent mode: starts or stops the unit when it changed. systemctl runs
    /// as a child not waited for (--no-block: systemd queues the job), so the frame loop never waits on it.
    void agent_mode(bool open);

private:
    std::string m_unit;
    bool m_open = false;
    std::vector<pid_t> m_children;

    void systemctl(const char* verb);
    void reap(bool wait);
};

}  // namespace borne::kiosk
