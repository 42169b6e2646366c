// borne-kiosk-soak: months of a kiosk in minutes. Random households (seeded) played one after the other
// in this one process, as a kiosk plays its visitors: the real Flow, the persona player's taps, the
// screens drawn by the app layer (SDL's software renderer, offscreen), the slip built and rendered by the
// kiosk's printer (to a PDF file, never to a printer), each visit recorded in a SQLite database, and the
// idle wipe that ends it. Prints resident memory and frame time over the first and the last visits: a
// kiosk runs for months, neither may grow. Figures, not a test (image/README.md, « Figures »).
//   borne-kiosk-soak [--visits N] [--window W] [--seed S] [--size WxH] [--draw-every K]
#include "borne/engine/loader.hpp"
#include "borne/kiosk/kiosk_printer.hpp"
#include "borne/kiosk/persona.hpp"
#include "borne/kiosk/storage_link.hpp"
#include "headless.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <malloc.h>
#include <random>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace borne;
using namespace borne::kiosk;

namespace {

struct Options {
    int visits = 10000;
    int window = 500;  // the visits measured at the start and at the end
    unsigned seed = 20261207;
    int width = 1280, height = 800;  // the appliance's screen (image/README.md)
    int draw_every = 20;  // the screens of one visit in this many are drawn (0: none); the others play the flow alone
};

/// Resident memory now (VmRSS) or at its peak (VmHWM), KiB, from /proc/self/status.
long status_kib(const std::string& field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field + ":", 0) == 0) return std::atol(line.c_str() + field.size() + 1);
    return -1;
}

/// Heap in use (glibc's mallinfo2: allocated chunks and mmapped blocks), MiB. Beside RSS, it tells
/// memory the program holds from pages the allocator keeps (fragmentation).
double heap_mib() {
    struct mallinfo2 m = mallinfo2();
    return static_cast<double>(m.uordblks + m.hblkhd) / 1048576;
}

int input_index(const engine::RuleSet& R, std::string_view id) {
    for (std::size_t k = 0; k < R.inputs.size(); ++k)
        if (R.inputs[k].id == id) return static_cast<int>(k);
    return -1;
}

/// A commune drawn from the directory: a postal code of a random department (mostly ending in 0, as most
/// do), kept when the directory knows it.
std::string random_commune(const engine::CommuneDirectory& communes, std::mt19937& rng) {
    for (int attempt = 0; attempt < 10000; ++attempt) {
        int department = 1 + static_cast<int>(rng() % 95);
        if (department == 20) continue;  // Corsica is 2A/2B, its postal codes 20xxx
        std::string code = fmt::format("{:02}{:02}{}", department, rng() % 100, rng() % 4 == 0 ? rng() % 10 : 0);
        auto found = communes.by_postal_code(code);
        if (!found.empty()) return found[rng() % found.size()]->insee;
    }
    return "75056";
}

