#include "agent_usb.hpp"

#include <cerrno>
#include <fstream>
#include <sstream>
#include <cstring>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>

extern char** environ;

namespace borne::kiosk {

AgentUsb::~AgentUsb() {
    if (m_open) systemctl("stop", m_unit);
    reap(true);
}

void AgentUsb::agent_mode(bool open) {
    reap(false);
    if (m_unit.empty() || open == m_open) return;
    m_open = open;
    systemctl(open ? "start" : "stop", m_unit);
}

void AgentUsb::reboot() {
    reap(false);
    if (m_reboot_unit.empty()) {
        fmt::print(stderr, "borne-kiosk : redémarrage demandé, sans unité pour le faire (--reboot-unit)\n");
        return;
    }
    systemctl("start", m_reboot_unit);
}

void AgentUsb::systemctl(const char* verb, const std::string& name) {
    std::string unit = name;
    char* argv[] = {const_cast<char*>("systemctl"), const_cast<char*>("--no-block"), const_cast<char*>("--no-ask-password"),
                    const_cast<char*>(verb), unit.data(), nullptr};
    pid_t pid = 0;
    if (int e = posix_spawnp(&pid, "systemctl", nullptr, nullptr, argv, environ); e != 0) {
        fmt::print(stderr, "borne-kiosk : systemctl {} {} impossible : {}\n", verb, unit, std::strerror(e));
        return;
    }
    if (name == m_reboot_unit) fmt::print(stderr, "borne-kiosk : redémarrage confirmé par l'agent ({} {})\n", verb, unit);
    else fmt::print(stderr, "borne-kiosk : clé USB {} ({} {})\n", std::string_view(verb) == "start" ? "acceptée en mode agent" : "refusée hors du mode agent", verb, unit);
    m_children.push_back(pid);
}

void AgentUsb::reap(bool wait) {
    for (auto it = m_children.begin(); it != m_children.end();) {
        int status = 0;
        pid_t done = ::waitpid(*it, &status, wait ? 0 : WNOHANG);
        if (done == 0) { ++it; continue; }
        if (done == *it && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
            fmt::print(stderr, "borne-kiosk : systemctl a échoué (statut {})\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        it = m_children.erase(it);
    }
}

std::future<UsbReport> read_usb_report(std::string file) {
    return std::async(std::launch::async, [file = std::move(file)] {
        std::ifstream in(file);
        if (!in) {
            UsbReport r;
            if (errno != ENOENT) r.errors.push_back(fmt::format("{} : illisible ({})", file, std::strerror(errno)));
            return r;
        }
        std::ostringstream text;
        text << in.rdbuf();
        return parse_usb_report(text.str(), file);
    });
}

}  // namespace borne::kiosk
