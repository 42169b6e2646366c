// Right to left on screen: Arabic shaped and in reading order (text_shaping.hpp), the layout mirrored,
// and the layout check (--check-layout's problems) catching a cut label, a missing glyph and a
// mirrored element out of place in each language. Real SDL (dummy driver, software renderer), real
// pango and fonts, real catalogues.
#include "support.hpp"

#include "../../kiosk/app/headless.hpp"
#include "../../kiosk/app/platform.hpp"
#include "../../kiosk/app/screens.hpp"
#include "../../kiosk/app/text_shaping.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <fstream>
#include <random>
#include <set>

using namespace borne;
using namespace borne::kiosk;

namespace {

std::unique_ptr<Platform> open_platform(int w = 1024, int h = 768) {
    std::string error;
    auto p = Platform::open({w, h, false, true, std::string(BORNE_SOURCE_DIR) + "/assets/pictograms"}, error);
    INFO(error);
    REQUIRE(p);
    return p;
}

DrawResult draw(Platform& platform, const View& v) {
    platform.begin_frame();
    DrawResult r = draw_view(v, platform.fonts(), platform.pictograms(), "");
    platform.end_frame();
    return r;
}

/// A question with choices and the navigation, in `lang` (its catalogue's texts are not needed here:
/// the texts below are what each language shows on that screen).
View question(const std::string& lang) {
    View v;
    v.screen = Screen::Question;
    v.lang = lang;
    v.rtl = lang == "ar";
    const bool ar = v.rtl;
    v.title = ar ? "ما هو وضع سكنك؟" : lang == "en" ? "What is your housing situation?" : "Quelle est votre situation de logement ?";
    v.help = ar ? "المساعدة: 250 يورو شهريا (CAF)" : "Aide : 250 € par mois (CAF)";
    v.choices = {Button("choix:a", ar ? "مستأجر" : "Locataire"), Button("choix:b", ar ? "مالك" : "Propriétaire"),
                 Button("choix:c", ar ? "مستضاف" : "Hébergé"), Button("choix:d", ar ? "بلا سكن" : "Sans logement")};
    v.nav = {Button("retour", ar ? "رجوع" : "Retour"), Button("valider", ar ? "متابعة" : "Valider", {}, true)};
    v.languages = {Button("langue:fr", "Français"), Button("langue:en", "English"), Button("langue:ar", "العربية")};
    return v;
}

bool has_problem(const DrawResult& r, const std::string& part) {
    for (const auto& p : r.problems)
        if (p.find(part) != std::string::npos) return true;
    return false;
}

std::string problems(const DrawResult& r) {
    std::string all;
    for (const auto& p : r.problems) all += p + "\n";
    return all;
}

}  // namespace

TEST_CASE("a mixed Arabic line keeps « 250 » and « (CAF) » in their reading order", "[kiosk][rtl]") {
    auto platform = open_platform();
    TextShaper& shaper = *platform->fonts().shaper;
    const std::string line = "المساعدة: 250 يورو شهريا (CAF)";
    ShapedKey key{line, 34, false, IM_COL32_BLACK, -1, true};
    auto x = [&](std::string_view part, std::size_t k = 0) { return shaper.x_of(key, line.find(part) + k); };
    // The digits and the Latin letters left to right inside a line that reads from the right.
    CHECK(x("250", 0) < x("250", 1));
    CHECK(x("250", 1) < x("250", 2));
    CHECK(x("CAF", 0) < x("CAF", 1));
    CHECK(x("CAF", 1) < x("CAF", 2));
    // The first word is the rightmost; the amount comes after it (left of it), the acronym last.
    CHECK(x("المساعدة") > x("250"));
    CHECK(x("250") > x("CAF"));
    // On screen « (CAF) »: the logical « ( » (after the Arabic, at the right-to-left level, drawn
    // mirrored) is right of « CAF », the logical « ) » left of it. Positions are leading edges (a
    // right-to-left character's is its right side).
    CHECK(x("(") > x("CAF", 2));
    CHECK(x(")") <= x("CAF", 0) + 1);
    const ShapedBlock& b = shaper.block(key);
    CHECK(b.texture != nullptr);
    CHECK(b.lines == 1);
    CHECK(b.problems.empty());
}

