#include "platform.hpp"

#include "software_draw.hpp"
#include "text_shaping.hpp"

#include <SDL.h>
#include <imgui.h>
#include <imgui_internal.h>  // the windows under a finger, to scroll the one it drags (ImGui 1.86)
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>
#include <algorithm>
#include <cmath>
#include <memory>
#include <png.h>
#include <vector>

namespace borne::kiosk {

namespace {

const char* const font_regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const char* const font_bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

// The default range stops at U+00FF: no œ, no €, no ’ nor the narrow no-break space French puts
// before « ? ! : ; » (platform.md §2.5). Ballot box and bullet are for the checklists and the PIN.
const ImWchar* french_ranges() {
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x0152, 0x0153, 0x2013, 0x2014, 0x2018, 0x201F, 0x2022, 0x2022,
                                     0x2026, 0x2026, 0x202F, 0x202F, 0x20AC, 0x20AC, 0x2610, 0x2611,
                                     0};
    return ranges;
}

/// 15 mm in pixels of this display: from its reported density when it has one (a panel's EDID on
/// kmsdrm or a desktop), else at the standard 96 dpi (the dummy driver of headless runs).
float min_target_pixels(SDL_Window* window) {
    float dpi = 96;
    float hdpi = 0, vdpi = 0;
    int display = SDL_GetWindowDisplayIndex(window);
    if (display >= 0 && SDL_GetDisplayDPI(display, nullptr, &hdpi, &vdpi) == 0 && vdpi > 40 && vdpi < 400) dpi = vdpi;
    return std::ceil(15.f / 25.4f * dpi);
}

/// The frame just drawn as PNG with libpng: fast zlib settings (a persona run writes one per screen)
/// and one filter for every row, which suits flat interface colours. The pixels are read back a band
/// of rows at a time (a whole 1080p frame would be 8 MiB more for the kiosk to hold at its peak).
bool write_png(SDL_Renderer* renderer, const std::string& path, int w, int h, std::string& error) {
    FILE* out = std::fopen(path.c_str(), "wb");
    if (!out) {
        error = "écriture impossible : " + path;
        return false;
    }
    constexpr int band = 32;
    std::vector<unsigned char> rows(static_cast<std::size_t>(w) * 4 * band);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    volatile bool ok = png && info, read = true;  // volatile: kept across libpng's longjmp
    if (ok && setjmp(png_jmpbuf(png)) == 0) {
        png_init_io(png, out);
        png_set_compression_level(png, 3);
        png_set_filter(png, 0, PNG_FILTER_UP);
        png_set_IHDR(png, info, static_cast<png_uint_32>(w), static_cast<png_uint_32>(h), 8, PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                     PNG_FILTER_TYPE_DEFAULT);
        png_write_info(png, info);
        for (int y = 0; y < h && read; y += band) {
            SDL_Rect r{0, y, w, std::min(band, h - y)};
            if (SDL_RenderReadPixels(renderer, &r, SDL_PIXELFORMAT_ABGR8888, rows.data(), w * 4) != 0) {
                read = false;
                break;
            }
            for (int k = 0; k < r.h; ++k) png_write_row(png, rows.data() + static_cast<std::size_t>(k) * static_cast<std::size_t>(w) * 4);
        }
        if (read) png_write_end(png, nullptr);
    } else {
        ok = false;
    }
    png_destroy_write_struct(png ? &png : nullptr, info ? &info : nullptr);
    if (std::fclose(out) != 0) ok = false;
    if (!read) error = std::string("lecture de l'écran impossible : ") + SDL_GetError();
    else if (!ok) error = "écriture impossible : " + path;
    return ok && read;
}

}  // namespace

