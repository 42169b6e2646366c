#include "screens.hpp"

#include <imgui.h>
#include <qrencode.h>

namespace borne::kiosk {

namespace {

const ImVec4 muted(0.30f, 0.30f, 0.36f, 1);
const ImVec4 warning(0.62f, 0.25f, 0.0f, 1);
const ImVec4 primary(0.10f, 0.42f, 0.22f, 1);
const ImVec4 primary_pressed(0.05f, 0.30f, 0.15f, 1);

struct Drawer {
    const Fonts& f;
    const std::string& reveal;
    DrawResult& out;

    void wrapped(const std::string& text, ImFont* font, const ImVec4* color = nullptr) {
        ImGui::PushFont(font);
        if (color) ImGui::PushStyleColor(ImGuiCol_Text, *color);
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopTextWrapPos();
        if (color) ImGui::PopStyleColor();
        ImGui::PopFont();
    }

    bool button(const Button& b, ImVec2 size) {
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
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        }
        bool pressed = ImGui::Button(b.label.c_str(), size);
        if (b.primary) ImGui::PopStyleColor(4);
        ImGui::PopFont();
        ImVec2 a = ImGui::GetItemRectMin(), z = ImGui::GetItemRectMax();
        out.buttons[b.id] = {a.x, a.y, z.x, z.y};
        if (b.id == reveal) ImGui::SetScrollHereY(0.5f);
        if (pressed) out.tapped = b.id;
        ImGui::PopID();
        return pressed;
    }

    void grid(const std::vector<Button>& buttons, int columns, float height) {
        float spacing = ImGui::GetStyle().ItemSpacing.x;
        float width = (ImGui::GetContentRegionAvail().x - spacing * static_cast<float>(columns - 1)) / static_cast<float>(columns);
        for (std::size_t k = 0; k < buttons.size(); ++k) {
            if (k % static_cast<std::size_t>(columns) != 0) ImGui::SameLine();
            button(buttons[k], ImVec2(width, height));
        }
    }

    /// One row whose buttons share the width in proportion to their labels (no label is cut).
    void row(const std::vector<Button>& buttons, float height) {
        float spacing = ImGui::GetStyle().ItemSpacing.x, pad = 2 * ImGui::GetStyle().FramePadding.x;
        float avail = ImGui::GetContentRegionAvail().x - spacing * static_cast<float>(buttons.size() - 1);
        std::vector<float> need;
        float total = 0;
        ImGui::PushFont(f.button);
        for (const auto& b : buttons) total += need.emplace_back(ImGui::CalcTextSize(b.label.c_str()).x + pad);
        ImGui::PopFont();
        for (std::size_t k = 0; k < buttons.size(); ++k) {
            if (k > 0) ImGui::SameLine();
            button(buttons[k], ImVec2(avail * need[k] / total, height));
        }
    }

