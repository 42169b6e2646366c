// What `borne ticket` and `borne print` share: the slip of a situation file, with the site's options.
#pragma once

#include "cli_common.hpp"

#include "borne/printing/ticket.hpp"

#include <optional>

namespace borne::cli {

/// Options: --lang CODE (the visitor's language: a bilingual slip), --site NOM, --code CODE (resume code), --rendez-vous TEXTE, --printed-at "AAAA-MM-JJ HH:MM",
/// --month, --rules. Reports problems on stderr; nothing when the input is bad (exit 2) or the rules
/// refused (`rules_failed` set, exit 1).
/// `language`, when given, stands for --lang.
std::optional<printing::Ticket> ticket_from_args(const Args& args, const std::string& situation_path, bool& rules_failed, std::string_view language = {});

}  // namespace borne::cli
