// The thin platform layer: an SDL window and renderer, Dear ImGui on top, fonts with the French
// typography glyphs, touch turned into taps ImGui understands, and screenshots.
#pragma once

#include "pictograms.hpp"

#include <SDL_touch.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>

struct SDL_Window;
struct SDL_Renderer;
struct ImFont;
union SDL_Event;

namespace borne::kiosk {

class TextShaper;

struct PlatformOptions {
    int width = 1280, height = 800;
    bool fullscreen = false;  // --kiosk: full screen, nothing leaves the app
    bool headless = false;    // SDL's dummy video driver and software renderer: deterministic pixels
    std::string pictograms;   // the folder of the buttons' SVG pictograms
};

struct Fonts {
    ImFont* body = nullptr;
    ImFont* bold = nullptr;
    ImFont* title = nullptr;
    ImFont* button = nullptr;
    float scale = 1;  // of a 1080-pixel-high screen
    float min_target = 57;  // the smallest button side in pixels: 15 mm at 0.265 mm a pixel (96 dpi)
    float rounding = 14;    // of a button's corners (drawn by screens.cpp, not by ImGui: see fill_rounded there)
    TextShaper* shaper = nullptr;  // right-to-left and Arabic text (text_shaping.hpp); null: ImGui draws every text
};

class Platform {
public:
    /// Opens the window; on failure returns nullptr and says why in `error`.
    static std::unique_ptr<Platform> open(const PlatformOptions& options, std::string& error);
    ~Platform();

    /// Waits up to `timeout_ms` (-1: no limit, 0: none) for an event; false when none came.
    bool wait_event(SDL_Event& event, int timeout_ms);
    /// Feeds one SDL event to ImGui. Fingers are bridged by hand (the kmsdrm driver sends no mouse
    /// events): see finger(). So is a mouse's left button, as a finger (mouse_as_finger).
    void handle(const SDL_Event& event);
    /// A finger event (SDL_FINGERDOWN, SDL_FINGERMOTION, SDL_FINGERUP) at a pixel: lifted within 3 mm
    /// of where it landed, a tap there (tap_at); moved further, a drag that scrolls the window under
    /// it and presses nothing. Fingers after the first one on the glass are ignored.
    void finger(Uint32 type, SDL_TouchID touch, SDL_FingerID id, float x, float y);
    float touch_slop() const { return m_slop; }
    /// Whether the first finger moved or lifted since the last call: someone is at the screen (a
    /// visitor reading the results by swiping them taps nothing for a while, and is not idle).
    bool take_touch() { return std::exchange(m_touched, false); }
    /// A tap at a pixel, played over the next two frames as press and release; the frame after moves
    /// the pointer away (no lingering hover).
    void tap_at(float x, float y);
    bool taps_pending() const { return !m_taps.empty() || m_lift_pending; }
    /// On a tap's press frame, when the finger lifted (or the click came): a slow frame plays queued taps
    /// one after the other, seconds after they were made, and the corner gesture's five taps within 3 s are
    /// the visitor's seconds, not the frames'. Empty on any other frame.
    std::optional<std::chrono::steady_clock::time_point> tap_time() const { return m_tap_time; }

    void begin_frame();
    void end_frame();  // draws; save_png() may read it back before present()
    void present();
    bool save_png(const std::string& path, std::string& error);

    const Fonts& fonts() const { return m_fonts; }
    /// The larger text mode's fonts (View::access.large_text): the same faces a third larger.
    const Fonts& fonts(bool large) const { return large ? m_large_fonts : m_fonts; }
    /// The colour the screen is cleared to (the theme's background: theme.hpp).
    void set_background(std::uint8_t r, std::uint8_t g, std::uint8_t b) { m_background[0] = r, m_background[1] = g, m_background[2] = b; }
    Pictograms* pictograms() { return m_pictograms.get(); }
    int width() const;
    int height() const;
    bool fullscreen() const { return m_options.fullscreen; }
    bool headless() const { return m_options.headless; }

private:
    Platform() = default;
    PlatformOptions m_options;
    SDL_Window* m_window = nullptr;
    SDL_Renderer* m_renderer = nullptr;
    bool m_software = false;  // SDL's software renderer (headless runs, or no GPU): draw_software()
    Fonts m_fonts, m_large_fonts;
    std::uint8_t m_background[3] = {247, 247, 242};
    std::unique_ptr<Pictograms> m_pictograms;
    std::unique_ptr<TextShaper> m_shaper;
    struct TapFrame { float x, y; bool down; std::chrono::steady_clock::time_point at; };
    std::deque<TapFrame> m_taps;
    std::optional<std::chrono::steady_clock::time_point> m_tap_time;  // tap_time()
    bool m_lift_pending = false;
    struct Finger {
        bool down = false, dragging = false;
        SDL_TouchID touch = 0;
        SDL_FingerID id = 0;
        float x0 = 0, y0 = 0, last_y = 0;  // where it landed; where it is now
        unsigned int window = 0;           // the ImGui window it drags (0: none yet)
        float scroll0 = 0;                 // that window's scroll when the drag took it
    };
    Finger m_finger;
    float m_slop = 11;            // pixels a finger may move and still tap (3 mm; set from the display's density)
    bool m_scroll_pending = false;
    bool m_touched = false;  // the finger dragged since the last frame
    void apply_scroll();
    bool mouse_as_finger(const SDL_Event& event);  // true when the event was the mouse's left button, now a finger's
    static bool on_glass(SDL_TouchID touch, SDL_FingerID id);  // the finger is still down, as far as SDL knows
    bool m_blocking_wait = false;  // the video driver can block for events (else SDL polls each millisecond)
    Uint64 m_last_event_ms = 0;    // when wait_event last returned an event (our own polling pace)
};

}  // namespace borne::kiosk
