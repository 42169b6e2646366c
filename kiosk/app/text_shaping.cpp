#include "text_shaping.hpp"

#include <SDL.h>
#include <cairo.h>
#include <fmt/format.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cstring>

namespace borne::kiosk {

namespace {

/// The code point at `at` in `text` (UTF-8), and how many bytes it takes.
std::pair<char32_t, std::size_t> code_point_at(std::string_view text, std::size_t at) {
    const auto c = static_cast<unsigned char>(text[at]);
    std::size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (at + n > text.size()) return {c, 1};
    char32_t code = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (std::size_t k = 1; k < n; ++k) code = (code << 6) | (static_cast<unsigned char>(text[at + k]) & 0x3F);
    return {code, n};
}

bool is_rtl_letter(char32_t c) {
    return (c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF);
}

bool allowed_family(const char* family) {
    return family && (std::strcmp(family, "Amiri") == 0 || std::strcmp(family, "DejaVu Sans") == 0);
}

template <class T, void (*F)(T*)>
struct Deleter {
    void operator()(T* p) const { F(p); }
};

void unref(void* p) { g_object_unref(p); }

}  // namespace

bool has_rtl_letters(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        auto [code, n] = code_point_at(text, at);
        if (is_rtl_letter(code)) return true;
        at += n;
    }
    return false;
}

/// pango's contexts for the screen: its own font map (fontconfig), grey anti-aliasing (the texture
/// is recoloured: see rasterise()), sizes in pixels. One context per base direction: a layout is kept
/// (TextShaper::Laid) to be drawn later, and pango lays a layout out again, with the context's new
/// direction, when its context changes.
struct TextShaper::Pango {
    PangoFontMap* map = pango_cairo_font_map_new();
    PangoContext* ltr = context(PANGO_DIRECTION_LTR);
    PangoContext* rtl = context(PANGO_DIRECTION_RTL);
    PangoContext* context(PangoDirection direction) const {
        PangoContext* c = pango_font_map_create_context(map);
        cairo_font_options_t* fo = cairo_font_options_create();
        cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
        cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_SLIGHT);
        cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_ON);
        pango_cairo_context_set_font_options(c, fo);
        cairo_font_options_destroy(fo);
        pango_cairo_context_set_resolution(c, 72);
        pango_context_set_language(c, pango_language_from_string("ar"));
        pango_context_set_base_dir(c, direction);
        return c;
    }
    ~Pango() {
        unref(rtl);
        unref(ltr);
        unref(map);
    }
};

/// A pango layout of a key's text as the screen draws it, and where its logical extents start.
struct TextShaper::Layout {
    std::unique_ptr<PangoLayout, Deleter<void, unref>> layout;
    PangoRectangle logical{}, ink{};
    bool wraps = false;
};

/// A key's text laid out, kept to be drawn in any colour: its block's sizes and problems, no texture.
struct TextShaper::Laid {
    Layout layout;
    ShapedBlock block;
    std::uint64_t used = 0;
};

TextShaper::TextShaper(SDL_Renderer* renderer) : m_renderer(renderer), m_pango(std::make_unique<Pango>()) {}

TextShaper::~TextShaper() {
    for (auto& [key, e] : m_blocks) free(e.block);
}

void TextShaper::clear() {
    for (auto& [key, e] : m_blocks) free(e.block);
    m_blocks.clear();
    m_layouts.clear();
}

void TextShaper::free(ShapedBlock& b) {
    if (b.texture) SDL_DestroyTexture(b.texture);
    b.texture = nullptr;
}

namespace {

ShapedKey without_colour(const ShapedKey& key) {
    ShapedKey k = key;
    k.colour = 0;
    return k;
}

}  // namespace

const ShapedBlock& TextShaper::block(const ShapedKey& key) {
    auto it = m_blocks.find(key);
    if (it == m_blocks.end()) it = m_blocks.emplace(key, Entry{rasterise(laid(key), key), 0}).first;
    it->second.used = m_frame;
    return it->second.block;
}

const ShapedBlock& TextShaper::measure(const ShapedKey& key) { return laid(key).block; }

