// The situation format: what the kiosk fills and saves, validated with errors that name the place.
#include "borne/engine/situation.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace borne;
using namespace borne::engine;

namespace {
std::shared_ptr<const RuleSet> mini() {
    static auto rules = load_rules(test::mini_rules().string()).rules;
    REQUIRE(rules);
    return rules;
}
std::vector<SituationError> errors_of(const std::string& json) { return parse_situation(json, *mini(), Date::from_ymd(2026, 5, 1)).errors; }
bool has_error_at(const std::vector<SituationError>& errors, const std::string& path) {
    return std::any_of(errors.begin(), errors.end(), [&](const auto& e) { return e.path == path; });
}
}  // namespace

TEST_CASE("Bad situations are refused with the path of each problem", "[engine][situation]") {
    CHECK(has_error_at(errors_of(R"({"demandeur": {"date_naissance": "23/08/2001"}})"), "demandeur.date_naissance"));
    CHECK(has_error_at(errors_of(R"({"demandeur": {"salaire": 1}})"), "demandeur.salaire"));
    CHECK(has_error_at(errors_of(R"({"logement": {"statut": "chateau"}})"), "logement.statut"));
    CHECK(has_error_at(errors_of(R"({"demandeur": {"salaire_net": -5}})"), "demandeur.salaire_net"));
    CHECK(has_error_at(errors_of(R"({"foyer": {"nombre_enfants": 1}, "enfants": [{}, {}]})"), "enfants"));
    CHECK(has_error_at(errors_of(R"({"foyer": {"en_couple": false}, "conjoint": {}})"), "conjoint"));
    CHECK(has_error_at(errors_of(R"({"version": 7})"), "version"));
    CHECK(has_error_at(errors_of(R"({"voisin": {}})"), "voisin"));
    CHECK(has_error_at(errors_of(R"({"demandeur": {"date_naissance": null}})"), "demandeur.date_naissance"));  // no « je ne sais pas » here
    CHECK_FALSE(errors_of("{ pas du json").empty());
    CHECK_FALSE(errors_of("[]").empty());
}

TEST_CASE("The shape of the household follows from what is given", "[engine][situation]") {
    auto parsed = parse_situation(R"({"conjoint": {}, "enfants": [{}, {}]})", *mini(), Date::from_ymd(2026, 5, 1));
    REQUIRE(parsed.situation);
    const Situation& s = *parsed.situation;
    CHECK(s.in_couple(*mini()) == true);
    CHECK(s.child_count(*mini()) == 2);
    CHECK(s.persons.size() == 4);
}

TEST_CASE("A situation survives a round trip through its JSON", "[engine][situation]") {
    std::string text = R"({"mois": "2026-03", "foyer": {"en_couple": true, "nombre_enfants": 1},
        "demandeur": {"date_naissance": "1990-01-01", "etudiant": null, "salaire_net": 1234.56},
        "conjoint": {"salaire_net": 0}, "enfants": [{"date_naissance": "2020-02-02"}],
        "logement": {"statut": "locataire", "commune": "75056"}})";
    auto first = parse_situation(text, *mini(), Date::from_ymd(2026, 5, 1));
    REQUIRE(first.situation);
    auto written = situation_to_json(*first.situation, *mini());
    auto second = parse_situation(written.dump(), *mini(), Date::from_ymd(2020, 1, 1));
    REQUIRE(second.situation);
    CHECK(situation_to_json(*second.situation, *mini()) == written);
    CHECK(written["mois"] == "2026-03");
    CHECK(written["demandeur"]["etudiant"].is_null());
}

TEST_CASE("A number too large to hold is an error, not a crash (found by fuzz_situation_parser)", "[engine][situation]") {
    CHECK_FALSE(errors_of(R"({"demandeur": {"salaire_net": 6666666666666666666666666666666666}})").empty());
    CHECK_FALSE(errors_of(R"({"version": 66666666666666666666666666666666666666})").empty());
    CHECK_FALSE(errors_of("66666666666666666e666").empty());  // the fuzzer's input: nlohmann throws out_of_range
}
