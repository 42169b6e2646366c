#include "borne/engine/typography.hpp"

namespace borne::engine {

namespace {

constexpr std::string_view nbsp = "\u00A0";         // before « : », inside « », before €
constexpr std::string_view narrow_nbsp = "\u202F";  // before « ; ! ? », between groups of digits
constexpr std::string_view apostrophe = "\u2019";

bool is_digit(char c) { return c >= '0' && c <= '9'; }
// A byte of a letter: ASCII letters, and any byte of a UTF-8 sequence (é, à, ç… are letters here;
// the other non-ASCII characters of French texts never stand next to an apostrophe).
bool is_letter_byte(char c) {
    auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
}

}  // namespace

std::string french_typography(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 16);
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '\'' && i > 0 && i + 1 < s.size() && is_letter_byte(s[i - 1]) && is_letter_byte(s[i + 1])) {
            out += apostrophe;
            continue;
        }
        if (c == ' ' && i + 1 < s.size()) {
            std::string_view rest = s.substr(i + 1);
            char next = s[i + 1];
            bool between_digits = i > 0 && is_digit(s[i - 1]) && is_digit(next);
            if (next == ':' || rest.starts_with("€") || rest.starts_with("»") || s.substr(0, i).ends_with("«")) {
                out += nbsp;
                continue;
            }
            if (next == ';' || next == '!' || next == '?' || between_digits) {
                out += narrow_nbsp;
                continue;
            }
        }
        out += c;
    }
    return out;
}

}  // namespace borne::engine