void TextShaper::end_frame() {
    // A screen shows some tens of blocks; the texts of the screens before it may come back (« Retour »)
    // and stay while they are few. Past 4 MiB of textures, what this frame did not draw goes (kept up
    // to 400 blocks, the persona parent-isole in Arabic at 1080p peaked at 87 MB resident, 73 in
    // French; with this budget, 84); the layouts go with them, and past as many layouts as blocks.
    constexpr std::size_t budget = 4u << 20, most_layouts = 400;
    std::size_t bytes = 0;
    for (const auto& [key, e] : m_blocks) bytes += static_cast<std::size_t>(e.block.width) * static_cast<std::size_t>(e.block.texture_height) * 4;
    if (bytes > budget || m_layouts.size() > most_layouts) {
        for (auto it = m_blocks.begin(); it != m_blocks.end();) {
            if (it->second.used < m_frame) {
                free(it->second.block);
                it = m_blocks.erase(it);
            } else {
                ++it;
            }
        }
        std::erase_if(m_layouts, [&](const auto& l) { return l.second->used < m_frame; });
    }
    ++m_frame;
}

/// A laid-out text's block without its texture: its sizes and its characters with no glyph.
ShapedBlock TextShaper::measured(const Layout& laid, const std::string& text, int width) {
    ShapedBlock out;
    PangoLayout* layout = laid.layout.get();
    const PangoRectangle logical = laid.logical;
    out.lines = pango_layout_get_line_count(layout);
    out.width = laid.wraps ? width : logical.width;
    out.height = logical.height;
    out.texture_top = std::min(0, laid.ink.y - logical.y);
    out.texture_height = std::max(logical.y + logical.height, laid.ink.y + laid.ink.height) - logical.y - out.texture_top;
    out.ink_top = laid.ink.y - logical.y;
    out.ink_height = laid.ink.height;

    // Every glyph from the two shipped families, none unknown (a box): else the problem, once per character.
    PangoLayoutIter* iter = pango_layout_get_iter(layout);
    do {
        PangoLayoutRun* run = pango_layout_iter_get_run_readonly(iter);
        if (!run) continue;
        std::unique_ptr<PangoFontDescription, Deleter<PangoFontDescription, pango_font_description_free>> used(
            pango_font_describe(run->item->analysis.font));
        const bool family_ok = allowed_family(pango_font_description_get_family(used.get()));
        for (int g = 0; g < run->glyphs->num_glyphs; ++g) {
            const auto at = static_cast<std::size_t>(run->item->offset + run->glyphs->log_clusters[g]);
            const char32_t code = code_point_at(text, at).first;
            const bool unknown = (run->glyphs->glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG) != 0;
            if (code <= 0x20 || (!unknown && family_ok)) continue;
            std::string what = fmt::format("caractère U+{:04X} absent de la police : « {} »", static_cast<std::uint32_t>(code), text);
            if (std::find(out.problems.begin(), out.problems.end(), what) == out.problems.end()) out.problems.push_back(std::move(what));
        }
    } while (pango_layout_iter_next_run(iter));
    pango_layout_iter_free(iter);
    return out;
}

TextShaper::Laid& TextShaper::laid(const ShapedKey& key) {
    const ShapedKey k = without_colour(key);
    auto it = m_layouts.find(k);
    if (it == m_layouts.end()) {
        auto l = std::make_unique<Laid>();
        l->layout = lay_out(k);
        l->block = measured(l->layout, k.text, k.width);
        it = m_layouts.emplace(k, std::move(l)).first;
    }
    it->second->used = m_frame;
    return *it->second;
}

