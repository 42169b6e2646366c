// Three-valued evaluation, explanations, traces and the next question, on the mini fixture.
#include "borne/engine/checks.hpp"
#include "borne/engine/evaluator.hpp"
#include "borne/engine/formatter.hpp"
#include "borne/engine/next_question.hpp"
#include "borne/engine/results.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace borne;
using namespace borne::engine;

namespace {

std::shared_ptr<const RuleSet> mini() {
    static auto rules = [] {
        auto r = load_rules(test::mini_rules().string());
        REQUIRE(r.rules);
        return r.rules;
    }();
    return rules;
}

Situation situation(const std::string& json) {
    auto parsed = parse_situation(json, *mini(), Date::from_ymd(2026, 5, 1));
    REQUIRE(parsed.errors.empty());
    return *parsed.situation;
}

AidResult mini_aid(const Situation& s) {
    Evaluation e(*mini(), s);
    return e.aid(mini()->find_aid("mini"));
}

/// One aid of a rule set written for the test, on a situation in May 2026; the next question's
/// shortcut (aid_status) must agree with the full result.
AidResult evaluate_aid(const RuleSet& R, const std::string& aid_id, const std::string& json) {
    auto parsed = parse_situation(json, R, Date::from_ymd(2026, 5, 1));
    REQUIRE(parsed.errors.empty());
    Evaluation e(R, *parsed.situation);
    int aid = R.find_aid(aid_id);
    AidResult r = e.aid(aid);
    CHECK(e.aid_status(aid) == r.status);
    return r;
}

}  // namespace

TEST_CASE("An empty situation leaves the aid undetermined, waiting for the household's shape", "[engine][evaluator]") {
    AidResult r = mini_aid(situation("{}"));
    CHECK(r.status == AidStatus::Undetermined);
    REQUIRE_FALSE(r.missing.empty());
    std::vector<std::string> ids;
    for (const auto& m : r.missing) ids.push_back(mini()->inputs[static_cast<std::size_t>(m.input)].id);
    CHECK(std::find(ids.begin(), ids.end(), "personne.date_naissance") != ids.end());
    CHECK(std::find(ids.begin(), ids.end(), "personne.etudiant") != ids.end());
}

TEST_CASE("« faux et inconnu » is faux: a failed condition decides, whatever is still unknown", "[engine][evaluator]") {
    AidResult r = mini_aid(situation(R"({"demandeur": {"etudiant": true}})"));
    CHECK(r.status == AidStatus::NotEligible);
    CHECK(french().format(r.reason) == "Les étudiants n'y ont pas droit.");
    CHECK(r.missing.empty());
}

TEST_CASE("« vrai ou inconnu » is vrai: a child satisfies the age condition without the birth date", "[engine][evaluator]") {
    AidResult r = mini_aid(situation(R"({"foyer": {"en_couple": false, "nombre_enfants": 1}, "demandeur": {"etudiant": false}})"));
    CHECK(r.status == AidStatus::Undetermined);
    for (const auto& m : r.missing) CHECK(mini()->inputs[static_cast<std::size_t>(m.input)].id != "personne.date_naissance");
}

TEST_CASE("A complete situation gives the amount, its explanation, and the parameters with their source", "[engine][evaluator]") {
    Situation s = situation(R"({"foyer": {"en_couple": true, "nombre_enfants": 1},
        "demandeur": {"date_naissance": "1990-01-01", "etudiant": false, "salaire_net": 300},
        "conjoint": {"salaire_net": "100,50 €"}, "enfants": [{}]})");
    Evaluation e(*mini(), s);
    AidResult r = e.aid(mini()->find_aid("mini"));
    REQUIRE(r.status == AidStatus::Eligible);
    // 650 € × (1 + 80 %) for 3 persons = 1 170 €, minus 400,50 € of salaries
    CHECK(r.amount == *Decimal::parse("769,50"));
    REQUIRE(r.explanation.size() == 1);
    CHECK(french().format(r.explanation[0].text) == "Montant pour 3 personne(s) : 1 170,00 €");
    Trace t = trace_aid(e, r.aid);
    auto base = std::find_if(t.parameters.begin(), t.parameters.end(), [](const auto& p) { return p.id == "mini.base"; });
    REQUIRE(base != t.parameters.end());
    CHECK(base->value == "650,00 €");
    CHECK(base->source == "Décret fictif du 30 mars 2026");
    CHECK(base->since == "2026-04-01");
    CHECK_FALSE(t.inputs.empty());
}

