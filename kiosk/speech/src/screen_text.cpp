#include "borne/speech/screen_text.hpp"

#include <algorithm>

namespace borne::speech {

namespace {

void add(std::vector<std::string>& out, const std::string& text) {
    if (!text.empty()) out.push_back(text);
}

/// The keypad's entry as typed: the mask's blanks (« 17/10/19__ ») are places still empty.
std::string typed(const kiosk::View& v) {
    if (v.entry_length == 0 || v.keypad == kiosk::Keypad::Pin) return {};
    std::string out;
    for (char c : v.entry)
        if (c != '_') out += c;
    while (!out.empty() && (out.back() == ' ' || out.back() == '/')) out.pop_back();
    if (!out.empty() && !v.entry_unit.empty()) out += " " + v.entry_unit;
    return out;
}

bool ends_with_pause(const std::string& text) {
    std::size_t end = text.find_last_not_of(" \t\n");
    if (end == std::string::npos) return true;
    return std::string_view(".?!:;,").find(text[end]) != std::string_view::npos;
}

}  // namespace

std::vector<std::string> screen_texts(const kiosk::View& v) {
    std::vector<std::string> out;
    // The idle warning covers the screen (and hides its answers from the next person in the hall):
    // only its own words are read.
    if (v.idle_warning) {
        add(out, v.idle_title);
        add(out, v.idle_text);
        add(out, v.idle_button.label);
        return out;
    }
    add(out, v.title);
    add(out, v.help);
    add(out, v.error);
    for (std::size_t k = 0; k < v.choices.size(); ++k) {
        // A « Qui ? » grid: each row's heading before its persons (« Un handicap reconnu », « Moi, coché »).
        for (const auto& r : v.choice_rows)
            if (r.first == k) add(out, r.heading);
        add(out, v.choices[k].spoken.empty() ? v.choices[k].label : v.choices[k].spoken);
    }
    add(out, v.spoken_status);
    add(out, typed(v));
    // An amount typed per week or per year: the period chosen, and what the kiosk makes of it.
    for (const auto& p : v.periods)
        if (p.primary && v.entry_length > 0) add(out, p.label);
    add(out, v.entry_note);
    for (const auto& l : v.lines) {
        add(out, l.text);
        add(out, l.detail);
    }
    return out;
}

std::optional<std::vector<std::string>> button_texts(const kiosk::View& v, std::string_view id) {
    if (id.empty()) return std::nullopt;
    for (const auto* buttons : {&v.choices, &v.periods, &v.nav, &v.languages, &v.volume, &v.modes})
        for (const auto& b : *buttons)
            if (b.id == id) return std::vector<std::string>{b.spoken.empty() ? b.label : b.spoken};
    if (!v.listen.id.empty() && v.listen.id == id) return std::vector<std::string>{v.listen.label};
    if (v.idle_warning && v.idle_button.id == id) return std::vector<std::string>{v.idle_button.label};
    for (const auto& l : v.lines)
        if (l.button == id) {
            std::vector<std::string> out{l.button_label};
            add(out, l.text);
            return out;
        }
    if (v.keypad != kiosk::Keypad::None)
        for (const auto& k : v.keys.empty() ? kiosk::keypad_keys(v.keypad) : v.keys)
            if (!k.id.empty() && k.id == id) return std::vector<std::string>{k.label};
    return std::nullopt;
}

std::string as_utterance(const std::vector<std::string>& texts) {
    std::string out;
    for (const auto& t : texts) {
        if (t.empty()) continue;
        if (!out.empty()) out += ' ';
        out += t;
        if (!ends_with_pause(t)) out += '.';
    }
    return out;
}

std::string spoken_utterance(const std::vector<std::string>& texts, const Normaliser* normaliser) {
    if (!normaliser) return as_utterance(texts);
    std::vector<std::string> said;
    for (const auto& t : texts) said.push_back(normaliser->spoken(t));
    return as_utterance(said);
}

}  // namespace borne::speech
