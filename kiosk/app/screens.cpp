#include "screens.hpp"

#include "line_breaking.hpp"
#include "text_shaping.hpp"
#include "theme.hpp"

#include "borne/printing/qr.hpp"

#include <SDL.h>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <imgui.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8
#include <utility>

namespace borne::kiosk {

namespace {

// The colours of the frame being drawn: the View's theme (theme.hpp), set by draw_view.
const Theme* theme = &standard_theme();
ImVec4 muted, warning, primary, primary_pressed;

ImVec4 vec(Colour c) { return ImVec4(c.r / 255.f, c.g / 255.f, c.b / 255.f, 1); }
ImU32 u32(Colour c) { return IM_COL32(c.r, c.g, c.b, 255); }

void use_theme(const Theme& t) {
    theme = &t;
    muted = vec(t.muted);
    warning = vec(t.warning);
    primary = vec(t.primary);
    primary_pressed = vec(t.primary_pressed);
}

/// A rounded rectangle the software renderer draws fast: SDL fills an axis-aligned rectangle as a
/// rectangle but a triangle by testing every pixel of its bounding box, and ImGui fills a rounded
/// frame as a fan of triangles each as large as the frame. Here the body is three rectangles and
/// only the four corners are fans (r x r each, anti-aliased on their arc). The rectangles reach a
/// pixel into the corners so that the corners' inner fringe lies on the same opaque colour.
void fill_rounded(ImDrawList* draw, ImVec2 a, ImVec2 b, ImU32 col, float r) {
    // Whole pixels: the renderer rounds each rectangle's float edges on its own, and two rectangles
    // meeting at a fraction of a pixel would leave a seam between them.
    a = ImVec2(std::round(a.x), std::round(a.y));
    b = ImVec2(std::round(b.x), std::round(b.y));
    r = std::floor(std::min(r, std::min(b.x - a.x, b.y - a.y) / 2));
    if (r < 2 || (col & IM_COL32_A_MASK) != IM_COL32_A_MASK) {  // overlaps would show through a translucent colour
        draw->AddRectFilled(a, b, col, r);
        return;
    }
    draw->AddRectFilled(ImVec2(a.x + r - 1, a.y), ImVec2(b.x - r + 1, b.y), col);
    draw->AddRectFilled(ImVec2(a.x, a.y + r - 1), ImVec2(a.x + r - 1, b.y - r + 1), col);
    draw->AddRectFilled(ImVec2(b.x - r + 1, a.y + r - 1), ImVec2(b.x, b.y - r + 1), col);
    const float pi = 3.14159265f;
    const ImVec2 centres[4] = {{a.x + r, a.y + r}, {b.x - r, a.y + r}, {b.x - r, b.y - r}, {a.x + r, b.y - r}};
    for (int k = 0; k < 4; ++k) {
        draw->PathLineTo(centres[k]);
        draw->PathArcTo(centres[k], r, pi * (1 + 0.5f * static_cast<float>(k)), pi * (1.5f + 0.5f * static_cast<float>(k)));
        draw->PathFillConvex(col);
    }
}

struct Drawer {
    const Fonts& f;
    Pictograms* pictograms;
    const std::string& reveal;
    DrawResult& out;
    bool rtl = false;  // the visit's language reads right to left: the layout mirrors

    /// Whether `text` is drawn by the shaper (text_shaping.hpp): every text of a right-to-left
    /// screen, and anywhere a text with right-to-left letters (« العربية » on the language button).
    bool shaped(const std::string& text) const { return f.shaper && (rtl || has_rtl_letters(text)); }

    /// `text` shaped in `font`'s size and weight, broken within `width` (-1: not), in `colour`; its
    /// missing glyphs are layout problems.
    const ShapedBlock& shape(const std::string& text, const ImFont* font, ImU32 colour, float width = -1) {
        const ShapedBlock& b = f.shaper->block(shaped_key(text, font, colour, width));
        for (const auto& p : b.problems) problem(p);
        return b;
    }

    /// The same block laid out but not drawn (no texture): its size, lines and missing glyphs.
    const ShapedBlock& shaped_size(const std::string& text, const ImFont* font, float width = -1) {
        const ShapedBlock& b = f.shaper->measure(shaped_key(text, font, 0, width));
        for (const auto& p : b.problems) problem(p);
        return b;
    }

    ShapedKey shaped_key(const std::string& text, const ImFont* font, ImU32 colour, float width) const {
        return {text, font->FontSize, font != f.body, colour, width < 0 ? -1 : static_cast<int>(std::floor(width)), rtl};
    }

    /// The size `text` takes in `font`, broken within `width` (-1: one line per paragraph).
    ImVec2 measure(const std::string& text, ImFont* font, float width = -1) {
        if (shaped(text)) {
            const ShapedBlock& b = shaped_size(text, font, width);
            return ImVec2(static_cast<float>(b.width), static_cast<float>(b.height));
        }
        std::string lines = width < 0 ? text : break_lines(font, text, width);
        ImGui::PushFont(font);  // ImGui::CalcTextSize, which rounds as the buttons' own sizes are rounded
        ImVec2 size = ImGui::CalcTextSize(lines.c_str());
        ImGui::PopFont();
        return size;
    }

    /// One shaped block drawn with its top-left corner at `at` (screen pixels).
    void image(const ShapedBlock& b, ImVec2 at) {
        if (!b.texture) return;
        at = ImVec2(std::round(at.x), std::round(at.y + static_cast<float>(b.texture_top)));
        ImGui::GetWindowDrawList()->AddImage(b.texture, at, ImVec2(at.x + static_cast<float>(b.width), at.y + static_cast<float>(b.texture_height)));
    }

    /// Where an element `w` wide that sits `x` from the left of a `full`-wide region goes: the same
    /// place left to right, its mirror image right to left.
    float mirror(float x, float w, float full) const { return rtl ? full - x - w : x; }

    /// `text` broken into lines at the window's edge, or within `width` (a column: the recap's
    /// answers wrap before their « Modifier » button, not under it). line_breaking.hpp says why not
    /// ImGui's own wrapping.
    void wrapped(const std::string& text, ImFont* font, const ImVec4* color = nullptr, float width = -1) {
        ImGui::PushFont(font);
        if (color) ImGui::PushStyleColor(ImGuiCol_Text, *color);
        if (shaped(text)) {
            // Right to left, the block hugs the column's right edge (pango right-aligns its lines).
            const float column = width < 0 ? ImGui::GetContentRegionAvail().x : width;
            const ShapedBlock& b = shape(text, font, ImGui::GetColorU32(ImGuiCol_Text), column);
            const ImVec2 at = ImGui::GetCursorScreenPos();
            image(b, ImVec2(rtl ? at.x + column - static_cast<float>(b.width) : at.x, at.y));
            ImGui::Dummy(ImVec2(rtl ? column : static_cast<float>(b.width), static_cast<float>(b.height)));
            if (color) ImGui::PopStyleColor();
            ImGui::PopFont();
            return;
        }
        std::string lines = break_lines(font, text, width < 0 ? ImGui::GetContentRegionAvail().x : width);
        // An amount cut at its decimal comma (« 347, » then « 42 € ») is misread: a layout problem.
        for (auto at = lines.find(",\n"); at != std::string::npos; at = lines.find(",\n", at + 1))
            if (at > 0 && std::isdigit(static_cast<unsigned char>(lines[at - 1])) && at + 2 < lines.size() &&
                std::isdigit(static_cast<unsigned char>(lines[at + 2])))
                problem(fmt::format("nombre coupé à sa virgule : « {} »", text));
        ImGui::TextUnformatted(lines.c_str());
        if (color) ImGui::PopStyleColor();
        ImGui::PopFont();
    }

