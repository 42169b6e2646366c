// borne fleet export | gauges: the kiosk's side of the fleet (README « Fleet / hub », image/hub/HUB.md).
// export: the closed weeks' counts appended to the outbox rsyslog forwards; gauges: the .prom file
// node-exporter's textfile collector serves to the hub's Prometheus.
#include "commands.hpp"
#include "storage_args.hpp"

#include "borne/fleet/gauges.hpp"
#include "borne/fleet/outbox.hpp"
#include "borne/packs/rules_pack.hpp"
#include "borne/printing/cups_client.hpp"

#include <ctime>
#include <filesystem>
#include <fmt/format.h>
#include <sys/statvfs.h>

namespace borne::cli {

namespace {

std::optional<engine::Date> today_option(const Args& args, bool& bad) {
    bad = false;
    auto t = args.value("--today");
    if (!t) return today();
    auto d = engine::Date::parse(*t);
    if (!d) {
        usage_error(fmt::format("--today : date illisible « {} » (attendu AAAA-MM-JJ)", *t));
        bad = true;
    }
    return d;
}

int fleet_export(const Args& args) {
    auto kiosk = args.value("--kiosk");
    auto outbox = args.value("--outbox");
    if (!kiosk || !outbox) return usage_error("fleet export --kiosk ID --outbox FICHIER (--db, --config ou $BORNE_DB)");
    if (!fleet::valid_kiosk_id(*kiosk)) return usage_error(fmt::format("--kiosk : « {} » invalide (1 à 63 caractères a-z 0-9 -)", *kiosk));
    bool bad = false;
    auto day = today_option(args, bad);
    if (bad) return exit_bad_input;
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
    if (!out) return usage_error("fleet gauges --out FICHIER.prom [--printer FILE] [--config SITE.yaml] [--data DOSSIER] [--last-print RÉSULTAT]");
    bool bad = false;
    auto day = today_option(args, bad);
    if (bad) return exit_bad_input;
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
        data_path = std::filesystem::path(parsed.config->database).parent_path().string();
        if (!args.value("--printer")) g.printer = printer_gauge(parsed.config->printer);
    }
    if (auto queue = args.value("--printer")) g.printer = printer_gauge(*queue);
    if (auto last = args.value("--last-print")) {
        if (*last != "printed" && *last != "printer_problem" && *last != "not_sent")
            return usage_error(fmt::format("--last-print : « {} » (printed, printer_problem ou not_sent)", *last));
        g.last_print_result = *last;
    }
    g.rules = rules_gauge(args);
    if (auto d = data_dir(args)) data_path = *d;
    struct statvfs fs {};
    if (!data_path.empty() && ::statvfs(data_path.c_str(), &fs) == 0) {
        g.data_free_bytes = static_cast<double>(fs.f_bavail) * static_cast<double>(fs.f_frsize);
        g.data_size_bytes = static_cast<double>(fs.f_blocks) * static_cast<double>(fs.f_frsize);
    }
    if (auto s = fleet::write_file_atomically(*out, fleet::exposition(g)); !s.ok()) {
        fmt::print(stderr, "borne : {}\n", s.error);
        return exit_failed;
    }
    return exit_ok;
}

}  // namespace

int command_fleet(const std::string& sub, const Args& args) {
    if (sub == "export") return fleet_export(args);
    if (sub == "gauges") return fleet_gauges(args);
    return usage_error("fleet export ou fleet gauges");
}

}  // namespace borne::cli
