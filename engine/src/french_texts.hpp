// The French words the formatter itself needs (units, persons, the engine's own sentences), by id:
// one table, the data a catalogue of another language translates. Not the rules' texts (questions,
// explanations, reasons: they are in rules/) nor the kiosk's (its screens).
#pragma once

#include "borne/engine/formatter.hpp"

#include <string_view>

namespace borne::engine {

/// The entry of `id`, or null when the table has none.
const EngineText* french_text(std::string_view id);

}  // namespace borne::engine
