#include "service_notify.hpp"

#include <systemd/sd-daemon.h>

#include <cstdio>

namespace borne::kiosk {

ServiceNotifier::ServiceNotifier() {
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) m_period = std::chrono::microseconds(usec);
}

void ServiceNotifier::ready(const std::string& details) {
    sd_notify(0, "READY=1");
    std::printf("BORNE-READY %s\n", details.c_str());
    std::fflush(stdout);
    m_last_ping = std::chrono::steady_clock::now();
}

void ServiceNotifier::alive() {
    if (!m_period) return;
    auto now = std::chrono::steady_clock::now();
    if (now - m_last_ping < *m_period / 4) return;  // pings are cheap, but a busy loop need not send hundreds
    sd_notify(0, "WATCHDOG=1");
    m_last_ping = now;
}

std::optional<std::chrono::milliseconds> ServiceNotifier::max_wait() const {
    if (!m_period) return std::nullopt;
    return std::chrono::duration_cast<std::chrono::milliseconds>(*m_period / 2);
}

}  // namespace borne::kiosk
