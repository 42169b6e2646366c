#include "agent_usb.hpp"

#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>

extern char** environ;

namespace borne::kiosk {

AgentUsb::~AgentUsb() {
    if (m_open) systemctl("stop");
    reap(true);
}

void AgentUsb::agent_mode(bool open) {
    reap(false);
    if (m_unit.empty() || open == m_open) return;
    m_open = open;
    systemctl(open ? "start" : "stop");
}

void AgentUsb::systemctl(const char* verb) {
    std::string unit = m_unit;
    char* argv[] = {const_cast<char*>("systemctl"), const_cast<char*>("--no-block"), const_cast<char*>("--no-ask-password"),
                    const_cast<char*>(verb), unit.data(), nullptr};
    pid_t pid = 0;
    if (int e = posix_spawnp(&pid, "systemctl", nullptr, nullptr, argv, environ); e != 0) {
        fmt::print(stderr, "borne-kiosk : systemctl {} {} impossible : {}\n", verb, m_unit, std::strerror(e));
        return;
    }
    fmt::print(stderr, "borne-kiosk : clé USB {} ({} {})\n", std::string_view(verb) == "start" ? "acceptée en mode agent" : "refusée hors du mode agent",
               verb, m_unit);
    m_children.push_back(pid);
}

void AgentUsb::reap(bool wait) {
    for (auto it = m_children.begin(); it != m_children.end();) {
        int status = 0;
        pid_t done = ::waitpid(*it, &status, wait ? 0 : WNOHANG);
        if (done == 0) { ++it; continue; }
        if (done == *it && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
            fmt::print(stderr, "borne-kiosk : systemctl {} a échoué (statut {})\n", m_unit, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        it = m_children.erase(it);
    }
}

}  // namespace borne::kiosk
