// The kiosk's side of the fleet on real SQLite files: weekly counts, the numbered outbox and its state,
// the gauges' text. The hub side (rsyslog, PostgreSQL, Prometheus, Alertmanager) is fleet_hub_test.py.
#include "borne/fleet/gauges.hpp"
#include "borne/fleet/last_print.hpp"
#include "borne/fleet/outbox.hpp"
#include "borne/fleet/visit_lock.hpp"
#include "borne/printing/escpos_status.hpp"
#include "borne/storage/atomic_file.hpp"
#include "borne/storage/statistics.hpp"

#include <catch2/catch.hpp>
#include <atomic>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

using namespace borne;
namespace fs = std::filesystem;

namespace {

engine::Date day(const char* iso) { return *engine::Date::parse(iso); }

struct TempDir {
    fs::path path;
    TempDir() {
        std::string t = (fs::temp_directory_path() / "borne-fleet-XXXXXX").string();
        path = ::mkdtemp(t.data());
    }
    ~TempDir() { fs::remove_all(path); }
};

std::unique_ptr<storage::Database> open_db(const fs::path& dir) {
    storage::OpenOptions options;
    options.kdf = {1, 8192};  // libsodium's minimum: these tests never open a save
    auto opened = storage::open_database((dir / "borne.sqlite").string(), 1'800'000'000, options);
    REQUIRE(opened.database);
    return std::move(opened.database);
}

storage::Visit visit(const char* d, bool completed, std::vector<std::string> aids = {}, const char* abandoned = "") {
    storage::Visit v;
    v.day = day(d);
    v.duration_s = 200;
    v.completed = completed;
    v.abandoned_at = abandoned;
    v.aids_found = std::move(aids);
    v.slip_printed = completed && !v.aids_found.empty();
    return v;
}

std::vector<nlohmann::json> lines_of(const fs::path& file) {
    std::ifstream in(file);
    std::vector<nlohmann::json> out;
    for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
    return out;
}

}  // namespace

TEST_CASE("weekly counts: one record per week, metric and key, none for the open week", "[fleet]") {
    TempDir t;
    auto db = open_db(t.path);
    // 2026-11-02 is a Monday.
    REQUIRE(storage::record_visit(*db, visit("2026-11-02", true, {"rsa", "apl"})).ok());
    REQUIRE(storage::record_visit(*db, visit("2026-11-08", true, {"rsa"})).ok());
    auto in_arabic = visit("2026-11-04", false, {}, "ressources.salaire");
    in_arabic.language = "ar";
    REQUIRE(storage::record_visit(*db, in_arabic).ok());
    REQUIRE(storage::record_visit(*db, visit("2026-11-09", true, {"rsa"})).ok());  // next week
    auto counts = fleet::weekly_counts(*db, day("2026-11-02"), day("2026-11-09"));
    REQUIRE(counts.ok());
    std::map<std::string, long long> by;
    for (const auto& c : *counts.value) {
        CHECK(c.week == day("2026-11-02"));
        by[std::string(fleet::metric_name(c.metric)) + ":" + c.key] = c.count;
    }
    CHECK(by["started:"] == 3);
    CHECK(by["completed:"] == 2);
    CHECK(by["aid_found:rsa"] == 2);
    CHECK(by["aid_found:apl"] == 1);
    CHECK(by["abandoned:ressources.salaire"] == 1);
    CHECK(by["slip_printed:"] == 2);
    CHECK(by["duration:2-5min"] == 2);
    CHECK(by["language:fr"] == 2);  // each visit started counted once by its language
    CHECK(by["language:ar"] == 1);
    CHECK(by.size() == 9);
}

TEST_CASE("export: closed weeks once, numbered on, a repeated run after a lost state gives the same records", "[fleet]") {
    TempDir t;
    auto db = open_db(t.path);
    fs::path outbox = t.path / "outbox.jsonl";
    REQUIRE(storage::record_visit(*db, visit("2026-11-03", true, {"rsa"})).ok());
    REQUIRE(storage::record_visit(*db, visit("2026-11-10", false, {}, "foyer")).ok());

    auto first = fleet::export_closed_weeks(*db, "k1", day("2026-11-12"), outbox.string());  // week of 11-09 still open
    REQUIRE(first.ok());
    CHECK(first.value->records == 6);  // started, completed, aid_found rsa, slip_printed, duration, language fr
    CHECK(first.value->first_seq == 1);
    CHECK(first.value->last_seq == 6);
    auto again = fleet::export_closed_weeks(*db, "k1", day("2026-11-15"), outbox.string());
    REQUIRE(again.ok());
    CHECK(again.value->records == 0);
    auto later = fleet::export_closed_weeks(*db, "k1", day("2026-11-16"), outbox.string());
    REQUIRE(later.ok());
    CHECK(later.value->first_seq == 7);
    CHECK(later.value->records == 3);  // started, abandoned foyer, language fr
    auto lines = lines_of(outbox);
    REQUIRE(lines.size() == 9);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        CHECK(lines[i]["kiosk"] == "k1");
        CHECK(lines[i]["seq"] == static_cast<long long>(i + 1));
        CHECK(lines[i]["v"] == 1);
    }
    CHECK(lines[7]["metric"] == "abandoned");
    CHECK(lines[7]["key"] == "foyer");
    CHECK(lines[7]["week"] == "2026-11-09");

