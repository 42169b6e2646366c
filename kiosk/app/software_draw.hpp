// ImGui's frame drawn by SDL's software renderer, with its opaque rectangles filled rather than blended.
//
// SDL 2.26's software renderer turns each pair of ImGui triangles that forms an axis-aligned quad of
// one colour into SDL_RenderFillRect (SDL_SW_RenderGeometryRaw), but always in SDL_BLENDMODE_BLEND:
// every pixel of every button, panel and bar is read, multiplied and written back, even when the
// colour is opaque and the result is the colour itself. Profiled at 1920x1080 (perf, the persona's
// screens in French and Arabic): that one blending loop was 40 % of the kiosk's drawing time, more
// than the shaped text, the glyphs and the screen's clear together. draw_software() walks the
// triangles exactly as SDL does and fills the opaque ones with SDL_BLENDMODE_NONE (SDL_FillRect:
// stores only, SIMD); everything else goes to SDL as before, in the same order. The pixels are the
// same: blending an opaque colour gives that colour (DRAW_MUL(r, 255) = r, the destination times 0).
#pragma once

struct SDL_Renderer;
struct ImDrawData;

namespace borne::kiosk {

/// Draws ImGui's frame as ImGui_ImplSDLRenderer_RenderDrawData (ImGui 1.86) does, for a software
/// renderer (on another renderer, that function is the one to call).
void draw_software(SDL_Renderer* renderer, ImDrawData* draw_data);

}  // namespace borne::kiosk