TEST_CASE("a long Arabic text breaks into lines within its width, on the logical text", "[kiosk][rtl]") {
    auto platform = open_platform();
    TextShaper& shaper = *platform->fonts().shaper;
    const std::string text = "يمكنك طلب المساعدة من صندوق الإعانات العائلية إذا كان دخلك أقل من 1 234,50 € في الشهر";
    const ShapedBlock& one = shaper.block({text, 34, false, IM_COL32_BLACK, -1, true});
    const ShapedBlock& wrapped = shaper.block({text, 34, false, IM_COL32_BLACK, 400, true});
    CHECK(one.lines == 1);
    CHECK(wrapped.lines > 1);
    CHECK(wrapped.width == 400);
    CHECK(one.width > 400);
    CHECK(wrapped.problems.empty());
}

TEST_CASE("the Arabic layout mirrors: choices and navigation from the right, text on the right", "[kiosk][rtl]") {
    auto platform = open_platform();
    View v = question("ar");
    draw(*platform, v);  // ImGui lays out on the first frame
    DrawResult r = draw(*platform, v);
    INFO(problems(r));
    CHECK(r.problems.empty());
    // « رجوع » (back) is on the right of « متابعة » (next); the first choice top right.
    CHECK(r.buttons.at("retour").x0 > r.buttons.at("valider").x1);
    CHECK(r.buttons.at("choix:a").x0 > r.buttons.at("choix:b").x1);
    CHECK(r.buttons.at("choix:a").y0 < r.buttons.at("choix:c").y0);
    CHECK(r.buttons.at("choix:c").x0 > r.buttons.at("choix:d").x1);
    // The same screen in French reads from the left.
    View fr = question("fr");
    draw(*platform, fr);
    DrawResult l = draw(*platform, fr);
    INFO(problems(l));
    CHECK(l.problems.empty());
    CHECK(l.buttons.at("retour").x1 < l.buttons.at("valider").x0);
    CHECK(l.buttons.at("choix:a").x1 < l.buttons.at("choix:b").x0);
}

TEST_CASE("the layout check catches a mirrored element out of place, in each direction", "[kiosk][rtl]") {
    auto platform = open_platform();
    const std::vector<std::string> nav = {"retour", "valider", "langue:fr", "langue:en", "langue:ar"}, choices = {"choix:a", "choix:b", "choix:c", "choix:d"};
    for (const char* lang : {"fr", "en", "ar"}) {
        View v = question(lang);
        draw(*platform, v);
        DrawResult r = draw(*platform, v);
        INFO(lang << ": " << problems(r));
        CHECK(reading_order_problems(nav, r, v.rtl).empty());
        CHECK(reading_order_problems(choices, r, v.rtl).empty());
        // The same drawing read in the other direction: every neighbour is out of place.
        CHECK(reading_order_problems(nav, r, !v.rtl).size() == nav.size() - 1);
        auto swapped = reading_order_problems(choices, r, !v.rtl);
        CHECK(swapped.size() == 2);  // a|b and c|d share a row; b then c do not
        if (!swapped.empty()) CHECK(swapped.front().find("choix:b") != std::string::npos);
    }
}

TEST_CASE("the layout check catches a cut label in each language", "[kiosk][rtl]") {
    auto platform = open_platform();
    for (const char* lang : {"fr", "en", "ar"}) {
        View v = question(lang);
        v.choices.clear();
        v.keypad = Keypad::Integer;
        v.keys = keypad_keys(Keypad::Integer);
        const bool ar = v.rtl;
        v.keys[0].label = ar ? "هذا الزر يحمل نصا طويلا جدا لا يتسع له" : "Une touche au libellé bien trop long";
        draw(*platform, v);
        DrawResult r = draw(*platform, v);
        INFO(lang << ": " << problems(r));
        CHECK(has_problem(r, "libellé coupé : « " + v.keys[0].label + " »"));
        v.keys = keypad_keys(Keypad::Integer);
        draw(*platform, v);
        r = draw(*platform, v);
        INFO(problems(r));
        CHECK(!has_problem(r, "libellé coupé"));
    }
}

TEST_CASE("the layout check catches a character missing from the font in each language", "[kiosk][rtl]") {
    auto platform = open_platform();
    for (const char* lang : {"fr", "en", "ar"}) {
        View v = question(lang);
        draw(*platform, v);
        DrawResult clean = draw(*platform, v);
        INFO(lang << ": " << problems(clean));
        CHECK(!has_problem(clean, "absent de la police"));
        // U+0F40, a Tibetan letter: in neither DejaVu Sans nor Amiri (on a machine that has a Tibetan
        // font, fontconfig would take it from there: still not a font the appliance has).
        v.help += " \u0F40";
        draw(*platform, v);
        DrawResult r = draw(*platform, v);
        INFO(problems(r));
        CHECK(has_problem(r, "caractère U+0F40 absent de la police"));
    }
}

