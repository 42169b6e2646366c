// The kiosk under systemd (the appliance's borne-kiosk.service, Type=notify with WatchdogSec=): it says
// when it is ready and pings the watchdog from its frame loop. Outside systemd every call does nothing.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace borne::kiosk {

class ServiceNotifier {
public:
    /// Reads the service manager's watchdog period, if any (sd_watchdog_enabled).
    ServiceNotifier();
    /// The first frame is drawn and the rules were checked: READY=1 to systemd, and the ready line on
    /// stdout (`BORNE-READY …`) that the appliance's boot test waits for on the serial console.
    void ready(const std::string& details);
    /// The frame loop is alive: WATCHDOG=1, at most once per half period.
    void alive();
    /// How long the frame loop may block between two pings; none when there is no watchdog.
    std::optional<std::chrono::milliseconds> max_wait() const;

private:
    std::optional<std::chrono::microseconds> m_period;
    std::chrono::steady_clock::time_point m_last_ping{};
};

}  // namespace borne::kiosk