std::unique_ptr<Platform> Platform::open(const PlatformOptions& options, std::string& error) {
    if (options.headless) {
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    }
    // Fingers are bridged by hand (handle()); SDL's own mouse copies would tap twice on X11, and its
    // finger copies of a mouse (a hint off by default on Linux) would too: the mouse is bridged as well.
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    if (options.fullscreen) {
        // SDL turns SIGTERM and SIGINT into SDL_QUIT, which kiosk mode ignores (nothing leaves the app
        // by a window close): the service manager's stop would then wait for its SIGKILL. Without
        // SDL's handlers the signal ends the kiosk at once; a visitor has no way to send one.
        SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
        // The window manager's shortcuts (Alt+Tab, Alt+F4, the super key) go to the kiosk, which
        // drops every key in kiosk mode.
        SDL_SetHint(SDL_HINT_GRAB_KEYBOARD, "1");
    }
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) != 0) {
        error = std::string("SDL ne démarre pas : ") + SDL_GetError();
        return nullptr;
    }
    std::unique_ptr<Platform> p(new Platform);
    p->m_options = options;
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI | (options.fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS : SDL_WINDOW_RESIZABLE);
    int at_x = SDL_WINDOWPOS_CENTERED, at_y = SDL_WINDOWPOS_CENTERED, size_w = options.width, size_h = options.height;
    SDL_Rect screen{};
    if (options.fullscreen && SDL_GetDisplayBounds(0, &screen) == 0) {
        // The whole screen from the start: on an X server without a window manager (a kiosk started
        // by xinit) nobody honours the full-screen request, and a 1280x800 window sat in the middle
        // of a 1920x1080 screen, drawn as if it were 1920x1080 (measured under Xvfb).
        at_x = screen.x, at_y = screen.y, size_w = screen.w, size_h = screen.h;
    }
    p->m_window = SDL_CreateWindow("Borne", at_x, at_y, size_w, size_h, flags);
    if (!p->m_window) {
        error = std::string("fenêtre impossible : ") + SDL_GetError();
        return nullptr;
    }
    p->m_renderer = SDL_CreateRenderer(p->m_window, -1, options.headless ? SDL_RENDERER_SOFTWARE : SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!p->m_renderer) p->m_renderer = SDL_CreateRenderer(p->m_window, -1, SDL_RENDERER_SOFTWARE);
    if (!p->m_renderer) {
        error = std::string("rendu impossible : ") + SDL_GetError();
        return nullptr;
    }
    SDL_RendererInfo info{};
    p->m_software = SDL_GetRendererInfo(p->m_renderer, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE) != 0;
    if (options.fullscreen) {
        SDL_ShowCursor(SDL_DISABLE);
        SDL_SetWindowKeyboardGrab(p->m_window, SDL_TRUE);
    }
    std::string driver = SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "";
    p->m_blocking_wait = driver == "x11" || driver == "wayland" || driver == "windows" || driver == "cocoa";
    p->m_pictograms = std::make_unique<Pictograms>(p->m_renderer, options.pictograms);
    p->m_shaper = std::make_unique<TextShaper>(p->m_renderer);
    p->m_fonts.shaper = p->m_shaper.get();

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // a kiosk writes nothing behind the visitor's back
    io.LogFilename = nullptr;
    ImGui_ImplSDL2_InitForSDLRenderer(p->m_window);
    ImGui_ImplSDLRenderer_Init(p->m_renderer);

    int w = 0, h = 0;
    SDL_GetRendererOutputSize(p->m_renderer, &w, &h);
    // One font per size used (scaling a font blurs it); sized on the short side so portrait works too.
    float scale = static_cast<float>(std::min(w, h)) / 1080.f;
    scale = std::max(scale, 0.72f);  // body text stays at least 24 px on the smallest screens
    p->m_fonts.scale = scale;
    p->m_fonts.min_target = min_target_pixels(p->m_window);
    p->m_slop = p->m_fonts.min_target / 5;  // 3 mm: a finger that moves less is still a tap
    // Glyphs at their size, without ImGui's horizontal oversampling (3 by default): at 24 px and
    // more it adds no visible sharpness, and it tripled the atlas: 2048x1024 (8 MiB in RGBA, held by
    // ImGui and again by the renderer, and 2 MiB of alpha) where 1024x512 holds the four sizes.
    ImFontConfig glyphs;
    glyphs.OversampleH = 1;
    glyphs.OversampleV = 1;
    glyphs.PixelSnapH = true;
    auto add = [&](const char* file, float size) { return io.Fonts->AddFontFromFileTTF(file, size * scale, &glyphs, french_ranges()); };
    p->m_fonts.body = add(font_regular, 34);
    p->m_fonts.bold = add(font_bold, 34);
    p->m_fonts.button = add(font_bold, 38);
    p->m_fonts.title = add(font_bold, 52);
    // The larger text mode (chosen on the welcome screen), in the same atlas: the body a third larger
    // (34 to 45 px at 1080p) and the buttons a fifth; the titles are large already and stay, so that a
    // question with its keypad still fits a 1024x768 screen.
    p->m_large_fonts = p->m_fonts;
    p->m_large_fonts.body = add(font_regular, 45);
    p->m_large_fonts.bold = add(font_bold, 45);
    p->m_large_fonts.button = add(font_bold, 46);
    if (!p->m_fonts.body || !p->m_fonts.bold || !p->m_fonts.button || !p->m_fonts.title || !p->m_large_fonts.body || !p->m_large_fonts.title) {
        error = std::string("police introuvable : ") + font_regular + " (paquet fonts-dejavu-core)";
        return nullptr;
    }
    // The atlas goes to the renderer now, then ImGui's own copies of it (alpha and RGBA) and of the
    // font files (read once per size) are freed: the glyphs' metrics stay, nothing is rebuilt later.
    if (!ImGui_ImplSDLRenderer_CreateFontsTexture()) {
        error = std::string("texture des polices impossible : ") + SDL_GetError();
        return nullptr;
    }
    io.Fonts->ClearTexData();
    io.Fonts->ClearInputData();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowRounding = 0;
    style.WindowBorderSize = 0;
    // ImGui rounds a frame as a fan of triangles each spanning the whole frame, and SDL's software
    // renderer fills a triangle by testing every pixel of its bounding box: rounded buttons cost
    // 10-20 ms a frame at 1080p. Frames are square for ImGui; screens.cpp rounds the buttons itself
    // with rectangles (which the software renderer fills as rectangles) and four small corners.
    style.FrameRounding = 0;
    style.ScrollbarRounding = 0;
    style.GrabRounding = 0;
    p->m_fonts.rounding = std::round(14 * scale);
    p->m_large_fonts.rounding = p->m_fonts.rounding;
    // A finger-sized scrollbar: 15 mm like every target (36 px at 1080p was 26 px at 1024x768, where
    // the results scroll and a tap on the track is how a visitor moves them).
    style.ScrollbarSize = std::max(36 * scale, p->m_fonts.min_target);
    style.TouchExtraPadding = ImVec2(6 * scale, 6 * scale);
    style.ItemSpacing = ImVec2(20 * scale, 18 * scale);
    style.FramePadding = ImVec2(24 * scale, 18 * scale);
    style.WindowPadding = ImVec2(40 * scale, 30 * scale);
    ImGui::StyleColorsLight();
    // No window background: the renderer's clear paints the same colour (end_frame()) far faster than
    // a screen-sized textured triangle pair blended pixel by pixel by the software renderer.
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 0);
    style.Colors[ImGuiCol_Button] = ImVec4(0.86f, 0.90f, 0.97f, 1);
    style.Colors[ImGuiCol_ButtonHovered] = style.Colors[ImGuiCol_Button];  // touch has no hover
    style.Colors[ImGuiCol_ButtonActive] = ImVec4(0.62f, 0.72f, 0.92f, 1);
    style.Colors[ImGuiCol_Text] = ImVec4(0.08f, 0.08f, 0.12f, 1);
    return p;
}

