// « Qui ? » and « Lesquels ? » questions (rules/LANGAGE.md §4, « Plusieurs réponses sur un écran »): one
// screen that settles several per-person answers, written in the rules, ranked as one step.
#include "borne/engine/next_question.hpp"
#include "support.hpp"
#include "../sanitized.hpp"

#include <catch2/catch.hpp>

using namespace borne;
using namespace borne::engine;
using borne::test::expect_refused;
using borne::test::diagnostics_text;
using borne::test::has_diagnostic;

namespace {

const char* who_question =
    "foyer.qui_etudie:\n"
    "  question: Qui fait des études ?\n"
    "  type: qui\n"
    "  parmi: adultes\n"
    "  réponses:\n"
    "    - personne.etudiant\n"
    "  aucun: Personne\n";

Answer given_bool(bool b) {
    Answer a;
    a.state = Answer::State::Given;
    a.boolean = b;
    return a;
}

Answer given_number(int n) {
    Answer a;
    a.state = Answer::State::Given;
    a.number = Decimal::from_int(n);
    return a;
}

/// who_question with its first `from` written `to`.
std::string who_question_with(const std::string& from, const std::string& to) {
    std::string text = who_question;
    text.replace(text.find(from), from.size(), to);
    return text;
}

}  // namespace

TEST_CASE("A « qui » and a « lesquels » question load from the rules files", "[engine][groups]") {
    test::RulesFolder folder;
    folder.write("questions/groupes.yaml", std::string(who_question) +
                                               "personne.quels_revenus:\n"
                                               "  question: Quels revenus avez-vous ?\n"
                                               "  question_autre: Quels revenus {personne} a-t-il ?\n"
                                               "  type: lesquels\n"
                                               "  réponses:\n"
                                               "    personne.salaire_net: Un salaire\n"
                                               "    personne.etudiant: Une bourse d'études\n"
                                               "  aucun: Aucun revenu\n"
                                               "foyer.qui_travaille:\n"
                                               "  question: Lequel de vos enfants travaille ?\n"
                                               "  type: qui\n"
                                               "  parmi: enfants où personne.âge >= 14 ans\n"
                                               "  réponses:\n"
                                               "    - personne.salaire_net\n"
                                               "  aucun: Aucun\n");
    auto result = folder.load();
    INFO(diagnostics_text(result.diagnostics));
    REQUIRE(result.rules);
    const RuleSet& R = *result.rules;
    REQUIRE(R.groups.size() == 3);
    const QuestionGroup& working = R.groups[static_cast<std::size_t>(R.group_index.at("foyer.qui_travaille"))];
    CHECK(working.among == Collection::Children);
    REQUIRE(working.among_rule >= 0);  // the `où` condition, read like a personne. rule
    // Only the children the condition does not rule out are offered: 15 and 8 years old here.
    Situation s = Situation::empty(R, Date::from_ymd(2026, 5, 1));
    s.set(R, R.input_in_couple, -1, given_bool(false));
    s.set(R, R.input_child_count, -1, given_number(2));
    Answer born;
    born.state = Answer::State::Given;
    born.date = Date::from_ymd(2011, 1, 1);
    s.set(R, R.input_birth_date, 1, born);
    born.date = Date::from_ymd(2018, 1, 1);
    s.set(R, R.input_birth_date, 2, born);
    CHECK(group_persons(R, s, R.group_index.at("foyer.qui_travaille")) == std::vector<int>{1});
    const QuestionGroup& who = R.groups[static_cast<std::size_t>(R.group_index.at("foyer.qui_etudie"))];
    CHECK(who.kind == GroupKind::Who);
    CHECK(who.among == Collection::Adults);
    REQUIRE(who.options.size() == 1);
    CHECK(who.options[0].input == R.input_index.at("personne.etudiant"));
    const QuestionGroup& which = R.groups[static_cast<std::size_t>(R.group_index.at("personne.quels_revenus"))];
    CHECK(which.kind == GroupKind::Which);
    REQUIRE(which.options.size() == 2);
    CHECK(which.options[0].label == "Un salaire");
    CHECK(which.none_label == "Aucun revenu");
}

