// The kiosk's voice: texts normalised for their language, synthesised on a worker thread and queued to
// the headphones as the chunks come, so that the screen thread never waits for speech. The texts are
// normalised and synthesised one after the other: the first sound waits only for the title, not for a
// whole results screen. A new text or stop() silences what was being said at once.
#pragma once

#include "borne/kiosk/flow.hpp"
#include "borne/speech/normaliser.hpp"
#include "borne/speech/playback.hpp"
#include "borne/speech/synthesiser.hpp"

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace borne::speech {

class Speaker {
public:
    /// `normalisers` by language; a language without one is spoken as written. Arabic has one for what is
    /// filled into its texts (amounts, dates, acronyms): the catalogue carries the vowelled wording itself.
    Speaker(std::shared_ptr<Synthesiser> synthesiser, std::map<Language, Normaliser> normalisers, std::unique_ptr<Playback> playback);
    ~Speaker();
    Speaker(const Speaker&) = delete;
    Speaker& operator=(const Speaker&) = delete;

    /// Says `texts` (each normalised, then one utterance), after silencing what was being said.
    void say(const std::vector<std::string>& texts, Language language);
    void stop();
    /// The text as it will be synthesised (what the tests write beside each recording).
    std::string spoken(const std::vector<std::string>& texts, Language language) const;

    Playback& playback() { return *m_playback; }
    /// The last synthesis error, or empty.
    std::string last_error() const;

private:
    std::shared_ptr<Synthesiser> m_synthesiser;
    std::map<Language, Normaliser> m_normalisers;
    std::unique_ptr<Playback> m_playback;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    struct Request {
        std::vector<std::string> texts;
        Language language = Language::French;
    };
    std::optional<Request> m_request;
    std::uint64_t m_generation = 0;  // bumped by every say() and stop(): an older synthesis gives up
    bool m_quit = false;
    std::string m_error;
    std::thread m_worker;
    void work();
    /// Normalises and synthesises one text of a request; false when a newer request made it stale.
    bool speak(const std::string& text, Language language, std::uint64_t generation);
};

/// The kiosk's speaker: espeak-ng, the normalisers of `speech_dir` (fr.yaml, en.yaml) and the
/// headphones of `playback`. Null with the reason in `error` when any of them is missing.
std::unique_ptr<Speaker> open_speaker(const PlaybackSettings& playback, const std::string& speech_dir, std::string& error);

/// What the speech of a view's cue says, in reading order, each text in its spoken variant when
/// `language` has one (Catalogue::spoken: Arabic vowelled): the whole screen for « Écouter », a new
/// screen in audio mode and the idle warning; one button's label (with its line) for the audio mode's
/// first touch and the volume buttons; nothing for a stop.
std::vector<std::string> cue_texts(const kiosk::View& view, const i18n::Catalogue& language);

/// Does what the flow's view asks of speech (kiosk::SpeechCue, decided by the flow: see
/// kiosk/flow/src/access.cpp), from the kiosk's main loop each frame: a new cue stops what was said
/// and says the new texts, at the view's volume. The synthesis runs on the speaker's worker thread.
class ScreenReader {
public:
    ScreenReader(Speaker& speaker, std::shared_ptr<const i18n::Catalogues> languages)
        : m_speaker(speaker), m_languages(std::move(languages)) {}

    /// Each frame, with the view drawn.
    void on_view(const kiosk::View& view);

private:
    Speaker& m_speaker;
    std::shared_ptr<const i18n::Catalogues> m_languages;
    std::uint64_t m_serial = 0;  // of the last cue done
};

}  // namespace borne::speech
