#include "borne/fleet/gauges.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace borne::fleet {

namespace {

std::string escape_label(const std::string& v) {
    std::string out;
    for (char c : v) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

void header(std::string& out, const char* name, const char* help) { out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n", name, help, name); }

int minutes_of(const std::string& hhmm) {
    if (hhmm.size() != 5 || hhmm[2] != ':') return -1;
    try {
        return std::stoi(hhmm.substr(0, 2)) * 60 + std::stoi(hhmm.substr(3, 2));
    } catch (...) {
        return -1;
    }
}

}  // namespace

std::vector<ScreenConnector> drm_connectors(const std::string& sysfs_drm) {
    std::vector<ScreenConnector> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(sysfs_drm, ec)) {
        std::string name = entry.path().filename().string();
        auto dash = name.find('-');
        if (name.rfind("card", 0) != 0 || dash == std::string::npos) continue;  // card0 itself, renderD128, version
        std::ifstream status(entry.path() / "status");
        std::string word;
        if (!(status >> word)) continue;
        out.push_back({name.substr(dash + 1), word == "connected"});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return out;
}

bool open_at(const std::vector<storage::OpeningHours>& hours, int weekday, int minute) {
    for (const auto& day : hours) {
        if (day.weekday != weekday) continue;
        std::istringstream ranges(day.hours);
        std::string range;
        while (ranges >> range) {
            auto dash = range.find('-');
            if (dash == std::string::npos) continue;  // the site file's check rejects these already
            int from = minutes_of(range.substr(0, dash)), to = minutes_of(range.substr(dash + 1));
            if (from >= 0 && to >= 0 && minute >= from && minute < to) return true;
        }
    }
    return false;
}

std::string exposition(const Gauges& g) {
    std::string out;
    if (g.printer) {
        const auto& p = *g.printer;
        header(out, "borne_printer_reachable", "1 when CUPS answered for the kiosk's queue");
        out += fmt::format("borne_printer_reachable {}\n", p.reachable ? 1 : 0);
        header(out, "borne_printer_state", "1 for the queue's printer-state (idle, processing, stopped, unknown)");
        for (const char* s : {"idle", "processing", "stopped", "unknown"})
            out += fmt::format("borne_printer_state{{state=\"{}\"}} {}\n", s, p.state == s ? 1 : 0);
        header(out, "borne_printer_reason", "1 for each printer-state-reason CUPS reports");
        for (const auto& r : p.reasons) out += fmt::format("borne_printer_reason{{reason=\"{}\"}} 1\n", escape_label(r));
        header(out, "borne_printer_problem", "1 for each thing that keeps paper from coming out (media-empty, media-jam, door-open…)");
        for (const auto& r : p.problems) out += fmt::format("borne_printer_problem{{problem=\"{}\"}} 1\n", escape_label(r));
    }
    if (g.escpos) {
        header(out, "borne_escpos_reachable", "1 when the ESC/POS printer answered its status request (DLE EOT)");
        out += fmt::format("borne_escpos_reachable {}\n", g.escpos->reachable ? 1 : 0);
        header(out, "borne_escpos_problem", "1 for each problem the ESC/POS printer reports (media-empty, media-low, cover-open, offline, other)");
        for (const auto& r : g.escpos->problems) out += fmt::format("borne_escpos_problem{{problem=\"{}\"}} 1\n", escape_label(r));
    }
    if (g.printer || g.escpos) {
        // One gauge whichever the source, so that one alert rule serves IPP and ESC/POS printers.
        bool paper_out = false, paper_low = false;
        auto add = [&](const std::vector<std::string>& problems) {
            for (const auto& r : problems) {
                paper_out = paper_out || r == "media-empty" || r == "media-needed";
                paper_low = paper_low || r == "media-low";
            }
        };
        if (g.printer) {
            add(g.printer->problems);
            for (const auto& r : g.printer->reasons) paper_low = paper_low || r.starts_with("media-low");  // media-low-warning, -report
        }
        if (g.escpos) add(g.escpos->problems);
        header(out, "borne_printer_paper_out", "1 when the printer reports no paper (IPP media-empty or media-needed, or ESC/POS paper end)");
        out += fmt::format("borne_printer_paper_out {}\n", paper_out ? 1 : 0);
        header(out, "borne_printer_paper_low", "1 when the printer reports paper nearly out (IPP media-low, or ESC/POS paper near end)");
        out += fmt::format("borne_printer_paper_low {}\n", paper_low && !paper_out ? 1 : 0);
    }
    if (g.last_print) {
        header(out, "borne_last_print_result", "1 for the result of the last slip (printed, printer-problem, not-sent)");
        for (auto r : {printing::PrintResult::Printed, printing::PrintResult::PrinterProblem, printing::PrintResult::NotSent})
            out += fmt::format("borne_last_print_result{{result=\"{}\"}} {}\n", printing::result_name(r), g.last_print->result == r ? 1 : 0);
        header(out, "borne_last_print_ok", "1 when the last slip printed");
        out += fmt::format("borne_last_print_ok {}\n", g.last_print->result == printing::PrintResult::Printed ? 1 : 0);
        header(out, "borne_last_print_seconds", "unix time the last slip ended (printed or not)");
        out += fmt::format("borne_last_print_seconds {}\n", g.last_print->at);
    }
    if (g.rules) {
        header(out, "borne_rules_info", "the rules the kiosk runs");
        out += fmt::format("borne_rules_info{{version=\"{}\"}} 1\n", escape_label(g.rules->version));
        if (g.rules->valid_until) {
            header(out, "borne_rules_days_left", "days until the installed rules pack expires");
            out += fmt::format("borne_rules_days_left {}\n", g.rules->valid_until->days() - g.today.days());
        }
        if (g.rules->refused_version) {
            header(out, "borne_rules_install_refused", "1 when the last rules pack tried was refused, with its version");
            out += fmt::format("borne_rules_install_refused{{version=\"{}\"}} 1\n", escape_label(*g.rules->refused_version));
        }
    }
    if (g.software) {
        header(out, "borne_software_install", "1 for the last software bundle tried from the hub, with its version and result (installed, refused)");
        out += fmt::format("borne_software_install{{version=\"{}\",result=\"{}\"}} 1\n", escape_label(g.software->version),
                           g.software->installed ? "installed" : "refused");
        header(out, "borne_software_install_seconds", "unix time of that install or refusal");
        out += fmt::format("borne_software_install_seconds {}\n", g.software->at);
    }
    if (!g.screens.empty()) {
        header(out, "borne_screen_connected", "1 for each display connector with a screen plugged in and on (DRM)");
        bool any = false;
        for (const auto& c : g.screens) {
            out += fmt::format("borne_screen_connected{{connector=\"{}\"}} {}\n", escape_label(c.name), c.connected ? 1 : 0);
            any = any || c.connected;
        }
        header(out, "borne_screen_healthy", "1 when at least one connector has a screen");
        out += fmt::format("borne_screen_healthy {}\n", any ? 1 : 0);
    }
    if (g.data_free_bytes && g.data_size_bytes) {
        header(out, "borne_data_free_bytes", "free bytes on the data partition (the SQLite file's)");
        out += fmt::format("borne_data_free_bytes {:.0f}\n", *g.data_free_bytes);
        header(out, "borne_data_size_bytes", "size of the data partition");
        out += fmt::format("borne_data_size_bytes {:.0f}\n", *g.data_size_bytes);
    }
    if (g.open_now) {
        header(out, "borne_site_open", "1 within the site file's opening hours");
        out += fmt::format("borne_site_open {}\n", *g.open_now ? 1 : 0);
    }
    header(out, "borne_gauges_written_seconds", "unix time these gauges were written");
    out += fmt::format("borne_gauges_written_seconds {}\n", g.written_at);
    return out;
}

}  // namespace borne::fleet