    // A crash after the lines were written but before the state: the same records, same numbers.
    fs::path outbox2 = t.path / "outbox2.jsonl";
    REQUIRE(fleet::export_closed_weeks(*db, "k1", day("2026-11-16"), outbox2.string()).ok());
    fs::remove(outbox2.string() + ".state");
    REQUIRE(fleet::export_closed_weeks(*db, "k1", day("2026-11-16"), outbox2.string()).ok());
    auto twice = lines_of(outbox2);
    REQUIRE(twice.size() == 18);
    for (std::size_t i = 0; i < 9; ++i) CHECK(twice[i] == twice[i + 9]);
}

TEST_CASE("export: only counts leave, never the visit's own categories (age, household, housing, commune)", "[fleet]") {
    TempDir t;
    auto db = open_db(t.path);
    auto v = visit("2026-11-03", true, {"rsa"});
    // What the kiosk keeps of a visitor and must never send: values no count, key or id can contain.
    v.age_band = "60_plus";
    v.household = "couple_avec_enfants";
    v.children = "3+";
    v.housing = "locataire";
    v.commune = "38185";
    v.life_event = "naissance";
    REQUIRE(storage::record_visit(*db, v).ok());
    fs::path outbox = t.path / "outbox.jsonl";
    REQUIRE(fleet::export_closed_weeks(*db, "k1", day("2026-11-10"), outbox.string()).ok());
    auto lines = lines_of(outbox);
    REQUIRE_FALSE(lines.empty());
    const std::set<std::string> fields{"v", "kiosk", "seq", "week", "metric", "key", "count"};
    const std::set<std::string> metrics{"started", "completed", "abandoned", "aid_found", "slip_printed", "duration", "life_event", "language"};
    for (const auto& line : lines) {
        std::set<std::string> keys;
        for (const auto& item : line.items()) keys.insert(item.key());
        CHECK(keys == fields);
        CHECK(metrics.count(line["metric"].get<std::string>()) == 1);
    }
    std::ifstream in(outbox);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const char* kept : {"60_plus", "couple_avec_enfants", "3+", "locataire", "38185"}) CHECK(text.find(kept) == std::string::npos);
    CHECK(text.find("\"life_event\",\"key\":\"naissance\"") != std::string::npos);  // the moment de vie is a count's key
}

TEST_CASE("export: a bad kiosk id or a damaged state file is refused, naming it", "[fleet]") {
    TempDir t;
    auto db = open_db(t.path);
    fs::path outbox = t.path / "outbox.jsonl";
    auto bad = fleet::export_closed_weeks(*db, "K 1", day("2026-11-16"), outbox.string());
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error, Catch::Contains("K 1"));
    std::ofstream(outbox.string() + ".state") << "{\"next_seq\": \"x\"}";
    auto damaged = fleet::export_closed_weeks(*db, "k1", day("2026-11-16"), outbox.string());
    REQUIRE_FALSE(damaged.ok());
    CHECK_THAT(damaged.error, Catch::Contains("outbox.jsonl.state") && Catch::Contains("next_seq"));
    CHECK_FALSE(fs::exists(outbox));
}

