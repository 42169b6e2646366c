// The kiosk's own line breaking, on the font the kiosk draws with: lines fit, numbers stay whole.
#include "../../kiosk/app/line_breaking.hpp"

#include <catch2/catch.hpp>
#include <cfloat>
#include <imgui.h>
#include <sstream>
#include <vector>

using borne::kiosk::break_lines;

namespace {

/// An ImGui context with DejaVu Sans at 24 px (the kiosk's body text at 1080p), atlas built, no window.
struct FontContext {
    ImFont* font = nullptr;
    FontContext() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        static const ImWchar ranges[] = {0x20, 0x24F, 0x2000, 0x20AC, 0};
        font = io.Fonts->AddFontFromFileTTF("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 24.0f, nullptr, ranges);
        REQUIRE(font);
        REQUIRE(io.Fonts->Build());
    }
    ~FontContext() { ImGui::DestroyContext(); }
    float width(const std::string& s) const { return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, s.c_str()).x; }
};

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

}  // namespace

TEST_CASE("Line breaking: every line fits, and a number keeps its decimals", "[kiosk][lines]") {
    FontContext c;
    const std::string step = "Aide = loyer retenu + charges - votre part, moins 5\u00A0€ et la CRDS de 0,5\u00A0%\u00A0: 347,42\u00A0€";
    // Narrow enough that « 347, » still fits on the first line and « 42 € » does not.
    const float width = c.width("Aide = loyer retenu + charges - votre part, moins 5\u00A0€ et la CRDS de 0,5\u00A0%\u00A0: 347,");
    // ImGui's own wrapping cuts after the comma there: what this function is for.
    const char* imgui_cut = c.font->CalcWordWrapPositionA(1.0f, step.c_str(), step.c_str() + step.size(), width);
    REQUIRE(std::string(step.c_str(), imgui_cut).ends_with("347,"));
    auto lines = lines_of(break_lines(c.font, step, width));
    REQUIRE(lines.size() == 2);
    CHECK(lines[1] == "347,42\u00A0€");
    for (const auto& l : lines) CHECK(c.width(l) <= width);
}

TEST_CASE("Line breaking: a text that fits is left whole, its own line breaks kept", "[kiosk][lines]") {
    FontContext c;
    CHECK(break_lines(c.font, "Forfait de charges : 60,59 €", 2000) == "Forfait de charges : 60,59 €");
    CHECK(break_lines(c.font, "Un\nDeux", 2000) == "Un\nDeux");
    CHECK(break_lines(c.font, "", 100).empty());
}

TEST_CASE("Line breaking: an address wider than a line breaks after a « / »", "[kiosk][lines]") {
    FontContext c;
    const std::string address = "https://wwwd.caf.fr/wps/portal/caffr/aidesetdemarches/mesdemarches/faireunedemandedeprestation";
    const float width = c.width("https://wwwd.caf.fr/wps/portal/caffr/aides");
    auto lines = lines_of(break_lines(c.font, "En ligne : " + address, width));
    REQUIRE(lines.size() >= 3);
    CHECK(lines[0] == "En ligne :");
    std::string joined;
    for (std::size_t k = 1; k < lines.size(); ++k) {
        CHECK(c.width(lines[k]) <= width);
        if (k + 1 < lines.size()) CHECK((lines[k].back() == '/' || lines[k].back() == '.'));
        joined += lines[k];
    }
    CHECK(joined == address);  // nothing lost, nothing added
}

TEST_CASE("Line breaking: a word wider than a line with nowhere to break is cut between characters, never inside one", "[kiosk][lines]") {
    FontContext c;
    const std::string word = "Élémentairementévidentissimement";
    const float width = c.width("Élémentaire");
    auto lines = lines_of(break_lines(c.font, word, width));
    REQUIRE(lines.size() >= 2);
    std::string joined;
    for (const auto& l : lines) {
        CHECK(c.width(l) <= width);
        joined += l;
    }
    CHECK(joined == word);
    // A width under one character still makes progress, one character a line.
    CHECK(lines_of(break_lines(c.font, "abc", 1)).size() == 3);
}
