#include "software_draw.hpp"

#include <SDL.h>
#include <imgui.h>

#include <array>

namespace borne::kiosk {

namespace {

/// One ImGui draw command's triangles, as SDL_SW_RenderGeometryRaw (SDL 2.26.5, SDL_render.c) reads
/// them: the same pairing and the same tests, so that what it would fill is known here.
struct Triangles {
    const ImDrawVert* vertices;
    const ImDrawIdx* indices;
    int texture_w = 0, texture_h = 0;

    using Triangle = std::array<int, 3>;
    Triangle at(unsigned int first) const { return {indices[first], indices[first + 1], indices[first + 2]}; }
    const ImVec2& xy(int k) const { return vertices[k].pos; }

    /// SDL's quad: `prev` and `t` share exactly two vertices and make an axis-aligned rectangle of one
    /// colour. Sets its top-left and bottom-right vertices.
    bool quad(const Triangle& prev, const Triangle& t, int& a, int& b) const {
        int shared = 0;
        for (int p : prev) shared += p == t[0] || p == t[1] || p == t[2];
        if (shared != 2) return false;
        const float x0 = xy(t[0]).x, y0 = xy(t[0]).y, x1 = xy(t[1]).x, y1 = xy(t[1]).y, x2 = xy(t[2]).x, y2 = xy(t[2]).y;
        a = (x0 <= x1 && y0 <= y1) ? (x0 <= x2 && y0 <= y2 ? t[0] : t[2]) : (x1 <= x2 && y1 <= y2 ? t[1] : t[2]);
        b = (x0 >= x1 && y0 >= y1) ? (x0 >= x2 && y0 >= y2 ? t[0] : t[2]) : (x1 >= x2 && y1 >= y2 ? t[1] : t[2]);
        const int c = t[0] != a && t[0] != b ? t[0] : t[1] != a && t[1] != b ? t[1] : t[2];
        const int c2 = prev[0] != a && prev[0] != b ? prev[0] : prev[1] != a && prev[1] != b ? prev[1] : prev[2];
        auto right_angle = [&](int k) {
            return (xy(a).x == xy(k).x && xy(b).y == xy(k).y) || (xy(a).y == xy(k).y && xy(b).x == xy(k).x);
        };
        if (!right_angle(c) || !right_angle(c2)) return false;
        const ImU32 col = vertices[a].col;
        return vertices[b].col == col && vertices[c].col == col && vertices[c2].col == col;
    }

    /// Whether SDL fills this quad (its texture coordinates span no whole texel: ImGui's solid
    /// shapes all sample the atlas's white pixel) with an opaque colour over a non-empty rectangle.
    bool opaque_fill(int a, int b) const {
        if ((vertices[a].col & IM_COL32_A_MASK) != IM_COL32_A_MASK) return false;
        if (vertices[b].pos.x - vertices[a].pos.x == 0.0f || vertices[b].pos.y - vertices[a].pos.y == 0.0f) return false;
        // As SDL computes the source rectangle (float products, truncated to int).
        const int sx = static_cast<int>(vertices[a].uv.x * static_cast<float>(texture_w));
        const int sy = static_cast<int>(vertices[a].uv.y * static_cast<float>(texture_h));
        const int sw = static_cast<int>(vertices[b].uv.x * static_cast<float>(texture_w) - static_cast<float>(sx));
        const int sh = static_cast<int>(vertices[b].uv.y * static_cast<float>(texture_h) - static_cast<float>(sy));
        return sw == 0 || sh == 0;
    }
};

void draw_command(SDL_Renderer* renderer, const ImDrawList& list, const ImDrawCmd& cmd) {
    const ImDrawVert* vertices = list.VtxBuffer.Data + cmd.VtxOffset;
    const ImDrawIdx* indices = list.IdxBuffer.Data + cmd.IdxOffset;
    const int vertex_count = list.VtxBuffer.Size - static_cast<int>(cmd.VtxOffset);
    auto* texture = static_cast<SDL_Texture*>(cmd.GetTexID());
    Triangles tris{vertices, indices};
    if (texture) SDL_QueryTexture(texture, nullptr, nullptr, &tris.texture_w, &tris.texture_h);
    // The triangles SDL gets, from `from` to `to` (indices): SDL's pairing starts afresh at `from`,
    // as it does after each quad, so it pairs them as it would have in one call.
    auto geometry = [&](unsigned int from, unsigned int to) {
        if (to <= from) return;
        SDL_RenderGeometryRaw(renderer, texture, &vertices->pos.x, sizeof(ImDrawVert), reinterpret_cast<const SDL_Color*>(&vertices->col),
                              sizeof(ImDrawVert), &vertices->uv.x, sizeof(ImDrawVert), vertex_count, indices + from, static_cast<int>(to - from),
                              sizeof(ImDrawIdx));
    };
    unsigned int pending = 0;  // the first index not yet given to SDL
    bool has_prev = false;
    Triangles::Triangle prev{};
    for (unsigned int i = 0; i + 3 <= cmd.ElemCount; i += 3) {
        const Triangles::Triangle t = tris.at(i);
        if (!has_prev) {
            prev = t, has_prev = true;
            continue;
        }
        int a = -1, b = -1;
        if (!tris.quad(prev, t, a, b)) {
            prev = t;
            continue;
        }
        has_prev = false;
        if (!tris.opaque_fill(a, b)) continue;
        geometry(pending, i - 3);
        const SDL_FRect rect{vertices[a].pos.x, vertices[a].pos.y, vertices[b].pos.x - vertices[a].pos.x, vertices[b].pos.y - vertices[a].pos.y};
        const ImU32 col = vertices[a].col;
        SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_NONE);
        SDL_SetRenderDrawColor(renderer, col & 0xFF, (col >> 8) & 0xFF, (col >> 16) & 0xFF, 0xFF);
        SDL_RenderFillRectF(renderer, &rect);
        pending = i + 3;
    }
    geometry(pending, cmd.ElemCount);
}

}  // namespace

