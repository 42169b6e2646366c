#include "borne/engine/rules_tests.hpp"

#include "borne/engine/formatter.hpp"

#include "borne/engine/loader.hpp"
#include "borne/engine/next_question.hpp"
#include "expr_parser.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace borne::engine {

std::optional<Value> parse_value_text(const RuleSet& rules, Type type, const std::string& text) {
    std::string folded = fold_name(text);
    switch (type.kind) {
        case Kind::Bool:
            if (folded == "oui" || folded == "vrai") return Value::of_bool(true);
            if (folded == "non" || folded == "faux") return Value::of_bool(false);
            return std::nullopt;
        case Kind::Number: {
            auto q = parse_quantity(text);
            if (!q) return std::nullopt;
            return Value::of_number(q->value);
        }
        case Kind::Date: {
            auto d = Date::parse(text);
            if (!d) return std::nullopt;
            return Value::of_date(*d);
        }
        case Kind::Enum: {
            if (type.enumeration < 0) return std::nullopt;
            int c = rules.enumerations[static_cast<std::size_t>(type.enumeration)].find(folded);
            if (c < 0) return std::nullopt;
            Value v;
            v.kind = Kind::Enum;
            v.choice = c;
            return v;
        }
        case Kind::Text:
        case Kind::Invalid: return std::nullopt;
    }
    return std::nullopt;
}

namespace {

std::string place(const SourceLocation& w) { return fmt::format("{}:{}", w.file, w.line); }

void run_one(const RuleSet& rules, const RulesTest& t, RulesTestOutcome& out) {
    auto parsed = parse_situation(t.situation_json, rules, t.month);
    if (!parsed.situation) {
        for (const auto& e : parsed.errors) out.failures.push_back(fmt::format("{}: R040 situation [{}] {}", place(t.where), e.path, e.message));
        return;
    }
    const Situation& s = *parsed.situation;
    Evaluation evaluation(rules, s);
    for (const auto& [id, text] : t.forced) {
        int r = rules.find_rule(id);
        if (r < 0) {
            out.failures.push_back(fmt::format("{}: forcer : règle inconnue « {} »", place(t.where), id));
            continue;
        }
        auto v = parse_value_text(rules, rules.rules[static_cast<std::size_t>(r)].type, text);
        if (!v) {
            out.failures.push_back(fmt::format("{}: forcer : valeur illisible « {} » pour {}", place(t.where), text, id));
            continue;
        }
        evaluation.force(r, *v);
    }
    Decimal tolerance = t.tolerance.value_or(Decimal{});
    for (const auto& e : t.expectations) {
        int aid = rules.find_aid(e.target);
        if (aid >= 0) {
            AidResult r = evaluation.aid(aid);
            std::string want = fold_name(e.expected);
            if (want != status_name(r.status)) {
                std::string detail = r.status == AidStatus::NotEligible || r.status == AidStatus::Error ? " (" + french().format(r.reason) + ")" : "";
                out.failures.push_back(fmt::format("{}: {} : attendu {}, obtenu {}{}", place(e.where), e.target, want, status_name(r.status), detail));
            }
            continue;
        }
        int rule = rules.find_rule(e.target);
        if (rule < 0) {
            out.failures.push_back(fmt::format("{}: « {} » n'est ni une aide ni une règle", place(e.where), e.target));
            continue;
        }
        const Rule& rr = rules.rules[static_cast<std::size_t>(rule)];
        auto want = parse_value_text(rules, rr.type, e.expected);
        if (!want) {
            out.failures.push_back(fmt::format("{}: valeur attendue illisible « {} » pour {}", place(e.where), e.expected, e.target));
            continue;
        }
        Value got = evaluation.rule_value(rule, rr.entity == Entity::Person ? 0 : -1);
        bool ok = got.known();
        if (ok) {
            switch (rr.type.kind) {
                case Kind::Number: {
                    Decimal diff = got.number - want->number;
                    if (diff < Decimal{}) diff = -diff;
                    ok = diff <= tolerance;
                    break;
                }
                case Kind::Bool: ok = got.boolean == want->boolean; break;
                case Kind::Date: ok = got.date == want->date; break;
                case Kind::Enum: ok = got.choice == want->choice; break;
                default: ok = false;
            }
        }
        if (!ok) {
            std::string got_text = evaluation.format(got, rr.type);
            if (got.status == Status::Error) got_text += " : " + evaluation.errors()[static_cast<std::size_t>(got.error)];
            out.failures.push_back(fmt::format("{}: {} : attendu {}, obtenu {}", place(e.where), e.target, e.expected, got_text));
        }
    }
    for (const auto& n : t.expected_notes) {
        int aid = rules.find_aid(n.aid);
        if (aid < 0) {
            out.failures.push_back(fmt::format("{}: « {} » n'est pas une aide", place(n.where), n.aid));
            continue;
        }
        // A note is named by its id (« logement_en_france » for rsa.a_verifier.logement_en_france), or, as
        // tests written before the ids did, by the start of its text.
        const std::string id = rules.aids[static_cast<std::size_t>(aid)].id + ".a_verifier." + n.text_start;
        auto named = [&](const std::string& note_id, const std::string& text) {
            return !n.text_start.empty() && (note_id == id || text.starts_with(n.text_start));
        };
        const auto& written = rules.aids[static_cast<std::size_t>(aid)].unchecked_conditions;
        if (std::none_of(written.begin(), written.end(), [&](const UncheckedNote& w) { return named(w.id, w.text); })) {
            // Otherwise « masquée » would pass for a mistyped id.
            out.failures.push_back(fmt::format("{}: aucune note « à vérifier » de {} n'a l'id « {} » ni ne commence ainsi", place(n.where), n.aid, n.text_start));
            continue;
        }
        AidResult r = evaluation.aid(aid);
        bool shown = std::any_of(r.unchecked.begin(), r.unchecked.end(), [&](const Message& m) { return named(m.id, m.text); });
        if (shown != n.shown)
            out.failures.push_back(fmt::format("{}: {} : la note « {} » devait être {}, elle est {}", place(n.where), n.aid, n.text_start,
                                               n.shown ? "affichée" : "masquée", shown ? "affichée" : "masquée"));
    }
    if (!t.expected_questions.empty()) {
        auto ranked = rank_questions(rules, s);
        for (std::size_t k = 0; k < t.expected_questions.size(); ++k) {
            std::string got = k < ranked.size() ? ranked_path(rules, s, ranked[k]) : "(aucune)";
            if (got != t.expected_questions[k])
                out.failures.push_back(fmt::format("{}: question n° {} : attendue {}, obtenue {}", place(t.where), k + 1, t.expected_questions[k], got));
        }
    }
}

}  // namespace

std::vector<RulesTestOutcome> run_rules_tests(const RuleSet& rules) {
    std::vector<RulesTestOutcome> out;
    for (const RulesTest& t : rules.tests) {
        RulesTestOutcome o;
        o.test = &t;
        run_one(rules, t, o);
        out.push_back(std::move(o));
    }
    return out;
}

}  // namespace borne::engine
