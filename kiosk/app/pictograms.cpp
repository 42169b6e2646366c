#include "pictograms.hpp"

#include <SDL.h>
#include <cairo.h>
#include <cstdint>
#include <filesystem>
#include <fmt/format.h>
#include <librsvg/rsvg.h>

namespace borne::kiosk {

namespace {

/// Draws the SVG file into a `pixels`-square RGBA texture; nullptr (and why) when it cannot.
SDL_Texture* rasterise(SDL_Renderer* renderer, const std::string& file, int pixels, std::string& error) {
    GError* gerror = nullptr;
    RsvgHandle* svg = rsvg_handle_new_from_file(file.c_str(), &gerror);
    if (!svg) {
        error = gerror ? gerror->message : "illisible";
        if (gerror) g_error_free(gerror);
        return nullptr;
    }
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, pixels, pixels);
    cairo_t* cr = cairo_create(surface);
    RsvgRectangle viewport{0, 0, static_cast<double>(pixels), static_cast<double>(pixels)};
    bool drawn = rsvg_handle_render_document(svg, cr, &viewport, &gerror) != 0;
    cairo_destroy(cr);
    g_object_unref(svg);
    if (!drawn) {
        error = gerror ? gerror->message : "dessin impossible";
        if (gerror) g_error_free(gerror);
        cairo_surface_destroy(surface);
        return nullptr;
    }
    cairo_surface_flush(surface);
    // Cairo keeps colours multiplied by alpha; SDL's blending (the software renderer's too) wants
    // them straight, else the anti-aliased edges darken.
    auto* data = cairo_image_surface_get_data(surface);
    int stride = cairo_image_surface_get_stride(surface);
    for (int y = 0; y < pixels; ++y) {
        auto* row = reinterpret_cast<std::uint32_t*>(data + y * stride);
        for (int x = 0; x < pixels; ++x) {
            std::uint32_t p = row[x], a = p >> 24;
            if (a == 0 || a == 255) continue;
            auto straight = [&](int shift) { return std::min<std::uint32_t>(255, (((p >> shift) & 0xFF) * 255 + a / 2) / a) << shift; };
            row[x] = (a << 24) | straight(16) | straight(8) | straight(0);
        }
    }
    SDL_Texture* texture = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, pixels, pixels);
    if (texture) {
        SDL_UpdateTexture(texture, nullptr, data, stride);
        SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
    } else {
        error = SDL_GetError();
    }
    cairo_surface_destroy(surface);
    return texture;
}

}  // namespace

Pictograms::~Pictograms() {
    for (auto& [key, texture] : m_textures)
        if (texture) SDL_DestroyTexture(texture);
}

SDL_Texture* Pictograms::texture(const std::string& name, int pixels) {
    if (name.empty() || pixels <= 0) return nullptr;
    auto key = std::make_pair(name, pixels);
    if (auto it = m_textures.find(key); it != m_textures.end()) return it->second;
    std::string file = m_directory + "/" + name + ".svg";
    SDL_Texture* texture = nullptr;
    if (std::filesystem::exists(file)) {
        std::string error;
        texture = rasterise(m_renderer, file, pixels, error);
        if (!texture) fmt::print(stderr, "borne-kiosk : pictogramme {} : {}\n", file, error);
    }
    m_textures[key] = texture;
    return texture;
}

}  // namespace borne::kiosk
