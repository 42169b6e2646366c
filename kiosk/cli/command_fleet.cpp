// borne fleet export | gauges: the kiosk's side of the fleet (README « Fleet / hub », image/hub/HUB.md).
// export: the closed weeks' counts appended to the outbox rsyslog forwards; gauges: the .prom file
// node-exporter's textfile collector serves to the hub's Prometheus.
#include "commands.hpp"
#include "storage_args.hpp"

#include "borne/fleet/gauges.hpp"
#include "borne/fleet/outbox.hpp"
#include "borne/fleet/visit_lock.hpp"
#include "borne/packs/rules_pack.hpp"
#include "borne/printing/cups_client.hpp"
#include "borne/printing/escpos_status.hpp"
#include "borne/storage/atomic_file.hpp"

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fmt/format.h>
#include <sys/statvfs.h>

namespace borne::cli {

namespace {

int fleet_export(const Args& args) {
    auto kiosk = args.value("--kiosk");
    auto outbox = args.value("--outbox");
    if (!kiosk || !outbox) return usage_error("fleet export --kiosk ID --outbox FICHIER (--db, --config ou $BORNE_DB)");
    if (!fleet::valid_kiosk_id(*kiosk)) return usage_error(fmt::format("--kiosk : « {} » invalide (1 à 63 caractères a-z 0-9 -)", *kiosk));
    auto day = today_option(args);  // cli_common's, as every --today: AAAA-MM-JJ or AAAA-MM
    if (!day) return usage_error("--today : date illisible (AAAA-MM-JJ)");
    auto storage = open_storage_or_report(args);
    if (!storage) return exit_bad_input;
    auto outcome = fleet::export_closed_weeks(*storage->database, *kiosk, *day, *outbox);
    if (!outcome.ok()) {
        fmt::print(stderr, "borne : {}\n", outcome.error);
        return exit_failed;
    }
    const auto& o = *outcome.value;
    if (o.records == 0)
        fmt::print("aucune semaine close à envoyer{}\n", o.before ? fmt::format(" (envoyées jusqu'au {} exclu)", o.before->iso()) : "");
    else
        fmt::print("{} enregistrements, n° {} à {}, semaines du {} au {} exclu\n", o.records, o.first_seq, o.last_seq, o.from->iso(), o.before->iso());
    return exit_ok;
}

fleet::PrinterGauge printer_gauge(const std::string& queue) {
    fleet::PrinterGauge g;
    printing::CupsSettings settings;
    settings.connect_timeout = std::chrono::milliseconds(2000);
    auto state = printing::printer_state(queue, settings);
    g.reachable = state.has_value();
    if (!state) {
        g.state = "unknown";
        return g;
    }
    using S = printing::PrinterState::State;
    g.state = state->state == S::Idle ? "idle" : state->state == S::Processing ? "processing" : state->state == S::Stopped ? "stopped" : "unknown";
    g.reasons = state->reasons;
    g.problems = printing::paper_problems(*state, true);
    return g;
}

fleet::EscposGauge escpos_gauge(const std::string& device) {
    fleet::EscposGauge g;
    std::string error;
    auto status = printing::read_escpos_status(device, std::chrono::milliseconds(1000), &error);
    g.reachable = status.has_value();
    if (status) g.problems = printing::escpos_problems(*status);
    else fmt::print(stderr, "borne : imprimante ESC/POS : {}\n", error);  // the gauge says it; the journal says why
    return g;
}

std::optional<fleet::RulesGauge> rules_gauge(const Args& args) {
    auto data = data_dir(args);
    if (!data) return fleet::RulesGauge{"bundled", std::nullopt, std::nullopt};
    fleet::RulesGauge g{"bundled", std::nullopt, std::nullopt};
    if (auto manifest = packs::installed_manifest(*data); manifest.ok()) {
        g.version = manifest.value->version;
        g.valid_until = manifest.value->valid_until;
    }
    if (auto status = packs::read_status(*data); status.ok() && !status.value->installed) g.refused_version = status.value->version;
    return g;
}

int fleet_gauges(const Args& args) {
    auto out = args.value("--out");
    if (!out) return usage_error("fleet gauges --out FICHIER.prom [--printer FILE] [--escpos PÉRIPHÉRIQUE] [--config SITE.yaml] [--data DOSSIER] [--drm /sys/class/drm]");
    auto day = today_option(args);  // cli_common's, as every --today: AAAA-MM-JJ or AAAA-MM
    if (!day) return usage_error("--today : date illisible (AAAA-MM-JJ)");
    fleet::Gauges g;
    g.today = *day;
    g.written_at = unix_now();
    std::string data_path = std::filesystem::path(*out).parent_path().string();
    if (auto file = args.value("--config")) {
        auto parsed = storage::read_site_config(*file);
        if (!parsed.config) {
            for (const auto& e : parsed.errors) fmt::print(stderr, "{}\n", e.to_string(*file));
            return exit_bad_input;
        }
        std::time_t now = std::time(nullptr);
        std::tm local{};
        localtime_r(&now, &local);
        g.open_now = fleet::open_at(parsed.config->opening_hours, (local.tm_wday + 6) % 7, local.tm_hour * 60 + local.tm_min);
        data_path = storage::data_folder(*parsed.config);
        if (!args.value("--printer")) g.printer = printer_gauge(parsed.config->printer);
    }
    if (auto queue = args.value("--printer")) g.printer = printer_gauge(*queue);
    if (auto device = args.value("--escpos")) g.escpos = escpos_gauge(*device);
    g.rules = rules_gauge(args);
    g.screens = fleet::drm_connectors(args.value("--drm").value_or("/sys/class/drm"));
    if (auto d = data_dir(args)) data_path = *d;
    // The app records its last slip under the data folder (fleet/last-print); a bad file is said, not fatal.
    if (!data_path.empty()) {
        auto last = fleet::read_last_print(fleet::last_print_path(data_path));
        if (last.ok()) g.last_print = *last.value;
        else fmt::print(stderr, "borne : {}\n", last.error);
        auto software = fleet::read_software_install(fleet::software_install_path(data_path));
        if (software.ok()) g.software = *software.value;
        else fmt::print(stderr, "borne : {}\n", software.error);
    }
    struct statvfs fs {};
    if (!data_path.empty() && ::statvfs(data_path.c_str(), &fs) == 0) {
        g.data_free_bytes = static_cast<double>(fs.f_bavail) * static_cast<double>(fs.f_frsize);
        g.data_size_bytes = static_cast<double>(fs.f_blocks) * static_cast<double>(fs.f_frsize);
    }
    // 0644: node-exporter reads it as its own user.
    if (auto error = storage::write_file_atomically(*out, fleet::exposition(g), 0644); !error.empty()) {
        fmt::print(stderr, "borne : {}\n", error);
        return exit_failed;
    }
    return exit_ok;
}

/// "2026-11-18T14:30" (the kiosk's local time), for tests; none: now.
struct LocalMoment {
    engine::Date day;
    int minute = 0;  // 0…1439
};

std::optional<LocalMoment> moment_option(const Args& args, bool& bad) {
    bad = false;
    auto at = args.value("--at");
    if (!at) {
        std::time_t now = std::time(nullptr);
        std::tm local{};
        localtime_r(&now, &local);
        return LocalMoment{engine::Date::from_ymd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday), local.tm_hour * 60 + local.tm_min};
    }
    auto t = at->find('T');
    auto day = t == std::string::npos ? std::nullopt : engine::Date::parse(at->substr(0, t));
    int h = -1, m = -1;
    if (day && at->size() == t + 6 && (*at)[t + 3] == ':' && std::sscanf(at->c_str() + t + 1, "%2d:%2d", &h, &m) == 2 && h >= 0 && h < 24 && m >= 0 &&
        m < 60)
        return LocalMoment{*day, h * 60 + m};
    usage_error(fmt::format("--at : « {} » illisible (attendu AAAA-MM-JJTHH:MM)", *at));
    bad = true;
    return std::nullopt;
}

// borne fleet window: whether an update may be installed now. The maintenance window is when the site is closed
// (outside the site file's horaires) and no visit is open: a visitor still at the kiosk after closing holds the
// app's visit lock (borne/fleet/visit_lock.hpp) in the data folder (--data, else the site file's base's folder, as
// the app and the gauges find it). Exit 0: inside the window; 3: the site is open or a visit is, wait.
int fleet_window(const Args& args) {
    auto file = args.value("--config");
    if (!file) return usage_error("fleet window --config SITE.yaml [--data DOSSIER] [--at AAAA-MM-JJTHH:MM]");
    bool bad = false;
    auto at = moment_option(args, bad);
    if (bad) return exit_bad_input;
    auto parsed = storage::read_site_config(*file);
    if (!parsed.config) {
        for (const auto& e : parsed.errors) fmt::print(stderr, "{}\n", e.to_string(*file));
        return exit_bad_input;
    }
    int weekday = at->day.days() - fleet::monday_of(at->day).days();  // 0 Monday, as the site file's horaires
    if (fleet::open_at(parsed.config->opening_hours, weekday, at->minute)) {
        fmt::print("site ouvert (horaires de {}) : pas d'installation pendant les visites\n", *file);
        return 3;
    }
    auto data = data_dir(args).value_or(storage::data_folder(*parsed.config));
    auto lock = fleet::visit_lock_path(data);
    auto visiting = fleet::visit_in_progress(lock);
    if (!visiting.ok()) {
        fmt::print(stderr, "borne : {} : une visite est peut-être en cours, pas d'installation\n", visiting.error);
        return 3;
    }
    if (*visiting.value) {
        fmt::print("une visite est en cours ({}) : l'installation attend sa fin\n", lock);
        return 3;
    }
    fmt::print("fenêtre de maintenance : site fermé\n");
    return exit_ok;
}

}  // namespace

int command_fleet(const std::string& sub, const Args& args) {
    if (sub == "export") return fleet_export(args);
    if (sub == "gauges") return fleet_gauges(args);
    if (sub == "window") return fleet_window(args);
    return usage_error("fleet export, fleet gauges ou fleet window");
}

}  // namespace borne::cli
