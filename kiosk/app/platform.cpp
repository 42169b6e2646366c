#include "platform.hpp"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>
#include <memory>
#include <stb_image_write.h>
#include <vector>

namespace borne::kiosk {

namespace {

const char* const font_regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const char* const font_bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

// The default range stops at U+00FF: no œ, no €, no ’ nor the narrow no-break space French puts
// before « ? ! : ; » (platform.md §2.5). Ballot box and bullet are for the checklists and the PIN.
const ImWchar* french_ranges() {
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x0152, 0x0153, 0x2013, 0x2014, 0x2018, 0x201F, 0x2022, 0x2022,
                                     0x2026, 0x2026, 0x202F, 0x202F, 0x20AC, 0x20AC, 0x2610, 0x2611, 0};
    return ranges;
}

}  // namespace

std::unique_ptr<Platform> Platform::open(const PlatformOptions& options, std::string& error) {
    if (options.headless) {
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    }
    // Fingers are bridged by hand (handle()); SDL's own mouse copies would tap twice on X11.
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) != 0) {
        error = std::string("SDL ne démarre pas : ") + SDL_GetError();
        return nullptr;
    }
    std::unique_ptr<Platform> p(new Platform);
    p->m_options = options;
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI | (options.fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : SDL_WINDOW_RESIZABLE);
    p->m_window = SDL_CreateWindow("Borne", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, options.width, options.height, flags);
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
    if (options.fullscreen) SDL_ShowCursor(SDL_DISABLE);

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
    auto add = [&](const char* file, float size) {
        ImFont* f = io.Fonts->AddFontFromFileTTF(file, size * scale, nullptr, french_ranges());
        return f;
    };
    p->m_fonts.body = add(font_regular, 34);
    p->m_fonts.bold = add(font_bold, 34);
    p->m_fonts.button = add(font_bold, 38);
    p->m_fonts.title = add(font_bold, 52);
    if (!p->m_fonts.body || !p->m_fonts.bold || !p->m_fonts.button || !p->m_fonts.title) {
        error = std::string("police introuvable : ") + font_regular + " (paquet fonts-dejavu-core)";
        return nullptr;
    }
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowRounding = 0;
    style.FrameRounding = 14 * scale;
    style.ScrollbarSize = 36 * scale;  // a finger-sized scrollbar
    style.TouchExtraPadding = ImVec2(6 * scale, 6 * scale);
    style.ItemSpacing = ImVec2(20 * scale, 18 * scale);
    style.FramePadding = ImVec2(24 * scale, 18 * scale);
    style.WindowPadding = ImVec2(40 * scale, 30 * scale);
    ImGui::StyleColorsLight();
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.95f, 1);
    style.Colors[ImGuiCol_Button] = ImVec4(0.86f, 0.90f, 0.97f, 1);
    style.Colors[ImGuiCol_ButtonHovered] = style.Colors[ImGuiCol_Button];  // touch has no hover
    style.Colors[ImGuiCol_ButtonActive] = ImVec4(0.62f, 0.72f, 0.92f, 1);
    style.Colors[ImGuiCol_Text] = ImVec4(0.08f, 0.08f, 0.12f, 1);
    return p;
}

Platform::~Platform() {
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

void Platform::handle(const SDL_Event& event) {
    if (event.type == SDL_FINGERDOWN) {
        // Finger coordinates are normalised to the window; ImGui 1.86 polls the mouse, so the tap is
        // replayed one state per frame, keeping the position over the item for the release.
        tap_at(event.tfinger.x * static_cast<float>(width()), event.tfinger.y * static_cast<float>(height()));
        return;
    }
    if (event.type == SDL_FINGERUP || event.type == SDL_FINGERMOTION) return;
    ImGui_ImplSDL2_ProcessEvent(&event);
}

void Platform::tap_at(float x, float y) {
    m_taps.push_back({x, y, false});
    m_taps.push_back({x, y, true});
    m_taps.push_back({x, y, false});
    m_taps.push_back({-1, -1, false});  // then away: no lingering hover
}

void Platform::begin_frame() {
    ImGui_ImplSDLRenderer_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    if (!m_taps.empty()) {
        ImGuiIO& io = ImGui::GetIO();
        TapFrame t = m_taps.front();
        m_taps.pop_front();
        io.MousePos = t.x < 0 ? ImVec2(-FLT_MAX, -FLT_MAX) : ImVec2(t.x, t.y);
        io.MouseDown[0] = t.down;
    }
    ImGui::NewFrame();
}

void Platform::end_frame() {
    ImGui::Render();
    SDL_SetRenderDrawColor(m_renderer, 247, 247, 242, 255);
    SDL_RenderClear(m_renderer);
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
}

void Platform::present() { SDL_RenderPresent(m_renderer); }

bool Platform::save_png(const std::string& path, std::string& error) {
    int w = width(), h = height();
    std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
    // Read back the frame just drawn, before present() hands the buffer over.
    if (SDL_RenderReadPixels(m_renderer, nullptr, SDL_PIXELFORMAT_ABGR8888, pixels.data(), w * 4) != 0) {
        error = std::string("lecture de l'écran impossible : ") + SDL_GetError();
        return false;
    }
    if (!stbi_write_png(path.c_str(), w, h, 4, pixels.data(), w * 4)) {
        error = "écriture impossible : " + path;
        return false;
    }
    return true;
}

}  // namespace borne::kiosk
