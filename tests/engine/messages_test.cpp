// What the engine says is data (message.hpp), written in a language by a Formatter (formatter.hpp);
// the results are sorted for the visitor once (summary.hpp).
#include "borne/engine/evaluator.hpp"
#include "borne/engine/formatter.hpp"
#include "borne/engine/next_question.hpp"
#include "borne/engine/summary.hpp"
#include "support.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>

using namespace borne;
using namespace borne::engine;

namespace {

std::shared_ptr<const RuleSet> bundled() {
    static auto rules = [] {
        auto r = load_rules((test::source_dir() / "rules").string());
        REQUIRE(r.rules);
        return r.rules;
    }();
    return rules;
}

Situation mini_situation(const RuleSet& rules, const std::string& json) {
    auto parsed = parse_situation(json, rules, Date::from_ymd(2026, 5, 1));
    REQUIRE(parsed.situation);
    return *parsed.situation;
}

/// A second language for the tests: a few English words, numbers the English way. It shows what a
/// catalogue-backed source has to provide (the kiosk's reads gettext), and that nothing French is left
/// in the engine's messages.
class TestEnglishTexts final : public TextSource {
public:
    std::string engine_text(std::string_view id, std::string_view french) const override {
        static const std::map<std::string_view, std::string_view> words{
            {"personne.demandeur", "you"},         {"personne.conjoint", "your partner"},
            {"personne.enfant", "your {rang} child"}, {"personne.foyer", "your household"},
            {"unite.euro", "€{n}"},                {"montant.mensuelle", "{montant} a month"},
            {"nombre.decimale", "."},              {"nombre.milliers", ","},
            {"ordinal.one", "{n}st"}, {"ordinal.two", "{n}nd"}, {"ordinal.few", "{n}rd"}, {"ordinal.other", "{n}th"}};
        if (auto it = words.find(id); it != words.end()) return std::string(it->second);
        return std::string(french);
    }
    std::string engine_plural(std::string_view id, std::string_view, std::string_view, long n) const override {
        if (id == "unite.an") return n == 1 ? "{n} year" : "{n} years";
        return std::string(id);
    }
    std::string rules_text(std::string_view french) const override {
        if (french == "Quelle est la date de naissance de {personne} ?") return "What is the date of birth of {personne}?";
        return std::string(french);
    }
    /// English's ordinal rule as CLDR writes it (the kiosk's source asks ICU).
    std::string ordinal_category(long n) const override {
        if (n % 100 >= 11 && n % 100 <= 13) return "other";
        return n % 10 == 1 ? "one" : n % 10 == 2 ? "two" : n % 10 == 3 ? "few" : "other";
    }
};

}  // namespace

TEST_CASE("aid_status() agrees with aid().status over the personas and reference households, at every step of their questionnaire", "[engine][messages]") {
    const RuleSet& R = *bundled();
    auto all = test::households(R);
    REQUIRE(all.size() >= 30);
    std::set<AidStatus> seen;
    int compared = 0;
    for (const auto& [name, household] : all) {
        std::vector<Situation> steps{household};
        for (const auto& asked : play_questionnaire(R, household).asked) steps.push_back(asked.before);
        for (const Situation& s : steps) {
            // Two evaluations: aid_status() alone, as the lookahead calls it, and aid() alone.
            Evaluation fast(R, s), full(R, s);
            for (std::size_t a = 0; a < R.aids.size(); ++a) {
                INFO(name << " : " << R.aids[a].id);
                AidStatus status = full.aid(static_cast<int>(a)).status;
                CHECK(fast.aid_status(static_cast<int>(a)) == status);
                seen.insert(status);
                ++compared;
            }
        }
    }
    INFO(compared << " results compared");
    // Not a vacuous agreement: the households reach the statuses that have their own branch.
    CHECK(seen.count(AidStatus::Eligible) == 1);
    CHECK(seen.count(AidStatus::NotEligible) == 1);
    CHECK(seen.count(AidStatus::Undetermined) == 1);
}

TEST_CASE("An aid's explanation is the same asked alone (the detail screen) or after all the aids (the slip, the CLI)", "[engine][messages]") {
    // all_aids() leaves the explanation and the freshness lines to explained(), read after every aid was
    // decided: the freshness walk then sees the rules any aid computed, and must find what aid() finds alone.
    const RuleSet& R = *bundled();
    int lines = 0, eligible = 0;
    for (const auto& [name, household] : test::households(R)) {
        Evaluation list(R, household);
        const auto results = list.all_aids();
        for (const AidResult& listed : results) {
            INFO(name << " : " << R.aids[static_cast<std::size_t>(listed.aid)].id);
            CHECK(listed.explanation.empty());  // not built for the list
            Evaluation alone(R, household);
            const AidResult expected = alone.aid(listed.aid), got = list.explained(listed);
            CHECK(got.explained);
            REQUIRE(got.explanation.size() == expected.explanation.size());
            for (std::size_t k = 0; k < got.explanation.size(); ++k) {
                CHECK(got.explanation[k].rule == expected.explanation[k].rule);
                CHECK(french().format(got.explanation[k].text) == french().format(expected.explanation[k].text));
            }
            CHECK(got.unchecked == expected.unchecked);
            eligible += listed.status == AidStatus::Eligible;
            lines += static_cast<int>(got.explanation.size());
        }
    }
    CHECK(eligible > 0);
    CHECK(lines > eligible);
}