Platform::~Platform() {
    m_pictograms.reset();  // its textures belong to the renderer
    m_shaper.reset();
    if (ImGui::GetCurrentContext()) {
        ImGui_ImplSDLRenderer_Shutdown();
        ImGui_ImplSDL2_Shutdown();
        ImGui::DestroyContext();
    }
    if (m_renderer) SDL_DestroyRenderer(m_renderer);
    if (m_window) SDL_DestroyWindow(m_window);
    SDL_Quit();
}

int Platform::width() const {
    int w = 0, h = 0;
    SDL_GetRendererOutputSize(m_renderer, &w, &h);
    return w;
}

int Platform::height() const {
    int w = 0, h = 0;
    SDL_GetRendererOutputSize(m_renderer, &w, &h);
    return h;
}

bool Platform::wait_event(SDL_Event& event, int timeout_ms) {
    if (timeout_ms == 0) return SDL_PollEvent(&event) != 0;
    if (m_blocking_wait) return SDL_WaitEventTimeout(&event, timeout_ms) != 0;
    // SDL 2.26 waits by polling every millisecond on drivers without a blocking wait (dummy, kmsdrm):
    // 4 % of a core on an idle kiosk. We poll every 15 ms while a visitor is touching (a swipe stays
    // smooth), every 40 ms once nothing has come for two seconds: each wake-up costs some 80 µs on the
    // target, and 40 ms before a first touch is answered is still too short for a finger to tell.
    auto until = SDL_GetTicks64() + static_cast<Uint64>(timeout_ms < 0 ? 0 : timeout_ms);
    for (;;) {
        if (SDL_PollEvent(&event) != 0) {
            m_last_event_ms = SDL_GetTicks64();
            return true;
        }
        Uint64 now = SDL_GetTicks64();
        if (timeout_ms >= 0 && now >= until) return false;
        Uint64 pace = now - m_last_event_ms < 2000 ? 15 : 40;
        SDL_Delay(static_cast<Uint32>(timeout_ms < 0 ? pace : std::min<Uint64>(pace, until - now)));
    }
}