TEST_CASE("A « qui » or « lesquels » question written wrong is refused at its file and line", "[engine][groups][diagnostics]") {
    test::RulesFolder folder;
    SECTION("R021 an answer that is no question") {
        folder.write("questions/groupes.yaml", who_question_with("personne.etudiant", "personne.etudiante"));
        expect_refused(folder, "R021", "questions/groupes.yaml", 6);
    }
    SECTION("R026 a household question cannot be ticked for a person") {
        folder.write("questions/groupes.yaml", who_question_with("personne.etudiant", "logement.commune"));
        expect_refused(folder, "R026", "questions/groupes.yaml", 6);
    }
    SECTION("R026 a date cannot be settled by a tick") {
        folder.write("questions/groupes.yaml", who_question_with("personne.etudiant", "personne.date_naissance"));
        expect_refused(folder, "R026", "questions/groupes.yaml", 6);
    }
    SECTION("R026 « lesquels » with a single box") {
        folder.write("questions/groupes.yaml",
                     "personne.quels_revenus:\n  question: Quels revenus ?\n  question_autre: Quels revenus pour {personne} ?\n"
                     "  type: lesquels\n  réponses:\n    personne.salaire_net: Un salaire\n  aucun: Aucun revenu\n");
        expect_refused(folder, "R026", "questions/groupes.yaml", 6);
    }
    SECTION("R004 no answers listed") {
        std::string text = who_question;
        text.erase(text.find("  réponses:"), std::string("  réponses:\n    - personne.etudiant\n").size());
        folder.write("questions/groupes.yaml", text);
        expect_refused(folder, "R004", "questions/groupes.yaml", 1);
    }
    SECTION("R004 no « aucun » button") {
        std::string text = who_question;
        text.erase(text.find("  aucun:"));
        folder.write("questions/groupes.yaml", text);
        expect_refused(folder, "R004", "questions/groupes.yaml", 2);  // the question's first line
    }
    SECTION("R010 a grid's row names no collection") {
        folder.write("questions/groupes.yaml",
                     "foyer.situations:\n  question: Qui ?\n  type: qui\n  réponses:\n    personne.etudiant: Des études\n"
                     "    personne.salaire_net:\n      libellé: Un salaire\n      parmi: voisins\n  aucun: Personne\n");
        expect_refused(folder, "R010", "questions/groupes.yaml", 8);
    }
    SECTION("R004 a grid's row written as a map has no « libellé »") {
        folder.write("questions/groupes.yaml",
                     "foyer.situations:\n  question: Qui ?\n  type: qui\n  réponses:\n    personne.etudiant: Des études\n"
                     "    personne.salaire_net:\n      parmi: adultes\n  aucun: Personne\n");
        expect_refused(folder, "R004", "questions/groupes.yaml", 7);
    }
    SECTION("R010 « parmi » names no collection") {
        folder.write("questions/groupes.yaml", who_question_with("adultes", "voisins"));
        expect_refused(folder, "R010", "questions/groupes.yaml", 4);
    }
    SECTION("R022 « où » is not a condition") {
        folder.write("questions/groupes.yaml", who_question_with("adultes", "adultes où personne.salaire_net"));
        expect_refused(folder, "R022", "questions/groupes.yaml", 4);
    }
    SECTION("R010 a « qui » is asked of the household") {
        std::string text = who_question;
        text.replace(0, std::string("foyer.qui_etudie").size(), "personne.qui_etudie");
        folder.write("questions/groupes.yaml", text);
        expect_refused(folder, "R010", "questions/groupes.yaml", 1);
    }
}