TEST_CASE("The French formatter: money, units, dates, ordinals and persons as the kiosk and the slip write them", "[engine][messages]") {
    const Formatter& f = french();
    Decimal amount = *Decimal::parse("153,01");
    CHECK(f.money({amount, Periodicity::Monthly, false}) == "153,01 € par mois");
    CHECK(f.money({amount, Periodicity::Yearly, false}) == "153,01 € par an");
    CHECK(f.money({amount, std::nullopt, false}) == "153,01 €");
    CHECK(f.money_short({amount, Periodicity::Monthly, false}) == "153,01 €/mois");
    CHECK(f.amount(Decimal::from_int(1234567)) == "1 234 567,00 €");
    CHECK(f.periodicity(Periodicity::Once) == "une fois");
    // French puts the plural above 1: « 1 an », « 1,5 ans », « 0 jour ».
    CHECK(f.measure({Decimal::from_int(1), Unit::Year}) == "1 an");
    CHECK(f.measure({*Decimal::parse("1,5"), Unit::Year}) == "1,5 ans");
    CHECK(f.measure({Decimal{}, Unit::Day}) == "0 jour");
    CHECK(f.measure({Decimal::from_int(3), Unit::Month}) == "3 mois");
    CHECK(f.measure({*Decimal::parse("0,165"), Unit::Percent}) == "16,5 %");
    CHECK(f.measure({*Decimal::parse("2,50"), Unit::None}) == "2,5");
    CHECK(f.date(Date::from_ymd(2026, 4, 1)) == "1er avril 2026");
    CHECK(f.date(Date::from_ymd(2026, 8, 15)) == "15 août 2026");
    CHECK(f.month({2026, 12}) == "décembre 2026");
    CHECK(f.person({PersonRef::Role::Child, 1}) == "votre 1er enfant");
    CHECK(f.person({PersonRef::Role::Child, 2}) == "votre 2e enfant");
    CHECK(f.person({PersonRef::Role::Partner, 0}) == "votre conjoint");
    CHECK(f.no_value(NoValue::Unknown) == "inconnu");
    // A placeholder without its value stays as written: a rules text with braces loses nothing.
    CHECK(f.fill("{a} et {b}", {{"a", true}}) == "oui et {b}");
}

TEST_CASE("The engine's messages are typed values: another Formatter writes them in another language", "[engine][messages]") {
    auto loaded = load_rules(test::mini_rules().string());
    REQUIRE(loaded.rules);
    const RuleSet& R = *loaded.rules;
    TestEnglishTexts english_texts;
    Formatter english(&english_texts);
    auto s = mini_situation(R, R"({"foyer": {"en_couple": true, "nombre_enfants": 2}})");
    int birth = R.find_input("personne.date_naissance");
    Message q = question_message(R, s, birth, 3);
    CHECK(q.id == "personne.date_naissance.question_autre");
    REQUIRE(q.args.size() == 1);
    CHECK(std::get<PersonRef>(q.args[0].value) == PersonRef{PersonRef::Role::Child, 2});
    CHECK(french().format(q) == question_text(R, s, birth, 3));
    CHECK(english.format(q) == "What is the date of birth of your 2nd child?");
    // The rank's form is the language's (its ordinal category), not the number's last digit in French.
    for (auto [n, rank] : std::vector<std::pair<int, std::string>>{{1, "1st"}, {3, "3rd"}, {4, "4th"}, {11, "11th"}, {12, "12th"}, {13, "13th"},
                                                                  {21, "21st"}, {22, "22nd"}, {23, "23rd"}, {111, "111th"}})
        CHECK(english.person({PersonRef::Role::Child, n}) == "your " + rank + " child");
    CHECK(french().person({PersonRef::Role::Child, 21}) == "votre 21e enfant");
    CHECK(english.measure({*Decimal::parse("1,5"), Unit::Year}) == "1.5 years");
    CHECK(english.measure({Decimal::from_int(1), Unit::Year}) == "1 year");
    CHECK(english.amount(Decimal::from_int(1234)) == "€1,234.00");

    // An explanation: the rules' template, and its figures as money and counts, not as French text.
    auto eligible = mini_situation(R, R"({"foyer": {"en_couple": true, "nombre_enfants": 1},
        "demandeur": {"date_naissance": "1990-01-01", "etudiant": false, "salaire_net": 300},
        "conjoint": {"salaire_net": "100,50 €"}, "enfants": [{}]})");
    Evaluation e(R, eligible);
    AidResult r = e.aid(R.find_aid("mini"));
    REQUIRE(r.status == AidStatus::Eligible);
    REQUIRE(r.explanation.size() == 1);
    const Message& line = r.explanation[0].text;
    CHECK(line.text.find("{") != std::string::npos);  // the template, not the filled sentence
    bool money = false;
    for (const Arg& a : line.args) money = money || std::holds_alternative<Money>(a.value);
    CHECK(money);
    std::string in_english = english.format(line);
    CHECK(in_english.find("€1,170.00") != std::string::npos);
    CHECK(in_english.find("1 170,00") == std::string::npos);

    // The engine's own sentence: its id in the French table (the catalogue's source), its values typed.
    auto below = mini_situation(R, R"({"foyer": {"en_couple": false, "nombre_enfants": 0},
        "demandeur": {"date_naissance": "1990-01-01", "etudiant": false, "salaire_net": 645}})");
    Evaluation threshold(R, below);
    AidResult small = threshold.aid(R.find_aid("mini"));
    REQUIRE(small.status == AidStatus::NotEligible);
    CHECK(small.reason.id == "aide.sous_le_seuil");
    CHECK(small.reason.text.empty());
    CHECK(std::any_of(french_texts().begin(), french_texts().end(), [&](const EngineText& e) { return e.id == small.reason.id; }));
    REQUIRE(small.reason.args.size() == 2);
    CHECK(std::holds_alternative<Money>(small.reason.args[0].value));
    CHECK(english.money({Decimal::from_int(30), Periodicity::Monthly, false}) == "€30.00 a month");
}

