// What the tests read of a slip's PDF, as one line: pdftotext breaks its lines where the layout did, and the slip
// writes French no-break spaces (before « : », in amounts) where the ticket's own texts have plain ones. Shared by
// the printing tests and the kiosk's, so that both accept the same text.
#pragma once

#include <string>

namespace borne::test {

/// `text` (pdftotext's) with every line break, no-break space (U+00A0) and narrow one (U+202F) as a plain space,
/// and each run of spaces as one.
inline std::string on_one_line(const std::string& text) {
    std::string out;
    for (std::size_t k = 0; k < text.size();) {
        std::size_t space = text.compare(k, 2, "\u00A0") == 0 ? 2 : text.compare(k, 3, "\u202F") == 0 ? 3 : text[k] == '\n' || text[k] == ' ' ? 1 : 0;
        if (!space) out += text[k];
        else if (!out.empty() && out.back() != ' ') out += ' ';
        k += space ? space : 1;
    }
    return out;
}

}  // namespace borne::test
