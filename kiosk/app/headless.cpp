#include "headless.hpp"

#include "theme.hpp"

#include <SDL.h>
#include <algorithm>
#include <filesystem>
#include <set>
#include <fmt/format.h>
#include <imgui.h>

namespace borne::kiosk {

DrawResult draw_frame(Platform& platform, Flow& flow, const std::string& reveal, const std::string& shot, const TapGate& gate) {
    platform.begin_frame();
    const Access& access = flow.view().access;
    const Colour ground = theme_for(access.high_contrast).background;
    platform.set_background(ground.r, ground.g, ground.b);
    DrawResult r = draw_view(flow.view(), platform.fonts(access.large_text), platform.pictograms(), reveal);
    platform.end_frame();
    std::string error;
    if (!shot.empty() && !platform.save_png(shot, error)) fmt::print(stderr, "borne-kiosk : {}\n", error);
    platform.present();
    auto now = Clock::now();
    // A swipe presses nothing, but the visitor is there: « a tap on nothing » restarts the idle time
    // (not under the idle warning, which only « Je suis là » answers).
    if (platform.take_touch() && r.tapped.empty() && !flow.view().idle_warning) flow.tap("", now);
    if (r.corner) flow.corner_tap(platform.tap_time().value_or(now));  // when the tap was made, not drawn
    if (!r.tapped.empty() && (!gate || gate(r.tapped))) flow.tap(r.tapped, now);
    return r;
}

namespace {

/// What makes a screen look different, apart from the keys typed: when it changes, ImGui needs a
/// frame to lay the new screen out before a settled frame can be shot or tapped.
std::string layout_key(const View& v) {
    return fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}", screen_name(v.screen), v.title, v.help, v.error, v.lines.size(), v.idle_warning,
                       v.agent, v.access.high_contrast, v.access.large_text);
}

class Runner {
public:
    Runner(Platform& platform, Flow& flow, const HeadlessOptions& options) : m_platform(platform), m_flow(flow), m_options(options) {
        if (!m_options.shots.empty()) std::filesystem::create_directories(m_options.shots);
    }

    /// Draws the flow's screen if it changed since the last frame (two frames: layout, then settled)
    /// or if `id` is scrolled out of view; shoots each new screen once. False on a layout problem
    /// when they are checked.
    bool settle(const std::string& id = {}) {
        if (!wait_for_printer()) return false;
        std::string key = layout_key(m_flow.view());
        if (key == m_drawn && (id.empty() || m_last.shows(id))) return true;
        m_last = draw_frame(m_platform, m_flow, id);
        m_last = draw_frame(m_platform, m_flow, id, key == m_drawn ? std::string{} : shot_name());
        // A list that began to scroll on the second frame narrowed under its scrollbar, and its labels
        // wrapped anew (Arabic ones do): once more to bring `id` into view where it now is.
        if (!id.empty() && !m_last.shows(id)) m_last = draw_frame(m_platform, m_flow, id);
        m_drawn = key;
        if (m_options.check_layout && !m_last.problems.empty()) {
            for (const auto& p : m_last.problems) fmt::print(stderr, "borne-kiosk : {} : {}\n", shot_label(), p);
            return false;
        }
        return true;
    }

