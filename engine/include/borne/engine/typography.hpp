// French typography for the texts people read (the kiosk's screens, the slip): the rules' files are
// typed with a keyboard's plain spaces and straight apostrophes.
#pragma once

#include <string>
#include <string_view>

namespace borne::engine {

/// No-break spaces before « : », inside « », before € (U+00A0); narrow no-break spaces before « ; ! ? »
/// and between groups of digits (U+202F), so that a line never breaks at the wrong place; the
/// typographic apostrophe (’) for a straight one between letters (« l'ALS », « jusqu'à »). Idempotent.
std::string french_typography(std::string_view text);

}  // namespace borne::engine