    void problem(std::string what) {
        if (std::find(out.problems.begin(), out.problems.end(), what) == out.problems.end()) out.problems.push_back(std::move(what));
    }

    /// A button of `size`; with `pictogram`, its picture on the left and the label after it.
    bool button(const Button& b, ImVec2 size, bool pictogram = false) {
        if (b.id.empty()) {
            ImGui::Dummy(size);
            return false;
        }
        ImGui::PushID(b.id.c_str());
        ImGui::PushFont(f.button);
        if (b.primary) {
            ImGui::PushStyleColor(ImGuiCol_Button, primary);
            ImGui::PushStyleColor(ImGuiCol_ButtonHovered, primary);
            ImGui::PushStyleColor(ImGuiCol_ButtonActive, primary_pressed);
            ImGui::PushStyleColor(ImGuiCol_Text, vec(theme->primary_text));
        }
        const ImGuiStyle& style = ImGui::GetStyle();
        float pad = style.FramePadding.x;
        float icon = std::floor(std::min(size.y - 2 * style.FramePadding.y * 0.5f, 84 * f.scale));
        SDL_Texture* texture = pictogram && pictograms ? pictograms->texture(b.pictogram, static_cast<int>(icon)) : nullptr;
        float left = texture ? pad + icon + pad : pad;
        if (texture) {
            ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(left, style.FramePadding.y));
            ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, ImVec2(0, 0.5f));
        }
        // A shaped label (text_shaping.hpp) is drawn as an image over a button with no text of its own.
        const bool own_label = shaped(b.label);
        float label_w = own_label ? measure(b.label, f.button).x : ImGui::CalcTextSize(b.label.c_str(), nullptr, true).x;
        // A choice's long label wraps on two lines inside its button rather than being cut.
        bool wrap = pictogram && left + label_w + pad > size.x;
        // ImGui draws the label (on the draw list's upper channel), the background goes under it.
        const ImU32 rest = ImGui::GetColorU32(ImGuiCol_Button), held = ImGui::GetColorU32(ImGuiCol_ButtonActive);
        ImDrawList* draw = ImGui::GetWindowDrawList();
        draw->ChannelsSplit(2);
        draw->ChannelsSetCurrent(1);
        ImGui::PushStyleColor(ImGuiCol_Button, 0u);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, 0u);
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, 0u);
        bool pressed = ImGui::Button(wrap || own_label ? "##libellé" : b.label.c_str(), size);
        ImGui::PopStyleColor(3);
        ImVec2 a = ImGui::GetItemRectMin(), z = ImGui::GetItemRectMax();
        draw->ChannelsSetCurrent(0);
        // Its edge in the theme's border colour (3:1 against the screen: the contrast test), the fill
        // a border smaller on it; a primary button is its own edge.
        const float edge = b.primary ? 0 : std::round(theme->border * f.scale);
        if (edge > 0) fill_rounded(draw, a, z, u32(theme->button_border), f.rounding);
        fill_rounded(draw, ImVec2(a.x + edge, a.y + edge), ImVec2(z.x - edge, z.y - edge), ImGui::IsItemActive() && ImGui::IsItemHovered() ? held : rest,
                     f.rounding - edge);
        draw->ChannelsSetCurrent(1);
        if (own_label) {
            // Beside the pictogram (on the right, right to left) or centred; broken like the ImGui labels below.
            const ShapedBlock& lb = shape(b.label, f.button, ImGui::GetColorU32(ImGuiCol_Text), wrap ? size.x - left - pad : -1);
            // Centred on its ink: Arabic's line height is mostly room for ascenders and descenders.
            const float w = static_cast<float>(lb.width), h = static_cast<float>(lb.ink_height);
            float x = texture ? (rtl ? z.x - left - w : a.x + left) : a.x + std::floor((z.x - a.x - w) / 2);
            image(lb, ImVec2(x, std::floor((a.y + z.y - h) / 2) - static_cast<float>(lb.ink_top)));
            if (h > size.y - style.FramePadding.y) problem(fmt::format("libellé coupé : « {} »", b.label));
            label_w = wrap ? 0 : w;
        } else if (wrap) {
            float wrap_w = size.x - left - pad;
            std::string label = break_lines(f.button, b.label, wrap_w);
            ImVec2 text = f.button->CalcTextSizeA(f.button->FontSize, FLT_MAX, 0, label.c_str());
            ImGui::GetWindowDrawList()->AddText(f.button, f.button->FontSize, ImVec2(a.x + left, std::floor((a.y + z.y - text.y) / 2)),
                                                ImGui::GetColorU32(ImGuiCol_Text), label.c_str());
            if (text.y > size.y - style.FramePadding.y) problem(fmt::format("libellé coupé : « {} »", b.label));
            label_w = 0;
        }
        draw->ChannelsMerge();
        if (texture) ImGui::PopStyleVar(2);
        if (b.primary) ImGui::PopStyleColor(4);
        ImGui::PopFont();
        if (texture) {
            ImVec2 at(rtl ? z.x - pad - icon : a.x + pad, std::floor((a.y + z.y - icon) / 2));
            ImGui::GetWindowDrawList()->AddImage(texture, at, ImVec2(at.x + icon, at.y + icon));
        }
        const ImVec2 clip_min = ImGui::GetWindowDrawList()->GetClipRectMin(), clip_max = ImGui::GetWindowDrawList()->GetClipRectMax();
        bool hidden = a.x < clip_min.x - 0.5f || a.y < clip_min.y - 0.5f || z.x > clip_max.x + 0.5f || z.y > clip_max.y + 0.5f;
        out.buttons[b.id] = {a.x, a.y, z.x, z.y, hidden};
        // A hundredth of a pixel of slack: a row placed at a fractional y measures 56.99997 for 57.
        constexpr float float_slack = 0.01f;
        if (z.x - a.x < f.min_target - float_slack || z.y - a.y < f.min_target - float_slack)
            problem(fmt::format("bouton « {} » sous 15 mm ({:.1f}×{:.1f} px, minimum {:.0f})", b.label, z.x - a.x, z.y - a.y, f.min_target));
        if (left + label_w + pad > z.x - a.x + 0.5f) problem(fmt::format("libellé coupé : « {} »", b.label));
        const ImVec2 display = ImGui::GetIO().DisplaySize;
        if (!hidden && (a.x < 0 || a.y < 0 || z.x > display.x + 0.5f || z.y > display.y + 0.5f)) problem(fmt::format("bouton « {} » hors de l'écran", b.label));
        if (b.id == reveal) ImGui::SetScrollHereY(0.5f);
        if (pressed) out.tapped = b.id;
        ImGui::PopID();
        return pressed;
    }

    /// Buttons in `columns`, as tall as `height` at most and shorter when that is what fits the
    /// space left (never under the 15 mm target: then the content scrolls, and that is reported).
    void grid(const std::vector<Button>& buttons, int columns, float height, bool pictogram, float label_h = 0) {
        const ImGuiStyle& style = ImGui::GetStyle();
        float width = (ImGui::GetContentRegionAvail().x - style.ItemSpacing.x * static_cast<float>(columns - 1)) / static_cast<float>(columns);
        std::size_t rows = (buttons.size() + static_cast<std::size_t>(columns) - 1) / static_cast<std::size_t>(columns);
        float fits = (ImGui::GetContentRegionAvail().y - style.ItemSpacing.y * static_cast<float>(rows - 1)) / static_cast<float>(rows);
        // Never shorter than the tallest label needs (the larger text's two lines): then it scrolls.
        height = std::max({f.min_target, std::min(height, std::floor(fits)), std::ceil(label_h + 2 * style.FramePadding.y)});
        const float x0 = ImGui::GetCursorPosX(), full = ImGui::GetContentRegionAvail().x;
        for (std::size_t k = 0; k < buttons.size(); ++k) {
            const auto column = static_cast<float>(k % static_cast<std::size_t>(columns));
            if (k % static_cast<std::size_t>(columns) != 0) ImGui::SameLine();
            // Right to left, the first choice is the top right one.
            if (rtl) ImGui::SetCursorPosX(x0 + mirror(column * (width + style.ItemSpacing.x), width, full));
            button(buttons[k], ImVec2(width, height), pictogram);
        }
    }

    /// A « Qui ? » grid (View::choice_rows): each row's heading, then its persons side by side (three a row
    /// at most, two on a narrow screen); the rows of one toggle (« Une affaire en justice ») and what follows
    /// the rows (« Personne ») two across. The buttons share the height left after the headings, `tallest`
    /// at most (a list's), never shorter than their labels need (then the grid scrolls).
    void choice_grid(const View& v, float tallest) {
        const ImGuiStyle& style = ImGui::GetStyle();
        const float avail = ImGui::GetContentRegionAvail().x;
        struct Block {
            std::string heading;
            std::vector<Button> buttons;
            std::size_t columns = 1;
            float label_h = 0;  // the tallest label, broken within its button
        };
        std::vector<Block> blocks;
        auto part = [&](std::size_t first, std::size_t count) {
            return std::vector<Button>(v.choices.begin() + static_cast<std::ptrdiff_t>(first), v.choices.begin() + static_cast<std::ptrdiff_t>(first + count));
        };
        auto add_to_pair = [&](std::vector<Button> buttons) {
            if (blocks.empty() || !blocks.back().heading.empty() || blocks.back().columns != 2) blocks.push_back({{}, {}, 2, 0});
            for (auto& b : buttons) blocks.back().buttons.push_back(std::move(b));
        };
        for (const ChoiceRow& r : v.choice_rows) {
            if (r.heading.empty()) add_to_pair(part(r.first, r.count));
            else blocks.push_back({r.heading, part(r.first, r.count), std::min(r.count, std::size_t{avail >= 860 ? 3u : 2u}), 0});
        }
        const std::size_t end = v.choice_rows.back().first + v.choice_rows.back().count;
        if (end < v.choices.size()) add_to_pair(part(end, v.choices.size() - end));
        std::size_t button_rows = 0;
        float headings = 0;
        for (Block& b : blocks) {
            button_rows += (b.buttons.size() + b.columns - 1) / b.columns;
            if (!b.heading.empty()) headings += measure(b.heading, f.body, avail).y + std::floor(style.ItemSpacing.y / 5);
            const float width = (avail - style.ItemSpacing.x * static_cast<float>(b.columns - 1)) / static_cast<float>(b.columns);
            for (const Button& c : b.buttons) b.label_h = std::max(b.label_h, measure(c.label, f.button, width - 3 * style.FramePadding.x - 84 * f.scale).y);
        }
        const float fits = (ImGui::GetContentRegionAvail().y - headings - style.ItemSpacing.y * static_cast<float>(button_rows)) / static_cast<float>(button_rows);
        const float height = std::max(f.min_target, std::min(tallest, std::floor(fits)));
        // A heading sits close over its own row (a fifth of the spacing), apart from the row above.
        const float close = std::floor(style.ItemSpacing.y / 5);
        for (const Block& b : blocks) {
            if (!b.heading.empty()) {
                ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(style.ItemSpacing.x, close));
                wrapped(b.heading, f.body);
                ImGui::PopStyleVar();
            }
            grid(b.buttons, static_cast<int>(b.columns), height, true, b.label_h);
        }
    }

    /// A list of answers that scrolls (the larger text on a short screen): the finger-wide scrollbar moves it,
    /// a swipe too, every answer can be brought whole into view, and an arrow at the bottom of the list says
    /// there is more below until its end is reached.
    void scrolling_answers(const Rect& c, float scroll, float scroll_max) {
        if (ImGui::GetStyle().ScrollbarSize < f.min_target - 0.5f) problem("la question défile sans barre de défilement au doigt (15 mm)");
        for (const auto& [id, r] : out.buttons)
            if (r.y1 - r.y0 > c.y1 - c.y0) problem(fmt::format("la question défile et le bouton « {} » est plus haut que ce qui s'en voit", id));
        if (scroll >= scroll_max - 0.5f) return;
        // The arrow in the text's colour on a square of the background, at the foot of the scrollbar (it
        // covers no answer, and is not a button: the scrollbar and a swipe move the list).
        const float r = std::round(0.5f * ImGui::GetStyle().ScrollbarSize), cx = std::floor(c.x1 - r), cy = c.y1 - r;
        ImDrawList* draw = ImGui::GetWindowDrawList();
        draw->PushClipRectFullScreen();
        draw->AddRectFilled(ImVec2(cx - r, cy - r), ImVec2(cx + r, cy + r), u32(theme->background));
        draw->AddTriangleFilled(ImVec2(cx - 0.6f * r, cy - 0.3f * r), ImVec2(cx + 0.6f * r, cy - 0.3f * r), ImVec2(cx, cy + 0.5f * r), u32(theme->text));
        draw->PopClipRect();
    }

    struct NavLayout {
        std::vector<float> need;     // each label's width with its padding
        std::vector<int> row_sizes;  // when not one row: how many buttons each row holds (1 to 3)
        bool packed = false;         // rows filled by the labels' widths, each button as wide as its label needs and a share of what is left
        int rows() const { return row_sizes.empty() ? 1 : static_cast<int>(row_sizes.size()); }
    };

    /// The navigation in one row when its labels fit side by side; else rows of three or two buttons where
    /// their labels fit their share, one button a row where not (« Imprimer mon récapitulatif » on
    /// a narrow portrait screen), keeping their order: no label is cut, and the content keeps the
    /// height that a button a row would take from it.
    /// `pack` (the larger text): rows filled as long as the labels fit side by side, so that a short screen
    /// keeps two rows of navigation where equal shares took three.
    NavLayout nav_layout(const std::vector<Button>& buttons, bool pack = false) {
        NavLayout l;
        if (buttons.empty()) return l;
        const ImGuiStyle& style = ImGui::GetStyle();
        float spacing = style.ItemSpacing.x, pad = 2 * style.FramePadding.x, total = 0;
        for (const auto& b : buttons) total += l.need.emplace_back(measure(b.label, f.button).x + pad);
        float avail = ImGui::GetContentRegionAvail().x;
        int n = static_cast<int>(buttons.size());
        if (total <= avail - spacing * static_cast<float>(n - 1)) return l;
        if (pack) {
            l.packed = true;
            float used = 0;
            for (std::size_t k = 0; k < l.need.size(); ++k) {
                if (l.row_sizes.empty() || used + spacing + l.need[k] > avail) {
                    l.row_sizes.push_back(1);
                    used = l.need[k];
                    continue;
                }
                ++l.row_sizes.back();
                used += spacing + l.need[k];
            }
            return l;
        }
        // Three a row where all three labels fit a third (the portrait slip keeps room for its QR code
        // under « Écouter » and the languages), else two, else one.
        for (std::size_t k = 0; k < l.need.size();) {
            int size = 1;
            for (int n = 3; n >= 2 && size == 1; --n) {
                const float share = (avail - spacing * static_cast<float>(n - 1)) / static_cast<float>(n);
                bool fit = k + static_cast<std::size_t>(n) <= l.need.size();
                for (int c = 0; fit && c < n; ++c) fit = l.need[k + static_cast<std::size_t>(c)] <= share;
                if (fit) size = n;
            }
            l.row_sizes.push_back(size);
            k += static_cast<std::size_t>(size);
        }
        return l;
    }

    /// The navigation in the reading order: right to left, « Retour » is on the right and what goes
    /// forward on the left, as in an Arabic book.
    void row(const std::vector<Button>& buttons, const NavLayout& l, float height) {
        const float spacing = ImGui::GetStyle().ItemSpacing.x;
        const float x0 = ImGui::GetCursorPosX(), full = ImGui::GetContentRegionAvail().x;
        if (!l.row_sizes.empty()) {
            const float avail = ImGui::GetContentRegionAvail().x;
            std::size_t k = 0;
            for (int size : l.row_sizes) {
                const float share = avail - spacing * static_cast<float>(size - 1);
                float row_need = 0, x = 0;
                for (int c = 0; c < size; ++c) row_need += l.need[k + static_cast<std::size_t>(c)];
                for (int c = 0; c < size; ++c, ++k) {
                    // Packed, each as wide as its label needs with a share of the rest; else equal shares.
                    const float width = l.packed ? std::floor(share * l.need[k] / row_need) : share / static_cast<float>(size);
                    if (c > 0) ImGui::SameLine();
                    if (rtl) ImGui::SetCursorPosX(x0 + mirror(x, width, full));
                    button(buttons[k], ImVec2(width, height));
                    x += width + spacing;
                }
            }
            return;
        }
        float avail = ImGui::GetContentRegionAvail().x - spacing * static_cast<float>(buttons.size() - 1);
        float total = 0, x = 0;
        for (float w : l.need) total += w;
        for (std::size_t k = 0; k < buttons.size(); ++k) {
            if (k > 0) ImGui::SameLine();
            const float width = avail * l.need[k] / total;
            if (rtl) ImGui::SetCursorPosX(x0 + mirror(x, width, full));
            button(buttons[k], ImVec2(width, height));
            x += width + spacing;
        }
    }

    /// The height of `text` wrapped to the available width in `font`.
    float text_height(const std::string& text, ImFont* font) { return measure(text, font, ImGui::GetContentRegionAvail().x).y; }

    void keypad(const View& v) {
        float s = f.scale;
        const ImGuiStyle& style = ImGui::GetStyle();
        float width = std::min(ImGui::GetContentRegionAvail().x, 760 * s);
        // An amount's period (« par mois », « par semaine », « par an »): a column of buttons beside the keys
        // where the screen is wide enough (a landscape screen has width to spare and no height), else a
        // row above the entry (a portrait screen).
        float period_w = 0;
        for (const auto& p : v.periods) period_w = std::max(period_w, measure(p.label, f.button).x + 3 * style.FramePadding.x);
        const bool periods_beside = !v.periods.empty() && ImGui::GetContentRegionAvail().x >= width + style.ItemSpacing.x + period_w;
        const float group_w = width + (periods_beside ? style.ItemSpacing.x + period_w : 0);
        float left = (ImGui::GetContentRegionAvail().x - group_w) / 2;
        // Keys as tall as the space left allows, so the entry and every key show without scrolling;
        // on a short screen the entry box gives up its margins too (down to its text's height).
        // Digits in the phone's 3 columns; the resume code's 32 letters and digits in as many columns
        // as keys wide enough for a finger and their label fit.
        const std::vector<Button>& keys = v.keys;
        std::size_t columns = 3;
        if (keys.size() > 12) {
            float widest = 0;
            for (std::size_t k = 0; k + 1 < keys.size(); ++k)
                widest = std::max(widest, measure(keys[k].label, f.button).x);
            float need = std::max(f.min_target, widest + 2 * style.FramePadding.x) + style.ItemSpacing.x;
            columns = std::clamp<std::size_t>(static_cast<std::size_t>((width + style.ItemSpacing.x) / need), 3, 8);
        }
        // The code's keypad ends with « Effacer » on a row of its own, as wide as the keypad.
        const bool erase_row = keys.size() > 12;
        const std::size_t gridded = erase_row ? keys.size() - 1 : keys.size();
        const float rows = static_cast<float>((gridded + columns - 1) / columns + (erase_row ? 1 : 0));
        float box = 110 * s;
        float error_h = v.error.empty() ? 0 : text_height(v.error, f.bold) + style.ItemSpacing.y;
        // Under the entry, what the kiosk makes of a weekly or yearly amount.
        const float period_h = v.periods.empty() || periods_beside ? 0 : f.min_target + style.ItemSpacing.y;
        const float note_h = v.entry_note.empty() ? 0 : measure(v.entry_note, f.body, width).y + style.ItemSpacing.y;
        float space = ImGui::GetContentRegionAvail().y - error_h - period_h - note_h - rows * style.ItemSpacing.y;
        float key_h = std::max(f.min_target, std::min(96 * s, std::floor((space - box) / rows)));
        box = std::max(std::ceil(f.title->FontSize * 1.3f), std::min(box, std::floor(space - rows * key_h)));
        const float x0 = ImGui::GetCursorScreenPos().x;
        if (!v.periods.empty() && !periods_beside) {
            // The row as wide as the screen (wider than the keys): « par semaine » keeps its words.
            const float full = ImGui::GetContentRegionAvail().x;
            const float row_w = (full - static_cast<float>(v.periods.size() - 1) * style.ItemSpacing.x) / static_cast<float>(v.periods.size());
            for (std::size_t k = 0; k < v.periods.size(); ++k) {
                if (k > 0) ImGui::SameLine();
                button(v.periods[rtl ? v.periods.size() - 1 - k : k], ImVec2(row_w, f.min_target));
            }
        }
        // Right to left, the periods' column is on the left of the keys.
        const float keypad_x = left + (periods_beside && rtl ? period_w + style.ItemSpacing.x : 0);
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + keypad_x);
        ImGui::BeginGroup();
        // The entry, large, in a white box.
        ImVec2 at = ImGui::GetCursorScreenPos();
        // Its frame is a dark box under a white one a border smaller: a stroked rounded rectangle comes
        // out of the software renderer a pixel thicker on some sides than on others.
        const float border = std::round(3 * s);
        fill_rounded(ImGui::GetWindowDrawList(), at, ImVec2(at.x + width, at.y + box), u32(theme->entry_border), 12 * s);
        fill_rounded(ImGui::GetWindowDrawList(), ImVec2(at.x + border, at.y + border), ImVec2(at.x + width - border, at.y + box - border),
                     u32(theme->entry_background), 12 * s - border);
        ImGui::PushFont(f.title);
        std::string shown = v.entry + (v.entry_unit.empty() ? "" : " " + v.entry_unit);
        ImVec2 size = measure(shown, f.title);
        ImGui::SetCursorScreenPos(ImVec2(at.x + (width - size.x) / 2, at.y + (box - size.y) / 2));
        if (shaped(shown)) image(shape(shown, f.title, ImGui::GetColorU32(ImGuiCol_Text)), ImGui::GetCursorScreenPos());
        else ImGui::TextUnformatted(shown.c_str());
        ImGui::PopFont();
        ImGui::SetCursorScreenPos(ImVec2(at.x, at.y + box + style.ItemSpacing.y));
        if (!v.entry_note.empty()) wrapped(v.entry_note, f.body, &muted, width);
        if (!v.error.empty()) {
            wrapped(v.error, f.bold, &warning, width);
        }
        const float keys_y = ImGui::GetCursorScreenPos().y;
        float key_w = (width - static_cast<float>(columns - 1) * style.ItemSpacing.x) / static_cast<float>(columns);
        for (std::size_t k = 0; k < keys.size(); ++k) {
            bool last_row = erase_row && k == gridded;
            if (k % columns != 0 && !last_row) ImGui::SameLine();
            button(keys[k], ImVec2(last_row ? width : key_w, key_h));
        }
        if (periods_beside) {
            // One period a key row, from the first: « par mois » beside 1 2 3. Inside the group, so that its
            // size is the keys' (moving the cursor back after the group would count one spacing more, and
            // the screen would scroll).
            const float column_x = x0 + (rtl ? left : left + width + style.ItemSpacing.x);
            for (std::size_t k = 0; k < v.periods.size(); ++k) {
                ImGui::SetCursorScreenPos(ImVec2(column_x, keys_y + static_cast<float>(k) * (key_h + style.ItemSpacing.y)));
                button(v.periods[k], ImVec2(period_w, key_h));
            }
        }
        ImGui::EndGroup();
    }

    void lines(const View& v) {
        float s = f.scale;
        float full = ImGui::GetContentRegionAvail().x;
        // Each line's button as wide as its label, right-aligned; the details in one column, left of
        // the widest button (« Pourquoi ce droit ? » is shorter than « Pourquoi ce montant ? »).
        auto own_width = [&](const Line& l) {
            return l.button.empty() ? 0 : measure(l.button_label, f.button).x + 2 * ImGui::GetStyle().FramePadding.x + ImGui::GetStyle().ItemSpacing.x;
        };
        float widest = 0;
        for (const auto& l : v.lines) widest = std::max(widest, own_width(l));
        for (std::size_t k = 0; k < v.lines.size(); ++k) {
            const Line& l = v.lines[k];
            ImGui::PushID(static_cast<int>(k));
            const float own_w = own_width(l);
            float button_w = l.button.empty() ? 0 : widest;
            float detail_w = l.detail.empty() ? 0 : std::min(full * 0.36f, 560 * s);
            float text_w = full - button_w - detail_w - 2 * ImGui::GetStyle().ItemSpacing.x;
            // A narrow screen (portrait) puts the line's button under its text, not beside it.
            bool button_below = !l.button.empty() && text_w < full * 0.4f;
            float below_w = own_w - ImGui::GetStyle().ItemSpacing.x;
            if (button_below) {
                button_w = 0;
                text_w = full - detail_w - 2 * ImGui::GetStyle().ItemSpacing.x;
            }
            ImFont* font = l.style == LineStyle::Heading || l.style == LineStyle::Amount ? f.bold : f.body;
            const ImVec4* color = l.style == LineStyle::Muted ? &muted : l.style == LineStyle::Warning ? &warning : nullptr;
            if (l.style == LineStyle::Heading && k > 0) ImGui::Dummy(ImVec2(0, 12 * s));
            float y = ImGui::GetCursorPosY();
            // Right to left: the text on the right, its amount left of it, the button on the left.
            if (rtl) ImGui::SetCursorPosX(mirror(0, text_w, full));
            ImGui::BeginGroup();
            wrapped(l.text, font, color, text_w);
            ImGui::EndGroup();
            float bottom = ImGui::GetCursorPosY();
            if (!l.detail.empty()) {
                // SameLine() then the x: SameLine(0) would mean « after the last item », not « at 0 ».
                ImGui::SameLine();
                ImGui::SetCursorPos(ImVec2(mirror(full - button_w - detail_w, detail_w, full), y));
                wrapped(l.detail, l.style == LineStyle::Amount ? f.bold : f.body, color, detail_w);
                bottom = std::max(bottom, ImGui::GetCursorPosY());
            }
            if (button_below) {
                ImGui::SetCursorPosY(bottom);
                if (rtl) ImGui::SetCursorPosX(mirror(0, below_w, full));
                button(Button(l.button, l.button_label), ImVec2(below_w, 84 * s));
                bottom = ImGui::GetCursorPosY();
            } else if (!l.button.empty()) {
                const float at_w = own_w - ImGui::GetStyle().ItemSpacing.x;
                ImGui::SameLine();
                ImGui::SetCursorPos(ImVec2(mirror(full - at_w, at_w, full), y));
                button(Button(l.button, l.button_label), ImVec2(at_w, 84 * s));
                bottom = std::max(bottom, ImGui::GetCursorPosY());
            }
            ImGui::SetCursorPosY(bottom);
            ImGui::PopID();
        }
    }

    /// The code's modules in whole pixels (`cell` each) with its 4-module quiet zone, on white; the
    /// dark modules of a row that touch are one rectangle.
    void qr_code(const printing::QrCode& code, float cell, float left) {
        const float side = cell * static_cast<float>(code.size + 8);
        ImVec2 at = ImGui::GetCursorScreenPos();
        at = ImVec2(std::floor(at.x + left), std::floor(at.y));
        ImDrawList* draw = ImGui::GetWindowDrawList();
        draw->AddRectFilled(at, ImVec2(at.x + side, at.y + side), IM_COL32(255, 255, 255, 255));
        for (int y = 0; y < code.size; ++y)
            for (int x = 0; x < code.size; ++x) {
                if (!code.at(x, y)) continue;
                int run = x;
                while (run + 1 < code.size && code.at(run + 1, y)) ++run;
                ImVec2 a(at.x + static_cast<float>(x + 4) * cell, at.y + static_cast<float>(y + 4) * cell);
                draw->AddRectFilled(a, ImVec2(at.x + static_cast<float>(run + 5) * cell, a.y + cell), IM_COL32(0, 0, 0, 255));
                x = run;
            }
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::floor(left));
        ImGui::Dummy(ImVec2(side, side));
    }

    /// The slip on screen: its lines, and its summary in a QR code a phone reads off the glass. The
    /// code never scrolls: beside the lines on a landscape screen, above them on a portrait one (the
    /// lines scroll under it when they are many). Layout problems: a code above version 10 or with
    /// modules under 6 pixels, too dense for a phone held in front of a screen.
    void slip(const View& v) {
        auto code = printing::encode_qr(v.qr_text, printing::QrCorrection::L);
        if (!code) {
            problem("récapitulatif trop long pour un code QR");
            lines(v);
            return;
        }
        const ImGuiStyle& style = ImGui::GetStyle();
        const std::string& caption = v.qr_caption;
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        const float modules = static_cast<float>(code->size + 8), s = f.scale;
        const bool beside = avail.x > avail.y * 1.3f;
        float column = beside ? std::min(avail.x * 0.45f, avail.y) : avail.x;
        float caption_h = measure(caption, f.body, column).y + style.ItemSpacing.y;
        float room = beside ? avail.y - caption_h : avail.y - caption_h - style.ItemSpacing.y - 2.5f * f.body->FontSize;  // two lines under it
        // Beside the lines on a short screen with the larger text, the caption goes over the lines: the
        // code keeps the whole height, and modules a phone reads.
        const bool caption_over_lines = beside && std::floor(std::min({column, room, 600 * s}) / modules) < 6;
        if (caption_over_lines) room = avail.y;
        float cell = std::floor(std::min({column, room, 600 * s}) / modules);
        float side = cell * modules;
        if (qr_version(*code) > 10) problem(fmt::format("code QR trop dense : version {} (au plus 10)", qr_version(*code)));
        if (cell < 6) problem(fmt::format("code QR trop petit : modules de {:.0f} px (au moins 6)", cell));
        if (beside) {
            // The code on the side a reader ends a line: right left to right, left right to left.
            auto code_column = [&] {
                ImGui::BeginGroup();
                if (!caption_over_lines) wrapped(caption, f.body, &muted, column);
                qr_code(*code, cell, (column - side) / 2);
                ImGui::EndGroup();
            };
            if (rtl) {
                code_column();
                ImGui::SameLine();
            }
            ImGui::BeginChild("lignes", ImVec2(avail.x - column - style.ItemSpacing.x, avail.y), false);
            if (caption_over_lines) wrapped(caption, f.body, &muted);
            lines(v);
            ImGui::EndChild();
            if (!rtl) {
                ImGui::SameLine();
                code_column();
            }
        } else {
            wrapped(caption, f.body, &muted);
            qr_code(*code, cell, (column - side) / 2);
            ImGui::BeginChild("lignes", ImVec2(0, std::max(ImGui::GetContentRegionAvail().y, f.body->FontSize)), false);
            lines(v);
            ImGui::EndChild();
        }
    }
};

}  // namespace