    /// Touches the button `id` as a finger would (press, release); false when it is not on screen
    /// or the touch did something else.
    bool tap(const std::string& id) {
        if (!settle(id)) return false;
        auto it = m_last.buttons.find(id);
        if (it == m_last.buttons.end() || it->second.hidden) {
            fmt::print(stderr, "borne-kiosk : le bouton « {} » n'est pas à l'écran ({})\n", id, shot_label());
            return false;
        }
        const Rect& b = it->second;
        touch((b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2);
        std::string touched;
        while (m_platform.taps_pending()) {
            m_last = draw_frame(m_platform, m_flow, "");
            if (!m_last.tapped.empty()) touched = m_last.tapped;
            if (!touched.empty()) break;  // the release frame: the frame after it is the next screen's first
        }
        if (touched != id) {
            fmt::print(stderr, "borne-kiosk : toucher « {} » a donné « {} »\n", id, touched);
            return false;
        }
        return true;
    }

    /// Five taps in the top-right corner: the agent gesture. With --mouse, five clicks sent at once, as the
    /// usb-tablet's reach a kiosk whose frame is slower than they are (qemu's TCG): each must still count.
    bool corner_gesture() {
        if (!settle()) return false;
        float x = static_cast<float>(m_platform.width()) - 20, y = 20;
        // A finger's taps are each drawn before the next; a mouse's five clicks all come before one frame.
        auto draw_pending_taps = [&] { while (m_platform.taps_pending()) m_last = draw_frame(m_platform, m_flow, ""); };
        for (int k = 0; k < 5; ++k) {
            touch(x, y);
            if (!m_options.mouse) draw_pending_taps();
        }
        draw_pending_taps();
        return m_flow.view().screen == Screen::AgentPin || m_flow.view().screen == Screen::Agent || m_flow.view().screen == Screen::UsbUpdate;
    }

    Flow& flow() { return m_flow; }

    /// A finger lands on the lowest button wholly shown in the scrolling content, goes up to the top
    /// of the content in `steps` moves (a frame drawn after each, as the kiosk's loop draws after
    /// each batch of events; a second finger taps a navigation button halfway) and lifts. Says on
    /// stdout what moved and what was touched: a swipe scrolls and presses nothing. False when there
    /// is nothing to swipe on.
    bool swipe(int steps = 8) {
        if (!settle()) return false;
        const DrawResult before = m_last;
        const std::string screen_before(screen_name(m_flow.view().screen));
        const Rect* start = nullptr;
        for (const auto& [id, b] : before.buttons)
            if (!b.hidden && b.y0 >= before.content.y0 && b.y1 <= before.content.y1 && (!start || b.y1 > start->y1)) start = &b;
        if (!start) {
            fmt::print(stderr, "borne-kiosk : aucun bouton dans le contenu à faire glisser ({})\n", shot_label());
            return false;
        }
        const float x = (start->x0 + start->x1) / 2, y0 = (start->y0 + start->y1) / 2, y1 = before.content.y0 + 10;
        std::string touched;
        const auto idle_before = m_flow.next_deadline();
        // Halfway, a second finger taps the first navigation button (« Retour » on the results): only the
        // first finger on the glass counts, so it presses nothing either.
        const Rect* other = nullptr;
        std::string other_id = "aucun";
        for (const auto& b : m_flow.view().nav)
            if (auto it = before.buttons.find(b.id); !other && it != before.buttons.end() && !it->second.hidden) other = &it->second, other_id = b.id;
        finger(SDL_FINGERDOWN, x, y0);
        for (int k = 1; k <= steps; ++k) {
            finger(SDL_FINGERMOTION, x, y0 + (y1 - y0) * static_cast<float>(k) / static_cast<float>(steps));
            if (other && k == steps / 2) {
                finger(SDL_FINGERDOWN, (other->x0 + other->x1) / 2, (other->y0 + other->y1) / 2, 2);
                finger(SDL_FINGERUP, (other->x0 + other->x1) / 2, (other->y0 + other->y1) / 2, 2);
            }
            m_last = draw_frame(m_platform, m_flow, "");
            if (!m_last.tapped.empty()) touched = m_last.tapped;
        }
        finger(SDL_FINGERUP, x, y1);
        do {
            m_last = draw_frame(m_platform, m_flow, "");
            if (!m_last.tapped.empty()) touched = m_last.tapped;
        } while (m_platform.taps_pending());
        m_last = draw_frame(m_platform, m_flow, "");  // settled: what a visitor now sees
        const auto idle_after = m_flow.next_deadline();
        const bool idle_restarted = idle_before && idle_after && *idle_after > *idle_before;
        std::string revealed;
        for (const auto& [id, b] : m_last.buttons)
            if (!b.hidden && before.buttons.count(id) && before.buttons.at(id).hidden) revealed += (revealed.empty() ? "" : ",") + id;
        fmt::print("swipe screen={}/{} scroll={:.1f}/{:.1f} max={:.1f} finger={:.1f} slop={:.1f} second={} idle_restarted={} tapped={} revealed={}\n",
                   screen_before, screen_name(m_flow.view().screen), before.scroll, m_last.scroll, before.scroll_max, y0 - y1,
                   m_platform.touch_slop(), other_id, idle_restarted ? "oui" : "non", touched, revealed);
        m_drawn.clear();  // the next settle() draws again
        return true;
    }

    /// « Impression en cours » has no button, and the agent's printer line is read off the screen's
    /// thread: wait until both are on the screen (their waits are bounded; this one too).
    bool wait_for_printer() {
        auto end = Clock::now() + std::chrono::seconds(60);
        while (m_flow.waiting_for_printer() && Clock::now() < end) {
            SDL_Delay(10);
            m_flow.tick(Clock::now());
        }
        if (!m_flow.waiting_for_printer()) return true;
        fmt::print(stderr, "borne-kiosk : le ticket n'a pas abouti\n");
        return false;
    }

private:
    /// One finger event, as SDL sends it from a touch screen (coordinates normalised to the window),
    /// through the kiosk's own event handling.
    void finger(Uint32 type, float x, float y, SDL_FingerID id = 1) {
        SDL_Event e{};
        e.type = type;
        e.tfinger.type = type;
        e.tfinger.touchId = 1;
        e.tfinger.fingerId = id;
        e.tfinger.x = x / static_cast<float>(m_platform.width());
        e.tfinger.y = y / static_cast<float>(m_platform.height());
        e.tfinger.pressure = 1;
        m_platform.handle(e);
    }

    /// One mouse event at a pixel: a real mouse's (`which` 0), or SDL's copy of a finger (SDL_TOUCH_MOUSEID).
    void mouse(Uint32 type, float x, float y, Uint32 which, bool held) {
        SDL_Event e{};
        e.type = type;
        if (type == SDL_MOUSEMOTION) {
            e.motion.type = type;
            e.motion.which = which;
            e.motion.state = held ? SDL_BUTTON_LMASK : 0;
            e.motion.x = static_cast<Sint32>(x), e.motion.y = static_cast<Sint32>(y);
        } else {
            e.button.type = type;
            e.button.which = which;
            e.button.button = SDL_BUTTON_LEFT;
            e.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
            e.button.clicks = 1;
            e.button.x = static_cast<Sint32>(x), e.button.y = static_cast<Sint32>(y);
        }
        m_platform.handle(e);
    }

    /// A tap as a finger makes it: it lands, trembles by 2 pixels (under the 3 mm slop), lifts; with the
    /// mouse copies SDL makes of it where its hint allows (X11), which must tap nothing more. With --mouse,
    /// a click: the pointer moves there, the left button goes down and up.
    void touch(float x, float y) {
        if (m_options.mouse) {
            mouse(SDL_MOUSEMOTION, x, y, 0, false);
            mouse(SDL_MOUSEBUTTONDOWN, x, y, 0, true);
            mouse(SDL_MOUSEBUTTONUP, x, y, 0, false);
            return;
        }
        finger(SDL_FINGERDOWN, x, y);
        mouse(SDL_MOUSEBUTTONDOWN, x, y, SDL_TOUCH_MOUSEID, true);
        finger(SDL_FINGERMOTION, x + 1, y + 2);
        mouse(SDL_MOUSEMOTION, x + 1, y + 2, SDL_TOUCH_MOUSEID, true);
        finger(SDL_FINGERUP, x + 1, y + 2);
        mouse(SDL_MOUSEBUTTONUP, x + 1, y + 2, SDL_TOUCH_MOUSEID, false);
    }

    Platform& m_platform;
    Flow& m_flow;
    const HeadlessOptions& m_options;
    DrawResult m_last;
    std::string m_drawn;
    int m_shots = 0;
    std::set<std::string> m_shot;  // label and title of the screens already shot

    /// "accueil", "question-logement.statut", "question-personne.date_naissance-2", "inactif"…
    std::string shot_label() const {
        const View& v = m_flow.view();
        if (v.idle_warning) return "inactif";
        std::string name(screen_name(v.screen));
        // The results opened before the last question are a state of their own (the goldens tell them apart).
        auto offers = [&](const char* id) { return std::any_of(v.nav.begin(), v.nav.end(), [&](const Button& b) { return b.id == id; }); };
        if (v.screen == Screen::Results && offers("continuer_questions")) name += "-maintenant";
        if (auto q = m_flow.current_question(); q && v.screen == Screen::Question) {
            name += "-" + m_flow.rules().inputs[static_cast<std::size_t>(q->first)].id;
            if (q->second > 0) name += fmt::format("-{}", q->second + 1);
        }
        if (auto g = m_flow.current_group()) {
            name += "-" + m_flow.rules().groups[static_cast<std::size_t>(g->first)].id;
            if (g->second > 0) name += fmt::format("-{}", g->second + 1);
        }
        return name;
    }

    std::string shot_name() {
        if (m_options.shots.empty()) return {};
        std::string label = shot_label();
        std::string key = label + "|" + m_flow.view().title;
        if (!m_shot.insert(key).second) return {};
        return fmt::format("{}/{:03}-{}.png", m_options.shots, ++m_shots, label);
    }
};

/// The screens a persona's journey does not show, opened from its results in the order a visitor
/// or an agent would: an aid's detail (« Pourquoi ce montant ? »), the aids not obtained, the slip,
/// the idle warning, the agent PIN and the agent tools.
int tour(Runner& run, const HeadlessOptions& o) {
    const View& v = run.flow().view();
    std::string detail;
    for (const auto& l : v.lines)
        if (l.button.rfind("detail:", 0) == 0) { detail = l.button; break; }
    if (!detail.empty() && !(run.tap(detail) && run.settle() && run.tap("retour"))) return 1;
    if (!(run.tap("non_obtenues") && run.settle() && run.tap("retour"))) return 1;
    if (!(run.tap("imprimer") && run.settle() && run.tap("retour"))) return 1;
    // Nobody touches the screen for the idle time: the warning, shown at the start of its countdown.
    run.flow().tick(Clock::now() + std::chrono::hours(1));
    if (!(run.settle() && run.tap("je_suis_la"))) return 1;
    if (!run.corner_gesture()) {
        fmt::print(stderr, "borne-kiosk : le geste du coin n'ouvre pas le mode agent\n");
        return 1;
    }
    for (char c : o.tour_pin)
        if (!run.tap(fmt::format("key:{}", c))) return 1;
    if (!run.tap("valider") || !run.settle()) return 1;
    if (run.flow().view().screen != Screen::Agent) {
        fmt::print(stderr, "borne-kiosk : le code de la visite n'ouvre pas les outils de l'agent\n");
        return 1;
    }
    // With --usb-report, the agent tools offer « Mettre à jour depuis une clé USB »: its screen, as the report says.
    auto actions = run.flow().view().actions();
    if (std::find(actions.begin(), actions.end(), "cle_usb") != actions.end() && !(run.tap("cle_usb") && run.settle() && run.tap("retour") && run.settle()))
        return 1;
    return 0;
}

}  // namespace

