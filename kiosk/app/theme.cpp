#include "theme.hpp"

#include <algorithm>
#include <cmath>

namespace borne::kiosk {

const Theme& standard_theme() {
    // The kiosk's colours as they were (dark text on a warm white, pale blue buttons, a green main
    // button), with a border on every button: the pale fill alone (1.1:1 against the screen) did not
    // show where a button is.
    static const Theme t{
        .name = "standard",
        .background = {247, 247, 242},
        .text = {20, 20, 31},
        .muted = {77, 77, 92},
        .warning = {158, 64, 0},
        .button = {219, 230, 247},
        .button_pressed = {158, 184, 235},
        .button_text = {20, 20, 31},
        .button_border = {74, 98, 150},
        .primary = {26, 107, 56},
        .primary_pressed = {13, 77, 38},
        .primary_text = {255, 255, 255},
        .progress_track = {200, 205, 215},
        .progress_fill = {26, 107, 56},
        .entry_background = {255, 255, 255},
        .entry_border = {60, 60, 90},
        // The thumb in the buttons' edge colour on the progress bar's track: ImGui's own light grey on near
        // white (about 1.9:1) did not show where the list can be moved.
        .scrollbar_track = {200, 205, 215},
        .scrollbar_thumb = {74, 98, 150},
        .border = 2,
    };
    return t;
}

const Theme& high_contrast_theme() {
    // Black on white and nothing in between: no grey text, thick black edges, the main button black
    // with white text. Light buttons keep the pictograms (drawn for a light ground) visible.
    static const Theme t{
        .name = "contraste",
        .background = {255, 255, 255},
        .text = {0, 0, 0},
        .muted = {0, 0, 0},
        .warning = {128, 32, 0},
        .button = {255, 255, 255},
        .button_pressed = {255, 230, 0},
        .button_text = {0, 0, 0},
        .button_border = {0, 0, 0},
        .primary = {0, 0, 0},
        .primary_pressed = {60, 60, 60},
        .primary_text = {255, 255, 255},
        .progress_track = {255, 255, 255},
        .progress_fill = {0, 0, 0},
        .entry_background = {255, 255, 255},
        .entry_border = {0, 0, 0},
        .scrollbar_track = {255, 255, 255},
        .scrollbar_thumb = {0, 0, 0},
        .border = 4,
    };
    return t;
}

const Theme& theme_for(bool high_contrast) { return high_contrast ? high_contrast_theme() : standard_theme(); }

std::vector<ColourPair> colour_pairs(const Theme& t) {
    return {
        {"texte sur le fond", t.text, t.background, true},
        {"texte discret sur le fond", t.muted, t.background, true},
        {"avertissement sur le fond", t.warning, t.background, true},
        {"libellé d'un bouton", t.button_text, t.button, true},
        {"libellé d'un bouton enfoncé", t.button_text, t.button_pressed, true},
        {"libellé du bouton principal", t.primary_text, t.primary, true},
        {"libellé du bouton principal enfoncé", t.primary_text, t.primary_pressed, true},
        {"saisie du pavé", t.text, t.entry_background, true},
        {"bord d'un bouton sur le fond", t.button_border, t.background, false},
        {"bord d'un bouton sur son fond", t.button_border, t.button, false},
        {"bouton principal sur le fond", t.primary, t.background, false},
        {"bord de la saisie sur le fond", t.entry_border, t.background, false},
        {"progression sur sa piste", t.progress_fill, t.progress_track, false},
        {"progression sur le fond", t.progress_fill, t.background, false},
        {"curseur de défilement sur sa barre", t.scrollbar_thumb, t.scrollbar_track, false},
        {"curseur de défilement sur le fond", t.scrollbar_thumb, t.background, false},
    };
}

namespace {

double luminance(Colour c) {
    auto channel = [](std::uint8_t v) {
        double s = v / 255.0;
        return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

}  // namespace

double contrast_ratio(Colour a, Colour b) {
    double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace borne::kiosk