void draw_software(SDL_Renderer* renderer, ImDrawData* draw_data) {
    // As ImGui_ImplSDLRenderer_RenderDrawData (ImGui 1.86): a scale set on the renderer applies instead.
    float renderer_x = 1, renderer_y = 1;
    SDL_RenderGetScale(renderer, &renderer_x, &renderer_y);
    const ImVec2 scale(renderer_x == 1.0f ? draw_data->FramebufferScale.x : 1.0f, renderer_y == 1.0f ? draw_data->FramebufferScale.y : 1.0f);
    const int fb_width = static_cast<int>(draw_data->DisplaySize.x * scale.x), fb_height = static_cast<int>(draw_data->DisplaySize.y * scale.y);
    if (fb_width == 0 || fb_height == 0) return;
    SDL_Rect old_viewport, old_clip;
    const bool clip_enabled = SDL_RenderIsClipEnabled(renderer) == SDL_TRUE;
    SDL_RenderGetViewport(renderer, &old_viewport);
    SDL_RenderGetClipRect(renderer, &old_clip);
    SDL_BlendMode old_blend = SDL_BLENDMODE_NONE;
    Uint8 old_r = 0, old_g = 0, old_b = 0, old_a = 0;
    SDL_GetRenderDrawBlendMode(renderer, &old_blend);
    SDL_GetRenderDrawColor(renderer, &old_r, &old_g, &old_b, &old_a);
    SDL_RenderSetViewport(renderer, nullptr);
    SDL_RenderSetClipRect(renderer, nullptr);
    const ImVec2 off = draw_data->DisplayPos;
    for (int n = 0; n < draw_data->CmdListsCount; ++n) {
        const ImDrawList& list = *draw_data->CmdLists[n];
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            if (cmd.UserCallback) {
                if (cmd.UserCallback == ImDrawCallback_ResetRenderState) {
                    SDL_RenderSetViewport(renderer, nullptr);
                    SDL_RenderSetClipRect(renderer, nullptr);
                } else {
                    cmd.UserCallback(&list, &cmd);
                }
                continue;
            }
            ImVec2 lo((cmd.ClipRect.x - off.x) * scale.x, (cmd.ClipRect.y - off.y) * scale.y);
            ImVec2 hi((cmd.ClipRect.z - off.x) * scale.x, (cmd.ClipRect.w - off.y) * scale.y);
            if (lo.x < 0.0f) lo.x = 0.0f;
            if (lo.y < 0.0f) lo.y = 0.0f;
            if (hi.x > static_cast<float>(fb_width)) hi.x = static_cast<float>(fb_width);
            if (hi.y > static_cast<float>(fb_height)) hi.y = static_cast<float>(fb_height);
            if (hi.x <= lo.x || hi.y <= lo.y) continue;
            const SDL_Rect clip{static_cast<int>(lo.x), static_cast<int>(lo.y), static_cast<int>(hi.x - lo.x), static_cast<int>(hi.y - lo.y)};
            SDL_RenderSetClipRect(renderer, &clip);
            draw_command(renderer, list, cmd);
        }
    }
    SDL_SetRenderDrawBlendMode(renderer, old_blend);
    SDL_SetRenderDrawColor(renderer, old_r, old_g, old_b, old_a);
    SDL_RenderSetViewport(renderer, &old_viewport);
    SDL_RenderSetClipRect(renderer, clip_enabled ? &old_clip : nullptr);
}

}  // namespace borne::kiosk