TEST_CASE("A « Qui ? » grid settles each situation of each person, and the household's answer once", "[engine][groups]") {
    auto loaded = load_rules((test::source_dir() / "rules").string());
    REQUIRE(loaded.rules);
    const RuleSet& R = *loaded.rules;
    const int situations = R.group_index.at("foyer.situations");
    const int handicap = R.input_index.at("personne.handicap"), pregnant = R.input_index.at("personne.enceinte");
    const int court = R.input_index.at("foyer.affaire_justice");
    CHECK(R.groups[static_cast<std::size_t>(situations)].grid);
    Situation s = Situation::empty(R, Date::from_ymd(2026, 5, 1));
    s.set(R, R.input_in_couple, -1, given_bool(true));
    s.set(R, R.input_child_count, -1, given_number(1));
    auto toggles = group_toggles(R, s, situations, -1);
    // The handicap of the three persons, the pregnancy of the two adults (the row's own `parmi`), the
    // household's court case once.
    REQUIRE(toggles.size() == 6);
    CHECK(toggles[2].settles == std::vector<std::pair<int, int>>{{handicap, 2}});
    CHECK(toggles[4].settles == std::vector<std::pair<int, int>>{{pregnant, 1}});
    CHECK(toggles[5].person == -1);
    CHECK(toggles[5].settles == std::vector<std::pair<int, int>>{{court, -1}});
    answer_group(R, s, situations, -1, {false, true, false, false, true, true});
    CHECK_FALSE(s.get(handicap, 0).boolean);
    CHECK(s.get(handicap, 1).boolean);
    CHECK(s.get(handicap, 2).state == Answer::State::Given);
    CHECK_FALSE(s.get(handicap, 2).boolean);
    CHECK_FALSE(s.get(pregnant, 0).boolean);
    CHECK(s.get(pregnant, 1).boolean);
    CHECK(s.get(pregnant, 2).state == Answer::State::Absent);  // a child is not offered the row
    CHECK(s.get(court, -1).boolean);
    CHECK(toggle_ticked(R, s, situations, -1, toggles[1]));
    CHECK_FALSE(toggle_ticked(R, s, situations, -1, toggles[0]));
    CHECK(toggle_ticked(R, s, situations, -1, toggles[5]));
    for (const RankedQuestion& q : rank_questions(R, s)) {
        CHECK(q.group != situations);
        CHECK(q.input != handicap);  // every person's answer is settled
        CHECK(q.input != court);
    }
}

TEST_CASE("A person alone is not shown the grid: their own « Lesquels ? » asks the same", "[engine][groups]") {
    auto loaded = load_rules((test::source_dir() / "rules").string());
    REQUIRE(loaded.rules);
    const RuleSet& R = *loaded.rules;
    Situation s = Situation::empty(R, Date::from_ymd(2026, 5, 1));
    s.set(R, R.input_in_couple, -1, given_bool(false));
    s.set(R, R.input_child_count, -1, given_number(0));
    auto ranked = rank_questions(R, s);
    CHECK(std::none_of(ranked.begin(), ranked.end(), [&](const RankedQuestion& q) { return q.group == R.group_index.at("foyer.situations"); }));
    CHECK(std::any_of(ranked.begin(), ranked.end(), [&](const RankedQuestion& q) { return q.group == R.group_index.at("personne.situations") && q.person == 0; }));
}

TEST_CASE("A « Lesquels ? » screen settles unticked amounts to 0 € and leaves the ticked ones to ask", "[engine][groups]") {
    auto loaded = load_rules((test::source_dir() / "rules").string());
    REQUIRE(loaded.rules);
    const RuleSet& R = *loaded.rules;
    const int incomes = R.group_index.at("personne.quels_revenus");
    const int salary = R.input_index.at("personne.salaire_net"), pension = R.input_index.at("personne.retraite_nette");
    Situation s = Situation::empty(R, Date::from_ymd(2026, 5, 1));
    s.set(R, R.input_in_couple, -1, given_bool(false));
    s.set(R, R.input_child_count, -1, given_number(0));
    // Before it is answered, the screen stands for the incomes: none of them is ranked on its own.
    auto before = rank_questions(R, s);
    CHECK(std::any_of(before.begin(), before.end(), [&](const RankedQuestion& q) { return q.group == incomes && q.person == 0; }));
    CHECK(std::none_of(before.begin(), before.end(), [&](const RankedQuestion& q) { return q.input == salary || q.input == pension; }));
    auto toggles = group_toggles(R, s, incomes, 0);
    std::vector<bool> ticks(toggles.size(), false);
    for (std::size_t k = 0; k < toggles.size(); ++k) ticks[k] = toggles[k].settles.front().first == salary;
    answer_group(R, s, incomes, 0, ticks);
    CHECK(s.get(salary, 0).state == Answer::State::Absent);  // asked next, on its own screen
    CHECK(s.get(pension, 0).state == Answer::State::Given);
    CHECK(s.get(pension, 0).number == Decimal{});
    auto after = rank_questions(R, s);
    CHECK(std::none_of(after.begin(), after.end(), [&](const RankedQuestion& q) { return q.group == incomes; }));
    CHECK(std::any_of(after.begin(), after.end(), [&](const RankedQuestion& q) { return q.input == salary && q.person == 0; }));
}