void Platform::handle(const SDL_Event& event) {
    if (event.type == SDL_FINGERDOWN || event.type == SDL_FINGERMOTION || event.type == SDL_FINGERUP) {
        if (event.tfinger.touchId == SDL_MOUSE_TOUCHID) return;  // SDL's copy of a mouse: the mouse itself comes below
        // Finger coordinates are normalised to the window.
        const float x = event.tfinger.x * static_cast<float>(width()), y = event.tfinger.y * static_cast<float>(height());
        finger(event.type, event.tfinger.touchId, event.tfinger.fingerId, x, y);
        return;
    }
    if (mouse_as_finger(event)) return;
    ImGui_ImplSDL2_ProcessEvent(&event);
}

bool Platform::mouse_as_finger(const SDL_Event& event) {
    // The left button of a mouse or of an absolute pointer (qemu's usb-tablet, a touch screen seen as a
    // mouse) is a finger: its click becomes a tap, one press frame and one release frame of its own
    // (tap_at), and a drag with it held scrolls. ImGui's SDL backend (1.86) would take at most one press
    // a frame and none until a frame has seen the button up: clicks quicker than a frame (five corner
    // taps under qemu's TCG) were lost. SDL's mouse copies of a finger are dropped: the finger came
    // itself. The wheel, the other buttons and the pointer's position (hover) stay ImGui's.
    constexpr SDL_FingerID pointer = 0;
    switch (event.type) {
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (event.button.which == SDL_TOUCH_MOUSEID) return true;
        if (event.button.button != SDL_BUTTON_LEFT) return false;
        finger(event.type == SDL_MOUSEBUTTONDOWN ? SDL_FINGERDOWN : SDL_FINGERUP, SDL_MOUSE_TOUCHID, pointer,
               static_cast<float>(event.button.x), static_cast<float>(event.button.y));
        return true;
    case SDL_MOUSEMOTION:
        if (event.motion.which == SDL_TOUCH_MOUSEID) return true;
        if (event.motion.state & SDL_BUTTON_LMASK)
            finger(SDL_FINGERMOTION, SDL_MOUSE_TOUCHID, pointer, static_cast<float>(event.motion.x), static_cast<float>(event.motion.y));
        return false;  // the backend reads the position itself each frame
    case SDL_MOUSEWHEEL:
        return event.wheel.which == SDL_TOUCH_MOUSEID;
    default:
        return false;
    }
}

void Platform::finger(Uint32 type, SDL_TouchID touch, SDL_FingerID id, float x, float y) {
    // As on a phone: nothing happens when the finger lands; past the slop it drags the content under
    // it and presses nothing; lifted without having dragged, it taps where it landed. Only the first
    // finger on the glass counts (a palm, a second hand are ignored until it lifts).
    if (type == SDL_FINGERDOWN) {
        if (m_finger.down && on_glass(m_finger.touch, m_finger.id)) return;
        m_finger = {true, false, touch, id, x, y, y, 0, 0};
        return;
    }
    if (!m_finger.down || touch != m_finger.touch || id != m_finger.id) return;
    m_touched = true;
    if (!m_finger.dragging && std::hypot(x - m_finger.x0, y - m_finger.y0) > m_slop) m_finger.dragging = true;
    if (m_finger.dragging) {
        m_finger.last_y = y;
        m_scroll_pending = true;
    }
    if (type == SDL_FINGERUP) {
        if (!m_finger.dragging) tap_at(m_finger.x0, m_finger.y0);
        m_finger.down = false;
    }
}

