// What a kiosk screen says: the texts of a View in the order a sighted visitor reads them, and the
// label of each button for the audio mode's « first touch reads, second touch presses ». Only texts
// the View already holds (the catalogues' words): nothing here writes a sentence.
#pragma once

#include "borne/kiosk/flow.hpp"
#include "borne/speech/normaliser.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace borne::speech {

/// The screen's texts in reading order: the title (the question), its help line, why an entry was
/// refused, each answer (a toggle with its state), how many are ticked, what the keypad has typed with its unit (never a PIN), then each line with
/// its amount (recap, results, explanations). The header (site, chapter, progress) and the navigation
/// buttons are left out: they are heard by touching them. Under the idle warning, only its own words.
std::vector<std::string> screen_texts(const kiosk::View& view);

/// What touching the button `id` reads: its label; a line's button with its line (« Pourquoi ce
/// montant ? », then the aid it is about). Nothing for an id the screen does not show.
std::optional<std::vector<std::string>> button_texts(const kiosk::View& view, std::string_view id);

/// Texts as one utterance, with a pause after each: a full stop where a text has no closing
/// punctuation of its own.
std::string as_utterance(const std::vector<std::string>& texts);

/// What the synthesiser is given: each text normalised (when the language has a normaliser), then
/// one utterance.
std::string spoken_utterance(const std::vector<std::string>& texts, const Normaliser* normaliser);

}  // namespace borne::speech