TEST_CASE("Dated parameters: the value in force in the simulated month", "[engine][evaluator]") {
    auto s = situation(R"({"mois": "2026-03", "foyer": {"en_couple": false, "nombre_enfants": 0},
        "demandeur": {"date_naissance": "1990-01-01", "etudiant": false, "salaire_net": 0}})");
    CHECK(mini_aid(s).amount == Decimal::from_int(600));
}

TEST_CASE("Below the payment threshold nothing is paid, and the reason says so", "[engine][evaluator]") {
    auto s = situation(R"({"foyer": {"en_couple": false, "nombre_enfants": 0},
        "demandeur": {"date_naissance": "1990-01-01", "etudiant": false, "salaire_net": 645}})");
    AidResult r = mini_aid(s);
    CHECK(r.status == AidStatus::NotEligible);
    CHECK(french().format(r.reason).find("inférieur au minimum versé") != std::string::npos);
}

TEST_CASE("The next question settles the most undecided aids first", "[engine][next-question]") {
    auto ranked = rank_questions(*mini(), situation("{}"));
    REQUIRE_FALSE(ranked.empty());
    // Being a student decides the aid at once whichever the answer is worth asking before any amount.
    const Input& first = mini()->inputs[static_cast<std::size_t>(ranked.front().input)];
    CHECK(first.input_type != InputType::Amount);
    for (std::size_t k = 1; k < ranked.size(); ++k) CHECK(ranked[k - 1].score >= ranked[k].score);
}

TEST_CASE("« Je ne sais pas » is listed as missing but never asked again", "[engine][next-question]") {
    auto s = situation(R"({"foyer": {"en_couple": false, "nombre_enfants": 0},
        "demandeur": {"date_naissance": "1990-01-01", "etudiant": null, "salaire_net": 0}})");
    AidResult r = mini_aid(s);
    REQUIRE(r.status == AidStatus::Undetermined);
    REQUIRE(r.missing.size() == 1);
    CHECK(r.missing[0].asked);
    CHECK(rank_questions(*mini(), s).empty());
}

TEST_CASE("Questions about another person name that person", "[engine][next-question]") {
    auto s = situation(R"({"foyer": {"en_couple": true, "nombre_enfants": 2}, "enfants": [{}, {}]})");
    CHECK(question_text(*mini(), s, mini()->find_input("personne.date_naissance"), 1) == "Quelle est la date de naissance de votre conjoint ?");
    CHECK(question_text(*mini(), s, mini()->find_input("personne.date_naissance"), 3) == "Quelle est la date de naissance de votre 2e enfant ?");
    CHECK(person_path(s, *mini(), 3) == "enfants[1]");
}

TEST_CASE("Results as JSON carry status, amount and the next question", "[engine][results]") {
    auto s = situation(R"({"foyer": {"en_couple": false, "nombre_enfants": 0}, "demandeur": {"etudiant": false}})");
    Evaluation e(*mini(), s);
    auto results = e.all_aids();
    auto next = rank_questions(*mini(), s);
    auto j = results_to_json(e, results, {true, &next});
    REQUIRE(j["aides"].size() == 1);
    CHECK(j["aides"][0]["statut"] == "indetermine");
    CHECK(j["prochaine_question"]["chemin"] == "demandeur.date_naissance");
}

TEST_CASE("An answer's path says where to write it back in the situation", "[engine][next-question]") {
    auto s = situation(R"({"foyer": {"en_couple": true, "nombre_enfants": 1}})");
    CHECK(answer_path(s, *mini(), mini()->find_input("logement.statut"), -1) == "logement.statut");
    CHECK(answer_path(s, *mini(), mini()->find_input("foyer.en_couple"), -1) == "foyer.en_couple");
    CHECK(answer_path(s, *mini(), mini()->find_input("personne.salaire_net"), 2) == "enfants[0].salaire_net");
}

