// What a visit leaves for the statistics when it ends: how long, how far, what was found. No answer is
// copied here; the categories (age band, household shape…) are computed by the storage from the answers.
#include "flow_state.hpp"

#include "borne/engine/summary.hpp"

namespace borne::kiosk {

bool Flow::visit_open() const { return m_impl->started != Clock::time_point{}; }

VisitEnd visit_end(const Flow::Impl& I, const engine::Situation& situation, const engine::RuleSet& rules, Clock::time_point now) {
    VisitEnd v;
    v.duration = std::chrono::duration_cast<std::chrono::seconds>(now - I.started);
    v.life_event = I.life_event;
    v.questions_answered = static_cast<int>(I.history.size());
    v.completed = I.reached_results;
    v.slip_printed = I.last_print && I.last_print->printed;
    if (!v.completed) {
        v.left_at = std::string(screen_name(I.screen));
        if (I.screen == Screen::Question && I.question.first >= 0) v.left_at = "question:" + rules.inputs[static_cast<std::size_t>(I.question.first)].id;
        if (I.screen == Screen::Group) v.left_at = "question:" + rules.groups[static_cast<std::size_t>(group_of(I.question))].id;
        return v;
    }
    engine::Evaluation e(rules, situation);
    auto results = e.all_aids();
    for (const engine::AidResult* r : engine::summarize(rules, results).obtained) v.aids_found.push_back(rules.aids[static_cast<std::size_t>(r->aid)].id);
    return v;
}

}  // namespace borne::kiosk