/// A household for `R`, drawn at random: a couple or not, 0 to 5 children, ages and incomes of every kind,
/// a commune anywhere. Every question the rules may ask gets an answer of its type, inside its bounds
/// (the player then enters what the kiosk asks); about one answer in twenty is « je ne sais pas » where the
/// question allows it. Dates of birth follow the person's place (claimant, partner, child).
engine::Situation random_household(const engine::RuleSet& R, const engine::CommuneDirectory& communes, engine::Date month,
                                   std::mt19937& rng) {
    auto chance = [&](int percent) { return static_cast<int>(rng() % 100) < percent; };
    auto between = [&](int lo, int hi) { return lo + static_cast<int>(rng() % static_cast<unsigned>(hi - lo + 1)); };
    engine::Situation s = engine::Situation::empty(R, month);
    auto given = [](auto fill) {
        engine::Answer a;
        a.state = engine::Answer::State::Given;
        fill(a);
        return a;
    };
    const int couple = input_index(R, "foyer.en_couple"), children = input_index(R, "foyer.nombre_enfants");
    const int birth = input_index(R, "personne.date_naissance");
    if (couple >= 0) s.set(R, couple, -1, given([&](engine::Answer& a) { a.boolean = chance(45); }));
    if (children >= 0) {
        static constexpr int weights[] = {35, 25, 22, 10, 5, 3};  // 0 to 5 children
        int n = std::discrete_distribution<int>(std::begin(weights), std::end(weights))(rng);
        s.set(R, children, -1, given([&](engine::Answer& a) { a.number = engine::Decimal::from_int(n); }));
    }
    const int claimant_age = between(18, 90);
    const int first_child = s.first_child_index(R);
    auto birth_date = [&](int person) {
        int age = person == 0 ? claimant_age
                  : person < first_child ? std::clamp(claimant_age + between(-10, 10), 18, 95)
                                         : between(0, std::clamp(claimant_age - 16, 0, 24));
        return engine::Date::from_ymd(month.year() - age - 1, between(1, 12), between(1, 28));
    };
    auto amount = [&](const engine::Input& in, int person) {
        bool child = person >= first_child;
        int cents = 0;
        if (in.name == "loyer") cents = between(150, 1400) * 100;
        else if (in.name == "salaire_net") cents = chance(child ? 10 : 55) ? between(300, 4500) * 100 : 0;
        else if (in.name == "retraite_nette") cents = chance(claimant_age >= 62 && !child ? 80 : 3) ? between(400, 3000) * 100 : 0;
        else if (in.name == "epargne") cents = chance(40) ? between(100, 60000) * 100 : 0;
        else cents = chance(child ? 5 : 25) ? between(50, 1800) * 100 + between(0, 99) : 0;
        auto value = engine::Decimal::from_cents(cents);
        if (in.minimum) value = std::max(value, *in.minimum);
        if (in.maximum) value = std::min(value, *in.maximum);
        return value;
    };
    auto draw = [&](int input, int person) {
        const engine::Input& in = R.inputs[static_cast<std::size_t>(input)];
        if (in.dont_know_allowed && chance(5)) {
            engine::Answer a;
            a.state = engine::Answer::State::DontKnow;
            return a;
        }
        return given([&](engine::Answer& a) {
            switch (in.input_type) {
                case engine::InputType::YesNo: a.boolean = chance(20); break;
                case engine::InputType::Choice: {
                    const auto& values = R.enumerations[static_cast<std::size_t>(in.type.enumeration)].values;
                    a.choice = static_cast<int>(rng() % values.size());
                    break;
                }
                case engine::InputType::Date:
                    a.date = input == birth ? birth_date(person) : engine::Date::from_ymd(month.year() - between(0, 15), between(1, 12), between(1, 28));
                    break;
                case engine::InputType::Integer: {
                    int lo = in.minimum ? static_cast<int>(in.minimum->to_int()) : 0, hi = in.maximum ? static_cast<int>(in.maximum->to_int()) : 4;
                    a.number = engine::Decimal::from_int(between(lo, std::max(lo, std::min(hi, lo + 6))));
                    break;
                }
                case engine::InputType::Amount: a.number = amount(in, person); break;
                case engine::InputType::Text: a.text = random_commune(communes, rng); break;
            }
        });
    };
    for (std::size_t input = 0; input < R.inputs.size(); ++input) {
        int k = static_cast<int>(input);
        if (k == couple || k == children) continue;
        if (R.inputs[input].entity == engine::Entity::Household) s.set(R, k, -1, draw(k, -1));
        else
            for (std::size_t person = 0; person < s.persons.size(); ++person) s.set(R, k, static_cast<int>(person), draw(k, static_cast<int>(person)));
    }
    return s;
}

struct VisitFigures {
    std::vector<double> frame_ms;
    bool reached_results = false, printed = false, wiped = false;
    int taps = 0;
};

/// The kiosk's loop, for a soak: frames drawn by the app layer, taps given to the flow, time simulated
/// (`now` moves on by a visitor's pace, and by the idle delays at the end).
class Kiosk {
public:
    Kiosk(Platform& platform, Flow& flow, const engine::CommuneDirectory& communes, const Config& config)
        : m_platform(platform), m_flow(flow), m_communes(communes), m_config(config) {}

    VisitFigures visit(const engine::Situation& household, const std::string& language, bool draw) {
        VisitFigures f;
        m_draw = draw;
        PersonaPlayer player(household, &m_communes);
        // Some visitors choose another language on the welcome screen (the wipe brings French back).
        if (!language.empty()) m_flow.tap("langue:" + language, m_now += std::chrono::seconds(2));
        for (int step = 0; step < 1000; ++step) {
            frames(f);
            auto next = player.next(m_flow);
            if (next.step != PersonaPlayer::Step::Tap) {
                f.reached_results = next.step == PersonaPlayer::Step::Done;
                break;
            }
            m_flow.tap(next.tap, m_now += std::chrono::seconds(3));
            ++f.taps;
        }
        if (f.reached_results) {
            m_flow.tap("imprimer", m_now += std::chrono::seconds(5));
            // The slip is rendered on the printer's worker thread; the kiosk keeps drawing meanwhile.
            for (int k = 0; k < 60000 && m_flow.waiting_for_printer(); ++k) {
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
                m_flow.tick(m_now);
            }
            frames(f);
            f.printed = !m_flow.waiting_for_printer() && m_flow.view().screen == Screen::Slip;
        }
        // The visitor walks away: the idle warning, its countdown, the wipe back to the welcome.
        m_flow.tick(m_now += m_config.idle_timeout + std::chrono::seconds(1));
        frames(f);
        m_flow.tick(m_now += m_config.idle_countdown + std::chrono::seconds(1));
        frames(f);
        f.wiped = m_flow.view().screen == Screen::Welcome && !m_flow.view().idle_warning;
        m_now += std::chrono::seconds(20);  // until the next visitor
        return f;
    }

private:
    Platform& m_platform;
    Flow& m_flow;
    const engine::CommuneDirectory& m_communes;
    const Config& m_config;
    Clock::time_point m_now = Clock::now();
    std::string m_drawn;
    bool m_draw = true;

