#include "setup_screens.hpp"

#include "borne/printing/cups_client.hpp"
#include "screens.hpp"
#include "service_notify.hpp"
#include "theme.hpp"

#include <SDL.h>
#include <filesystem>
#include <fmt/format.h>
#include <imgui.h>
#include <thread>

namespace borne::kiosk {

SetupChoices read_setup_choices(const engine::RuleSet* rules, bool cups) {
    SetupChoices choices;
    std::string error;
    if (cups)
        for (const auto& d : printing::list_destinations(printing::CupsSettings{}, &error)) choices.printer_queues.push_back(d.name);
    if (!error.empty()) fmt::print(stderr, "borne-kiosk : installation : files d'impression illisibles ({})\n", error);
    if (rules)
        for (const auto& aid : rules->aids)
            if (aid.local_pack >= 0) choices.local_aids.push_back({aid.id, aid.name});
    return choices;
}

namespace {

/// One frame of the setup's screen; the button touched (on the glass) is passed on to the setup.
DrawResult draw_setup(Platform& platform, Setup& setup, const std::string& shot) {
    platform.begin_frame();
    const Colour ground = theme_for(false).background;
    platform.set_background(ground.r, ground.g, ground.b);
    DrawResult r = draw_view(setup.view(), platform.fonts(false), platform.pictograms(), "");
    platform.end_frame();
    std::string error;
    if (!shot.empty() && !platform.save_png(shot, error)) fmt::print(stderr, "borne-kiosk : {}\n", error);
    platform.present();
    if (!r.tapped.empty()) setup.tap(r.tapped);
    return r;
}

/// A screen's identity: a new one needs a frame for ImGui's layout before it is shot or guided.
std::string layout_key(const Setup& setup) {
    const View& v = setup.view();
    std::string chosen;  // a choice made changes its button (primary, ticked) and nothing else
    for (const auto& c : v.choices) chosen += c.primary || c.ticked ? '1' : '0';
    return fmt::format("{}|{}|{}|{}|{}|{}", setup_step_name(setup.step()), v.title, v.error, v.lines.size(), chosen, v.entry);
}

int run_headless_setup(Platform& platform, Setup& setup, const SetupRun& run) {
    if (!run.shots.empty()) std::filesystem::create_directories(run.shots);
    int shot = 0;
    std::string shot_key;
    auto settle = [&]() {
        // The writer works on its thread: frames until its outcome is in; the import screen, until its first look.
        while (setup.writing() || (setup.step() == Setup::Step::Import && setup.watching() && !setup.import_ready())) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            setup.tick();
        }
        draw_setup(platform, setup, "");
        std::string key = layout_key(setup), file;
        if (!run.shots.empty() && key != shot_key)
            file = fmt::format("{}/{:02d}-{}.png", run.shots, ++shot, setup_step_name(setup.step()));
        shot_key = key;
        return draw_setup(platform, setup, file);
    };
    DrawResult frame = settle();
    for (const auto& id : run.taps) {
        // On the import screen the next tap may wait for a stick's bundle (a test installs one): a bounded wait,
        // each outcome drawn (and shot) as it arrives.
        for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
             !frame.shows(id) && setup.watching() && std::chrono::steady_clock::now() < until;) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            if (setup.tick()) frame = settle();
        }
        if (!frame.shows(id)) {
            fmt::print(stderr, "borne-kiosk : installation : « {} » n'est pas à l'écran « {} »\n", id, setup_step_name(setup.step()));
            return 1;
        }
        setup.tap(id);
        frame = settle();
    }
    if (!setup.finished()) {
        fmt::print(stderr, "borne-kiosk : installation : les touches finissent à l'écran « {} »\n", setup_step_name(setup.step()));
        return 1;
    }
    return 0;
}

}  // namespace

int run_setup(Platform& platform, Setup& setup, const SetupRun& run) {
    if (run.headless) return run_headless_setup(platform, setup, run);
    ServiceNotifier service;
    int frames = 0;
    bool redraw = true;
    std::string guided, last_key;
    while (!setup.finished()) {
        // The writer and the import's watch work on their threads: the loop looks for their outcome.
        int timeout = redraw || platform.taps_pending() ? 0 : setup.writing() || setup.watching() ? 50 : -1;
        if (auto wait = service.max_wait(); wait && (timeout < 0 || wait->count() < timeout)) timeout = static_cast<int>(wait->count());
        SDL_Event event;
        bool got = platform.wait_event(event, timeout);
        while (got) {
            // Full screen, nothing leaves the setup; windowed, closing the window does.
            bool closing = event.type == SDL_QUIT || (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE);
            if (closing && !platform.fullscreen()) return 1;
            if (!(event.type == SDL_KEYDOWN && platform.fullscreen())) platform.handle(event);
            got = SDL_PollEvent(&event) != 0;
        }
        setup.tick();
        if (run.usb) run.usb->agent_mode(setup.wants_usb());
        const std::string key = layout_key(setup);
        DrawResult r = draw_setup(platform, setup, "");
        if (++frames == 3) service.ready(fmt::format("{} setup screen={}x{}", run.ready_details, platform.width(), platform.height()));
        service.alive();
        // Settled: this frame drew the same screen as the one before, and nothing was touched (ImGui lays a
        // changed screen out on its first frame).
        const bool settled = key == last_key && r.tapped.empty() && layout_key(setup) == key;
        last_key = layout_key(setup);
        redraw = !settled || platform.taps_pending() || ImGui::GetIO().MouseDown[0] || frames < 3;
        // The boot test's guide: once a screen has settled, where its buttons are.
        if (run.guide && settled && !setup.writing() && guided != key) {
            std::string buttons;
            for (const auto& [id, rect] : r.buttons)
                if (!rect.hidden) buttons += fmt::format("{}{}@{:.0f},{:.0f}", buttons.empty() ? "" : ";", id, (rect.x0 + rect.x1) / 2, (rect.y0 + rect.y1) / 2);
            fmt::print("BORNE-SETUP step={} buttons={}\n", setup_step_name(setup.step()), buttons);
            guided = key;
        }
    }
    return 0;
}

}  // namespace borne::kiosk
