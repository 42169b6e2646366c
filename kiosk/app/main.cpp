// borne-kiosk: the touch-screen kiosk. Windowed on a desktop, full screen with --kiosk, or headless
// (SDL's dummy driver) playing a persona through the real screens for tests and screenshots.
#include "borne/runtime/paths.hpp"
#include "borne/engine/files.hpp"
#include "borne/engine/loader.hpp"
#include "borne/engine/results.hpp"
#include "borne/fleet/last_print.hpp"
#include "borne/fleet/visit_lock.hpp"
#include "borne/kiosk/kiosk_printer.hpp"
#include "borne/kiosk/persona.hpp"
#include "borne/kiosk/storage_link.hpp"
#include "borne/packs/rules_pack.hpp"
#include "borne/speech/speaker.hpp"
#include "agent_usb.hpp"
#include "guide.hpp"
#include "headless.hpp"
#include "platform.hpp"
#include "service_notify.hpp"
#include "setup_screens.hpp"

#include <SDL.h>
#include <unistd.h>
#include <algorithm>
#include <imgui.h>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>

using namespace borne;
using namespace borne::kiosk;

namespace {

struct Options {
    std::string rules = runtime::rules_dir();
    std::string communes = runtime::communes();
    std::string pictograms = runtime::pictograms();
    std::string site = "Borne d’accès aux droits";
    std::string month, persona, shots, results, slip, pin_hash, printer;
    std::string guide;                // --guide SITUATION.json: the boot test's touch guide (guide.hpp)
    std::string config;               // --config SITE.yaml (kiosk/storage/STOCKAGE.md)
    std::string data;                 // --data DIR: installed rules packs (image/UPDATES.md)
    std::string languages = BORNE_LANGUAGES;  // --languages fr,en,ar: the catalogues offered (assets/locale)
    std::string lang;                 // --lang en: the language a headless run chooses on the welcome screen
    std::vector<std::string> modes;   // --modes contraste,grand_texte,audio: the welcome screen's choices, made at start
    std::vector<std::string> given;   // options on the command line, which win over the site file
    std::vector<std::string> setup_taps;  // --setup-taps a,b,…: a headless run of the first-boot setup (goldens, tests)
    std::string usb_unit;             // --usb-unit UNIT: started while agent mode is open (agent_usb.hpp)
    bool setup_guide = false;         // --setup-guide: the boot test's positions of the setup's buttons
    std::string usb_report;           // --usb-report FILE: update-from-media's report, shown by the agent tools (usb_update.hpp)
    std::string reboot_unit;          // --reboot-unit UNIT: started when the agent confirms the reboot after a USB update
    bool agent_guide = false;         // --agent-guide: the boot test's positions of the agent screens' buttons
    int width = 1280, height = 800, idle = 90, quit_after = 0;
    bool kiosk = false, headless = false, size_given = false, tour = false, check_layout = false, swipe = false, mouse = false, audio_devices = false;
    bool results_now = false;  // --results-now: « Voir mes résultats maintenant » at its first offer, then back to the questions
};

const char* const usage =
    "usage: borne-kiosk [--kiosk] [--size LxH] [--config SITE.yaml] [--rules DOSSIER] [--data DOSSIER] [--site NOM] [--month AAAA-MM] [--idle SECONDES]\n"
    "                   [--pin-hash HASH] [--printer FILE] [--languages fr,en,ar] [--guide SITUATION.json] [--setup-guide] [--usb-unit UNIT]\n"
    "                   [--usb-report FICHIER] [--reboot-unit UNIT] [--agent-guide]\n"
    "       borne-kiosk --headless --persona SITUATION.json --shots DOSSIER [--size LxH] [--results RESULTATS.json] [--slip TICKET.pdf]\n"
    "                   [--tour] [--check-layout] [--swipe] [--mouse] [--results-now] [--lang en] [--modes contraste,grand_texte,audio]\n"
    "       borne-kiosk --headless --data DOSSIER --setup-taps ID,ID,… [--shots DOSSIER]   (l'installation, sans écran)\n"
    "       borne-kiosk --headless [--size LxH] --quit-after SECONDES   (la borne sans écran, pour borne-kiosk-bench)\n"
    "       borne-kiosk --headless --guide SITUATION.json [--config SITE.yaml]   (la boucle de la borne, qui touche ce que son guide annonce)\n"
    "       borne-kiosk --audio-devices   (les sorties son que audio.peripherique peut nommer)\n";

bool parse(int argc, char** argv, Options& o, std::string& error) {
    for (int k = 1; k < argc; ++k) {
        std::string a = argv[k];
        o.given.push_back(a);
        auto value = [&]() -> std::string {
            if (k + 1 >= argc) { error = a + " attend une valeur"; return {}; }
            return argv[++k];
        };
        if (a == "--kiosk") o.kiosk = true;
        else if (a == "--headless") o.headless = true;
        else if (a == "--rules") o.rules = value();
        else if (a == "--communes") o.communes = value();
        else if (a == "--pictograms") o.pictograms = value();
        else if (a == "--site") o.site = value();
        else if (a == "--month") o.month = value();
        else if (a == "--persona") o.persona = value();
        else if (a == "--shots") o.shots = value();
        else if (a == "--results") o.results = value();
        else if (a == "--slip") o.slip = value();
        else if (a == "--pin-hash") o.pin_hash = value();
        else if (a == "--languages") o.languages = value();
        else if (a == "--lang") o.lang = value();
        else if (a == "--modes") {
            std::string list = value();
            for (std::size_t at = 0; at < list.size();) {
                std::size_t comma = std::min(list.find(',', at), list.size());
                std::string mode = list.substr(at, comma - at);
                if (mode != "contraste" && mode != "grand_texte" && mode != "audio") error = "--modes : mode inconnu « " + mode + " » (contraste, grand_texte, audio)";
                else o.modes.push_back(mode);
                at = comma + 1;
            }
        }
        else if (a == "--printer") o.printer = value();  // a CUPS queue; without it, CUPS's default
        else if (a == "--config") o.config = value();
        else if (a == "--data") o.data = value();
        else if (a == "--guide") o.guide = value();
        else if (a == "--setup-guide") o.setup_guide = true;
        else if (a == "--usb-unit") o.usb_unit = value();
        else if (a == "--usb-report") o.usb_report = value();
        else if (a == "--reboot-unit") o.reboot_unit = value();
        else if (a == "--agent-guide") o.agent_guide = true;
        else if (a == "--setup-taps") {
            std::string list = value();
            for (std::size_t at = 0; at < list.size();) {
                std::size_t comma = std::min(list.find(',', at), list.size());
                if (comma > at) o.setup_taps.push_back(list.substr(at, comma - at));
                at = comma + 1;
            }
        }
        else if (a == "--idle") {
            // As the site file's veille_secondes: whole seconds, 20 to 3600 (an idle of 0 would wipe at once).
            auto v = value();
            char* end = nullptr;
            long n = std::strtol(v.c_str(), &end, 10);
            if (error.empty() && (v.empty() || *end != '\0' || n < 20 || n > 3600)) error = "--idle attend un nombre de secondes entre 20 et 3600 (reçu « " + v + " »)";
            o.idle = static_cast<int>(n);
        }
        else if (a == "--tour") o.tour = true;
        else if (a == "--check-layout") o.check_layout = true;
        else if (a == "--swipe") o.swipe = true;
        else if (a == "--mouse") o.mouse = true;
        else if (a == "--results-now") o.results_now = true;
        else if (a == "--audio-devices") o.audio_devices = true;
        else if (a == "--quit-after") o.quit_after = std::atoi(value().c_str());
        else if (a == "--size") {
            auto v = value();
            if (std::sscanf(v.c_str(), "%dx%d", &o.width, &o.height) != 2 || o.width < 320 || o.height < 320) error = "--size attend LxH, par exemple 1920x1080";
            o.size_given = true;
        } else if (a == "--help" || a == "-h") { error = "help"; return false; }
        else error = "option inconnue : " + a;
        if (!error.empty()) return false;
    }
    if (!o.setup_taps.empty() && (!o.headless || o.data.empty())) error = "--setup-taps va avec --headless et --data DOSSIER";
    if (o.headless && o.persona.empty() && o.guide.empty() && o.quit_after <= 0 && o.setup_taps.empty())
        error = "--headless attend --persona SITUATION.json (ou --guide, --quit-after)";
    if ((o.tour || o.check_layout || o.swipe) && o.persona.empty()) error = "--tour, --check-layout et --swipe vont avec --persona";
    if (!o.headless && (!o.persona.empty() || !o.shots.empty() || !o.slip.empty())) error = "--persona, --shots et --slip vont avec --headless";
    if (!o.guide.empty() && !o.persona.empty()) error = "--guide ou --persona, pas les deux";
    return error.empty();
}

engine::Date local_today() {
    auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm day{};
    localtime_r(&t, &day);
    return engine::Date::from_ymd(day.tm_year + 1900, day.tm_mon + 1, day.tm_mday);
}

/// The boot test's guide to the agent screens (--agent-guide): once an agent screen has settled (the same layout
/// two frames running, nothing touched), « BORNE-AGENT screen=… buttons=id@x,y;… », once per layout, the lines'
/// outcomes with it (the USB screen's bundles). The corner gesture needs no guide: the top-right corner.
void announce_agent_buttons(const View& v, const DrawResult& r, std::string& last, std::string& guided) {
    if (v.screen != Screen::AgentPin && v.screen != Screen::Agent && v.screen != Screen::UsbUpdate) return void(last.clear());
    std::string key = fmt::format("{}|{}|{}", screen_name(v.screen), v.lines.size(), v.nav.size());
    for (const auto& l : v.lines) key += "|" + l.detail;
    const bool settled = key == last && r.tapped.empty();
    last = key;
    if (!settled || key == guided) return;
    guided = key;
    std::string buttons, lines;
    for (const auto& [id, rect] : r.buttons)
        if (!rect.hidden) buttons += fmt::format("{}{}@{:.0f},{:.0f}", buttons.empty() ? "" : ";", id, (rect.x0 + rect.x1) / 2, (rect.y0 + rect.y1) / 2);
    for (const auto& l : v.lines)
        if (!l.detail.empty() && v.screen == Screen::UsbUpdate) lines += fmt::format(" {}={}", l.text, l.detail);
    fmt::print("BORNE-AGENT screen={} buttons={}{}\n", screen_name(v.screen), buttons, lines.empty() ? "" : " lines=" + lines.substr(1));
}

/// `reader`, when speech is available: told of each frame's view, it does what the view's speech cue
/// asks (the flow decides: a new screen stops the last one's speech, the audio mode reads).
int run_interactive(Platform& platform, Flow& flow, int quit_after, speech::ScreenReader* reader, const std::string& ready_details,
                    TouchGuide* guide, AgentUsb& usb, bool agent_guide, borne::fleet::VisitLock& visit_lock) {
    ServiceNotifier service;
    bool redraw = true, first = true;
    // ImGui lays out a new window on its first frame and shows it on the next, and SDL's kmsdrm shows a
    // presented frame from the following flip on: the welcome screen is on the glass after the third.
    const int frames_to_settle = 3;
    int frames = 0;
    std::string agent_last, agent_guided;  // --agent-guide: the agent screen's layout seen last, and the one announced
    bool visit_lock_said = false;
    auto quit_at = Clock::now() + std::chrono::seconds(quit_after);
    for (;;) {
        int timeout = -1;
        if (platform.taps_pending() || redraw) timeout = 0;
        else if (auto deadline = flow.next_deadline()) {
            auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - Clock::now()).count();
            timeout = static_cast<int>(std::clamp<std::int64_t>(ms, 0, 60'000));
        }
        if (quit_after > 0) {
            auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(quit_at - Clock::now()).count();
            if (ms <= 0) return 0;
            if (timeout < 0 || ms < timeout) timeout = static_cast<int>(ms);
        }
        // Under a watchdog the loop wakes in time to ping it, so only a hung loop misses a ping.
        if (auto wait = service.max_wait(); wait && (timeout < 0 || wait->count() < timeout)) timeout = static_cast<int>(wait->count());
        // Block until something happens: an idle kiosk costs nearly no CPU.
        SDL_Event event;
        bool got = platform.wait_event(event, timeout);
        while (got) {
            bool closing = event.type == SDL_QUIT || (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE);
            if (closing && !platform.fullscreen()) return 0;  // in kiosk mode nothing leaves the app
            if (event.type == SDL_KEYDOWN && platform.fullscreen()) { got = SDL_PollEvent(&event) != 0; continue; }
            platform.handle(event);
            got = SDL_PollEvent(&event) != 0;
        }
        bool was_printing = flow.view().printing;
        flow.tick(Clock::now());
        auto before = flow.view().screen;
        auto r = draw_frame(platform, flow, guide ? guide->reveal() : std::string{}, {});
        if (guide) {
            guide->after_frame(flow, r);
            // Headless, no hand can touch what the guide announces: the kiosk does (the boot test's qemu does otherwise).
            if (auto touch = guide->take_announced(); touch && platform.headless()) platform.tap_at(touch->x, touch->y);
        }
        if (reader) reader->on_view(flow.view());
        usb.agent_mode(flow.view().agent);
        visit_lock.visit(flow.visit_open());  // the fleet's updates wait while it is held
        if (!visit_lock.error().empty() && !visit_lock_said) {
            visit_lock_said = true;
            fmt::print(stderr, "borne-kiosk : verrou de visite impossible ({}) : les mises à jour du parc ne savent pas qu'une visite est en cours\n",
                       visit_lock.error());
        }
        if (agent_guide) announce_agent_buttons(flow.view(), r, agent_last, agent_guided);
        if (first && quit_after > 0) std::fputs("première image\n", stdout), std::fflush(stdout);  // for borne-kiosk-bench
        first = false;
        if (++frames == frames_to_settle)  // the welcome screen is on screen, the rules were checked at load
            service.ready(fmt::format("{} screen={}x{}", ready_details, platform.width(), platform.height()));
        service.alive();
        // A change of screen needs a second frame for ImGui's layout; a tap in flight needs its frames.
        redraw = !r.tapped.empty() || r.corner || flow.view().screen != before || flow.view().printing != was_printing ||
                 platform.taps_pending() || ImGui::GetIO().MouseDown[0] || frames < frames_to_settle || (guide && guide->wants_frame());
    }
}

}  // namespace

int main(int argc, char** argv) {
    // Line-buffered even into a pipe (journald, the serial console): each line arrives when written.
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    Options o;
    std::string error;
    if (!parse(argc, argv, o, error)) {
        if (error == "help") { fmt::print("{}", usage); return 0; }
        fmt::print(stderr, "borne-kiosk : {}\n{}", error, usage);
        return 2;
    }
    if (o.audio_devices) {
        auto devices = speech::Playback::devices(error);
        if (!error.empty()) { fmt::print(stderr, "borne-kiosk : {}\n", error); return 1; }
        for (const auto& d : devices) fmt::print("{}\n", d);
        if (devices.empty()) fmt::print(stderr, "borne-kiosk : aucune sortie son sur cette machine\n");
        return devices.empty() ? 1 : 0;
    }
    // The window first: building the fonts' atlas needs a few MiB for a moment, better before the
    // rules and the communes are in memory than on top of them (the kiosk's peak).
    if (o.headless && !o.persona.empty() && !o.size_given) { o.width = 1920; o.height = 1080; }
    auto platform = Platform::open({o.width, o.height, o.kiosk, o.headless, o.pictograms}, error);
    if (!platform) { fmt::print(stderr, "borne-kiosk : {}\n", error); return 1; }
    // First boot: with --data and no --config, the site file is DATA/site.yaml; while there is none, the
    // setup screens (agent side) write it, and the kiosk then starts on it.
    if (o.config.empty() && !o.data.empty() && o.persona.empty() && o.quit_after == 0) {
        const std::string site_file = o.data + "/site.yaml";
        if (!std::filesystem::exists(site_file) && (!o.headless || !o.setup_taps.empty())) {
            std::optional<engine::CommuneDirectory> directory = engine::CommuneDirectory::load(o.communes, error);
            if (!directory) fmt::print(stderr, "borne-kiosk : communes indisponibles ({})\n", error);
            // The local aids offered are those of the rules this kiosk will run: the installed pack when it still
            // verifies, else the bundled rules (said as at every start), every local aid read.
            auto chosen = packs::load_rules_preferring_pack(o.data, o.rules, runtime::update_ca(), local_today(), {.tests = false});
            fmt::print(stderr, "borne-kiosk : {}\n", chosen.message);
            // A signed configuration bundle on a USB stick may bring the site file instead (image/UPDATES.md).
            Setup setup(read_setup_choices(chosen.loaded.rules.get(), !o.headless), directory ? &*directory : nullptr, i18n::Catalogue{}, site_file_writer(site_file),
                        config_import_watcher(o.data));
            AgentUsb usb(o.usb_unit);
            int status = run_setup(*platform, setup,
                                   {o.headless, fmt::format("version={} rules={}", BORNE_VERSION, o.rules), o.setup_taps, o.shots, o.setup_guide, &usb});
            if (status != 0 || o.headless) return status;
            fmt::print(stderr, "borne-kiosk : installation terminée : {}\n", site_file);
        }
        if (std::filesystem::exists(site_file)) o.config = site_file;
    }
    // The site file first: its aides_locales choose the local aids the rules are loaded with.
    std::optional<storage::SiteConfig> site_config;
    if (!o.config.empty()) {
        auto site = storage::read_site_config(o.config);
        if (!site.config) {
            for (const auto& e : site.errors) fmt::print(stderr, "{}\n", e.to_string(o.config));
            return 2;
        }
        site_config = std::move(*site.config);
    }
    // A site shows only the local aids it chose; without a site file (a developer's run) every one. A local
    // pack or aid out of force today is left out (R032, said below).
    engine::LocalChoice local;
    local.today = local_today();
    if (site_config) local.aids = site_config->local_aids;
    // With --data, the installed rules pack when it still verifies, else the bundled rules (--rules wins).
    engine::LoadResult loaded;
    std::vector<std::string> rules_status;  // for the agent tools
    bool rules_given = std::find(o.given.begin(), o.given.end(), "--rules") != o.given.end();
    if (!o.data.empty() && !rules_given) {
        auto chosen = packs::load_rules_preferring_pack(o.data, o.rules, runtime::update_ca(), local_today(), {.tests = false}, local);
        fmt::print(stderr, "borne-kiosk : {}\n", chosen.message);
        loaded = std::move(chosen.loaded);
        rules_status.push_back("Règles en service : " + chosen.message);
        if (auto status = packs::read_status(o.data); status.ok()) rules_status.push_back(packs::status_line(*status.value));
    } else {
        loaded = engine::load_rules(o.rules, {.tests = false}, local);
    }
    if (!loaded.rules) {
        for (const auto& d : loaded.diagnostics.items()) fmt::print(stderr, "{}\n", d.to_string());
        fmt::print(stderr, "borne-kiosk : règles refusées : lancez borne rules check\n");
        return 2;
    }
    for (const auto& d : loaded.diagnostics.items())
        if (d.code == "R032") fmt::print(stderr, "borne-kiosk : {}\n", d.to_string());
    auto communes = engine::CommuneDirectory::load(o.communes, error);
    if (!communes) fmt::print(stderr, "borne-kiosk : communes indisponibles ({}) : le code INSEE sera demandé\n", error);

    Config config;
    config.site_name = o.site;
    config.idle_timeout = std::chrono::seconds(o.idle);
    config.agent_pin_hash = o.pin_hash;
    {
        // The catalogues of assets/locale, compiled by the build ($BORNE_LOCALE to read others); a
        // language without its catalogue is said and left out, French is always there.
        std::vector<std::string> codes;
        for (std::size_t at = 0; at <= o.languages.size();) {
            std::size_t comma = std::min(o.languages.find(',', at), o.languages.size());
            if (comma > at) codes.push_back(o.languages.substr(at, comma - at));
            at = comma + 1;
        }
        std::vector<i18n::LoadError> problems;
        config.languages = std::make_shared<const i18n::Catalogues>(i18n::Catalogues::load(i18n::default_locale_dir(), codes, problems));
        for (const auto& p : problems) fmt::print(stderr, "borne-kiosk : langue {} indisponible : {}\n", p.language, p.message);
    }
    const std::string tour_pin = "2468";  // the tour opens the agent tools with it (README, kiosk/captures)
    config.month = local_today().first_of_month();
    if (!o.month.empty()) {
        auto m = engine::Date::parse(o.month, true);
        if (!m) { fmt::print(stderr, "borne-kiosk : --month attend AAAA-MM\n"); return 2; }
        config.month = m->first_of_month();
    }

    std::optional<engine::Situation> persona;
    if (const std::string& file = o.guide.empty() ? o.persona : o.guide; !file.empty()) {
        auto text = engine::read_file(file);
        if (!text) { fmt::print(stderr, "borne-kiosk : {} illisible ou absent\n", file); return 2; }
        auto parsed = engine::parse_situation(*text, *loaded.rules, config.month);
        if (!parsed.situation) {
            for (const auto& e : parsed.errors) fmt::print(stderr, "{}: {} : {}\n", file, e.path, e.message);
            return 2;
        }
        persona = std::move(*parsed.situation);
        config.month = persona->month;  // the persona's month, as borne simulate does
    }

    // The site file: its values unless the command line gave them; its database for statistics.
    std::optional<storage::Storage> store;
    std::string printer_queue = o.printer;
    storage::AudioSettings audio;
    if (site_config) {
        const storage::SiteConfig& site = *site_config;
        auto given = [&](const char* option) { return std::find(o.given.begin(), o.given.end(), option) != o.given.end(); };
        if (!given("--site")) config.site_name = site.site_name;
        if (!given("--idle")) config.idle_timeout = std::chrono::seconds(site.idle_seconds);
        if (!given("--pin-hash")) config.agent_pin_hash = site.agent_pin_hash;
        if (!given("--printer")) printer_queue = site.printer;
        audio = site.audio;
        config.site_commune = site.commune;
        config.volume = audio.volume;
        auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
        store = storage::Storage::open(site.database, now, storage::StorageSettings::from(site));
        for (const auto& line : store->status()) fmt::print(stderr, "borne-kiosk : {}\n", line);
    }

    if (o.tour && config.agent_pin_hash.empty()) config.agent_pin_hash = hash_pin(tour_pin);  // after the site file

    SlipSettings slip;
    slip.site_name = config.site_name;
    slip.site_commune = config.site_commune;
    slip.kiosk_version = BORNE_VERSION;
    slip.print.queue = printer_queue;
    slip.file = o.slip;
    // The last slip's outcome beside the database, where the fleet's gauges read it (borne fleet gauges).
    if (site_config) slip.last_print_file = borne::fleet::last_print_path(storage::data_folder(*site_config));
    KioskPrinter printer(loaded.rules, slip);  // outlives the flow
    // A headless run (tests, screenshots) prints only where it was told (--slip, --printer), never on the
    // desk's printer; otherwise it says so, the same on every machine (the goldens show it).
    const bool print_nowhere = o.headless && slip.file.empty() && printer_queue.empty();
    SlipPrinter slip_printer = printer.slip_printer();
    if (print_nowhere)
        slip_printer = [](const SlipRequest& request) {
            // TRANSLATORS: slip screen, help in a headless run (tests, screenshots) that prints nowhere.
            return ready_outcome({false, request.language.tr("ticket", "Pas d'impression sans écran : relancez avec --slip TICKET.pdf ou --printer FILE."), {}});
        };
    Flow flow(loaded.rules, communes ? &*communes : nullptr, config, slip_printer);
    if (!rules_status.empty()) flow.set_rules_status(rules_status);
    if (print_nowhere) flow.set_printer_status("Sans écran : aucune imprimante (--printer FILE pour en utiliser une)");
    else flow.set_printer_status_reader(printer.status_reader());
    if (store)
        link_storage(flow, *store, local_today);

    if (!o.lang.empty()) flow.tap("langue:" + o.lang, Clock::now());
    for (const auto& mode : o.modes) flow.tap("mode:" + mode, Clock::now());
    if (!o.headless || !persona || !o.guide.empty()) {
        // Speech on the site's headphones; without it (no sound card, espeak-ng data missing) the kiosk
        // still works, silent. Not for --quit-after (borne-kiosk-bench measures the kiosk alone), nor headless.
        std::unique_ptr<speech::Speaker> speaker;
        std::optional<speech::ScreenReader> reader;
        if (o.quit_after == 0 && !o.headless) {
            speaker = speech::open_speaker({audio.device, audio.volume}, runtime::speech_dir(), error);
            if (speaker) reader.emplace(*speaker, config.languages);
            else fmt::print(stderr, "borne-kiosk : lecture à voix haute indisponible : {}\n", error);
        }
        auto details = fmt::format("version={} rules={}", BORNE_VERSION, o.rules);
        std::optional<TouchGuide> guide;
        if (persona) guide.emplace(*persona, communes ? &*communes : nullptr);
        AgentUsb usb(o.usb_unit, o.reboot_unit);
        if (!o.usb_report.empty()) flow.set_usb_update({[file = o.usb_report] { return read_usb_report(file); }, [&usb] { usb.reboot(); }});
        // Beside the last slip's file: the data partition the fleet's update poller is given (fleet-update --data).
        borne::fleet::VisitLock visit_lock(site_config ? borne::fleet::visit_lock_path(storage::data_folder(*site_config)) : "");
        return run_interactive(*platform, flow, o.quit_after, reader ? &*reader : nullptr, details, guide ? &*guide : nullptr, usb, o.agent_guide,
                               visit_lock);
    }

    // Headless (the goldens): the report of a file, and a reboot that only says it was asked for.
    if (!o.usb_report.empty())
        flow.set_usb_update({[file = o.usb_report] { return read_usb_report(file); },
                             [] { fmt::print(stderr, "borne-kiosk : redémarrage demandé (sans écran : aucun)\n"); }});
    int status = run_headless(*platform, flow, *persona, communes ? &*communes : nullptr, {o.shots, o.tour, tour_pin, o.check_layout, !o.slip.empty(), o.swipe, o.results_now, o.mouse});
    if (status == 0 && !o.results.empty()) {
        engine::Evaluation e(*loaded.rules, flow.situation());
        auto results = e.all_aids();
        auto next = engine::rank_questions(*loaded.rules, flow.situation());
        std::ofstream out(o.results);
        out << engine::results_to_json(e, results, {false, &next}).dump(1) << "\n";  // as borne simulate writes it
        if (!out) { fmt::print(stderr, "borne-kiosk : écriture impossible : {}\n", o.results); return 1; }
    }
    return status;
}