    /// What the kiosk's loop draws after an event: a frame, and a second one when the screen changed
    /// (ImGui lays a new screen out in its first frame). Each one timed.
    void frames(VisitFigures& f) {
        if (!m_draw) return;
        const View& v = m_flow.view();
        std::string key = fmt::format("{}|{}|{}", screen_name(v.screen), v.title, v.idle_warning);
        int count = key == m_drawn ? 1 : 2;
        m_drawn = key;
        for (int k = 0; k < count; ++k) {
            auto t = std::chrono::steady_clock::now();
            draw_frame(m_platform, m_flow, "");
            f.frame_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count());
        }
    }
};

struct Window {
    std::vector<double> frames;
    double seconds = 0;
    long rss_max_kib = 0;
    int visits = 0, results = 0, printed = 0, wiped = 0;

    void add(const VisitFigures& v, double s, long rss) {
        frames.insert(frames.end(), v.frame_ms.begin(), v.frame_ms.end());
        seconds += s;
        rss_max_kib = std::max(rss_max_kib, rss);
        ++visits;
        results += v.reached_results;
        printed += v.printed;
        wiped += v.wiped;
    }
};

double percentile(std::vector<double> v, int p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, v.size() * static_cast<std::size_t>(p) / 100)];
}

void print_window(const char* name, const Window& w, long rss_at_end) {
    fmt::print("{:<6} {:5} visits  {:6.1f} visits/s  frames: {:6} median {:6.2f} ms  p99 {:6.2f} ms  RSS at its end {:6.1f} MiB  max {:6.1f} MiB"
               "  results {} slips {} wiped {}\n",
               name, w.visits, w.visits / std::max(w.seconds, 1e-9), w.frames.size(), percentile(w.frames, 50), percentile(w.frames, 99),
               static_cast<double>(rss_at_end) / 1024, static_cast<double>(w.rss_max_kib) / 1024, w.results, w.printed, w.wiped);
}

