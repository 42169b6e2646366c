// Contrast of the screens' colours, in each theme (WCAG 2.1 1.4.3 and 1.4.11, EN 301 549 9.1.4.3 and
// 9.1.4.11): text at least 4.5:1 against what it is drawn on, a control's edge at least 3:1. The pairs
// are the theme data screens.cpp draws with (kiosk/app/theme.cpp: screens.cpp uses no other colour for
// text, buttons, the entry box or the progress bar), so one theme's figures hold for every screen drawn
// in it; the goldens of each theme are then checked to be drawn on that theme's ground, which ties each
// golden screen (tests/kiosk/goldens/<size>[-mode]) to the theme measured here.
#include "../../kiosk/app/theme.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <png.h>
#include <vector>

using namespace borne::kiosk;
namespace fs = std::filesystem;

TEST_CASE("the contrast ratio is WCAG's", "[kiosk][contrast]") {
    CHECK(contrast_ratio({0, 0, 0}, {255, 255, 255}) == Approx(21.0));
    CHECK(contrast_ratio({255, 255, 255}, {255, 255, 255}) == Approx(1.0));
    // WebAIM's checker gives 4.54:1 for #767676 on white, the lightest grey that passes for text.
    CHECK(contrast_ratio({0x76, 0x76, 0x76}, {255, 255, 255}) == Approx(4.54).margin(0.01));
    CHECK(contrast_ratio({0x77, 0x77, 0x77}, {255, 255, 255}) < 4.5);
}

TEST_CASE("every text and control colour pair of each theme has the contrast asked", "[kiosk][contrast]") {
    for (const Theme* theme : {&standard_theme(), &high_contrast_theme()}) {
        for (const auto& pair : colour_pairs(*theme)) {
            double ratio = contrast_ratio(pair.foreground, pair.background);
            double needed = pair.text ? 4.5 : 3.0;
            INFO(fmt::format("{} : {} : {:.2f}:1 (au moins {:.1f}:1)", theme->name, pair.what, ratio, needed));
            CHECK(ratio >= needed);
            std::printf("contraste %-10s %-40s %5.2f:1\n", theme->name.c_str(), pair.what.c_str(), ratio);
        }
    }
    // The high-contrast theme is the stronger one for every pair.
    auto standard = colour_pairs(standard_theme()), high = colour_pairs(high_contrast_theme());
    REQUIRE(standard.size() == high.size());
    for (std::size_t k = 0; k < standard.size(); ++k) {
        if (!standard[k].text) continue;
        INFO(standard[k].what);
        CHECK(contrast_ratio(high[k].foreground, high[k].background) >= 7.0);  // WCAG's AAA for text
    }
}

namespace {

/// The share of a PNG's pixels that have the colour `c`.
double share(const fs::path& file, Colour c) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    REQUIRE(png_image_begin_read_from_file(&image, file.c_str()));
    image.format = PNG_FORMAT_RGB;
    std::vector<unsigned char> rgb(PNG_IMAGE_SIZE(image));
    REQUIRE(png_image_finish_read(&image, nullptr, rgb.data(), 0, nullptr));
    long same = 0;
    for (std::size_t k = 0; k + 2 < rgb.size(); k += 3) same += rgb[k] == c.r && rgb[k + 1] == c.g && rgb[k + 2] == c.b;
    return 3.0 * static_cast<double>(same) / static_cast<double>(rgb.size());
}

}  // namespace

TEST_CASE("each golden screen is drawn on the ground of the theme it was measured in", "[kiosk][contrast]") {
    // Every golden, in every language's folder too (goldens/ar/1024x768-contraste/, goldens/en/1920x1080-grand_texte/):
    // the theme is the one its folder names.
    int checked = 0, high_checked = 0;
    for (const auto& png : fs::recursive_directory_iterator(fs::path(BORNE_SOURCE_DIR) / "tests/kiosk/goldens")) {
        if (png.path().extension() != ".png") continue;
        const bool high = png.path().parent_path().filename().string().find("contraste") != std::string::npos;
        const Colour c = theme_for(high).background;
        INFO(png.path().string());
        // A screen full of choices is mostly buttons: its ground still shows around and between them.
        CHECK(share(png.path(), c) > 0.15);
        ++checked;
        high_checked += high;
    }
    CHECK(checked > 100);
    CHECK(high_checked > 15);
}