std::vector<std::string> reading_order_problems(const std::vector<std::string>& ids, const DrawResult& drawn, bool rtl) {
    std::vector<std::string> problems;
    for (std::size_t k = 1; k < ids.size(); ++k) {
        auto a = drawn.buttons.find(ids[k - 1]), b = drawn.buttons.find(ids[k]);
        if (a == drawn.buttons.end() || b == drawn.buttons.end() || std::abs(a->second.y0 - b->second.y0) > 0.5f) continue;
        const bool in_order = rtl ? b->second.x1 <= a->second.x0 + 0.5f : b->second.x0 >= a->second.x1 - 0.5f;
        if (!in_order)
            problems.push_back(fmt::format("« {} » n'est pas {} de « {} » (lecture {})", ids[k], rtl ? "à gauche" : "à droite", ids[k - 1],
                                           rtl ? "de droite à gauche" : "de gauche à droite"));
    }
    return problems;
}

bool DrawResult::shows(const std::string& id) const {
    auto it = buttons.find(id);
    return it != buttons.end() && !it->second.hidden;
}

DrawResult draw_view(const View& v, const Fonts& f, Pictograms* pictograms, const std::string& reveal) {
    DrawResult out;
    use_theme(theme_for(v.access.high_contrast));
    ImGui::PushStyleColor(ImGuiCol_Text, vec(theme->text));
    ImGui::PushStyleColor(ImGuiCol_Button, vec(theme->button));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, vec(theme->button));  // touch has no hover
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, vec(theme->button_pressed));
    ImGui::PushStyleColor(ImGuiCol_ScrollbarBg, vec(theme->scrollbar_track));
    ImGui::PushStyleColor(ImGuiCol_ScrollbarGrab, vec(theme->scrollbar_thumb));
    ImGui::PushStyleColor(ImGuiCol_ScrollbarGrabHovered, vec(theme->scrollbar_thumb));  // touch has no hover
    ImGui::PushStyleColor(ImGuiCol_ScrollbarGrabActive, vec(theme->scrollbar_thumb));
    Drawer d{f, pictograms, reveal, out};
    d.rtl = v.rtl;
    if (f.body->FontSize < 24) d.problem(fmt::format("texte à {:.0f} px (minimum 24)", f.body->FontSize));
    // Every character shown has its glyph in the atlas (ImGui would draw a « ? » in its place): the
    // French typography's ’ « » € œ and no-break spaces, and whatever the rules write.
    // A shaped text's glyphs are checked where it is shaped (Drawer::shape).
    auto glyphs = [&](const std::string& text) {
        if (d.shaped(text)) return;
        for (const char* c = text.c_str(); *c;) {
            unsigned int code = 0;
            c += ImTextCharFromUtf8(&code, c, nullptr);
            if (code >= 0x20 && !f.body->FindGlyphNoFallback(static_cast<ImWchar>(code)))
                d.problem(fmt::format("caractère U+{:04X} absent de la police : « {} »", code, text));
        }
    };
    for (const std::string* t : {&v.site_name, &v.agent_badge, &v.title, &v.help, &v.error, &v.entry, &v.entry_note, &v.progress_text, &v.qr_caption, &v.idle_title,
                                 &v.idle_text})
        glyphs(*t);
    for (const auto& l : v.lines) glyphs(l.text), glyphs(l.detail), glyphs(l.button_label);
    for (const auto* buttons : {&v.choices, &v.periods, &v.nav, &v.keys, &v.languages, &v.volume, &v.modes})
        for (const auto& b : *buttons) glyphs(b.label);
    glyphs(v.listen.label);
    ImGuiIO& io = ImGui::GetIO();
    const float W = io.DisplaySize.x, H = io.DisplaySize.y, s = f.scale;
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(W, H));
    ImGui::Begin("borne", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                       ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::PushFont(f.body);

    // Header: the site, and on questions the chapter and an honest progress bar.
    std::string site = v.agent_badge.empty() ? v.site_name : v.site_name + "  —  " + v.agent_badge;
    if (!v.chapter.empty()) {
        // The site and the chapter share a line when they fit (a short screen needs the height).
        std::string chapter = v.chapter + "  ·  " + v.progress_text;
        ImGui::PushFont(f.bold);
        float site_w = ImGui::CalcTextSize(site.c_str()).x;
        ImGui::PopFont();
        float chapter_w = ImGui::CalcTextSize(chapter.c_str()).x;
        float avail = ImGui::GetContentRegionAvail().x;
        if (d.rtl) {
            // Mirrored: the site on the right, the chapter and the progress on the left.
            site_w = d.measure(site, f.bold).x;
            chapter_w = d.measure(chapter, f.body).x;
            const float x0 = ImGui::GetCursorPosX(), y0 = ImGui::GetCursorPosY();
            d.wrapped(site, f.bold, &muted);
            float bottom = ImGui::GetCursorPosY();
            const bool one_line = site_w + chapter_w + 4 * ImGui::GetStyle().ItemSpacing.x <= avail;
            if (one_line) ImGui::SetCursorPos(ImVec2(x0, y0));
            d.wrapped(chapter, f.body, nullptr, one_line ? std::ceil(chapter_w) : avail);
            ImGui::SetCursorPosY(std::max(bottom, ImGui::GetCursorPosY()));
        } else if (site_w + chapter_w + 4 * ImGui::GetStyle().ItemSpacing.x <= avail) {
            d.wrapped(site, f.bold, &muted);
            ImGui::SameLine(ImGui::GetCursorPosX() + avail - chapter_w);
        } else {
            d.wrapped(site, f.bold, &muted);
        }
        if (!d.rtl) ImGui::TextUnformatted(chapter.c_str());
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, primary);
        ImGui::PushStyleColor(ImGuiCol_FrameBg, vec(theme->progress_track));
        // Right to left the bar fills from the right: ImGui's fills from the left, so its frame is
        // drawn empty and the filled part over it.
        ImGui::ProgressBar(d.rtl ? 0.f : static_cast<float>(v.progress), ImVec2(-1, 18 * s), "");
        if (d.rtl) {
            const ImVec2 a = ImGui::GetItemRectMin(), z = ImGui::GetItemRectMax();
            const float filled = std::round((z.x - a.x) * std::clamp(static_cast<float>(v.progress), 0.f, 1.f));
            if (filled > 0) ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(z.x - filled, a.y), z, ImGui::GetColorU32(ImGuiCol_PlotHistogram));
        }
        ImGui::PopStyleColor(2);
    } else {
        d.wrapped(site, f.bold, &muted);
    }
    ImGui::Dummy(ImVec2(0, 8 * s));
    // The larger text on a short landscape screen (1024x768): a keypad question's words on one side and
    // its keypad on the other; stacked, the keys had a tenth of the screen and scrolled.
    const bool side_by_side = v.access.large_text && v.keypad != Keypad::None && W > H && H < 1000;
    if (!side_by_side) {
        d.wrapped(v.title, f.title);
        if (!v.help.empty()) d.wrapped(v.help, f.body, &muted);
        if (!v.error.empty() && v.keypad == Keypad::None) d.wrapped(v.error, f.bold, &warning);
        ImGui::Dummy(ImVec2(0, 8 * s));
    }
    // The welcome screen's choices for the visit: audio mode, high contrast, larger text.
    if (!v.modes.empty()) {
        auto layout = d.nav_layout(v.modes);
        d.row(v.modes, layout, std::max(f.min_target, 84 * s));
        ImGui::Dummy(ImVec2(0, 8 * s));
    }

    // Content between the header and the navigation bar, scrollable by a finger-sized scrollbar.
    // The other languages, each named in itself, follow the navigation of every screen (the answers stay).
    std::vector<Button> nav_buttons = v.nav;
    nav_buttons.insert(nav_buttons.end(), v.languages.begin(), v.languages.end());
    // Then speech, at the same place on every screen: the volume (once speech is in use) and « Écouter ».
    nav_buttons.insert(nav_buttons.end(), v.volume.begin(), v.volume.end());
    if (!v.listen.id.empty()) nav_buttons.push_back(v.listen);
    // The larger text on a short screen: navigation buttons of 15 mm or their tallest label (Amiri's are
    // taller than DejaVu's), the height goes to the question.
    float nav_button_h = 104 * s;
    if (v.access.large_text && H < 1000) {
        nav_button_h = std::max(f.min_target, 84 * s);
        for (const auto& b : nav_buttons) nav_button_h = std::max(nav_button_h, std::ceil(d.measure(b.label, f.button).y + 2 * ImGui::GetStyle().FramePadding.y));
    }
    auto nav = d.nav_layout(nav_buttons, v.access.large_text);
    float nav_h = nav_buttons.empty() ? 0 : static_cast<float>(nav.rows()) * (nav_button_h + ImGui::GetStyle().ItemSpacing.y) + 16 * s - ImGui::GetStyle().ItemSpacing.y;
    float content_h = ImGui::GetContentRegionAvail().y - nav_h - ImGui::GetStyle().ItemSpacing.y;
    ImGui::BeginChild("contenu", ImVec2(0, content_h), false);
    {
        // A new screen starts at the top, whatever the last one was scrolled to.
        ImGuiStorage* storage = ImGui::GetStateStorage();
        const ImGuiID shown = ImGui::GetID("ecran affiché");
        const auto screen = static_cast<int>(ImGui::GetID((std::string(screen_name(v.screen)) + v.title).c_str()));
        if (storage->GetInt(shown) != screen) {
            ImGui::SetScrollY(0);
            storage->SetInt(shown, screen);
        }
    }
    if (!v.choice_rows.empty()) {
        d.choice_grid(v, 118 * s);
    } else if (!v.choices.empty()) {
        // Two columns wherever they are wide enough (long labels wrap in their button): a short screen
        // keeps every choice in view.
        const ImGuiStyle& style = ImGui::GetStyle();
        float half = (ImGui::GetContentRegionAvail().x - style.ItemSpacing.x) / 2;
        float wrap_w = half - 3 * style.FramePadding.x - 84 * s, tallest = 0, shaped_tallest = 0;
        int most_lines = 0;
        for (const auto& c : v.choices) {
            if (d.shaped(c.label)) {
                // A shaped (Arabic) label's height counts too: the larger text's two lines must fit their button.
                const auto& block = d.shaped_size(c.label, f.button, wrap_w);
                most_lines = std::max(most_lines, block.lines);
                shaped_tallest = std::max(shaped_tallest, static_cast<float>(block.height));
                continue;
            }
            tallest = std::max(tallest, f.button->CalcTextSizeA(f.button->FontSize, FLT_MAX, 0, break_lines(f.button, c.label, wrap_w).c_str()).y);
        }
        bool two_lines_at_most = tallest <= 2.5f * f.button->FontSize && most_lines <= 2;
        int columns = ImGui::GetContentRegionAvail().x >= 860 && v.choices.size() > 1 && two_lines_at_most ? 2 : 1;
        // The larger text's Arabic labels (two lines of Amiri) set the height too; the usual ones fit already.
        d.grid(v.choices, columns, 118 * s, true, std::max(columns == 2 ? tallest : 0.f, v.access.large_text ? shaped_tallest : 0.f));
        // A list that scrolls (the larger text) ends with room to spare: its last row was seen reaching a
        // pixel past the furthest scroll.
        if (v.access.large_text) ImGui::Dummy(ImVec2(0, 1));
    }
    if (side_by_side) {
        // Right to left, the words on the right and the keypad on the left.
        const float gap = 2 * ImGui::GetStyle().ItemSpacing.x, avail = ImGui::GetContentRegionAvail().x;
        const float keys_w = std::min(std::floor(avail * 0.5f), 760 * s), text_w = avail - keys_w - gap;
        auto words = [&] {
            ImGui::BeginChild("question", ImVec2(text_w, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
            d.wrapped(v.title, f.title);
            if (!v.help.empty()) d.wrapped(v.help, f.body, &muted);
            // An amount's period (« par mois »…) under the words, one a row: three across the keypad cut them.
            if (!v.periods.empty()) {
                ImGui::Dummy(ImVec2(0, 8 * s));
                float label_h = 0;  // an Arabic label is taller than a line of DejaVu
                for (const auto& p : v.periods) label_h = std::max(label_h, d.measure(p.label, f.button).y);
                d.grid(v.periods, 1, f.min_target, false, label_h);
            }
            // The words may scroll (the periods under a long help), as a list of answers may.
            if (ImGui::GetScrollMaxY() > 0) {
                const ImVec2 a = ImGui::GetWindowPos();
                d.scrolling_answers({a.x, a.y, a.x + ImGui::GetWindowWidth(), a.y + ImGui::GetWindowHeight()}, ImGui::GetScrollY(), ImGui::GetScrollMaxY());
            }
            ImGui::EndChild();
        };
        auto keys = [&] {
            ImGui::BeginChild("clavier", ImVec2(keys_w, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
            View without_periods = v;  // drawn beside, with the words
            without_periods.periods.clear();
            d.keypad(without_periods);
            if (ImGui::GetScrollMaxY() > 0) d.problem("la question défile : son clavier ne tient pas dans l'écran");
            ImGui::EndChild();
        };
        if (v.rtl) keys(), ImGui::SameLine(0, gap), words();
        else words(), ImGui::SameLine(0, gap), keys();
    } else if (v.keypad != Keypad::None) {
        d.keypad(v);
    }
    if (!v.qr_text.empty()) d.slip(v);
    else if (!v.lines.empty()) d.lines(v);
    {
        const ImVec2 a = ImGui::GetWindowPos(), z(a.x + ImGui::GetWindowWidth(), a.y + ImGui::GetWindowHeight());
        out.content = {a.x, a.y, z.x, z.y};
        out.scroll = ImGui::GetScrollY();
        out.scroll_max = ImGui::GetScrollMaxY();
    }
    // A « Qui ? » grid of a large household may scroll on a short screen: the arrow says there is more below.
    if (v.screen == Screen::Group && !v.choice_rows.empty() && out.scroll_max > 0) d.scrolling_answers(out.content, out.scroll, out.scroll_max);
    if (v.screen == Screen::Question && out.scroll_max > 0) {
        // The larger text on a short screen: a list of answers may scroll (a keypad question may not: it
        // goes beside its words), showing that it does and with each answer reachable whole.
        if (!v.access.large_text || v.keypad != Keypad::None) d.problem("la question défile : ses boutons ne tiennent pas dans l'écran");
        else d.scrolling_answers(out.content, out.scroll, out.scroll_max);
    }
    ImGui::EndChild();

    if (!nav_buttons.empty()) d.row(nav_buttons, nav, nav_button_h);
    // The mirrored layout checked where it is drawn: the navigation and the choices in reading order.
    for (const std::vector<Button>* buttons : {&std::as_const(nav_buttons), &v.choices}) {
        std::vector<std::string> ids;
        for (const auto& b : *buttons) ids.push_back(b.id);
        for (auto& p : reading_order_problems(ids, out, v.rtl)) d.problem(std::move(p));
    }
    ImGui::PopFont();
    ImGui::End();

    if (v.idle_warning) {
        // Over everything: only « Je suis là » answers.
        out.buttons.clear();
        out.tapped.clear();
        ImGui::GetForegroundDrawList();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(W, H));
        // Opaque: the visitor may have walked away, and the amounts and answers under the warning
        // (legible through the 0.96 veil it had) are not for the next person in the hall.
        ImGui::PushStyleColor(ImGuiCol_WindowBg, vec(theme->background));
        ImGui::Begin("inactif", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
        ImGui::PopStyleColor();
        ImGui::SetCursorPosY(H * 0.25f);
        d.wrapped(v.idle_title, f.title);
        d.wrapped(v.idle_text, f.body);
        ImGui::Dummy(ImVec2(0, 30 * s));
        d.button(v.idle_button, ImVec2(W - 2 * ImGui::GetStyle().WindowPadding.x, 130 * s));
        ImGui::End();
    }

    ImGui::PopStyleColor(8);
    // The agent gesture: taps in the top-right corner (nothing is drawn there).
    if (io.MouseClicked[0] && io.MousePos.x > W - 140 * s && io.MousePos.y < 140 * s) out.corner = true;
    return out;
}

}  // namespace borne::kiosk
