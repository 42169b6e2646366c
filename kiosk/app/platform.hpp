// The thin platform layer: an SDL window and renderer, Dear ImGui on top, fonts with the French
// typography glyphs, touch turned into taps ImGui understands, and screenshots.
#pragma once

#include "pictograms.hpp"

#include <deque>
#include <memory>
#include <string>

struct SDL_Window;
struct SDL_Renderer;
struct ImFont;
union SDL_Event;

namespace borne::kiosk {

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
};

class Platform {
public:
    /// Opens the window; on failure returns nullptr and says why in `error`.
    static std::unique_ptr<Platform> open(const PlatformOptions& options, std::string& error);
    ~Platform();

    /// Waits up to `timeout_ms` (-1: no limit, 0: none) for an event; false when none came.
    bool wait_event(SDL_Event& event, int timeout_ms);
    /// Feeds one SDL event to ImGui; a finger becomes a tap (the kmsdrm driver sends no mouse events).
    void handle(const SDL_Event& event);
    /// A tap at a pixel, played over the next two frames as press and release; the frame after moves
    /// the pointer away (no lingering hover).
    void tap_at(float x, float y);
    bool taps_pending() const { return !m_taps.empty() || m_lift_pending; }

    void begin_frame();
    void end_frame();  // draws; save_png() may read it back before present()
    void present();
    bool save_png(const std::string& path, std::string& error);

    const Fonts& fonts() const { return m_fonts; }
    Pictograms* pictograms() { return m_pictograms.get(); }
    int width() const;
    int height() const;
    bool fullscreen() const { return m_options.fullscreen; }

private:
    Platform() = default;
    PlatformOptions m_options;
    SDL_Window* m_window = nullptr;
    SDL_Renderer* m_renderer = nullptr;
    Fonts m_fonts;
    std::unique_ptr<Pictograms> m_pictograms;
    struct TapFrame { float x, y; bool down; };
    std::deque<TapFrame> m_taps;
    bool m_lift_pending = false;
    bool m_blocking_wait = false;  // the video driver can block for events (else SDL polls each millisecond)
};

}  // namespace borne::kiosk
