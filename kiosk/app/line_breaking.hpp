// Where a text wraps on screen. ImGui 1.86 breaks lines at spaces and also after « . , ; ! ? " »,
// which cut « 347,42 € » into « 347, » and « 42 € » and « caf.fr » into « caf. » and « fr »; French
// typography (engine/typography.hpp) already glues what belongs together with no-break spaces.
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>

namespace borne::kiosk {

/// `text` with a line break wherever the next word would pass `width` in `font` (at its size):
/// breaks at plain spaces only; a word wider than a whole line (an address) breaks after a « / »,
/// « . » or « - » that fits, else where it must. Drawn without ImGui's own wrapping.
std::string break_lines(const ImFont* font, std::string_view text, float width);

}  // namespace borne::kiosk