TEST_CASE("Played through the group screens, every household gets the results of its own answers", "[engine][groups]") {
    auto loaded = load_rules((test::source_dir() / "rules").string());
    REQUIRE(loaded.rules);
    const RuleSet& R = *loaded.rules;
    for (const auto& [name, household] : test::sanitizer_sample(test::households(R))) {
        INFO(name);
        // The kiosk's questionnaire, answered from the household (the group screens ticked from its answers).
        Situation s = Situation::empty(R, household.month);
        int screens = 0;
        for (; screens < max_questions_played; ++screens) {
            auto ranked = rank_questions(R, s);
            if (ranked.empty()) break;
            const RankedQuestion& q = ranked.front();
            if (q.group >= 0) {
                auto ticks = ticks_of(R, household, s, q.group, q.person);
                REQUIRE(ticks);
                answer_group(R, s, q.group, q.person, *ticks);
            } else {
                REQUIRE(household.get(q.input, q.person).state != Answer::State::Absent);
                s.set(R, q.input, q.person, household.get(q.input, q.person));
            }
        }
        CHECK(screens == static_cast<int>(play_questionnaire(R, household).asked.size()));
        Evaluation played(R, s), own(R, household);
        auto a = played.all_aids(), b = own.all_aids();
        REQUIRE(a.size() == b.size());
        for (std::size_t k = 0; k < a.size(); ++k) {
            INFO(R.aids[static_cast<std::size_t>(a[k].aid)].id);
            CHECK(a[k].status == b[k].status);
            CHECK(a[k].amount == b[k].amount);
        }
    }
}

TEST_CASE("A « lesquels » may settle a household yes/no answer, asked once of the first person it is put to", "[engine][groups]") {
    test::RulesFolder folder;
    folder.write("questions/groupes.yaml",
                 "foyer.proces:\n"
                 "  question: Avez-vous une affaire en justice ?\n"
                 "  type: oui/non\n"
                 "personne.situations:\n"
                 "  question: Êtes-vous dans une de ces situations ?\n"
                 "  question_autre: \"{personne} est-il dans une de ces situations ?\"\n"
                 "  type: lesquels\n"
                 "  parmi: adultes\n"
                 "  réponses:\n"
                 "    personne.etudiant: Des études\n"
                 "    foyer.proces: Une affaire en justice\n"
                 "  aucun: Aucune\n");
    auto result = folder.load();
    INFO(diagnostics_text(result.diagnostics));
    REQUIRE(result.rules);
    const RuleSet& R = *result.rules;
    const int group = R.group_index.at("personne.situations");
    const int trial = R.input_index.at("foyer.proces"), student = R.input_index.at("personne.etudiant");
    Situation s = Situation::empty(R, Date::from_ymd(2026, 5, 1));
    s.set(R, R.input_in_couple, -1, given_bool(true));
    s.set(R, R.input_child_count, -1, given_number(0));
    // The claimant's screen holds the household's answer (person -1); the partner's does not repeat it.
    auto claimant = group_toggles(R, s, group, 0);
    REQUIRE(claimant.size() == 2);
    CHECK(claimant[1].settles == std::vector<std::pair<int, int>>{{trial, -1}});
    auto partner = group_toggles(R, s, group, 1);
    REQUIRE(partner.size() == 1);
    CHECK(partner[0].settles == std::vector<std::pair<int, int>>{{student, 1}});
    answer_group(R, s, group, 0, {false, true});
    CHECK(s.get(trial, -1).state == Answer::State::Given);
    CHECK(s.get(trial, -1).boolean);
    CHECK(s.get(student, 0).state == Answer::State::Given);
    CHECK_FALSE(s.get(student, 0).boolean);
    // Settled once: the partner's screen leaves it alone.
    answer_group(R, s, group, 1, {false});
    CHECK(s.get(trial, -1).boolean);
}

TEST_CASE("A « lesquels » settles a household yes/no answer but no other household question", "[engine][groups][diagnostics]") {
    test::RulesFolder folder;
    folder.write("questions/groupes.yaml",
                 "personne.situations:\n  question: Lesquelles ?\n  question_autre: Lesquelles pour {personne} ?\n"
                 "  type: lesquels\n  réponses:\n    personne.etudiant: Des études\n    logement.commune: Une commune\n  aucun: Aucune\n");
    expect_refused(folder, "R026", "questions/groupes.yaml", 7);
}