TEST_CASE("The results summarized once for the screen and the slip: each aid once, the aids to check grouped by their reason", "[engine][messages]") {
    const RuleSet& R = *bundled();
    int grouped = 0;
    for (const auto& [name, household] : test::households(R)) {
        INFO(name);
        Evaluation e(R, household);
        auto results = e.all_aids();
        Summary s = summarize(R, results);
        std::multiset<int> listed;
        for (const AidResult* r : s.obtained) {
            listed.insert(r->aid);
            CHECK(r->status == AidStatus::Eligible);
            CHECK((R.aids[static_cast<std::size_t>(r->aid)].in_kind || r->amount > Decimal{}));
        }
        for (const AidResult* r : s.not_obtained) {
            listed.insert(r->aid);
            CHECK((r->status == AidStatus::NotEligible || !obtained(R.aids[static_cast<std::size_t>(r->aid)], *r)));
        }
        std::set<std::string> reasons;
        for (const SummaryCheck& c : s.to_check) {
            for (const AidResult* r : c.aids) {
                listed.insert(r->aid);
                CHECK(r->status == c.status());
                CHECK(french().format(r->reason) == french().format(c.reason()));
            }
            if (c.status() != AidStatus::ToCheck) CHECK(c.aids.size() == 1);
            else CHECK(reasons.insert(french().format(c.reason())).second);  // one entry per reason
            if (c.aids.size() > 1) ++grouped;
        }
        CHECK(listed.size() == results.size());
        // The engine's own messages (no rules template) are all in the French table a catalogue is made from.
        for (const AidResult& r : results) {
            std::vector<const Message*> own{&r.reason};
            for (const Message& m : r.assumptions) own.push_back(&m);
            for (const Message* m : own) {
                if (m->empty() || !m->text.empty()) continue;
                INFO(m->id);
                CHECK(std::any_of(french_texts().begin(), french_texts().end(), [&](const EngineText& e) { return e.id == m->id; }));
            }
        }
        CHECK(std::set<int>(listed.begin(), listed.end()).size() == results.size());
    }
    INFO(grouped << " entries grouping several aids");
}

TEST_CASE("An « à vérifier » note has a stable id: its own « id: », else its rank; two notes cannot share one", "[engine][messages]") {
    test::RulesFolder folder;
    folder.append("aides/mini.yaml", "à_vérifier:\n  - Toujours affichée.\n  - id: couple\n    texte: Pour un couple seulement.\n    si: foyer.en_couple\n");
    auto loaded = folder.load();
    REQUIRE(loaded.rules);
    const auto& notes = loaded.rules->aids[static_cast<std::size_t>(loaded.rules->find_aid("mini"))].unchecked_conditions;
    REQUIRE(notes.size() == 2);
    CHECK(notes[0].id == "mini.a_verifier.1");
    CHECK(notes[1].id == "mini.a_verifier.couple");

    test::RulesFolder twice;
    twice.append("aides/mini.yaml", "à_vérifier:\n  - id: x\n    texte: Une.\n  - id: x\n    texte: Deux.\n");
    auto refused = twice.load();
    CHECK_FALSE(refused.rules);
    bool named = false;
    for (const auto& d : refused.diagnostics.items()) named = named || (d.code == "R005" && d.message.find("« x »") != std::string::npos);
    CHECK(named);
}
