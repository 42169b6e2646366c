#include "borne/speech/speaker.hpp"

#include "borne/speech/espeak.hpp"
#include "borne/speech/screen_text.hpp"

namespace borne::speech {

Speaker::Speaker(std::shared_ptr<Synthesiser> synthesiser, std::map<Language, Normaliser> normalisers, std::unique_ptr<Playback> playback)
    : m_synthesiser(std::move(synthesiser)), m_normalisers(std::move(normalisers)), m_playback(std::move(playback)) {
    m_worker = std::thread([this] { work(); });
}

Speaker::~Speaker() {
    {
        std::lock_guard lock(m_mutex);
        m_quit = true;
        ++m_generation;
    }
    m_wake.notify_one();
    m_worker.join();
    m_playback->stop();
}

std::string Speaker::spoken(const std::vector<std::string>& texts, Language language) const {
    auto n = m_normalisers.find(language);
    return spoken_utterance(texts, n == m_normalisers.end() ? nullptr : &n->second);
}

void Speaker::say(const std::vector<std::string>& texts, Language language) {
    {
        // Under the lock with the bump, so that no chunk of the old utterance is queued after it.
        std::lock_guard lock(m_mutex);
        ++m_generation;
        m_request = Request{texts, language};
        m_playback->stop();
    }
    m_wake.notify_one();
}

void Speaker::stop() {
    std::lock_guard lock(m_mutex);
    ++m_generation;
    m_request.reset();
    m_playback->stop();
}

std::string Speaker::last_error() const {
    std::lock_guard lock(m_mutex);
    return m_error;
}

void Speaker::work() {
    for (;;) {
        Request r;
        std::uint64_t generation = 0;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_quit || m_request; });
            if (m_quit) return;
            r = std::move(*m_request);
            m_request.reset();
            generation = m_generation;
        }
        for (const auto& text : r.texts)
            if (!speak(text, r.language, generation)) break;
    }
}

bool Speaker::speak(const std::string& text, Language language, std::uint64_t generation) {
    std::string said = spoken({text}, language);
    if (said.empty()) {
        std::lock_guard lock(m_mutex);
        return m_generation == generation;
    }
    auto error = m_synthesiser->synthesise(said, language, [&](std::span<const std::int16_t> chunk) {
        // Checked and queued under the lock that say() and stop() take: a newer request means this
        // utterance is no longer wanted, and none of it reaches the device after their stop.
        std::lock_guard lock(m_mutex);
        if (m_generation != generation) return false;
        m_playback->queue(chunk);
        return true;
    });
    std::lock_guard lock(m_mutex);
    m_error = error.value_or("");
    return m_generation == generation;
}

std::unique_ptr<Speaker> open_speaker(const PlaybackSettings& playback, const std::string& speech_dir, std::string& error) {
    std::map<Language, Normaliser> normalisers;
    for (Language l : {Language::French, Language::English, Language::Arabic}) {
        auto [n, errors] = Normaliser::read(speech_dir + "/" + std::string(language_code(l)) + ".yaml");
        if (!n) {
            error = errors.at(0).to_string();
            return nullptr;
        }
        normalisers.emplace(l, std::move(*n));
    }
    auto synthesiser = EspeakSynthesiser::open({}, error);
    if (!synthesiser) return nullptr;
    PlaybackSettings settings = playback;
    settings.sample_rate = synthesiser->sample_rate();
    auto headphones = Playback::open(settings, error);
    if (!headphones) return nullptr;
    return std::make_unique<Speaker>(std::move(synthesiser), std::move(normalisers), std::move(headphones));
}

std::vector<std::string> cue_texts(const kiosk::View& view, const i18n::Catalogue& language) {
    std::vector<std::string> texts;
    switch (view.speech.kind) {
        case kiosk::SpeechCue::Kind::None:
        case kiosk::SpeechCue::Kind::Stop: break;
        case kiosk::SpeechCue::Kind::Screen: texts = screen_texts(view); break;
        case kiosk::SpeechCue::Kind::Button: texts = button_texts(view, view.speech.button).value_or(std::vector<std::string>{}); break;
        case kiosk::SpeechCue::Kind::Texts: texts = view.speech.texts; break;  // the slip told aloud
    }
    for (auto& t : texts) t = language.spoken(t);
    return texts;
}

void ScreenReader::on_view(const kiosk::View& view) {
    if (m_speaker.playback().volume() != view.access.volume) m_speaker.playback().set_volume(view.access.volume);
    if (view.speech.serial == m_serial) return;
    m_serial = view.speech.serial;
    auto texts = cue_texts(view, m_languages->get(view.lang));
    if (texts.empty()) {
        m_speaker.stop();
        return;
    }
    m_speaker.say(texts, language_of_code(view.lang).value_or(Language::French));
}

}  // namespace borne::speech
