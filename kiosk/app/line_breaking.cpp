#include "line_breaking.hpp"

#include <cfloat>

namespace borne::kiosk {

namespace {

float width_of(const ImFont* font, std::string_view s) {
    // CalcTextSizeA is not const in 1.86, though it changes nothing.
    return const_cast<ImFont*>(font)->CalcTextSizeA(font->FontSize, FLT_MAX, 0, s.data(), s.data() + s.size()).x;
}

std::size_t utf8_length(unsigned char lead) { return lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1; }

/// The bytes of `word` that fit `width`: up to the last « / . - » that fits, else as many whole
/// characters as fit (at least one, so that every call makes progress).
std::size_t fitting_prefix(const ImFont* font, std::string_view word, float width) {
    std::size_t fits = 0, after_mark = 0;
    for (std::size_t at = 0; at < word.size();) {
        std::size_t next = std::min(word.size(), at + utf8_length(static_cast<unsigned char>(word[at])));
        if (width_of(font, word.substr(0, next)) > width) break;
        fits = next;
        if (word[at] == '/' || word[at] == '.' || word[at] == '-') after_mark = next;
        at = next;
    }
    if (after_mark > 0) return after_mark;
    return fits > 0 ? fits : std::min(word.size(), utf8_length(static_cast<unsigned char>(word[0])));
}

}  // namespace

std::string break_lines(const ImFont* font, std::string_view text, float width) {
    std::string out;
    out.reserve(text.size() + 8);
    const float space = width_of(font, " ");
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = std::min(text.find('\n', start), text.size());
        std::string_view paragraph = text.substr(start, end - start);
        float x = 0;
        bool line_empty = true;
        for (std::size_t w = 0; w <= paragraph.size();) {
            std::size_t w_end = std::min(paragraph.find(' ', w), paragraph.size());
            std::string_view word = paragraph.substr(w, w_end - w);
            float word_w = width_of(font, word);
            if (!line_empty && x + space + word_w > width) {
                out += '\n';
                x = 0;
                line_empty = true;
            }
            while (line_empty && word_w > width && word.size() > 1) {
                std::size_t cut = fitting_prefix(font, word, width);
                if (cut >= word.size()) break;
                out.append(word.substr(0, cut));
                out += '\n';
                word.remove_prefix(cut);
                word_w = width_of(font, word);
            }
            if (!line_empty) {
                out += ' ';
                x += space;
            }
            out.append(word);
            x += word_w;
            line_empty = false;
            w = w_end + 1;
        }
        if (end >= text.size()) break;
        out += '\n';
        start = end + 1;
    }
    return out;
}

}  // namespace borne::kiosk
