// Read aloud and the display modes, as flow actions: « Écouter » and the volume buttons on every
// screen, the audio mode, the high-contrast theme and the larger text chosen on the welcome screen.
// The flow decides what speech should do (a SpeechCue in the View); kiosk/speech does it, off the
// screen's thread. Everything here lives in the visit's state: the idle wipe ends it.
#include "flow_state.hpp"

#include <algorithm>

namespace borne::kiosk {

namespace {

constexpr int volume_step = 10;  // percent per touch of a volume button

bool is_volume(std::string_view id) { return id == "volume:plus" || id == "volume:moins"; }

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
        I.touched.clear();
        I.heard = true;
        cue(SpeechCue::Kind::Texts);
        m_cue.texts = {m_view.title};
        if (!m_view.help.empty()) m_cue.texts.push_back(m_view.help);
        for (auto& t : slip_spoken(*m_rules, SlipRequest{m_situation, resume_code(), appointment(), language()}, m_config)) m_cue.texts.push_back(std::move(t));
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

void Flow::access_view(View& v) {
    Impl& I = *m_impl;
    const i18n::Catalogue& T = language();
    v.access = I.access;
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