    void keypad(const View& v) {
        float s = f.scale;
        float width = std::min(ImGui::GetContentRegionAvail().x, 760 * s);
        float left = (ImGui::GetContentRegionAvail().x - width) / 2;
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + left);
        ImGui::BeginGroup();
        // The entry, large, in a white box.
        ImVec2 at = ImGui::GetCursorScreenPos();
        float box = 110 * s;
        ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + width, at.y + box), IM_COL32(255, 255, 255, 255), 12 * s);
        ImGui::GetWindowDrawList()->AddRect(at, ImVec2(at.x + width, at.y + box), IM_COL32(60, 60, 90, 255), 12 * s, 0, 3 * s);
        ImGui::PushFont(f.title);
        std::string shown = v.entry + (v.entry_unit.empty() ? "" : " " + v.entry_unit);
        ImVec2 size = ImGui::CalcTextSize(shown.c_str());
        ImGui::SetCursorScreenPos(ImVec2(at.x + (width - size.x) / 2, at.y + (box - size.y) / 2));
        ImGui::TextUnformatted(shown.c_str());
        ImGui::PopFont();
        ImGui::SetCursorScreenPos(ImVec2(at.x, at.y + box + ImGui::GetStyle().ItemSpacing.y));
        if (!v.error.empty()) wrapped(v.error, f.bold, &warning);
        float spacing = ImGui::GetStyle().ItemSpacing.x;
        float key_w = (width - 2 * spacing) / 3, key_h = 96 * s;
        auto keys = keypad_keys(v.keypad);
        for (std::size_t k = 0; k < keys.size(); ++k) {
            if (k % 3 != 0) ImGui::SameLine();
            button(keys[k], ImVec2(key_w, key_h));
        }
        ImGui::EndGroup();
    }

    void lines(const View& v) {
        float s = f.scale;
        float full = ImGui::GetContentRegionAvail().x;
        for (std::size_t k = 0; k < v.lines.size(); ++k) {
            const Line& l = v.lines[k];
            ImGui::PushID(static_cast<int>(k));
            ImGui::PushFont(f.button);
            float button_w = l.button.empty() ? 0 : ImGui::CalcTextSize(l.button_label.c_str()).x + 2 * ImGui::GetStyle().FramePadding.x + ImGui::GetStyle().ItemSpacing.x;
            ImGui::PopFont();
            float detail_w = l.detail.empty() ? 0 : std::min(full * 0.36f, 560 * s);
            float text_w = full - button_w - detail_w - 2 * ImGui::GetStyle().ItemSpacing.x;
            ImFont* font = l.style == LineStyle::Heading || l.style == LineStyle::Amount ? f.bold : f.body;
            const ImVec4* color = l.style == LineStyle::Muted ? &muted : l.style == LineStyle::Warning ? &warning : nullptr;
            if (l.style == LineStyle::Heading && k > 0) ImGui::Dummy(ImVec2(0, 12 * s));
            float y = ImGui::GetCursorPosY();
            ImGui::BeginGroup();
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + text_w);
            ImGui::PushFont(font);
            if (color) ImGui::PushStyleColor(ImGuiCol_Text, *color);
            ImGui::TextUnformatted(l.text.c_str());
            if (color) ImGui::PopStyleColor();
            ImGui::PopFont();
            ImGui::PopTextWrapPos();
            ImGui::EndGroup();
            float bottom = ImGui::GetCursorPosY();
            if (!l.detail.empty()) {
                ImGui::SameLine(full - button_w - detail_w);
                ImGui::SetCursorPosY(y);
                ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + detail_w);
                wrapped(l.detail, l.style == LineStyle::Amount ? f.bold : f.body, color);
                ImGui::PopTextWrapPos();
                bottom = std::max(bottom, ImGui::GetCursorPosY());
            }
            if (!l.button.empty()) {
                ImGui::SameLine(full - button_w + ImGui::GetStyle().ItemSpacing.x);
                ImGui::SetCursorPosY(y);
                button(Button(l.button, l.button_label), ImVec2(button_w - ImGui::GetStyle().ItemSpacing.x, 84 * s));
                bottom = std::max(bottom, ImGui::GetCursorPosY());
            }
            ImGui::SetCursorPosY(bottom);
            ImGui::PopID();
        }
    }

    void qr(const std::string& text) {
        QRcode* code = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
        if (!code) return;
        float side = std::min(ImGui::GetContentRegionAvail().x, 520 * f.scale);
        float cell = side / static_cast<float>(code->width + 8);
        ImVec2 at = ImGui::GetCursorScreenPos();
        ImDrawList* draw = ImGui::GetWindowDrawList();
        draw->AddRectFilled(at, ImVec2(at.x + side, at.y + side), IM_COL32(255, 255, 255, 255));
        for (int y = 0; y < code->width; ++y)
            for (int x = 0; x < code->width; ++x)
                if (code->data[y * code->width + x] & 1) {
                    ImVec2 a(at.x + static_cast<float>(x + 4) * cell, at.y + static_cast<float>(y + 4) * cell);
                    draw->AddRectFilled(a, ImVec2(a.x + cell, a.y + cell), IM_COL32(0, 0, 0, 255));
                }
        ImGui::Dummy(ImVec2(side, side));
        QRcode_free(code);
    }
};

}  // namespace

