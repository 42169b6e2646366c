// The screens' colours as data: the usual theme and the high-contrast one the visitor may choose on the
// welcome screen (View::access). screens.cpp draws with nothing else, and the contrast test
// (tests/kiosk/contrast_test.cpp) measures every pair listed by colour_pairs(): text against what it
// is drawn on (WCAG 2.1 1.4.3: at least 4.5:1), a control's edge against the screen (1.4.11: 3:1).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace borne::kiosk {

struct Colour {
    std::uint8_t r = 0, g = 0, b = 0;  // sRGB
};

struct Theme {
    std::string name;        // "standard", "contraste"
    Colour background;       // the screen (and the idle warning over it)
    Colour text, muted, warning;
    Colour button, button_pressed, button_text, button_border;
    Colour primary, primary_pressed, primary_text;  // the main button of a screen, and a mode that is on
    Colour progress_track, progress_fill;
    Colour entry_background, entry_border;          // the keypad's entry box
    Colour scrollbar_track, scrollbar_thumb;        // a list that scrolls: its finger-wide bar and the part that moves
    float border = 2;        // a button's border, in pixels at 1080p
};

const Theme& standard_theme();
const Theme& high_contrast_theme();
const Theme& theme_for(bool high_contrast);

/// Two colours the screens draw one on the other.
struct ColourPair {
    std::string what;  // "texte discret sur le fond"
    Colour foreground, background;
    bool text = true;  // text (4.5:1) or a control's edge or state (3:1)
};
/// Every such pair of `theme`, as screens.cpp uses them.
std::vector<ColourPair> colour_pairs(const Theme& theme);

/// WCAG 2.1's contrast ratio (1 to 21) of two sRGB colours.
double contrast_ratio(Colour a, Colour b);

}  // namespace borne::kiosk
