#include "borne/printing/render.hpp"

#include "borne/printing/qr.hpp"
#include "layout.hpp"

#include <cairo-pdf.h>
#include <algorithm>
#include <bit>
#include <cairo.h>
#include <cmath>
#include <cstdint>
#include <optional>
#include <memory>
#include <pango/pangocairo.h>

namespace borne::printing {

namespace {

using detail::Block;
using detail::Style;

constexpr double mm = 72.0 / 25.4;  // points per millimetre

struct CairoDeleter {
    void operator()(cairo_t* cr) const { cairo_destroy(cr); }
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct GDeleter {
    void operator()(void* p) const { g_object_unref(p); }
};
struct FontDeleter {
    void operator()(PangoFontDescription* d) const { pango_font_description_free(d); }
};
using Cairo = std::unique_ptr<cairo_t, CairoDeleter>;
using Surface = std::unique_ptr<cairo_surface_t, CairoDeleter>;

/// Measures, then draws, the blocks of one slip: pango laid out at 72 "dpi" so that sizes are points,
/// hinting off so that a measure taken on one surface holds on another. Each text is laid out once and
/// each QR code encoded once: measuring keeps them for drawing (laying out twice was half the time).
class Painter {
public:
    Painter(cairo_t* cr, double width, bool snap_to_dots, const Style& style)
        : m_cr(cr), m_width(width), m_snap(snap_to_dots), m_style(style) {
        m_context.reset(pango_font_map_create_context(pango_cairo_font_map_get_default()));
        auto* ctx = context();
        pango_context_set_language(ctx, pango_language_from_string("fr-FR"));
        cairo_font_options_t* fo = cairo_font_options_create();
        cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
        cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
        cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
        pango_cairo_context_set_font_options(ctx, fo);
        cairo_font_options_destroy(fo);
        pango_cairo_context_set_resolution(ctx, 72);
        pango_cairo_update_context(cr, ctx);
        m_font.reset(pango_font_description_from_string(m_style.font.c_str()));
    }

    /// Heights of the blocks, the space after each included; keeps what drawing them needs.
    std::vector<double> measure(const std::vector<Block>& blocks) {
        m_layouts.clear();
        m_codes.clear();
        std::vector<double> heights;
        for (const Block& b : blocks) {
            m_layouts.emplace_back();
            m_codes.emplace_back();
            double h = 0;
            switch (b.kind) {
                case Block::Kind::Space: h = b.size; break;
                case Block::Kind::Rule: h = 8; break;
                case Block::Kind::Qr: {
                    m_codes.back() = encode_qr(b.qr);
                    if (!m_codes.back()) break;
                    double side = qr_side(*m_codes.back());
                    h = side;
                    if (!b.markup.empty()) {  // the text beside the code, from the top of its modules
                        m_layouts.back() = text_layout(b, m_width - b.indent - side);
                        int w = 0, lh = 0;
                        pango_layout_get_size(layout(m_layouts.back()), &w, &lh);
                        h = std::max(side, 4 * m_style.qr_module + lh / static_cast<double>(PANGO_SCALE) + b.size * m_style.paragraph_gap);
                    }
                    break;
                }
                case Block::Kind::Text: {
                    m_layouts.back() = text_layout(b, m_width - b.indent);
                    if (!b.stacked.empty() && pango_layout_get_line_count(layout(m_layouts.back())) > 1)
                        m_layouts.back() = text_layout(b, m_width - b.indent, b.stacked);
                    int w = 0, lh = 0;
                    pango_layout_get_size(layout(m_layouts.back()), &w, &lh);
                    h = lh / static_cast<double>(PANGO_SCALE) + b.size * m_style.paragraph_gap;
                    break;
                }
            }
            heights.push_back(h);
        }
        return heights;
    }

    /// Draws on another context of the same kind (the raster's final surface after a probe).
    void retarget(cairo_t* cr) {
        m_cr = cr;
        pango_cairo_update_context(cr, context());
    }

    /// Draws block `k` of the blocks measured last.
    void draw(const Block& b, std::size_t k, double x, double y) {
        cairo_t* cr = m_cr;
        switch (b.kind) {
            case Block::Kind::Space: return;
            case Block::Kind::Rule:
                cairo_save(cr);
                cairo_set_line_width(cr, 1);
                cairo_move_to(cr, x, y + 4);
                cairo_line_to(cr, x + m_width, y + 4);
                cairo_stroke(cr);
                cairo_restore(cr);
                return;
            case Block::Kind::Qr:
                if (!m_codes[k]) return;
                draw_qr(*m_codes[k], x + b.indent, y);
                if (m_layouts[k]) {
                    cairo_move_to(cr, x + b.indent + qr_side(*m_codes[k]), y + 4 * m_style.qr_module);
                    pango_cairo_show_layout(cr, layout(m_layouts[k]));
                }
                return;
            case Block::Kind::Text:
                cairo_move_to(cr, x + b.indent, y);
                pango_cairo_show_layout(cr, layout(m_layouts[k]));
                return;
        }
    }

private:
    using Layout = std::unique_ptr<void, GDeleter>;
    cairo_t* m_cr;
    double m_width;
    bool m_snap;
    Style m_style;
    std::unique_ptr<void, GDeleter> m_context;
    std::unique_ptr<PangoFontDescription, FontDeleter> m_font;
    std::vector<Layout> m_layouts;              // per block, text blocks only
    std::vector<std::optional<QrCode>> m_codes;  // per block, QR blocks only

