// Read aloud and the display modes, as flow actions: « Écouter » and the volume buttons on every
// screen, the audio mode, the high-contrast theme and the larger text chosen on the welcome screen.
// The flow decides what speech should do (a SpeechCue in the View); kiosk/speech does it, off the
// screen's thread. Everything here lives in the visit's state: the idle wipe ends it.
#include "flow_state.hpp"

#include <algorithm>
#include <future>
#include <fmt/format.h>

namespace borne::kiosk {

namespace {

constexpr int volume_step = 10;  // percent per touch of a volume button
/// The results' line that reads the slip aloud before it is printed.
constexpr std::string_view slip_listen_id = "ecouter_ticket";

bool is_volume(std::string_view id) { return id == "volume:plus" || id == "volume:moins"; }

bool is_toggle(const View& v, std::string_view id) {
    return std::any_of(v.choices.begin(), v.choices.end(), [&](const Button& b) { return b.toggle && b.id == id; });
}

}  // namespace

void Flow::cue(SpeechCue::Kind kind, std::string button) {
    m_cue = SpeechCue{kind, std::move(button), m_cue.serial + 1, {}};
}

bool Flow::access_tap(std::string_view id) {
    Impl& I = *m_impl;
    Access& A = I.access;
    // « Écouter » and the volume act at the first touch in every mode: they are how the audio mode is
    // found and tuned, and each answers in sound.
    // On the slip's screen, « Écouter » reads the slip itself once the print's outcome is known (EN 301 549
    // §5.1.3.16: a receipt readable without sight): each aid, amount, claim, document, dated step and the
    // code. A button of its own wrapped the 1024x768 navigation onto three rows and shrank the slip's QR code.
    if (id == "ecouter" && I.screen == Screen::Slip && I.last_print) {
        say_slip({m_view.title, m_view.help});
        return true;
    }
    // On the results, before choosing to print: the slip itself, from the ticket the printer would get
    // (a first touch, in every mode: like « Écouter », it answers in sound).
    if (id == slip_listen_id && I.screen == Screen::Results) {
        say_slip({});
        return true;
    }
    if (id == "ecouter") {
        I.touched.clear();
        I.heard = true;
        cue(SpeechCue::Kind::Screen);
        return true;
    }
    if (is_volume(id)) {
        A.volume = std::clamp(A.volume + (id == "volume:plus" ? volume_step : -volume_step), 0, 100);
        I.touched.clear();
        cue(SpeechCue::Kind::Button, std::string(id));  // heard at the new volume
        return true;
    }
    // The audio mode: a first touch reads the button, a second touch on the same one presses it.
    if (A.audio_mode && I.touched != id) {
        I.touched = std::string(id);
        cue(SpeechCue::Kind::Button, std::string(id));
        return true;
    }
    I.touched.clear();
    // A toggle pressed in audio mode says its new state (read from the view the tap builds): « Moi, coché ».
    if (A.audio_mode && is_toggle(m_view, id)) {
        cue(SpeechCue::Kind::Button, std::string(id));
        return false;  // the tap goes on: the flow ticks it
    }
    if (id == "mode:audio") {
        A.audio_mode = !A.audio_mode;
        cue(A.audio_mode ? SpeechCue::Kind::Screen : SpeechCue::Kind::Stop);
        return true;
    }
    if (id == "mode:contraste") {
        A.high_contrast = !A.high_contrast;
        return true;
    }
    if (id == "mode:grand_texte") {
        A.large_text = !A.large_text;
        return true;
    }
    return false;
}

void Flow::say_slip(std::vector<std::string> before) {
    Impl& I = *m_impl;
    I.touched.clear();
    I.heard = true;
    // What was being said stops at once; the slip's texts are built on a worker (the ticket comes from
    // an evaluation of the rules, as the printer's does: tens of milliseconds the screen must not wait),
    // and collect() cues them when they are ready, unless a newer cue came first.
    cue(SpeechCue::Kind::Stop);
    if (I.slip_speech.valid()) m_abandoned_speech.push_back(std::move(I.slip_speech));
    I.slip_speech_before.clear();
    for (auto& t : before)
        if (!t.empty()) I.slip_speech_before.push_back(std::move(t));
    I.slip_speech_cue = m_cue.serial;
    I.slip_speech = std::async(std::launch::async, [rules = m_rules, request = SlipRequest{m_situation, resume_code(), appointment(), language()},
                                                    config = m_config] { return slip_spoken(*rules, request, config); });
}

bool Flow::collect_slip_speech() {
    Impl& I = *m_impl;
    std::erase_if(m_abandoned_speech, [](const auto& f) { return f.wait_for(std::chrono::seconds(0)) == std::future_status::ready; });
    if (!I.slip_speech.valid() || I.slip_speech.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return false;
    std::vector<std::string> texts;
    try {
        texts = I.slip_speech.get();
    } catch (...) {  // a slip that could not be built is not heard (printing it says why)
        return false;
    }
    if (m_cue.serial != I.slip_speech_cue) return false;  // the visitor has moved on
    cue(SpeechCue::Kind::Texts);
    m_cue.texts = std::move(I.slip_speech_before);
    for (auto& t : texts) m_cue.texts.push_back(std::move(t));
    return true;
}

bool Flow::preparing_slip_speech() const { return m_impl->slip_speech.valid(); }

namespace {

/// A « Qui ? » or « Lesquels ? » screen as it is heard: each toggle with its state (« Moi, coché »), and
/// how many are ticked, after the choices (the ticks are seen, never said by colour: they must be heard).
void toggles_heard(View& v, const i18n::Catalogue& T) {
    long ticked = 0, toggles = 0;
    for (Button& b : v.choices) {
        if (!b.toggle) continue;
        ++toggles;
        ticked += b.ticked;
        b.spoken = b.ticked
                       // TRANSLATORS: said aloud (never shown), a toggle of a « Qui ? » or « Lesquels ? » screen and its state: {choix} « Moi », ticked.
                       ? T.trf("lu à voix haute", "{choix}, coché", fmt::arg("choix", b.label))
                       // TRANSLATORS: said aloud (never shown), a toggle of a « Qui ? » or « Lesquels ? » screen and its state: {choix} « Moi », not ticked.
                       : T.trf("lu à voix haute", "{choix}, pas coché", fmt::arg("choix", b.label));
    }
    if (toggles == 0) return;
    // TRANSLATORS: said aloud (never shown) after the toggles of a « Qui ? » or « Lesquels ? » screen: {n} of {total} are ticked.
    v.spoken_status = T.trf_n("lu à voix haute", "{n} coché sur {total}.", "{n} cochés sur {total}.", ticked, fmt::arg("total", toggles));
}

}  // namespace

void Flow::access_view(View& v) {
    Impl& I = *m_impl;
    const i18n::Catalogue& T = language();
    v.access = I.access;
    if (v.screen == Screen::Group) toggles_heard(v, T);
    if (v.screen == Screen::Results && !v.printing) {
        // EN 301 549 §5.1.3.16: the slip can be heard before it is printed. First on the screen, so that the
        // audio mode says it before the aids.
        // TRANSLATORS: results screen, first line (two lines at most beside its button): the slip can be heard before printing it.
        Line l{T.tr("résultats", "Écoutez votre récapitulatif avant de l'imprimer."), LineStyle::Text};
        l.button = std::string(slip_listen_id);
        // TRANSLATORS: results screen, the button of that line (about 10 characters): reads the slip aloud.
        l.button_label = T.tr("bouton", "Écouter");
        v.lines.insert(v.lines.begin(), std::move(l));
    }
    // While the slip is on its way the screen has no button at all (a bounded wait): nor these.
    if (!v.printing) {
        // TRANSLATORS: button on every screen, closing the navigation row (about 10 characters): reads the screen aloud.
        v.listen = {"ecouter", T.tr("bouton", "Écouter"), "ecouter"};
        // The volume once speech is in use (audio mode, or « Écouter » touched in this visit): the
        // screens that keep every button in view have no room to spare for buttons nobody needs yet.
        if (I.access.audio_mode || I.heard)
            // TRANSLATORS: buttons beside « Écouter » (about 10 characters each): the speech volume down, up.
            v.volume = {{"volume:moins", T.tr("bouton", "Moins fort"), "volume_moins"}, {"volume:plus", T.tr("bouton", "Plus fort"), "volume_plus"}};
    }
    if (v.screen == Screen::Welcome) {
        // TRANSLATORS: welcome screen, the display and audio choices kept for the visit (about 20 characters each); highlighted when on.
        v.modes = {{"mode:audio", T.tr("accueil", "Lecture à voix haute"), "", I.access.audio_mode},
                   {"mode:contraste", T.tr("accueil", "Contraste élevé"), "", I.access.high_contrast},
                   {"mode:grand_texte", T.tr("accueil", "Grand texte"), "", I.access.large_text}};
    }
    // A new screen (or the idle warning over it) silences the last one; in audio mode it is read.
    std::string screen = std::string(screen_name(v.screen)) + "\n" + v.title + (v.idle_warning ? "\ninactif" : "");
    if (screen != m_spoken_screen) {
        m_spoken_screen = std::move(screen);
        I.touched.clear();
        cue(I.access.audio_mode ? SpeechCue::Kind::Screen : SpeechCue::Kind::Stop);
    }
    v.speech = m_cue;
}

}  // namespace borne::kiosk