bool Platform::on_glass(SDL_TouchID touch, SDL_FingerID id) {
    // A lost SDL_FINGERUP (a driver that drops it, the window losing the touch) must not leave the
    // kiosk deaf to every later finger: SDL's own state of the device is the truth when it knows the
    // device. Without one (fingers made by the headless runs, which reach handle() directly) the events are.
    // The mouse (mouse_as_finger) is one pointer: its button as SDL knows it.
    if (touch == SDL_MOUSE_TOUCHID) return (SDL_GetMouseState(nullptr, nullptr) & SDL_BUTTON_LMASK) != 0;
    bool known = false;
    for (int k = 0, n = SDL_GetNumTouchDevices(); k < n && !known; ++k) known = SDL_GetTouchDevice(k) == touch;
    if (!known) return true;
    for (int k = 0, n = SDL_GetNumTouchFingers(touch); k < n; ++k)
        if (const SDL_Finger* f = SDL_GetTouchFinger(touch, k); f && f->id == id) return true;
    // Lifted, even with no finger left on the glass: the events of a quick tap are all pumped before
    // its SDL_FINGERDOWN is handled, so SDL may already count none (this once read « no finger: still
    // down » and ignored such taps for good after a lost lift).
    return false;
}

void Platform::apply_scroll() {
    if (!m_scroll_pending) return;
    m_scroll_pending = false;
    // The front window under the point where the finger landed, found as ImGui finds the hovered
    // window (the windows of the last frame, back to front; a child after its parent), then the
    // first of it and its parents that scrolls. An opaque overlay that does not scroll (the idle
    // warning) stops there: the screen under it does not move.
    ImGuiContext& g = *ImGui::GetCurrentContext();
    const ImVec2 at(m_finger.x0, m_finger.y0);
    ImGuiWindow* hit = nullptr;
    for (int k = g.Windows.Size - 1; k >= 0 && !hit; --k) {
        ImGuiWindow* w = g.Windows[k];
        if (w->Active && !w->Hidden && !(w->Flags & ImGuiWindowFlags_NoMouseInputs) && w->OuterRectClipped.Contains(at)) hit = w;
    }
    for (ImGuiWindow* w = hit; w; w = (w->Flags & ImGuiWindowFlags_ChildWindow) ? w->ParentWindow : nullptr) {
        if (w->ScrollMax.y <= 0) continue;
        // The content follows the finger from where the drag took this window: a finger gone up by d
        // pixels has scrolled it down by d (from the drag's start, not frame by frame: ImGui rounds
        // each scroll to the pixel, and 8 moves of 30.15 px scrolled 240 px for a finger's 241).
        if (m_finger.window != w->ID) m_finger.window = w->ID, m_finger.scroll0 = w->Scroll.y;
        ImGui::SetScrollY(w, std::clamp(m_finger.scroll0 + m_finger.y0 - m_finger.last_y, 0.f, w->ScrollMax.y));
        return;
    }
}

void Platform::tap_at(float x, float y) {
    // The press frame puts the pointer over the item and the button down at once: ImGui finds the
    // hovered window from this frame's position, so no hover-only frame is needed before it.
    const auto now = std::chrono::steady_clock::now();
    m_taps.push_back({x, y, true, now});
    m_taps.push_back({x, y, false, now});
}

void Platform::begin_frame() {
    ImGui_ImplSDLRenderer_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    apply_scroll();  // before NewFrame: the windows' Active flags are still the last frame's
    ImGuiIO& io = ImGui::GetIO();
    // The backend sets the left button from SDL's state of the mouse; it is pressed only by the taps below
    // (mouse_as_finger): a button still held would otherwise press again here.
    io.MouseDown[0] = false;
    m_tap_time.reset();
    if (!m_taps.empty()) {
        TapFrame t = m_taps.front();
        m_taps.pop_front();
        io.MousePos = ImVec2(t.x, t.y);
        io.MouseDown[0] = t.down;
        if (t.down) m_tap_time = t.at;
        m_lift_pending = m_taps.empty();
    } else if (m_lift_pending) {
        // The finger has left the glass: the frame after a release hovers nothing.
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        io.MouseDown[0] = false;
        m_lift_pending = false;
    }
    ImGui::NewFrame();
}

void Platform::end_frame() {
    ImGui::Render();
    SDL_SetRenderDrawColor(m_renderer, m_background[0], m_background[1], m_background[2], 255);
    SDL_RenderClear(m_renderer);
    if (m_software) draw_software(m_renderer, ImGui::GetDrawData());  // software_draw.hpp says why
    else ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
    m_shaper->end_frame();
}

void Platform::present() { SDL_RenderPresent(m_renderer); }

bool Platform::save_png(const std::string& path, std::string& error) {
    // Reads back the frame just drawn, before present() hands the buffer over.
    return write_png(m_renderer, path, width(), height(), error);
}

}  // namespace borne::kiosk
