#include "expr_parser.hpp"

#include <catch2/catch.hpp>

using namespace borne::engine;

namespace {
ParseError parse_error_of(const std::string& text) {
    RuleSet rules;
    std::uint32_t root = 0;
    ParseError err;
    REQUIRE_FALSE(parse_expression(text, rules, root, err));
    return err;
}
bool parses(const std::string& text) {
    RuleSet rules;
    std::uint32_t root = 0;
    ParseError err;
    return parse_expression(text, rules, root, err);
}
}  // namespace

TEST_CASE("Names compare without accents or case", "[engine][parser]") {
    CHECK(fold_name("âge") == "age");
    CHECK(fold_name("Montant_Versé") == "montant_verse");
    CHECK(fold_name("cœur") == "coeur");
    CHECK(fold_name("3 et plus") == "3_et_plus");
}

TEST_CASE("The expression language parses what LANGAGE.md documents", "[engine][parser]") {
    CHECK(parses("$rsa.montant_de_base × (1 + $rsa.majoration[deuxieme_personne])"));
    CHECK(parses("si foyer.en_couple alors 1 sinon 0"));
    CHECK(parses("demandeur.âge >= 25 ans ou nombre(enfants où personne.âge < 3 ans) >= 1"));
    CHECK(parses("arrondi(x; 100 €; supérieur)"));
    CHECK(parses("somme(adultes; personne.salaire_net) * 12"));
    CHECK(parses("logement.statut dans (locataire_vide; locataire_meuble)"));
    CHECK(parses("demandeur.date_naissance + 14 ans < 2026-03-01"));
    CHECK(parses("donnée(zones_apl; logement.commune) = 1"));
    CHECK(parses("a ≥ b et c ≠ d et non e"));
}

TEST_CASE("Syntax errors point at the character and say what was expected", "[engine][parser]") {
    CHECK(parse_error_of("si a alors b").message.find("sinon") != std::string::npos);
    CHECK(parse_error_of("min(a; b").message.find(")") != std::string::npos);
    ParseError e = parse_error_of("1 + + ");
    CHECK(e.offset == 4);
    CHECK(parse_error_of("inconnue(3)").message.find("fonction inconnue") != std::string::npos);
    CHECK(parse_error_of("somme(voisins; x)").message.find("collection") != std::string::npos);
    CHECK(parse_error_of("'non fermé").message.find("refermé") != std::string::npos);
}

TEST_CASE("Hostile nesting is refused, not overflowed", "[engine][parser]") {
    std::string deep(5000, '(');
    CHECK_FALSE(parses(deep + "1" + std::string(5000, ')')));
    std::string nots;
    for (int k = 0; k < 5000; ++k) nots += "non ";
    CHECK_FALSE(parses(nots + "vrai"));
}

TEST_CASE("« non » alone is the value false", "[engine][parser]") {
    RuleSet rules;
    std::uint32_t root = 0;
    ParseError err;
    REQUIRE(parse_expression("non", rules, root, err));
    CHECK(rules.nodes[root].kind == NodeKind::Bool);
    REQUIRE(parse_expression("non a et b", rules, root, err));
    CHECK(rules.nodes[root].kind == NodeKind::Binary);
}