TEST_CASE("au_mois reads a value as in another month, each month with its own parameters", "[engine][evaluator]") {
    test::RulesFolder folder;
    folder.write("definitions/x.yaml",
                 "foyer.base_trimestre:\n  formule: (au_mois($mini.base; -1) + au_mois($mini.base; -2) + au_mois($mini.base; -3)) / 3\n"
                 "foyer.jours:\n  formule: jours_du_mois\n");
    auto loaded = folder.load();
    for (const auto& d : loaded.diagnostics.items()) UNSCOPED_INFO(d.to_string());
    REQUIRE(loaded.rules);
    auto parsed = parse_situation("{}", *loaded.rules, Date::from_ymd(2026, 5, 1));
    REQUIRE(parsed.situation);
    Evaluation e(*loaded.rules, *parsed.situation);
    // February, March at 600 €, April at 650 € (revalued on 1 April 2026)
    Value v = e.rule_value(loaded.rules->find_rule("foyer.base_trimestre"));
    REQUIRE(v.known());
    CHECK(v.number.rounded(Decimal::from_cents(1), Rounding::Nearest) == *Decimal::parse("616,67"));
    CHECK(e.rule_value(loaded.rules->find_rule("foyer.jours")).number == Decimal::from_int(31));
}

TEST_CASE("A child is in the household from the month of their birth: au_mois leaves out a child born later", "[engine][evaluator]") {
    test::RulesFolder folder;
    folder.write("definitions/x.yaml",
                 "foyer.enfants_du_mois:\n  formule: nombre(enfants)\n"
                 "foyer.personnes_mois_1:\n  formule: au_mois(foyer.personnes; -1)\n"
                 "foyer.personnes_mois_2:\n  formule: au_mois(foyer.personnes; -2)\n"
                 "foyer.salaires_enfants_mois_2:\n  formule: au_mois(somme(enfants; personne.salaire_net); -2)\n");
    auto loaded = folder.load();
    for (const auto& d : loaded.diagnostics.items()) UNSCOPED_INFO(d.to_string());
    REQUIRE(loaded.rules);
    const RuleSet& R = *loaded.rules;
    // May 2026: a child of 2014 who earns 100 €, and a baby born on 10 April 2026.
    auto parsed = parse_situation(R"({"foyer": {"en_couple": false, "nombre_enfants": 2},
        "demandeur": {"date_naissance": "1990-01-01"},
        "enfants": [{"date_naissance": "2014-06-01", "salaire_net": 100}, {"date_naissance": "2026-04-10", "salaire_net": 0}]})",
                                  R, Date::from_ymd(2026, 5, 1));
    REQUIRE(parsed.situation);
    Evaluation e(R, *parsed.situation);
    auto number = [&](const char* rule) {
        Value v = e.rule_value(R.find_rule(rule));
        REQUIRE(v.known());
        return v.number.to_int();
    };
    CHECK(number("foyer.enfants_du_mois") == 2);
    CHECK(number("foyer.personnes") == 3);
    CHECK(number("foyer.personnes_mois_1") == 3);  // April: born on the 10th, a member on the 30th
    CHECK(number("foyer.personnes_mois_2") == 2);  // March: not born yet
    CHECK(number("foyer.salaires_enfants_mois_2") == 100);

    // Without the baby's birth date, the baby is counted (the rules that need the age ask for it).
    auto unknown = parse_situation(R"({"foyer": {"en_couple": false, "nombre_enfants": 2},
        "demandeur": {"date_naissance": "1990-01-01"}, "enfants": [{"date_naissance": "2014-06-01"}, {}]})",
                                   R, Date::from_ymd(2026, 5, 1));
    REQUIRE(unknown.situation);
    Evaluation u(R, *unknown.situation);
    Value v = u.rule_value(R.find_rule("foyer.personnes_mois_2"));
    REQUIRE(v.known());
    CHECK(v.number.to_int() == 3);
}

