#include "borne/engine/next_question.hpp"

#include "borne/engine/formatter.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fmt/format.h>

namespace borne::engine {

namespace {

/// The answers worth simulating for the lookahead: every choice, both yes and no, a few counts.
std::vector<Answer> probe_answers(const RuleSet& rules, const Input& in) {
    std::vector<Answer> out;
    Answer a;
    a.state = Answer::State::Given;
    switch (in.input_type) {
        case InputType::YesNo:
            for (bool b : {false, true}) {
                a.boolean = b;
                out.push_back(a);
            }
            break;
        case InputType::Choice:
            for (std::size_t k = 0; k < rules.enumerations[static_cast<std::size_t>(in.type.enumeration)].values.size(); ++k) {
                a.choice = static_cast<int>(k);
                out.push_back(a);
            }
            break;
        case InputType::Integer:
            for (int n : {0, 1, 2, 3}) {
                a.number = Decimal::from_int(n);
                out.push_back(a);
            }
            break;
        default: break;  // amounts, dates and texts are not probed: too many answers to be telling
    }
    return out;
}

int count_decided(const RuleSet& rules, const Situation& s, const std::vector<int>& aids, const Evaluation& base, int changed_input) {
    Evaluation e(rules, s);
    // The household's shape changes the persons: nothing can be reused then.
    if (changed_input != rules.input_in_couple && changed_input != rules.input_child_count) e.reuse_from(base, changed_input);
    int decided = 0;
    for (int aid : aids)
        if (e.aid_status(aid) != AidStatus::Undetermined) ++decided;
    return decided;
}

/// The missing answers of every undecided aid, scored by the weight of the aids waiting for them.
std::vector<RankedQuestion> collect_gaps(const RuleSet& rules, Evaluation& evaluation, const std::vector<int>& favoured_aids,
                                         std::vector<int>& undecided) {
    std::vector<RankedQuestion> ranked;
    for (std::size_t i = 0; i < rules.aids.size(); ++i) {
        // The status first: a decided aid's documents, notes and explanation are no gap, and building
        // them cost more than deciding it. An undecided aid has nothing to explain: aid() lists its missing answers.
        if (evaluation.aid_status(static_cast<int>(i)) != AidStatus::Undetermined) continue;
        AidResult r = evaluation.aid(static_cast<int>(i));
        undecided.push_back(static_cast<int>(i));
        double weight = rules.aids[i].priority;
        if (std::find(favoured_aids.begin(), favoured_aids.end(), static_cast<int>(i)) != favoured_aids.end()) weight *= 2;
        for (const Missing& m : r.missing) {
            if (m.asked) continue;
            auto it = std::find_if(ranked.begin(), ranked.end(), [&](const RankedQuestion& q) { return q.input == m.input && q.person == m.person; });
            if (it == ranked.end()) {
                ranked.push_back({m.input, m.person, -1, 0, 0, 0, {}});
                it = ranked.end() - 1;
            }
            it->score += weight * m.weight;
            it->aids_waiting += 1;
            it->aids.push_back(static_cast<int>(i));
        }
    }
    return ranked;
}

/// Best first: score per unit of the question's cost, then the rules' order, then persons in turn.
int cost_of(const RuleSet& rules, const RankedQuestion& q) {
    return q.group >= 0 ? rules.groups[static_cast<std::size_t>(q.group)].cost : rules.inputs[static_cast<std::size_t>(q.input)].cost;
}

int order_of(const RuleSet& rules, const RankedQuestion& q) {
    return q.group >= 0 ? rules.groups[static_cast<std::size_t>(q.group)].order : rules.inputs[static_cast<std::size_t>(q.input)].order;
}

void sort_by_worth(const RuleSet& rules, std::vector<RankedQuestion>& ranked) {
    for (RankedQuestion& q : ranked) q.score /= cost_of(rules, q);
    std::stable_sort(ranked.begin(), ranked.end(), [&](const RankedQuestion& a, const RankedQuestion& b) {
        if (a.score != b.score) return a.score > b.score;
        if (order_of(rules, a) != order_of(rules, b)) return order_of(rules, a) < order_of(rules, b);
        if (a.person != b.person) return a.person < b.person;
        if (a.group != b.group) return a.group < b.group;
        return a.input < b.input;
    });
}

/// Gathers the missing answers that a group screen settles into one candidate for that screen: worth
/// what they are worth together, asked once. « Qui ? » screens first: a « Lesquels ? » about a child
/// waits until the « Qui ? » on the children's incomes has said which child has any. A « Qui ? » with a
/// single person to show is not a group: that person's own question reads better.
void gather_groups(const RuleSet& rules, const Situation& situation, std::vector<RankedQuestion>& ranked) {
    for (GroupKind kind : {GroupKind::Who, GroupKind::Which}) {
        for (std::size_t g = 0; g < rules.groups.size(); ++g) {
            if (rules.groups[g].kind != kind) continue;
            const int group = static_cast<int>(g);
            std::vector<int> asked = kind == GroupKind::Who ? std::vector<int>{-1} : group_persons(rules, situation, group);
            for (int person : asked) {
                if (situation.group_answered(group, person)) continue;
                auto toggles = group_toggles(rules, situation, group, person);
                // (A grid with one person is not shown either: that person's « Lesquels ? » asks the same.)
                if (kind == GroupKind::Who && group_persons(rules, situation, group).size() < 2) continue;
                RankedQuestion gathered{-1, person, group, 0, 0, 0, {}};
                auto settled = [&](const RankedQuestion& q) {
                    if (q.group >= 0) return false;
                    for (const GroupToggle& t : toggles)
                        if (std::find(t.settles.begin(), t.settles.end(), std::pair{q.input, q.person}) != t.settles.end()) return true;
                    return false;
                };
                for (const RankedQuestion& q : ranked) {
                    if (!settled(q)) continue;
                    gathered.score += q.score;
                    gathered.aids_waiting += q.aids_waiting;
                    for (int aid : q.aids)
                        if (std::find(gathered.aids.begin(), gathered.aids.end(), aid) == gathered.aids.end()) gathered.aids.push_back(aid);
                }
                if (gathered.aids_waiting == 0) continue;  // nothing it settles is still wanted
                std::erase_if(ranked, settled);
                ranked.push_back(std::move(gathered));
            }
        }
    }
}

/// Whether `input` of `person` waits for its amount because its toggle was ticked on a group screen
/// already answered (the screen left it unanswered: a tick says « more than zero »).
bool ticked_on_a_screen(const RuleSet& rules, const Situation& situation, int input, int person) {
    if (situation.get(input, person).state != Answer::State::Absent) return false;
    for (std::size_t g = 0; g < rules.groups.size(); ++g) {
        const QuestionGroup& group = rules.groups[g];
        if (!situation.group_answered(static_cast<int>(g), group.kind == GroupKind::Who ? -1 : person)) continue;
        if (std::any_of(group.options.begin(), group.options.end(), [&](const GroupOption& o) { return o.input == input; })) return true;
    }
    return false;
}

/// What a visitor commonly answers, for playing the questionnaire ahead: no to a yes/no question (they
/// ask about the exceptional: a handicap, a pregnancy), the first choice, zero (one euro for an amount
/// ticked on a group screen), an adult of 40 or a child of 10 for a date; a text (the commune) is not guessed.
Answer typical_answer(const RuleSet& rules, const Situation& situation, int input, int person) {
    const Input& in = rules.inputs[static_cast<std::size_t>(input)];
    Answer a;
    a.state = Answer::State::Given;
    switch (in.input_type) {
        case InputType::YesNo: a.boolean = false; break;
        case InputType::Choice: a.choice = 0; break;
        case InputType::Integer:
        case InputType::Amount:
            a.number = in.minimum.value_or(Decimal::from_int(0));
            // A ticked income is above zero: played as zero, it would open the questions a real amount
            // closes (a person's activity follows from a salary alone).
            if (a.number <= Decimal{} && ticked_on_a_screen(rules, situation, input, person)) a.number = Decimal::from_int(1);
            break;
        case InputType::Date: a.date = situation.month.plus_years(person >= situation.first_child_index(rules) ? -10 : -40); break;
        case InputType::Text: a.state = Answer::State::DontKnow; break;
    }
    return a;
}

}  // namespace

std::vector<RankedQuestion> rank_questions(const RuleSet& rules, const Situation& situation, const std::vector<int>& favoured_aids) {
    Evaluation evaluation(rules, situation);
    std::vector<int> undecided;
    std::vector<RankedQuestion> ranked = collect_gaps(rules, evaluation, favoured_aids, undecided);
    gather_groups(rules, situation, ranked);
    // Lookahead on the most promising few: how many aids would each answer decide?
    std::stable_sort(ranked.begin(), ranked.end(), [](const RankedQuestion& a, const RankedQuestion& b) { return a.score > b.score; });
    // The lookahead costs one evaluation per answer tried: at most `probe_budget` of them, spent on the
    // candidates that already score best, keeps the choice well under 2 ms.
    constexpr std::size_t lookahead_width = 6;
    std::size_t probe_budget = 14;
    for (std::size_t k = 0; k < ranked.size() && k < lookahead_width; ++k) {
        RankedQuestion& q = ranked[k];
        if (q.group >= 0) {
            // A group screen: nobody ticked, then everybody (two evaluations, the answers of many inputs
            // changed at once: nothing reused).
            if (probe_budget < 2) continue;
            probe_budget -= 2;
            const std::size_t n = group_toggles(rules, situation, q.group, q.person).size();
            int total = 0;
            for (bool tick : {false, true}) {
                Situation s = situation;
                answer_group(rules, s, q.group, q.person, std::vector<bool>(n, tick));
                Evaluation e(rules, s);
                for (int aid : undecided)
                    if (e.aid_status(aid) != AidStatus::Undetermined) ++total;
            }
            q.decided_on_average = total / 2.0;
            q.score += 2.0 * q.decided_on_average;
            continue;
        }
        const Input& in = rules.inputs[static_cast<std::size_t>(q.input)];
        auto answers = probe_answers(rules, in);
        if (answers.empty() || answers.size() > probe_budget) continue;
        probe_budget -= answers.size();
        int total = 0;
        for (const Answer& a : answers) {
            Situation s = situation;
            s.set(rules, q.input, q.person, a);
            total += count_decided(rules, s, undecided, evaluation, q.input);
        }
        q.decided_on_average = static_cast<double>(total) / static_cast<double>(answers.size());
        q.score += 2.0 * q.decided_on_average;
    }
    sort_by_worth(rules, ranked);
    return ranked;
}

int estimate_remaining_questions(const RuleSet& rules, const Situation& situation, const std::vector<int>& favoured_aids) {
    // One evaluation per question played, without rank_questions' lookahead (fourteen more each): the
    // order differs a little, the count hardly. (Reusing the values the new answer cannot touch, as the
    // lookahead does, was measured: no faster here, where most answers reach most aids.)
    Situation played = situation;
    int count = 0;
    for (; count < max_questions_played; ++count) {
        Evaluation evaluation(rules, played);
        std::vector<int> undecided;
        std::vector<RankedQuestion> ranked = collect_gaps(rules, evaluation, favoured_aids, undecided);
        gather_groups(rules, played, ranked);
        if (ranked.empty()) break;
        sort_by_worth(rules, ranked);
        const RankedQuestion& next = ranked.front();
        // A group screen's typical answer is « Personne » / « Aucun » (the exceptional is what it asks about).
        if (next.group >= 0)
            answer_group(rules, played, next.group, next.person,
                         std::vector<bool>(group_toggles(rules, played, next.group, next.person).size(), false));
        else
            played.set(rules, next.input, next.person, typical_answer(rules, played, next.input, next.person));
    }
    return count;
}

bool some_answer_asks_more(const RuleSet& rules, const Situation& situation, int input, int person) {
    for (const Answer& answer : probe_answers(rules, rules.inputs[static_cast<std::size_t>(input)])) {
        Situation answered = situation;
        answered.set(rules, input, person, answer);
        Evaluation evaluation(rules, answered);
        std::vector<int> undecided;
        std::vector<RankedQuestion> gaps = collect_gaps(rules, evaluation, {}, undecided);
        gather_groups(rules, answered, gaps);
        if (!gaps.empty()) return true;
    }
    return false;
}

QuestionnairePlay play_questionnaire(const RuleSet& rules, const Situation& household, const std::vector<int>& favoured_aids) {
    QuestionnairePlay play;
    Situation s = Situation::empty(rules, household.month);
    for (int k = 0; k < max_questions_played; ++k) {
        auto ranked = rank_questions(rules, s, favoured_aids);
        if (ranked.empty()) {
            play.complete = true;
            break;
        }
        auto [input, person] = std::pair{ranked.front().input, ranked.front().person};
        if (const int group = ranked.front().group; group >= 0) {
            auto ticks = ticks_of(rules, household, s, group, person);
            if (!ticks) break;
            play.asked.push_back({-1, person, group, s});
            answer_group(rules, s, group, person, *ticks);
            continue;
        }
        const Answer& answer = household.get(input, person);
        if (answer.state == Answer::State::Absent) break;
        play.asked.push_back({input, person, -1, s});
        s.set(rules, input, person, answer);
    }
    return play;
}

EstimateAccuracy estimate_accuracy(const RuleSet& rules, const std::vector<Situation>& households) {
    EstimateAccuracy a;
    double within = 0;
    for (std::size_t h = 0; h < households.size(); ++h) {
        QuestionnairePlay play = play_questionnaire(rules, households[h]);
        if (play.complete) ++a.complete;
        else if (a.first_incomplete < 0) a.first_incomplete = static_cast<int>(h);
        const int total = static_cast<int>(play.asked.size());
        for (int k = 0; k < total; ++k) {
            const Situation& before = play.asked[static_cast<std::size_t>(k)].before;
            const int remaining = total - k;  // the question on screen included
            auto start = std::chrono::steady_clock::now();
            const int estimate = estimate_remaining_questions(rules, before);
            a.estimate_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
            const int former = static_cast<int>(rank_questions(rules, before).size());
            a.lowest_estimate = std::min(a.lowest_estimate, estimate);
            a.mean_error += std::abs(estimate - remaining);
            a.mean_relative_error += std::abs(estimate - remaining) / static_cast<double>(remaining);
            a.former_mean_error += std::abs(former - remaining);
            a.former_mean_relative_error += std::abs(former - remaining) / static_cast<double>(remaining);
            if (std::abs(estimate - remaining) <= 0.25 * remaining) ++within;
            ++a.questions;
        }
    }
    if (a.questions > 0) {
        const double n = a.questions;
        a.mean_error /= n, a.mean_relative_error /= n, a.former_mean_error /= n, a.former_mean_relative_error /= n, a.within_quarter = within / n;
    }
    return a;
}

namespace {

/// The persons of `among` that the group's `où` condition does not rule out.
std::vector<int> persons_among(const RuleSet& rules, const Situation& situation, const QuestionGroup& g, Collection among) {
    const int count = static_cast<int>(situation.persons.size());
    int first = 0, last = count;
    if (among == Collection::Adults) last = std::min(count, situation.first_child_index(rules));
    if (among == Collection::Children) first = situation.first_child_index(rules);
    std::vector<int> out;
    std::optional<Evaluation> e;
    for (int p = first; p < last; ++p) {
        if (g.among_rule >= 0) {
            if (!e) e.emplace(rules, situation);
            // Offered unless the condition is known false for this person (an unknown age does not hide a child).
            Value v = e->rule_value(g.among_rule, p);
            if (v.status == Status::Known && v.kind == Kind::Bool && !v.boolean) continue;
        }
        out.push_back(p);
    }
    return out;
}

}  // namespace

std::vector<int> group_persons(const RuleSet& rules, const Situation& situation, int group) {
    const QuestionGroup& g = rules.groups[static_cast<std::size_t>(group)];
    return persons_among(rules, situation, g, g.among);
}

std::vector<GroupToggle> group_toggles(const RuleSet& rules, const Situation& situation, int group, int person) {
    const QuestionGroup& g = rules.groups[static_cast<std::size_t>(group)];
    std::vector<GroupToggle> out;
    if (g.grid) {
        // Row by row: a person's answer per person of the row, a household's answer once (person -1).
        for (std::size_t k = 0; k < g.options.size(); ++k) {
            const GroupOption& o = g.options[k];
            if (rules.inputs[static_cast<std::size_t>(o.input)].entity == Entity::Household) {
                out.push_back({-1, static_cast<int>(k), {{o.input, -1}}});
                continue;
            }
            for (int p : persons_among(rules, situation, g, o.among.value_or(g.among))) out.push_back({p, static_cast<int>(k), {{o.input, p}}});
        }
    } else if (g.kind == GroupKind::Who) {
        for (int p : group_persons(rules, situation, group)) {
            GroupToggle t{p, -1, {}};
            for (const GroupOption& o : g.options) t.settles.emplace_back(o.input, p);
            out.push_back(std::move(t));
        }
    } else {
        // A foyer. answer among the toggles is the household's: asked once, of the first person the
        // screen is put to (the claimant of `parmi: adultes`), never again of the others.
        std::optional<bool> first_asked;
        for (std::size_t k = 0; k < g.options.size(); ++k) {
            const int input = g.options[k].input;
            if (rules.inputs[static_cast<std::size_t>(input)].entity == Entity::Household) {
                if (!first_asked) {
                    auto asked = group_persons(rules, situation, group);
                    first_asked = !asked.empty() && asked.front() == person;
                }
                if (*first_asked) out.push_back({person, static_cast<int>(k), {{input, -1}}});
            } else {
                out.push_back({person, static_cast<int>(k), {{input, person}}});
            }
        }
    }
    return out;
}

namespace {

/// A yes, or an amount or a count above zero: what a ticked toggle stands for.
bool says_yes(const Answer& a) { return a.state == Answer::State::Given && (a.boolean || a.number > Decimal{}); }

}  // namespace

bool toggle_ticked(const RuleSet& rules, const Situation& situation, int group, int person, const GroupToggle& toggle) {
    (void)rules;
    bool to_ask = false;
    for (auto [input, p] : toggle.settles) {
        const Answer& a = situation.get(input, p);
        if (says_yes(a)) return true;
        if (a.state == Answer::State::Absent) to_ask = true;
    }
    return to_ask && situation.group_answered(group, person);
}

void answer_group(const RuleSet& rules, Situation& situation, int group, int person, const std::vector<bool>& ticked) {
    auto toggles = group_toggles(rules, situation, group, person);
    for (std::size_t k = 0; k < toggles.size() && k < ticked.size(); ++k) {
        for (auto [input, p] : toggles[k].settles) {
            const Input& in = rules.inputs[static_cast<std::size_t>(input)];
            const Answer& was = situation.get(input, p);
            Answer a;
            a.state = Answer::State::Given;
            if (in.input_type == InputType::YesNo) {
                a.boolean = ticked[k];
            } else if (ticked[k]) {
                if (says_yes(was)) continue;  // an amount already given stays
                a.state = Answer::State::Absent;  // to be asked on its own screen
            }  // not ticked: 0 € or 0 (a.number is zero)
            situation.set(rules, input, p, a);
        }
    }
    if (!situation.group_answered(group, person)) situation.groups_answered.emplace_back(group, person);
}

std::optional<std::vector<bool>> ticks_of(const RuleSet& rules, const Situation& household, const Situation& asked, int group, int person) {
    std::vector<bool> ticks;
    for (const GroupToggle& t : group_toggles(rules, asked, group, person)) {
        bool yes = false, unknown = false;
        for (auto [input, p] : t.settles) {
            const Answer& a = household.get(input, p);
            yes = yes || says_yes(a);
            unknown = unknown || a.state != Answer::State::Given;
        }
        if (unknown && !yes) return std::nullopt;
        ticks.push_back(yes);
    }
    return ticks;
}

Message group_message(const RuleSet& rules, const Situation& situation, int group, int person) {
    const QuestionGroup& g = rules.groups[static_cast<std::size_t>(group)];
    bool other = person > 0 && !g.question_other.empty();
    return {g.id + (other ? ".question_autre" : ".question"), other ? g.question_other : g.question, {{"personne", person_ref(situation, rules, person)}}};
}

std::string ranked_path(const RuleSet& rules, const Situation& situation, const RankedQuestion& q) {
    if (q.group < 0) return answer_path(situation, rules, q.input, q.person);
    const QuestionGroup& g = rules.groups[static_cast<std::size_t>(q.group)];
    if (q.person < 0) return g.id;
    return person_path(situation, rules, q.person) + g.id.substr(g.id.find('.'));
}

Message ranked_message(const RuleSet& rules, const Situation& situation, const RankedQuestion& q) {
    return q.group >= 0 ? group_message(rules, situation, q.group, q.person) : question_message(rules, situation, q.input, q.person);
}

Message question_message(const RuleSet& rules, const Situation& situation, int input, int person) {
    const Input& in = rules.inputs[static_cast<std::size_t>(input)];
    bool other = person > 0 && !in.question_other.empty();
    // {personne} is filled by the formatter: "vous", "votre conjoint", "votre 2e enfant"…
    return {in.id + (other ? ".question_autre" : ".question"), other ? in.question_other : in.question, {{"personne", person_ref(situation, rules, person)}}};
}

std::string question_text(const RuleSet& rules, const Situation& situation, int input, int person) {
    return french().format(question_message(rules, situation, input, person));
}

}  // namespace borne::engine