bool parse(int argc, char** argv, Options& o) {
    for (int k = 1; k < argc; ++k) {
        std::string a = argv[k];
        if (k + 1 >= argc) return false;
        std::string v = argv[++k];
        if (a == "--visits") o.visits = std::max(1, std::atoi(v.c_str()));
        else if (a == "--window") o.window = std::max(1, std::atoi(v.c_str()));
        else if (a == "--draw-every") o.draw_every = std::max(0, std::atoi(v.c_str()));
        else if (a == "--seed") o.seed = static_cast<unsigned>(std::strtoul(v.c_str(), nullptr, 10));
        else if (a == "--size") {
            if (std::sscanf(v.c_str(), "%dx%d", &o.width, &o.height) != 2) return false;
        } else return false;
    }
    o.window = std::min(o.window, std::max(1, o.visits / 2));
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each line when written, into a pipe or a file too
    Options o;
    if (!parse(argc, argv, o)) {
        fmt::print(stderr, "usage: borne-kiosk-soak [--visits N] [--window W] [--seed S] [--size WxH] [--draw-every K]\n");
        return 2;
    }
    std::string error;
    // The kiosk's order (main.cpp): the window first, then the rules, the communes, the flow.
    auto platform = Platform::open({o.width, o.height, false, true, BORNE_DEFAULT_PICTOGRAMS}, error);
    if (!platform) { fmt::print(stderr, "borne-kiosk-soak : {}\n", error); return 1; }
    auto loaded = engine::load_rules(BORNE_DEFAULT_RULES_DIR, {.tests = false});
    if (!loaded.rules) { fmt::print(stderr, "borne-kiosk-soak : règles refusées\n"); return 1; }
    auto communes = engine::CommuneDirectory::load(BORNE_DEFAULT_COMMUNES, error);
    if (!communes) { fmt::print(stderr, "borne-kiosk-soak : {}\n", error); return 1; }
    Config config;
    config.month = engine::Date::from_ymd(2026, 11, 1);
    std::vector<i18n::LoadError> problems;
    config.languages = std::make_shared<const i18n::Catalogues>(i18n::Catalogues::load(BORNE_LOCALE_DIR, {"fr", "en", "ar"}, problems));
    if (!problems.empty()) { fmt::print(stderr, "borne-kiosk-soak : {}\n", problems.front().message); return 1; }

    auto work = std::filesystem::temp_directory_path() / fmt::format("borne-kiosk-soak-{}", getpid());
    std::filesystem::create_directories(work);
    auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    auto store = storage::Storage::open((work / "borne.sqlite").string(), now);
    if (!store.available()) { fmt::print(stderr, "borne-kiosk-soak : base SQLite indisponible\n"); return 1; }
    SlipSettings slip;
    slip.site_name = config.site_name;
    slip.file = (work / "ticket.pdf").string();  // each slip rendered and written over the last one
    KioskPrinter printer(loaded.rules, slip);
    int status = 0;
    {
        Flow flow(loaded.rules, &*communes, config, printer.slip_printer());
        link_storage(flow, store, [&] { return config.month; });
        Kiosk kiosk(*platform, flow, *communes, config);
        std::mt19937 rng(o.seed);
        Window first, last, all;
        long rss_after_first = 0;
        const auto start = std::chrono::steady_clock::now();
        const long rss_start = status_kib("VmRSS");
        fmt::print("kiosk soak: {} random households (seed {}; 15 % in English, 10 % in Arabic) in one process, the screens of one visit in {} drawn at {}x{}"
                   " (software rendering), slips to PDF, SQLite statistics\n", o.visits, o.seed, o.draw_every, o.width, o.height);
        fmt::print("RSS before the first visit {:.1f} MiB, heap in use {:.1f} MiB\n", static_cast<double>(rss_start) / 1024, heap_mib());
        for (int k = 0; k < o.visits; ++k) {
            auto household = random_household(*loaded.rules, *communes, config.month, rng);
            int dice = static_cast<int>(rng() % 100);
            std::string language = dice < 15 ? "en" : dice < 25 ? "ar" : "";
            auto t = std::chrono::steady_clock::now();
            auto figures = kiosk.visit(household, language, o.draw_every > 0 && k % o.draw_every == 0);
            double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
            long rss = status_kib("VmRSS");
            if (k < o.window) first.add(figures, s, rss);
            if (k + 1 == o.window) rss_after_first = rss;
            if (k >= o.visits - o.window) last.add(figures, s, rss);
            all.add(figures, s, rss);
            // The curve between the two ends: memory after each window of visits.
            if ((k + 1) % o.window == 0)
                fmt::print("after {:5} visits  RSS {:6.1f} MiB  heap in use {:6.1f} MiB  {:6.1f} visits/s so far\n", k + 1,
                           static_cast<double>(rss) / 1024, heap_mib(),
                           (k + 1) / std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        }
        const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const long rss_end = status_kib("VmRSS");
        print_window("first", first, rss_after_first);
        print_window("last", last, rss_end);
        print_window("all", all, rss_end);
        fmt::print("RSS growth from the end of the first {} visits to the end: {:+.1f} MiB; peak (VmHWM) {:.1f} MiB; {:.1f} s in all, {:.1f} visits/s\n",
                   o.window, static_cast<double>(rss_end - rss_after_first) / 1024, static_cast<double>(status_kib("VmHWM")) / 1024, total,
                   o.visits / total);
        // What of the RSS is pages the allocator keeps free (given back by malloc_trim, which the kiosk never calls).
        malloc_trim(0);
        fmt::print("heap in use at the end {:.1f} MiB; RSS after malloc_trim {:.1f} MiB\n", heap_mib(), static_cast<double>(status_kib("VmRSS")) / 1024);
        fmt::print("frame time, last against first: median {:+.2f} ms, p99 {:+.2f} ms\n",
                   percentile(last.frames, 50) - percentile(first.frames, 50), percentile(last.frames, 99) - percentile(first.frames, 99));
        // Every visit is one the kiosk could play: a household that never reached its slip or was not wiped is a failure.
        if (all.results != all.visits || all.printed != all.visits || all.wiped != all.visits) {
            fmt::print(stderr, "borne-kiosk-soak : {} visits reached the results, {} printed, {} wiped, of {}\n", all.results, all.printed, all.wiped,
                       all.visits);
            status = 1;
        }
    }
    std::filesystem::remove_all(work);
    return status;
}