TextShaper::Layout TextShaper::lay_out(const ShapedKey& key) {
    Layout out;
    // The paragraph's direction is the screen's when it has Arabic letters, not guessed from its first
    // strong letter: an Arabic line that starts with « CAF » or « 250 » still reads from the right.
    const bool arabic = has_rtl_letters(key.text);
    out.layout.reset(pango_layout_new(key.rtl && arabic ? m_pango->rtl : m_pango->ltr));
    PangoLayout* layout = out.layout.get();
    pango_layout_set_auto_dir(layout, FALSE);
    std::unique_ptr<PangoFontDescription, Deleter<PangoFontDescription, pango_font_description_free>> font(
        pango_font_description_from_string(arabic ? arabic_families : latin_families));
    pango_font_description_set_absolute_size(font.get(), static_cast<double>(key.px * (arabic ? arabic_em_ratio : latin_em_ratio)) * PANGO_SCALE);
    pango_font_description_set_weight(font.get(), key.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, font.get());
    pango_layout_set_text(layout, key.text.data(), static_cast<int>(key.text.size()));
    if (arabic) {
        PangoAttrList* attrs = pango_attr_list_new();
        pango_attr_list_insert(attrs, pango_attr_line_height_new(arabic_line_height));
        pango_layout_set_attributes(layout, attrs);
        pango_attr_list_unref(attrs);
    }
    // Lines are broken on the logical text (UAX #14), each then reordered for display (bidi L2). The
    // width is set before the one layout pango makes: measuring the text unbroken first, then setting
    // the width, made pango itemise and shape a wrapped text twice (HarfBuzz's shaping with Amiri is
    // most of a layout's cost: callgrind). A text that fits is laid out as unbroken; its lines are
    // aligned within the width, which the block's left edge (-logical.x) takes back.
    if (key.width > 0) {
        pango_layout_set_width(layout, key.width * PANGO_SCALE);
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(layout, key.rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    pango_layout_get_pixel_extents(layout, &out.ink, &out.logical);
    out.wraps = key.width > 0 && pango_layout_is_wrapped(layout);
    return out;
}

int TextShaper::x_of(const ShapedKey& key, std::size_t index) {
    if (index >= key.text.size()) return -1;
    const Layout& l = laid(key).layout;
    PangoRectangle at{};
    pango_layout_index_to_pos(l.layout.get(), static_cast<int>(index), &at);
    return PANGO_PIXELS(at.x) - (l.wraps ? 0 : l.logical.x);
}

/// The block's coverage, one byte a pixel (an A8 surface: a quarter of the pixels an ARGB one would
/// fill and read back, the same coverage); its caller destroys it.
cairo_surface_t* TextShaper::coverage(const Layout& laid, const ShapedBlock& block) {
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_A8, std::max(block.width, 1), std::max(block.texture_height, 1));
    cairo_t* cr = cairo_create(surface);
    cairo_move_to(cr, laid.wraps ? 0 : -laid.logical.x, -laid.logical.y - block.texture_top);
    pango_cairo_show_layout(cr, laid.layout.get());
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    return surface;
}

ShapedBlock TextShaper::rasterise(const Laid& laid, const ShapedKey& key) {
    ShapedBlock out = laid.block;
    if (out.width <= 0 || out.texture_height <= 0) return out;
    cairo_surface_t* surface = coverage(laid.layout, out);
    // SDL blends straight alpha: the text is one colour, so each pixel is that colour with the
    // coverage as its alpha (times the colour's own alpha). A static texture: a streaming one would keep
    // a second copy of its pixels in memory under an accelerated renderer.
    const Uint32 r = key.colour & 0xFF, g = (key.colour >> 8) & 0xFF, b = (key.colour >> 16) & 0xFF, a = (key.colour >> 24) & 0xFF;
    const Uint32 rgb = (r << 16) | (g << 8) | b;
    const unsigned char* data = cairo_image_surface_get_data(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    m_pixels.resize(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.texture_height));
    for (int y = 0; y < out.texture_height; ++y) {
        const unsigned char* in = data + static_cast<std::ptrdiff_t>(y) * stride;
        Uint32* row = m_pixels.data() + static_cast<std::ptrdiff_t>(y) * out.width;
        for (int x = 0; x < out.width; ++x) row[x] = ((in[x] * a / 255) << 24) | rgb;
    }
    out.texture = SDL_CreateTexture(m_renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, out.width, out.texture_height);
    if (out.texture && SDL_UpdateTexture(out.texture, nullptr, m_pixels.data(), out.width * 4) == 0) SDL_SetTextureBlendMode(out.texture, SDL_BLENDMODE_BLEND);
    else if (out.texture) free(out);
    cairo_surface_destroy(surface);
    return out;
}

}  // namespace borne::kiosk
