#include "borne/speech/playback.hpp"

#include <SDL.h>

#include <algorithm>
#include <cstring>

namespace borne::speech {

namespace {

/// Holds SDL's audio device locked for a scope (the callback runs on SDL's own thread).
class Locked {
public:
    explicit Locked(SDL_AudioDeviceID d) : m_d(d) { SDL_LockAudioDevice(m_d); }
    ~Locked() { SDL_UnlockAudioDevice(m_d); }
    Locked(const Locked&) = delete;
    Locked& operator=(const Locked&) = delete;

private:
    SDL_AudioDeviceID m_d;
};

}  // namespace

std::unique_ptr<Playback> Playback::open(const PlaybackSettings& settings, std::string& error) {
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        error = std::string("pas de son : ") + SDL_GetError();
        return nullptr;
    }
    std::unique_ptr<Playback> p(new Playback());
    p->m_volume = std::clamp(settings.volume, 0, 100);
    SDL_AudioSpec want{}, have{};
    want.freq = settings.sample_rate;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    // 512 samples, 23 ms at 22 050 Hz: the device asks again soon after a new screen's speech starts.
    want.samples = 512;
    want.callback = &Playback::feed;
    want.userdata = p.get();
    // No change allowed: SDL converts to what the device wants, so the callback always gets our format.
    p->m_device = SDL_OpenAudioDevice(settings.device.empty() ? nullptr : settings.device.c_str(), 0, &want, &have, 0);
    if (p->m_device == 0) {
        error = "périphérique audio « " + (settings.device.empty() ? std::string("par défaut") : settings.device) + " » : " + SDL_GetError();
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return nullptr;
    }
    p->m_name = settings.device;
    p->m_rate = have.freq;
    // Paused until there is something to say: a running device calls back every 23 ms, all day.
    return p;
}

Playback::~Playback() {
    SDL_CloseAudioDevice(m_device);
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

std::vector<std::string> Playback::devices(std::string& error) {
    std::vector<std::string> out;
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        error = std::string("pas de son : ") + SDL_GetError();
        return out;
    }
    int n = SDL_GetNumAudioDevices(0);
    for (int k = 0; k < n; ++k)
        if (const char* name = SDL_GetAudioDeviceName(k, 0)) out.emplace_back(name);
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
    return out;
}

void Playback::feed(void* self, std::uint8_t* stream, int bytes) {
    static_cast<Playback*>(self)->fill(reinterpret_cast<std::int16_t*>(stream), static_cast<std::size_t>(bytes) / sizeof(std::int16_t));
}

void Playback::fill(std::int16_t* out, std::size_t count) {
    // Called by SDL with the device locked.
    std::size_t n = std::min(count, m_samples.size() - m_read);
    if (n > 0 && !m_first_out) m_first_out = Clock::now();
    const int gain = m_volume;  // percent, linear
    for (std::size_t k = 0; k < n; ++k) out[k] = static_cast<std::int16_t>(m_samples[m_read + k] * gain / 100);
    std::memset(out + n, 0, (count - n) * sizeof(std::int16_t));
    m_read += n;
    if (m_read == m_samples.size()) {
        m_samples.clear();
        m_read = 0;
    }
}

void Playback::queue(std::span<const std::int16_t> samples) {
    {
        Locked lock(m_device);
        m_samples.insert(m_samples.end(), samples.begin(), samples.end());
    }
    SDL_PauseAudioDevice(m_device, 0);
}

void Playback::stop() {
    {
        Locked lock(m_device);
        m_samples.clear();
        m_read = 0;
        m_first_out.reset();
    }
    SDL_PauseAudioDevice(m_device, 1);
}

std::size_t Playback::pending() const {
    Locked lock(m_device);
    return m_samples.size() - m_read;
}

int Playback::volume() const {
    Locked lock(m_device);
    return m_volume;
}

void Playback::set_volume(int percent) {
    Locked lock(m_device);
    m_volume = std::clamp(percent, 0, 100);
}

void Playback::louder() { set_volume(volume() + volume_step); }
void Playback::quieter() { set_volume(volume() - volume_step); }

std::optional<Playback::Clock::time_point> Playback::first_sample_out() const {
    Locked lock(m_device);
    return m_first_out;
}

}  // namespace borne::speech