TEST_CASE("An amount read from a parameter whose revaluation is due and not verified says so, in the words of textes.yaml", "[engine][evaluator]") {
    test::RulesFolder folder;
    // mini.base: revalued on 1 April, last value on 1 April 2026, verified on 2 April 2026.
    folder.write("textes.yaml", "fraîcheur: \"Calculé avec le barème en vigueur en {valeur} ; celui attendu en {attendue} reste à vérifier.\"\n");
    auto loaded = folder.load();
    for (const auto& d : loaded.diagnostics.items()) UNSCOPED_INFO(d.to_string());
    REQUIRE(loaded.rules);
    const RuleSet& R = *loaded.rules;
    auto result_in = [&](const char* month) {
        auto parsed = parse_situation(fmt::format(R"({{"mois": "{}", "foyer": {{"en_couple": false, "nombre_enfants": 0}},
            "demandeur": {{"date_naissance": "1990-01-01", "etudiant": false, "salaire_net": 0}}}})", month), R, Date::from_ymd(2026, 5, 1));
        REQUIRE(parsed.situation);
        Evaluation e(R, *parsed.situation);
        return e.aid(R.find_aid("mini"));
    };
    AidResult fresh = result_in("2027-03");
    REQUIRE(fresh.status == AidStatus::Eligible);
    CHECK(fresh.unchecked.empty());
    AidResult stale = result_in("2027-05");
    REQUIRE(stale.status == AidStatus::Eligible);
    const std::string line = "Calculé avec le barème en vigueur en avril 2026 ; celui attendu en avril 2027 reste à vérifier.";
    REQUIRE_FALSE(stale.unchecked.empty());
    CHECK(stale.unchecked.front().id == "aide.fraicheur");
    CHECK(french().format(stale.unchecked.front()) == line);
    REQUIRE_FALSE(stale.explanation.empty());
    CHECK(french().format(stale.explanation.back().text) == line);

    // An amount made in an earlier month with au_mois() is judged in that month: in May 2027 an aid on the
    // base of April 2027 (due and not verified) says so; on the base of March 2027 it has nothing to say.
    for (auto [offset, expected] : {std::pair{-1, true}, {-2, false}}) {
        test::RulesFolder shifted;
        shifted.write("textes.yaml", "fraîcheur: \"Calculé avec le barème en vigueur en {valeur} ; celui attendu en {attendue} reste à vérifier.\"\n");
        shifted.write("aides/decalee.yaml", fmt::format("id: decalee\nnom: Aide d'un mois passé\norganisme: caf\npériodicité: mensuelle\n"
                                                        "montant:\n  étapes:\n    - id: montant\n      formule: au_mois($mini.base; {})\n", offset));
        auto again = shifted.load();
        for (const auto& d : again.diagnostics.items()) UNSCOPED_INFO(d.to_string());
        REQUIRE(again.rules);
        auto parsed = parse_situation(R"({"mois": "2027-05"})", *again.rules, Date::from_ymd(2026, 5, 1));
        REQUIRE(parsed.situation);
        Evaluation e(*again.rules, *parsed.situation);
        AidResult r = e.aid(again.rules->find_aid("decalee"));
        REQUIRE(r.status == AidStatus::Eligible);
        CHECK(!r.unchecked.empty() == expected);
    }
}

TEST_CASE("au_mois takes a whole number of months written as is", "[engine][diagnostics]") {
    test::RulesFolder folder;
    folder.write("definitions/x.yaml", "foyer.x:\n  formule: au_mois($mini.base; foyer.personnes)\n");
    auto loaded = folder.load();
    CHECK_FALSE(loaded.rules);
    CHECK(test::has_diagnostic(loaded.diagnostics, "R025", "definitions/x.yaml", 2));
}

namespace {
// A collectivité's folder (local/ville/) and one of its aids, valid from `from` to `until`.
void write_local_pack(test::RulesFolder& folder, const std::string& until = "2027-06-30", const std::string& aid_until = "2026-06-30") {
    folder.write("local/ville/collectivite.yaml",
                 "id: ville\nnom: la Ville d'essai\nterritoire:\n  départements:\n    - '75'\n  communes:\n    - '93066'\n"
                 "valide_du: 2025-01-01\nvalide_jusqu_au: " + until + "\nvérifié_le: 2026-01-10\n"
                 "accueil:\n  service: Centre d'action sociale\n  téléphone: 01 00 00 00 00\n");
    folder.write("local/ville/aides/aide_locale.yaml",
                 "id: aide_locale\nnom: Aide d'essai de la ville\norganisme: caf\nvalide_du: 2025-01-01\nvalide_jusqu_au: " + aid_until +
                 "\nvérifié_le: 2025-03-01\n"
                 "contact:\n  service: Centre d'action sociale\n  téléphone: 01 00 00 00 00\n"
                 "conditions:\n  - id: territoire\n    formule: département(logement.commune) = '75'\n    si_non: L'aide est réservée aux Parisiens.\n"
                 "montant:\n  étapes:\n    - id: montant\n      formule: $mini.seuil\n");
    folder.write("local/ville/aides/autre_aide.yaml",
                 "id: autre_aide\nnom: Autre aide de la ville\norganisme: caf\nvérifié_le: 2026-01-10\n"
                 "montant:\n  étapes:\n    - id: montant\n      formule: $mini.seuil\n");
    folder.write("textes.yaml", "aides_locales_ailleurs: \"Chez vous, {collectivite} : {aides} ({accueil}).\"\n");
}
}  // namespace