TEST_CASE("gauges: paper out, rules days left, labels escaped, opening hours", "[fleet]") {
    fleet::Gauges g;
    g.today = day("2026-11-16");
    g.written_at = 42;
    g.printer = fleet::PrinterGauge{true, "stopped", {"media-empty-error", "weird\"reason"}, {"media-empty"}};
    g.rules = fleet::RulesGauge{"2027.04", day("2026-12-01"), "2027.05"};
    std::string text = fleet::exposition(g);
    CHECK_THAT(text, Catch::Contains("borne_printer_paper_out 1\n"));
    CHECK_THAT(text, Catch::Contains("borne_printer_state{state=\"stopped\"} 1\n"));
    CHECK_THAT(text, Catch::Contains("borne_printer_reason{reason=\"weird\\\"reason\"} 1\n"));
    CHECK_THAT(text, Catch::Contains("borne_rules_days_left 15\n"));
    CHECK_THAT(text, Catch::Contains("borne_rules_info{version=\"2027.04\"} 1\n"));
    CHECK_THAT(text, Catch::Contains("borne_rules_install_refused{version=\"2027.05\"} 1\n"));
    g.printer->problems = {"media-jam"};
    CHECK_THAT(fleet::exposition(g), Catch::Contains("borne_printer_paper_out 0\n"));

    std::vector<storage::OpeningHours> hours{{0, "08:30-12:00 13:30-16:30"}};
    CHECK(fleet::open_at(hours, 0, 8 * 60 + 30));
    CHECK_FALSE(fleet::open_at(hours, 0, 12 * 60 + 30));
    CHECK(fleet::open_at(hours, 0, 16 * 60 + 29));
    CHECK_FALSE(fleet::open_at(hours, 1, 9 * 60));
}

