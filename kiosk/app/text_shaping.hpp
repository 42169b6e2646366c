// Shaped, bidirectional text on screen: Arabic (and any line of a right-to-left screen) drawn by
// pango into textures that ImGui draws as images. ImGui 1.86 neither shapes nor reorders text (its
// Arabic comes out as isolated letters, left to right); pango does the Unicode bidi algorithm with
// FriBidi (levels, then the L2 reordering of each line after it is broken on the logical text) and
// the shaping with HarfBuzz, as printing/ already uses it on paper. Why pango rather than SDL_ttf
// 2.20 (which has HarfBuzz but no bidi: a whole line set right to left turns « 250 » into « 052 »,
// inclusion.md §C.2): the run splitting and reordering would be ours to write; pango is the
// maintained library that does them, and its line breaking follows UAX #14 (no break inside
// « 347,42 » nor « caf.fr », none at a no-break space).
#pragma once

#include <imgui.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct SDL_Renderer;
struct SDL_Texture;
struct _cairo_surface;

namespace borne::kiosk {

/// Whether `text` holds a right-to-left letter (Hebrew, Arabic, Syriac, Thaana, N'Ko and their
/// presentation forms): ImGui cannot draw it.
bool has_rtl_letters(std::string_view text);

/// The families the shaped text may be drawn in: Amiri (fonts-hosny-amiri, a Naskh, the style of
/// printed Arabic) for a text with Arabic letters, DejaVu Sans (fonts-dejavu-core, the Latin screens'
/// font) for the others (« English », the site's name, the keypad's digits) and what Amiri lacks. A
/// glyph that fontconfig would take from any other installed font is reported missing: the
/// appliance has only these two.
inline constexpr const char* arabic_families = "Amiri,DejaVu Sans";
inline constexpr const char* latin_families = "DejaVu Sans,Amiri";
/// A size is given as ImGui gives it, the font's height from ascender to descender: DejaVu Sans's is
/// 2384/2048 of its em (its hhea metrics), so pango, which sizes the em, gets that much less and the
/// Latin text matches the ImGui screens'. Amiri's letters are small for their em (a Naskh's tall
/// ascenders and deep descenders share it): the Arabic gets an em as large as the size, read as
/// about the Latin text's size.
inline constexpr float latin_em_ratio = 2048.f / 2384.f;
inline constexpr float arabic_em_ratio = 1.f;
/// Amiri's own line height is 1.8 em (room for stacked marks that few words have): Arabic lines are
/// set at this factor of it, 1.35 em, as tight as Arabic is printed; the ink that passes is kept.
inline constexpr double arabic_line_height = 0.75;

/// One block of text laid out and drawn: lines broken within a width, right-aligned when right to left.
struct ShapedBlock {
    SDL_Texture* texture = nullptr;  // the text's own colour on transparent; null when empty
    int width = 0, height = 0;       // the room the text takes in the layout (its lines' heights), in pixels
    int texture_top = 0, texture_height = 0;  // the texture's rows from the block's top: the ink may pass
                                              // the lines' room (Arabic vowel marks over tight lines)
    int ink_top = 0, ink_height = 0; // the rows that hold ink (a label is centred on them, not on the line's height)
    int lines = 0;
    std::vector<std::string> problems;  // characters with no glyph in the families above
};

struct ShapedKey {
    std::string text;
    float px = 0;
    bool bold = false;
    ImU32 colour = 0;
    int width = -1;  // the wrapping width in pixels; -1: one line per paragraph
    bool rtl = false;  // the screen reads right to left: lines right-aligned, and a paragraph with
                       // Arabic letters set right to left (one without, a French question not yet
                       // translated, stays left to right: its « ? » at its end)
    auto operator<=>(const ShapedKey&) const = default;
};

/// The cache of shaped blocks, in two levels. A text's layout (bidi, shaping, line breaks: pango's
/// costly part) is keyed by (text, size, weight, width, direction) and serves its measuring and its
/// drawing in any colour; its texture is keyed by the colour too. A screen's texts are shaped once
/// when it first shows and are then only copied; a label measured then drawn (every button's) is laid
/// out once, and a text only measured is never rasterised. Blocks unused for a while are freed when
/// the cache grows (end_frame()).
class TextShaper {
public:
    explicit TextShaper(SDL_Renderer* renderer);
    ~TextShaper();
    TextShaper(const TextShaper&) = delete;
    TextShaper& operator=(const TextShaper&) = delete;

    /// The block drawn: its texture in `key.colour`.
    const ShapedBlock& block(const ShapedKey& key);
    /// The block's layout alone (its sizes, lines and problems; no texture): what measuring needs.
    /// `key.colour` does not matter.
    const ShapedBlock& measure(const ShapedKey& key);
    /// Where the character at byte `index` of `key.text` starts in its block, in pixels from the
    /// block's left (its leading edge: the right side of a right-to-left letter); -1 past the text.
    int x_of(const ShapedKey& key, std::size_t index);
    /// Frees the blocks not used during the last frame once the cache holds more than it should.
    void end_frame();
    std::size_t cached() const { return m_blocks.size(); }
    /// Drops every block and layout (what pango, fontconfig and cairo keep of the fonts stays).
    void clear();

private:
    struct Layout;
    struct Laid;
    struct Entry {
        ShapedBlock block;
        std::uint64_t used = 0;
    };
    Laid& laid(const ShapedKey& key);
    Layout lay_out(const ShapedKey& key);
    static ShapedBlock measured(const Layout& laid, const std::string& text, int width);
    ShapedBlock rasterise(const Laid& laid, const ShapedKey& key);
    static _cairo_surface* coverage(const Layout& laid, const ShapedBlock& block);
    void free(ShapedBlock& b);
    SDL_Renderer* m_renderer;
    struct Pango;
    std::unique_ptr<Pango> m_pango;
    std::map<ShapedKey, std::unique_ptr<Laid>> m_layouts;  // keyed with no colour
    std::map<ShapedKey, Entry> m_blocks;
    std::uint64_t m_frame = 1;
    std::vector<std::uint32_t> m_pixels;  // a block's pixels on their way to its texture (kept: no allocation per block)
};

}  // namespace borne::kiosk