TEST_CASE("A local aid: its territory, its validity dates and its contact", "[engine][evaluator][local]") {
    test::RulesFolder folder;
    write_local_pack(folder);
    auto loaded = folder.load();
    for (const auto& d : loaded.diagnostics.items()) UNSCOPED_INFO(d.to_string());
    REQUIRE(loaded.rules);
    int aid = loaded.rules->find_aid("aide_locale");
    auto result_for = [&](const std::string& json) {
        auto parsed = parse_situation(json, *loaded.rules, Date::from_ymd(2026, 5, 1));
        REQUIRE(parsed.situation);
        Evaluation e(*loaded.rules, *parsed.situation);
        return e.aid(aid);
    };
    CHECK(result_for(R"({"logement": {"commune": "75056"}})").status == AidStatus::Eligible);
    AidResult elsewhere = result_for(R"({"logement": {"commune": "69123"}})");
    CHECK(elsewhere.status == AidStatus::NotEligible);
    CHECK(french().format(elsewhere.reason) == "L'aide est réservée aux Parisiens.");
    AidResult ended = result_for(R"({"mois": "2026-07", "logement": {"commune": "75056"}})");
    CHECK(ended.status == AidStatus::NotEligible);
    CHECK(french().format(ended.reason).find("30 juin 2026") != std::string::npos);
    const Aid& a = loaded.rules->aids[static_cast<std::size_t>(aid)];
    CHECK(a.contact.phone == "01 00 00 00 00");
    REQUIRE(a.local_pack == 0);
    CHECK(loaded.rules->local_packs[0].name == "la Ville d'essai");
    CHECK(loaded.rules->find_aid("autre_aide") >= 0);
    // vérifié_le 2025-03-01: a year later it is still fresh, a year and a day later borne rules check says so.
    CHECK(check_local_verification(*loaded.rules, Date::from_ymd(2026, 3, 1)).empty());
    auto late = check_local_verification(*loaded.rules, Date::from_ymd(2026, 3, 2));
    REQUIRE(late.items().size() == 1);
    CHECK(test::has_diagnostic(late, "R033", "local/ville/aides/aide_locale.yaml", 0));
}

TEST_CASE("A local pack or aid out of force on the day of loading is left out, naming its file", "[engine][local]") {
    test::RulesFolder folder;
    write_local_pack(folder, "2026-03-31");
    auto on = [](Date day) {
        LocalChoice local;
        local.today = day;
        return local;
    };
    auto expired = folder.load({.tests = true}, on(Date::from_ymd(2026, 4, 1)));
    REQUIRE(expired.rules);  // the national rules still run
    CHECK(expired.rules->find_aid("aide_locale") < 0);
    CHECK(expired.rules->local_packs.empty());
    CHECK(test::has_diagnostic(expired.diagnostics, "R032", "local/ville/collectivite.yaml", 0));
    // The pack in force, one of its aids ended.
    write_local_pack(folder, "2027-06-30", "2026-03-31");
    auto aid_ended = folder.load({.tests = true}, on(Date::from_ymd(2026, 4, 1)));
    REQUIRE(aid_ended.rules);
    CHECK(aid_ended.rules->find_aid("aide_locale") < 0);
    CHECK(aid_ended.rules->find_aid("autre_aide") >= 0);
    CHECK(test::has_diagnostic(aid_ended.diagnostics, "R032", "local/ville/aides/aide_locale.yaml", 0));
    // The day before the end, both are there.
    auto in_force = folder.load({.tests = true}, on(Date::from_ymd(2026, 3, 31)));
    REQUIRE(in_force.rules);
    CHECK(in_force.rules->find_aid("aide_locale") >= 0);
    CHECK(in_force.diagnostics.items().empty());
}