int run_headless(Platform& platform, Flow& flow, const engine::Situation& persona, const engine::CommuneDirectory* communes,
                 const HeadlessOptions& o) {
    PersonaPlayer player(persona, communes);
    Runner run(platform, flow, o);
    if (o.tour) {  // with storage (--config), the welcome offers « Reprendre avec un code »: its keypad first
        auto actions = flow.view().actions();
        if (std::find(actions.begin(), actions.end(), "reprendre") != actions.end() &&
            !(run.tap("reprendre") && run.settle() && run.tap("retour")))
            return 1;
    }
    bool results_seen_early = false;
    for (int step = 0; step < 5000; ++step) {
        if (o.results_now && !results_seen_early && flow.view().screen == Screen::Question) {
            auto actions = flow.view().actions();
            if (std::find(actions.begin(), actions.end(), "resultats_maintenant") != actions.end()) {
                results_seen_early = true;
                if (!(run.tap("resultats_maintenant") && run.settle() && run.tap("continuer_questions"))) return 1;
            }
        }
        auto next = player.next(flow);
        if (next.step == PersonaPlayer::Step::Stuck) {
            fmt::print(stderr, "borne-kiosk : {}\n", next.problem);
            return 1;
        }
        if (next.step == PersonaPlayer::Step::Done) {
            if (!run.settle()) return 1;
            if (o.slip) {  // --slip: the results, then « Imprimer », and the outcome said on the slip screen
                if (!run.tap("imprimer") || !run.settle()) return 1;
                fmt::print("{}\n", flow.view().help);
            }
            if (o.swipe && !run.swipe()) return 1;
            return o.tour ? tour(run, o) : 0;
        }
        if (!player.note().empty()) fmt::print(stderr, "borne-kiosk : {}\n", player.note());
        if (!run.tap(next.tap)) return 1;
    }
    fmt::print(stderr, "borne-kiosk : la personne n'arrive pas aux résultats\n");
    return 1;
}

}  // namespace borne::kiosk