    PangoContext* context() const { return static_cast<PangoContext*>(m_context.get()); }
    static PangoLayout* layout(const Layout& l) { return static_cast<PangoLayout*>(l.get()); }

    /// A code with its quiet zone of 4 modules on each side.
    double qr_side(const QrCode& code) const { return (code.size + 8) * m_style.qr_module; }

    Layout text_layout(const Block& b, double width) { return text_layout(b, width, b.markup); }
    Layout text_layout(const Block& b, double width, const std::string& markup) {
        auto* layout = pango_layout_new(context());
        pango_font_description_set_size(m_font.get(), static_cast<gint>(std::lround(b.size * PANGO_SCALE)));
        pango_layout_set_font_description(layout, m_font.get());
        pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
        if (b.center) pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
        pango_layout_set_markup(layout, markup.c_str(), -1);
        return Layout(layout);
    }

    /// The code as a 1-bit image, one pixel a module, scaled without smoothing: in a PDF it is one
    /// small stencil image (drawn as a thousand unantialiased squares it made cairo rasterise a
    /// fallback image of the whole page, 30 ms); on the receipt raster each module is whole dots.
    void draw_qr(const QrCode& code, double x, double y) {
        Surface bits(cairo_image_surface_create(CAIRO_FORMAT_A1, code.size, code.size));
        cairo_surface_flush(bits.get());
        unsigned char* data = cairo_image_surface_get_data(bits.get());
        int stride = cairo_image_surface_get_stride(bits.get());
        for (int row = 0; row < code.size; ++row) {
            auto* words = reinterpret_cast<std::uint32_t*>(data + row * stride);
            for (int col = 0; col < code.size; ++col)
                if (code.at(col, row))  // A1 packs pixels in native-endian 32-bit words
                    words[col / 32] |= std::endian::native == std::endian::little ? 1u << (col % 32) : 1u << (31 - col % 32);
        }
        cairo_surface_mark_dirty(bits.get());

        cairo_t* cr = m_cr;
        cairo_save(cr);
        double dx = x + 4 * m_style.qr_module, dy = y + 4 * m_style.qr_module;
        double module = m_style.qr_module;
        if (m_snap) {
            // In device space, so that on a raster each module is a whole number of dots (a QR code
            // with blurred edges may not scan).
            cairo_user_to_device(cr, &dx, &dy);
            double unused = 0;
            cairo_user_to_device_distance(cr, &module, &unused);
            dx = std::round(dx);
            dy = std::round(dy);
            module = std::round(module);
            cairo_identity_matrix(cr);
        }
        cairo_translate(cr, dx, dy);
        cairo_scale(cr, module, module);
        cairo_pattern_t* pattern = cairo_pattern_create_for_surface(bits.get());
        cairo_pattern_set_filter(pattern, CAIRO_FILTER_NEAREST);
        cairo_mask(cr, pattern);
        cairo_pattern_destroy(pattern);
        cairo_restore(cr);
    }
};

struct Geometry {
    double page_width, margin_x, margin_top, margin_bottom;
    double page_height;  // 0: as long as the content (a roll)
};

Style style_for(PaperFormat format) {
    Style s;
    if (format == PaperFormat::A4) {
        s.body = 12;
        s.small = 10.5;
        s.heading = 15;
        s.title = 18;
        s.amount = 15;
    } else {
        s.body = 11;
        s.small = 9.5;
        s.heading = 13;
        s.title = 14;
        s.amount = 13;
        // 3 dots of 0.125 mm: the module receipt printers print their own QR codes with (Epson's ESC/POS
        // GS ( k <Function 167> defaults to n = 3 dots on its 203 dpi TM printers, TM-T81 specification;
        // Metapace T-3 manual p. 98 likewise), which phones read from a hand's length; a long caf.fr
        // address (version 6, 41 modules) is then 18 mm with its quiet zone.
        s.qr_module = 3 * 72.0 / 203;
        s.paragraph_gap = 0.1;
        // The condensed cut of the same face: as tall, about a tenth narrower, so that fewer lines wrap
        // on 72 mm (fonts-dejavu-extra).
        s.font = "DejaVu Sans Condensed";
        s.compact = true;
    }
    return s;
}

/// Where each block goes: (page, y) per block, pages breaking between blocks (never inside one).
struct Placement {
    std::vector<int> page;
    std::vector<double> y;
    int pages = 1;
    double content_height = 0;
};

Placement place(Painter& painter, const std::vector<Block>& blocks, const Geometry& g) {
    Placement p;
    std::vector<double> heights = painter.measure(blocks);
    double usable = g.page_height > 0 ? g.page_height - g.margin_top - g.margin_bottom : 0;
    double y = 0;
    int page = 0;
    for (std::size_t k = 0; k < blocks.size(); ++k) {
        double need = heights[k];
        // A heading and what it introduces go together.
        for (std::size_t j = k; j + 1 < blocks.size() && blocks[j].keep_with_next; ++j) need += heights[j + 1];
        if (usable > 0 && y > 0 && y + std::min(need, usable) > usable) {
            ++page;
            y = 0;
            if (blocks[k].kind == Block::Kind::Space) {  // no blank at the top of a page
                p.page.push_back(page);
                p.y.push_back(g.margin_top);
                continue;
            }
        }
        p.page.push_back(page);
        p.y.push_back(g.margin_top + y);
        y += heights[k];
    }
    p.pages = page + 1;
    p.content_height = y;
    return p;
}

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

}  // namespace

std::string render_pdf(const Ticket& ticket, PaperFormat format) {
    Style style = style_for(format);
    auto blocks = detail::lay_out(ticket, style);
    Geometry g = format == PaperFormat::A4 ? Geometry{210 * mm, 20 * mm, 18 * mm, 18 * mm, 297 * mm} : Geometry{80 * mm, 4 * mm, 4 * mm, 8 * mm, 0};
    std::string out;
    Surface surface(cairo_pdf_surface_create_for_stream(append_to_string, &out, g.page_width, g.page_height > 0 ? g.page_height : 100));
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, "Vos aides probables");
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Borne");
    Cairo cr(cairo_create(surface.get()));
    double width = g.page_width - 2 * g.margin_x;
    Painter painter(cr.get(), width, false, style);
    Placement p = place(painter, blocks, g);
    if (g.page_height <= 0) cairo_pdf_surface_set_size(surface.get(), g.page_width, p.content_height + g.margin_top + g.margin_bottom);
    int page = 0;
    for (std::size_t k = 0; k < blocks.size(); ++k) {
        while (p.page[k] > page) {
            cairo_show_page(cr.get());
            ++page;
        }
        painter.draw(blocks[k], k, g.margin_x, p.y[k]);
    }
    cr.reset();
    cairo_surface_finish(surface.get());
    return out;
}

Raster render_raster(const Ticket& ticket, int width, double dpi) {
    Style style = style_for(PaperFormat::Roll80);
    auto blocks = detail::lay_out(ticket, style);
    double scale = dpi / 72.0;
    double page_width = width / scale;
    Geometry g{page_width, 1 * mm, 2 * mm, 6 * mm, 0};
    double content_width = page_width - 2 * g.margin_x;

    // Measure on a one-row surface of the same kind, then draw on one as long as the slip.
    Surface probe(cairo_image_surface_create(CAIRO_FORMAT_A8, width, 1));
    Cairo probe_cr(cairo_create(probe.get()));
    cairo_scale(probe_cr.get(), scale, scale);
    Painter painter(probe_cr.get(), content_width, true, style);
    Placement p = place(painter, blocks, g);
    int height = static_cast<int>(std::ceil((p.content_height + g.margin_top + g.margin_bottom) * scale));
    Surface surface(cairo_image_surface_create(CAIRO_FORMAT_A8, width, height));
    {
        Cairo cr(cairo_create(surface.get()));
        cairo_scale(cr.get(), scale, scale);
        painter.retarget(cr.get());
        for (std::size_t k = 0; k < blocks.size(); ++k) painter.draw(blocks[k], k, g.margin_x, p.y[k]);
        painter.retarget(probe_cr.get());
    }
    cairo_surface_flush(surface.get());

    // Ink above half coverage is a dot: the head has no grey.
    Raster r;
    r.width = width;
    r.height = height;
    r.stride = (width + 7) / 8;
    r.bits.assign(static_cast<std::size_t>(r.stride * height), 0);
    const unsigned char* data = cairo_image_surface_get_data(surface.get());
    int source_stride = cairo_image_surface_get_stride(surface.get());
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            if (data[y * source_stride + x] >= 128) r.bits[static_cast<std::size_t>(y * r.stride + x / 8)] |= static_cast<std::uint8_t>(0x80 >> (x % 8));
    return r;
}

std::string raster_to_png(const Raster& r) {
    Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, r.width, std::max(1, r.height)));
    cairo_surface_flush(surface.get());
    unsigned char* data = cairo_image_surface_get_data(surface.get());
    int stride = cairo_image_surface_get_stride(surface.get());
    for (int y = 0; y < r.height; ++y) {
        auto* row = reinterpret_cast<std::uint32_t*>(data + y * stride);
        for (int x = 0; x < r.width; ++x) row[x] = r.black(x, y) ? 0x000000 : 0xFFFFFF;
    }
    cairo_surface_mark_dirty(surface.get());
    std::string out;
    cairo_surface_write_to_png_stream(surface.get(), append_to_string, &out);
    return out;
}

}  // namespace borne::printing