TEST_CASE("every text of every catalogue has its glyphs in the font that draws it", "[kiosk][rtl][catalogue]") {
    // The French msgids and the English and Arabic msgstrs (a PO file's strings, continuation lines
    // joined), each drawn as a title on a screen of its language.
    auto platform = open_platform();
    for (const char* lang : {"fr", "en", "ar"}) {
        std::ifstream in(fmt::format("{}/assets/locale/{}/borne.po", BORNE_SOURCE_DIR, std::string(lang) == "fr" ? "en" : lang));
        REQUIRE(in);
        const std::string wanted = std::string(lang) == "fr" ? "msgid" : "msgstr";
        std::vector<std::string> texts;
        std::string line, *current = nullptr;
        auto unquote = [](const std::string& s) {
            std::string out;
            auto a = s.find('"'), z = s.rfind('"');
            for (auto k = a + 1; k < z; ++k) {
                if (s[k] == '\\' && k + 1 < z) {
                    ++k;
                    out += s[k] == 'n' ? '\n' : s[k];
                } else {
                    out += s[k];
                }
            }
            return out;
        };
        while (std::getline(in, line)) {
            if (line.rfind(wanted + " ", 0) == 0 || line.rfind(wanted + "[", 0) == 0) current = &texts.emplace_back(unquote(line));
            else if (!line.empty() && line[0] == '"' && current) *current += unquote(line);
            else current = nullptr;
        }
        CHECK(texts.size() > 100);
        std::size_t checked = 0;
        for (const auto& t : texts) {
            if (t.empty()) continue;
            View v;
            v.lang = lang;
            v.rtl = std::string(lang) == "ar";
            v.title = t;
            DrawResult r = draw(*platform, v);
            INFO(lang << ": « " << t << " »: " << problems(r));
            CHECK(!has_problem(r, "absent de la police"));
            ++checked;
        }
        CHECK(checked > 100);
    }
}

TEST_CASE("Monkey on screen: random taps through the drawn screens in Arabic and in English", "[kiosk][rtl][monkey]") {
    for (const char* lang : {"ar", "en"}) {
        auto platform = open_platform();
        Config config;
        config.month = engine::Date::from_ymd(2026, 11, 1);
        config.languages = test::shipped_languages();
        Flow flow(test::bundled_rules(), &test::communes(), config);
        auto now = Clock::now();
        flow.tap(std::string("langue:") + lang, now);
        REQUIRE(flow.view().lang == lang);
        std::mt19937 random(20261207);
        std::set<std::string> screens;
        for (int step = 0; step < 400; ++step) {
            if (flow.view().lang != lang) flow.tap(std::string("langue:") + lang, now);
            DrawResult r = draw_frame(*platform, flow, "");
            screens.insert(std::string(screen_name(flow.view().screen)));
            INFO(lang << " step " << step << " on " << screen_name(flow.view().screen) << ": " << problems(r));
            CHECK(!has_problem(r, "absent de la police"));
            CHECK(!has_problem(r, "n'est pas à"));
            REQUIRE(flow.invariant_violation().empty());
            std::vector<std::string> shown;
            for (const auto& [id, b] : r.buttons)
                if (!b.hidden && id.rfind("langue:", 0) != 0) shown.push_back(id);
            if (shown.empty()) continue;
            // On a keypad, random keys rarely make a valid entry: one time in three a plausible one.
            const View& v = flow.view();
            const char* plausible = v.keypad == Keypad::Date ? "15061980" : v.keypad == Keypad::PostalCode ? "01400"
                                    : v.keypad == Keypad::Integer ? "2" : v.keypad == Keypad::Amount ? "650" : nullptr;
            if (plausible && random() % 3 == 0) {
                for (std::size_t n = v.entry_length; n > 0; --n) flow.tap("key:effacer", now);
                for (const char* c = plausible; *c; ++c) flow.tap(std::string("key:") + *c, now);
                flow.tap("valider", now += std::chrono::seconds(2));
                continue;
            }
            // Forward more often than back, as in the flow's own monkey test.
            std::string id = shown[random() % shown.size()];
            if ((id == "retour" || id == "terminer") && random() % 4 != 0) id = shown[random() % shown.size()];
            flow.tap(id, now += std::chrono::seconds(2));
        }
        INFO(lang);
        CHECK(screens.size() >= 5);  // welcome, life events, questions, recap, results at least
    }
}