TEST_CASE("A local aid without vérifié_le, a pack without collectivite.yaml, a file loose in local/: errors", "[engine][local]") {
    test::RulesFolder folder;
    write_local_pack(folder);
    folder.write("local/ville/aides/autre_aide.yaml", "id: autre_aide\nnom: Autre aide\norganisme: caf\nmontant:\n  étapes:\n    - id: montant\n      formule: $mini.seuil\n");
    folder.write("local/sans_fichier/aides/x.yaml", "id: x\n");
    folder.write("local/perdue.yaml", "id: perdue\n");
    auto loaded = folder.load();
    CHECK_FALSE(loaded.rules);
    CHECK(test::has_diagnostic(loaded.diagnostics, "R004", "local/ville/aides/autre_aide.yaml", 0));
    CHECK(test::has_diagnostic(loaded.diagnostics, "R004", "local/sans_fichier", 0));
    CHECK(test::has_diagnostic(loaded.diagnostics, "R003", "local/perdue.yaml", 0));
}

TEST_CASE("A site evaluates only the local aids it chose; a visitor from the pack's territory is told of the others", "[engine][local]") {
    test::RulesFolder folder;
    write_local_pack(folder);
    LocalChoice site;
    site.aids = std::vector<std::string>{"autre_aide"};
    auto chosen = folder.load({.tests = false}, site);
    for (const auto& d : chosen.diagnostics.items()) UNSCOPED_INFO(d.to_string());
    REQUIRE(chosen.rules);
    CHECK(chosen.rules->find_aid("aide_locale") < 0);
    CHECK(chosen.rules->find_aid("autre_aide") >= 0);
    auto lines_for = [&](const RuleSet& rules, const std::string& commune, std::string_view site) {
        auto parsed = parse_situation(R"({"logement": {"commune": ")" + commune + R"("}})", rules, Date::from_ymd(2026, 5, 1));
        REQUIRE(parsed.situation);
        std::vector<std::string> out;
        for (const auto& m : local_aids_elsewhere(rules, *parsed.situation, site)) out.push_back(french().format(m));
        return out;
    };
    // A site in Lyon (69123), a visitor from Saint-Denis (93066, listed by code): the aid not chosen, by name.
    CHECK(lines_for(*chosen.rules, "93066", "69123") ==
          std::vector<std::string>{"Chez vous, la Ville d'essai : Aide d'essai de la ville (Centre d'action sociale, 01 00 00 00 00)."});
    // A visitor from the 11e arrondissement (département 75): the same.
    CHECK(lines_for(*chosen.rules, "75111", "69123").size() == 1);
    // A visitor from Lyon: no pack covers it.
    CHECK(lines_for(*chosen.rules, "69123", "69123").empty());
    // The site is itself in the pack's territory: what it did not choose stays unsaid.
    CHECK(lines_for(*chosen.rules, "75111", "75056").empty());
    // Every aid evaluated (no site file): nothing to tell.
    auto all = folder.load({.tests = false});
    REQUIRE(all.rules);
    CHECK(lines_for(*all.rules, "75111", "69123").empty());
}

namespace {
// An aid with a refusing condition, then one that sends the case to an agent (si_non_statut: à_vérifier).
const char* const aid_sent_to_agent = R"(id: renvoi
nom: Aide renvoyée à un agent
organisme: caf
périodicité: mensuelle
conditions:
  - id: etudes
    formule: non demandeur.etudiant
    si_non: Les étudiants n'y ont pas droit.
  - id: jeune
    formule: demandeur.âge >= $mini.age_minimum
    si_non: "À vérifier avec un agent : la borne ne calcule pas cette aide avant 25 ans."
    si_non_statut: à_vérifier
montant:
  étapes:
    - id: montant
      formule: $mini.base
)";
}  // namespace