TEST_CASE("gauges file: two writers at once and a reader: every read is one whole file, no temporary file is left", "[fleet]") {
    // As on a kiosk: the rules and software pollers end together and both run `borne fleet gauges`, while
    // node-exporter reads the file at each scrape. Two gauges of different lengths, so that a mix shows.
    auto dir = fs::temp_directory_path() / fmt::format("borne-gauges-race-{}", getpid());
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string path = (dir / "borne.prom").string();
    fleet::Gauges first, second;
    first.today = second.today = day("2026-11-16");
    first.written_at = 1;
    second.written_at = 2;
    second.printer = fleet::PrinterGauge{true, "stopped", {"media-empty-error"}, {"media-empty"}};
    second.rules = fleet::RulesGauge{"2027.04", day("2026-12-01"), "2027.05"};
    const std::string texts[2] = {fleet::exposition(first), fleet::exposition(second)};
    REQUIRE(texts[0].size() != texts[1].size());
    REQUIRE(storage::write_file_atomically(path, texts[0], 0644).empty());

    std::atomic<int> writers_left{2}, failed_writes{0}, reads{0}, torn_reads{0};
    std::vector<std::thread> writers;
    for (const auto& text : texts)
        writers.emplace_back([&, text] {
            for (int k = 0; k < 300; ++k)
                if (!storage::write_file_atomically(path, text, 0644).empty()) ++failed_writes;
            --writers_left;
        });
    while (writers_left > 0) {
        std::ifstream in(path, std::ios::binary);
        std::string read((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        ++reads;
        if (read != texts[0] && read != texts[1]) ++torn_reads;
    }
    for (auto& w : writers) w.join();
    INFO(reads << " reads");
    CHECK(reads > 0);
    CHECK(failed_writes == 0);
    CHECK(torn_reads == 0);
    std::vector<std::string> left;
    for (const auto& e : fs::directory_iterator(dir)) left.push_back(e.path().filename().string());
    CHECK(left == std::vector<std::string>{"borne.prom"});
    CHECK((fs::status(path).permissions() & fs::perms::others_read) != fs::perms::none);  // node-exporter's own user reads it
    fs::remove_all(dir);
}

TEST_CASE("gauges: the screens the kernel sees, from a DRM sysfs folder", "[fleet]") {
    auto dir = fs::temp_directory_path() / fmt::format("borne-fleet-drm-{}", ::getpid());
    fs::remove_all(dir);
    for (const auto& [entry, status] : std::vector<std::pair<std::string, std::string>>{{"card0-HDMI-A-1", "connected\n"}, {"card0-DP-1", "disconnected\n"}}) {
        fs::create_directories(dir / entry);
        std::ofstream(dir / entry / "status") << status;
    }
    fs::create_directories(dir / "card0");  // the card itself, no connector
    auto screens = fleet::drm_connectors(dir.string());
    REQUIRE(screens.size() == 2);
    CHECK(screens[0].name == "DP-1");
    CHECK_FALSE(screens[0].connected);
    CHECK(screens[1].name == "HDMI-A-1");
    CHECK(screens[1].connected);

    fleet::Gauges g;
    g.screens = screens;
    std::string text = fleet::exposition(g);
    CHECK_THAT(text, Catch::Contains("borne_screen_connected{connector=\"HDMI-A-1\"} 1\n"));
    CHECK_THAT(text, Catch::Contains("borne_screen_connected{connector=\"DP-1\"} 0\n"));
    CHECK_THAT(text, Catch::Contains("borne_screen_healthy 1\n"));
    std::ofstream(dir / "card0-HDMI-A-1" / "status") << "disconnected\n";
    g.screens = fleet::drm_connectors(dir.string());
    CHECK_THAT(fleet::exposition(g), Catch::Contains("borne_screen_healthy 0\n"));

    CHECK(fleet::drm_connectors((dir / "missing").string()).empty());
    CHECK_THAT(fleet::exposition(fleet::Gauges{}), !Catch::Contains("borne_screen"));
    fs::remove_all(dir);
}

TEST_CASE("ESC/POS status: DLE EOT answers decoded, anything else refused", "[fleet]") {
    // Status bytes as Epson's reference gives them: fixed bits 0x12, then the flags.
    auto ready = printing::decode_escpos_status(0x12, 0x12, 0x12);
    REQUIRE(ready);
    CHECK(printing::escpos_problems(*ready).empty());
    auto out = printing::decode_escpos_status(0x1A, 0x32, 0x72);  // offline; stopped for paper end; roll paper end
    REQUIRE(out);
    CHECK(printing::escpos_problems(*out) == std::vector<std::string>{"media-empty", "offline"});
    auto low = printing::decode_escpos_status(0x12, 0x16, 0x1E);  // cover open; paper near end
    REQUIRE(low);
    CHECK(printing::escpos_problems(*low) == std::vector<std::string>{"media-low", "cover-open"});
    CHECK_FALSE(printing::decode_escpos_status(0x00, 0x12, 0x12));  // not a status byte (something else on the port)
    CHECK_FALSE(printing::decode_escpos_status(0x12, 0x12, 0xFF));
}

TEST_CASE("ESC/POS status: asked on a serial port (a pseudo-terminal), and a printer that does not answer", "[fleet]") {
    int master = ::posix_openpt(O_RDWR | O_NOCTTY);
    REQUIRE(master >= 0);
    REQUIRE(::grantpt(master) == 0);
    REQUIRE(::unlockpt(master) == 0);
    std::string port = ::ptsname(master);
    // The printer's side: answers each DLE EOT n it reads with its status byte (paper near end, cover open).
    std::string heard;
    std::thread printer([&] {
        while (heard.size() < 9) {
            char c;
            if (::read(master, &c, 1) != 1) return;
            heard += c;
            if (heard.size() % 3 == 0) {
                char n = heard.back();
                char answer = n == 1 ? 0x12 : n == 2 ? 0x16 : 0x1E;
                if (::write(master, &answer, 1) != 1) return;
            }
        }
    });
    std::string error;
    auto status = printing::read_escpos_status(port, std::chrono::milliseconds(2000), &error);
    printer.join();
    CHECK(heard == printing::escpos_status_query());
    REQUIRE(status);
    CHECK(printing::escpos_problems(*status) == std::vector<std::string>{"media-low", "cover-open"});

    // Nobody answers now: nothing, and the error names the port.
    auto silent = printing::read_escpos_status(port, std::chrono::milliseconds(200), &error);
    CHECK_FALSE(silent);
    CHECK_THAT(error, Catch::Contains(port) && Catch::Contains("ne répond pas"));
    ::close(master);
    CHECK_FALSE(printing::read_escpos_status("/nonexistent/ttyUSB9", std::chrono::milliseconds(100), &error));
    CHECK_THAT(error, Catch::Contains("/nonexistent/ttyUSB9"));
}

TEST_CASE("gauges: paper out from the ESC/POS status alone, paper low, the last slip", "[fleet]") {
    fleet::Gauges g;
    g.escpos = fleet::EscposGauge{true, {"media-empty"}};
    std::string text = fleet::exposition(g);
    CHECK_THAT(text, Catch::Contains("borne_printer_paper_out 1\n"));
    CHECK_THAT(text, Catch::Contains("borne_escpos_problem{problem=\"media-empty\"} 1\n"));
    CHECK_THAT(text, !Catch::Contains("borne_printer_reachable"));  // no CUPS queue asked: not guessed
    g.escpos->problems = {"media-low"};
    CHECK_THAT(fleet::exposition(g), Catch::Contains("borne_printer_paper_out 0\n") && Catch::Contains("borne_printer_paper_low 1\n"));
    g.escpos = fleet::EscposGauge{false, {}};
    CHECK_THAT(fleet::exposition(g), Catch::Contains("borne_escpos_reachable 0\n"));

    g.last_print = fleet::LastPrint{printing::PrintResult::PrinterProblem, 1796000000};
    text = fleet::exposition(g);
    CHECK_THAT(text, Catch::Contains("borne_last_print_result{result=\"printer-problem\"} 1\n"));
    CHECK_THAT(text, Catch::Contains("borne_last_print_result{result=\"printed\"} 0\n"));
    CHECK_THAT(text, Catch::Contains("borne_last_print_ok 0\n") && Catch::Contains("borne_last_print_seconds 1796000000\n"));
}

TEST_CASE("last print: recorded and read back; a damaged file is an error naming it", "[fleet]") {
    TempDir t;
    std::string path = fleet::last_print_path(t.path.string());
    auto none = fleet::read_last_print(path);
    REQUIRE(none.ok());
    CHECK_FALSE(*none.value);
    REQUIRE(fleet::record_last_print(path, {printing::PrintResult::Printed, 1796000123}).ok());
    auto back = fleet::read_last_print(path);
    REQUIRE(back.ok());
    REQUIRE(*back.value);
    CHECK((*back.value)->result == printing::PrintResult::Printed);
    CHECK((*back.value)->at == 1796000123);
    std::ofstream(path) << "imprimé hier\n";
    auto bad = fleet::read_last_print(path);
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error, Catch::Contains(path + ":1"));
}

TEST_CASE("software bundles: fleet-update's record read back and reported; a damaged one is an error naming it", "[fleet]") {
    TempDir t;
    std::string path = fleet::software_install_path(t.path.string());
    auto none = fleet::read_software_install(path);
    REQUIRE(none.ok());
    CHECK_FALSE(*none.value);
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path) << "9.9.2 refused 1796000000\n";
    auto read = fleet::read_software_install(path);
    REQUIRE(read.ok());
    REQUIRE(*read.value);
    fleet::Gauges g;
    g.software = **read.value;
    std::string text = fleet::exposition(g);
    CHECK_THAT(text, Catch::Contains("borne_software_install{version=\"9.9.2\",result=\"refused\"} 1\n"));
    CHECK_THAT(text, Catch::Contains("borne_software_install_seconds 1796000000\n"));
    std::ofstream(path) << "9.9.2 maybe 1796000000\n";
    auto bad = fleet::read_software_install(path);
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error, Catch::Contains(path + ":1"));
}

