// Speech to the headphones: SDL audio on the device the site file names (audio.peripherique), with
// the visitor's volume, and a stop that silences at once (the screen changed). The only SDL in
// kiosk/speech.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace borne::speech {

struct PlaybackSettings {
    std::string device;  // an SDL output device name (Playback::devices()); empty: the system's default
    int volume = 70;     // percent, 0 to 100
    int sample_rate = 22050;
};

class Playback {
public:
    using Clock = std::chrono::steady_clock;

    /// Opens the device; null with the reason in `error` (no such device, no audio at all).
    static std::unique_ptr<Playback> open(const PlaybackSettings& settings, std::string& error);
    ~Playback();
    Playback(const Playback&) = delete;
    Playback& operator=(const Playback&) = delete;

    /// The output devices SDL sees on this machine (what audio.peripherique may name).
    static std::vector<std::string> devices(std::string& error);

    /// Appends samples at the device's rate to what is playing.
    void queue(std::span<const std::int16_t> samples);
    /// Drops everything not yet heard.
    void stop();
    /// Samples queued and not yet handed to the device.
    std::size_t pending() const;
    bool playing() const { return pending() > 0; }

    int volume() const;
    void set_volume(int percent);  // clamped to 0..100
    /// One step up or down (10 %): the on-screen volume buttons.
    void louder();
    void quieter();
    static constexpr int volume_step = 10;

    /// When the device first took samples since the last stop() (or since opening): the moment the
    /// visitor can hear them, for the latency benchmark.
    std::optional<Clock::time_point> first_sample_out() const;
    const std::string& device_name() const { return m_name; }
    int sample_rate() const { return m_rate; }

private:
    Playback() = default;
    static void feed(void* self, std::uint8_t* stream, int bytes);  // SDL's audio callback
    void fill(std::int16_t* out, std::size_t count);

    std::uint32_t m_device = 0;
    std::string m_name;
    int m_rate = 0;
    // Shared with SDL's audio thread, under SDL_LockAudioDevice.
    std::vector<std::int16_t> m_samples;
    std::size_t m_read = 0;
    int m_volume = 70;
    std::optional<Clock::time_point> m_first_out;
};

}  // namespace borne::speech
