// A household played through the kiosk's screens, in-process and without a window: the PersonaPlayer
// taps what the household would, from the welcome to the results. What `borne bench --questions`
// counts (the screens a visitor answers) and what the tests compare (the results the kiosk reaches
// against the results of the complete situation) come from this one play.
#pragma once

#include "borne/kiosk/flow.hpp"

#include <memory>
#include <string>
#include <vector>

namespace borne::kiosk {

struct PlayedVisit {
    bool reached_results = false;
    std::string problem;               // when the results were not reached: why (the player's words)
    /// The screens where the visitor answers: each question and communes screen shown, and any other
    /// screen of the questionnaire (a screen that takes several answers counts once).
    int answer_screens = 0;
    /// Those screens in the order shown, each named by what it asks: « personne.handicap (personne 2) »,
    /// « foyer.qui_handicap », « personne.quels_revenus (personne 1) », « communes » (borne bench --questions --list).
    std::vector<std::string> screens;
    int taps = 0;
    std::vector<std::string> dont_know;  // what the player said each time it touched « Je ne sais pas » for a missing answer
    engine::Situation situation;       // the answers the kiosk holds at the end
};

/// Plays `household` through a new Flow on `rules` (its month, French) until the results, or until the
/// player is stuck. `communes` as the kiosk has it (may be null: the postal code is then the INSEE code).
PlayedVisit play_visit(std::shared_ptr<const engine::RuleSet> rules, const engine::CommuneDirectory* communes,
                       const engine::Situation& household);

/// True for the screens of the questionnaire itself, where a visitor answers: everything between the
/// life event and the recap. Defined by what it is not, so that a new kind of question screen counts.
bool answer_screen(Screen screen);

}  // namespace borne::kiosk