TEST_CASE("visit lock: held from a visit's start to its end, seen by the update poller; a killed app holds nothing", "[fleet]") {
    TempDir t;
    std::string path = fleet::visit_lock_path(t.path.string());
    auto before = fleet::visit_in_progress(path);
    REQUIRE(before.ok());
    CHECK_FALSE(*before.value);  // no file yet: the app never ran a visit here
    {
        fleet::VisitLock lock(path);
        lock.visit(false);
        CHECK_FALSE(fs::exists(path));
        lock.visit(true);
        REQUIRE(lock.held());
        auto during = fleet::visit_in_progress(path);
        REQUIRE(during.ok());
        CHECK(*during.value);
        lock.visit(true);  // every frame of the visit says so again: still held, nothing new
        CHECK(lock.held());
        lock.visit(false);  // the wipe
        CHECK_FALSE(lock.held());
        auto after = fleet::visit_in_progress(path);
        REQUIRE(after.ok());
        CHECK_FALSE(*after.value);
        lock.visit(true);
        CHECK(*fleet::visit_in_progress(path).value);
    }
    CHECK_FALSE(*fleet::visit_in_progress(path).value);  // the app exited during a visit: the lock went with it

    // An app killed mid-visit (SIGKILL: no destructor runs) leaves nothing held.
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        fleet::VisitLock lock(path);
        lock.visit(true);
        char c = lock.held() ? 'y' : 'n';
        if (::write(ready[1], &c, 1) != 1) ::_exit(1);
        ::pause();
        ::_exit(0);
    }
    char c = 0;
    REQUIRE(::read(ready[0], &c, 1) == 1);
    CHECK(c == 'y');
    CHECK(*fleet::visit_in_progress(path).value);
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    ::close(ready[0]);
    ::close(ready[1]);
    CHECK_FALSE(*fleet::visit_in_progress(path).value);

    // A lock the app cannot make (its folder is a file) is said, once, and the frame loop goes on.
    fleet::VisitLock broken((t.path / "last-print-is-a-file" / "visit.lock").string());
    std::ofstream(t.path / "last-print-is-a-file") << "x";
    broken.visit(true);
    CHECK_FALSE(broken.held());
    CHECK_THAT(broken.error(), Catch::Contains("last-print-is-a-file"));
}
