#include "borne/kiosk/visit_play.hpp"

#include "borne/kiosk/persona.hpp"

#include <algorithm>
#include <tuple>

namespace borne::kiosk {

bool answer_screen(Screen screen) {
    switch (screen) {
        // The journey's frame, and the screens after the results: nothing asked of the household there.
        case Screen::Welcome:
        case Screen::LifeEvent:
        case Screen::Recap:
        case Screen::Results:
        case Screen::AidDetail:
        case Screen::NotObtained:
        case Screen::Slip:
        case Screen::AgentPin:
        case Screen::Agent:
        case Screen::UsbUpdate:
        case Screen::Saved:
        case Screen::ResumeCode:
        case Screen::Booking:
        case Screen::Report: return false;
        default: return true;
    }
}

namespace {

/// What tells one screen from the next: its kind, the question it asks and its title (a keypad key or a
/// toggle changes none of them; « Valider » or an answer button moves to another question).
using ScreenIdentity = std::tuple<Screen, std::optional<std::pair<int, int>>, std::string>;

ScreenIdentity identity(const Flow& flow) { return {flow.view().screen, flow.current_question(), flow.view().title}; }

std::string person_suffix(int person) { return person >= 0 ? " (personne " + std::to_string(person + 1) + ")" : std::string(); }

/// The screen shown, named by the question it asks (its rules id, and the person it is about).
std::string screen_label(const Flow& flow) {
    const engine::RuleSet& rules = flow.rules();
    if (auto q = flow.current_question()) {
        const engine::Input& in = rules.inputs[static_cast<std::size_t>(q->first)];
        return in.id + (in.entity == engine::Entity::Person ? person_suffix(q->second) : std::string());
    }
    if (auto g = flow.current_group()) {
        const engine::QuestionGroup& group = rules.groups[static_cast<std::size_t>(g->first)];
        return group.id + (group.kind == engine::GroupKind::Which ? person_suffix(g->second) : std::string());
    }
    return std::string(screen_name(flow.view().screen));
}

}  // namespace

PlayedVisit play_visit(std::shared_ptr<const engine::RuleSet> rules, const engine::CommuneDirectory* communes,
                       const engine::Situation& household) {
    Config config;
    config.month = household.month;
    Flow flow(std::move(rules), communes, config);
    PersonaPlayer player(household, communes);
    PlayedVisit out;
    // Time only moves forward by the visitor's taps, never enough for the idle warning.
    auto now = Clock::time_point{} + std::chrono::hours(1000);
    std::optional<ScreenIdentity> shown;
    for (int step = 0; step < 5000; ++step) {
        if (ScreenIdentity here = identity(flow); here != shown) {
            if (answer_screen(flow.view().screen)) {
                ++out.answer_screens;
                out.screens.push_back(screen_label(flow));
            }
            shown = here;
        }
        auto next = player.next(flow);
        if (next.step == PersonaPlayer::Step::Stuck) {
            out.problem = next.problem;
            break;
        }
        if (next.step == PersonaPlayer::Step::Done) {
            out.reached_results = true;
            break;
        }
        if (!player.note().empty()) out.dont_know.push_back(player.note());
        flow.tap(next.tap, now);
        ++out.taps;
    }
    if (!out.reached_results && out.problem.empty()) out.problem = "la personne n'arrive pas aux résultats";
    out.situation = flow.situation();
    return out;
}

}  // namespace borne::kiosk