TEST_CASE("A condition with si_non_statut: à_vérifier sends the aid to an agent; an earlier refusal still refuses", "[engine][evaluator]") {
    test::RulesFolder folder;
    folder.write("aides/renvoi.yaml", aid_sent_to_agent);
    auto loaded = folder.load();
    REQUIRE(loaded.rules);
    const RuleSet& R = *loaded.rules;
    auto evaluate = [&](const std::string& json) { return evaluate_aid(R, "renvoi", json); };
    AidResult young = evaluate(R"({"demandeur": {"date_naissance": "2006-01-01", "etudiant": false}})");
    CHECK(young.status == AidStatus::ToCheck);
    CHECK(status_name(young.status) == "a_verifier");
    CHECK(french().format(young.reason) == "À vérifier avec un agent : la borne ne calcule pas cette aide avant 25 ans.");
    AidResult student = evaluate(R"({"demandeur": {"date_naissance": "2006-01-01", "etudiant": true}})");
    CHECK(student.status == AidStatus::NotEligible);
    CHECK(french().format(student.reason) == "Les étudiants n'y ont pas droit.");
    CHECK(evaluate(R"({"demandeur": {"date_naissance": "1990-01-01", "etudiant": false}})").status == AidStatus::Eligible);
}

TEST_CASE("An « à vérifier » note with « si » is shown when its condition holds or is unknown, not when it is false", "[engine][evaluator]") {
    test::RulesFolder folder;
    folder.append("aides/mini.yaml",
                  "à_vérifier:\n  - Toujours affichée.\n  - texte: Pour un couple seulement.\n    si: foyer.en_couple\n"
                  "  - texte: Pour un foyer avec un enfant de 25 ans ou plus.\n    si: existe(enfants où personne.âge >= $mini.age_minimum)\n");
    auto loaded = folder.load();
    REQUIRE(loaded.rules);
    const RuleSet& R = *loaded.rules;
    auto notes_for = [&](const std::string& json) {
        AidResult r = evaluate_aid(R, "mini", json);
        CHECK(r.status == AidStatus::Eligible);
        std::vector<std::string> texts;
        for (const Message& m : r.unchecked) texts.push_back(french().format(m));
        return texts;
    };
    std::string adult = R"("demandeur": {"date_naissance": "1990-01-01", "salaire_net": 0, "etudiant": false})";
    using Notes = std::vector<std::string>;
    CHECK(notes_for(R"({"foyer": {"en_couple": false, "nombre_enfants": 0}, )" + adult + "}") == Notes{"Toujours affichée."});
    CHECK(notes_for(R"({"foyer": {"en_couple": true, "nombre_enfants": 0}, )" + adult +
                    R"(, "conjoint": {"date_naissance": "1990-01-01", "salaire_net": 0, "etudiant": false}})") ==
          Notes{"Toujours affichée.", "Pour un couple seulement."});
    // The child's age is not given: the note may concern the household, so it is shown.
    CHECK(notes_for(R"({"foyer": {"en_couple": false, "nombre_enfants": 1}, )" + adult + "}") ==
          Notes{"Toujours affichée.", "Pour un foyer avec un enfant de 25 ans ou plus."});
    CHECK(notes_for(R"({"foyer": {"en_couple": false, "nombre_enfants": 1}, )" + adult + R"(, "enfants": [{"date_naissance": "2020-03-01"}]})") ==
          Notes{"Toujours affichée."});
}

TEST_CASE("An explanation step still unknown when the amount is known is left out: it did not make the amount", "[engine][evaluator]") {
    test::RulesFolder folder;
    folder.write("aides/forfait.yaml", R"(id: forfait
nom: Aide forfaitaire
organisme: caf
périodicité: mensuelle
conditions:
  - id: etudes
    formule: non demandeur.etudiant
    si_non: Les étudiants n'y ont pas droit.
montant:
  étapes:
    - id: revenus
      formule: demandeur.salaire_net
      explication: "Vos revenus : {revenus}"
    - id: montant
      formule: $mini.base
      explication: "Forfait : {montant}"
)");
    auto loaded = folder.load();
    REQUIRE(loaded.rules);
    const RuleSet& R = *loaded.rules;
    auto steps_for = [&](const std::string& json) {
        AidResult r = evaluate_aid(R, "forfait", json);
        REQUIRE(r.status == AidStatus::Eligible);
        std::vector<std::string> ids;
        for (const auto& line : r.explanation) ids.push_back(line.rule);
        return ids;
    };
    using Steps = std::vector<std::string>;
    CHECK(steps_for(R"({"demandeur": {"etudiant": false}})") == Steps{"forfait.montant"});
    CHECK(steps_for(R"({"demandeur": {"etudiant": false, "salaire_net": 120}})") == Steps{"forfait.revenus", "forfait.montant"});
}