DrawResult draw_view(const View& v, const Fonts& f, const std::string& reveal) {
    DrawResult out;
    Drawer d{f, reveal, out};
    ImGuiIO& io = ImGui::GetIO();
    const float W = io.DisplaySize.x, H = io.DisplaySize.y, s = f.scale;
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(W, H));
    ImGui::Begin("borne", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                       ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::PushFont(f.body);

    // Header: the site, and on questions the chapter and an honest progress bar.
    d.wrapped(v.site_name + (v.agent ? "  —  MODE AGENT" : ""), f.bold, &muted);
    if (!v.chapter.empty()) {
        ImGui::TextUnformatted((v.chapter + "  ·  " + v.progress_text).c_str());
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, primary);
        ImGui::ProgressBar(static_cast<float>(v.progress), ImVec2(-1, 18 * s), "");
        ImGui::PopStyleColor();
    }
    ImGui::Dummy(ImVec2(0, 8 * s));
    d.wrapped(v.title, f.title);
    if (!v.help.empty()) d.wrapped(v.help, f.body, &muted);
    if (!v.error.empty() && v.keypad == Keypad::None) d.wrapped(v.error, f.bold, &warning);
    ImGui::Dummy(ImVec2(0, 8 * s));

    // Content between the header and the navigation bar, scrollable by a finger-sized scrollbar.
    float nav_h = v.nav.empty() ? 0 : 120 * s;
    float content_h = ImGui::GetContentRegionAvail().y - nav_h - ImGui::GetStyle().ItemSpacing.y;
    ImGui::BeginChild("contenu", ImVec2(0, content_h), false);
    if (!v.choices.empty()) {
        int columns = W >= 1100 && v.choices.size() > 2 ? 2 : 1;
        if (v.choices.size() == 2 && W >= 900) columns = 2;
        d.grid(v.choices, columns, 118 * s);
    }
    if (v.keypad != Keypad::None) d.keypad(v);
    if (!v.lines.empty()) d.lines(v);
    if (!v.qr_text.empty()) {
        ImGui::Dummy(ImVec2(0, 10 * s));
        d.wrapped("Gardez ce récapitulatif : photographiez ce code avec votre téléphone.", f.body, &muted);
        d.qr(v.qr_text);
    }
    ImGui::EndChild();

    if (!v.nav.empty()) d.row(v.nav, 104 * s);
    ImGui::PopFont();
    ImGui::End();

    if (v.idle_warning) {
        // Over everything: only « Je suis là » answers.
        out.buttons.clear();
        out.tapped.clear();
        ImGui::GetForegroundDrawList();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(W, H));
        ImGui::SetNextWindowBgAlpha(0.92f);
        ImGui::Begin("inactif", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
        ImGui::SetCursorPosY(H * 0.25f);
        d.wrapped("Êtes-vous toujours là ?", f.title);
        d.wrapped("Sans réponse, vos réponses seront effacées dans " + std::to_string(v.idle_seconds_left) + " secondes.", f.body);
        ImGui::Dummy(ImVec2(0, 30 * s));
        d.button(Button("je_suis_la", "Je suis là", "", true), ImVec2(W - 2 * ImGui::GetStyle().WindowPadding.x, 130 * s));
        ImGui::End();
    }

    // The agent gesture: taps in the top-right corner (nothing is drawn there).
    if (io.MouseClicked[0] && io.MousePos.x > W - 140 * s && io.MousePos.y < 140 * s) out.corner = true;
    return out;
}

}  // namespace borne::kiosk
