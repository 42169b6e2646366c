// The headless player and a situation without some answer: it touches « Je ne sais pas » where the
// question offers it, and says so; it stops with an error naming the question and the field where the
// question does not offer it.
#include "support.hpp"

#include "borne/kiosk/visit_play.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <fstream>
#include <unistd.h>

using namespace borne;
namespace fs = std::filesystem;

namespace {

/// The persona handicap.json without `field` of the claimant, as a situation file's text.
std::string handicap_without(const std::string& field) {
    std::ifstream in(fs::path(BORNE_SOURCE_DIR) / "tests/personas/handicap.json");
    auto doc = nlohmann::json::parse(in);
    REQUIRE(doc["demandeur"].contains(field));
    doc["demandeur"].erase(field);
    return doc.dump(1);
}

engine::Situation parsed(const std::string& text) {
    auto s = engine::parse_situation(text, *test::bundled_rules(), engine::Date::from_ymd(2026, 5, 1));
    REQUIRE(s.situation);
    return std::move(*s.situation);
}

}  // namespace

TEST_CASE("A situation without the incapacity rate: the player touches « Je ne sais pas », says so, and reaches the results",
          "[kiosk][flow][persona]") {
    auto situation = parsed(handicap_without("taux_incapacite"));
    auto played = kiosk::play_visit(test::bundled_rules(), &test::communes(), situation);
    INFO(played.problem);
    REQUIRE(played.reached_results);
    REQUIRE(played.dont_know.size() == 1);
    CHECK(played.dont_know.front().find("« Je ne sais pas » touché") != std::string::npos);
    CHECK(played.dont_know.front().find("Quel taux d'incapacité la MDPH vous a-t-elle donné") != std::string::npos);
    CHECK(played.dont_know.front().find("demandeur.taux_incapacite") != std::string::npos);
    int rate = test::bundled_rules()->find_input("personne.taux_incapacite");
    REQUIRE(rate >= 0);
    CHECK(played.situation.get(rate, 0).state == engine::Answer::State::DontKnow);
}

TEST_CASE("A situation without the rent, a question with no « Je ne sais pas »: the player stops, naming the question and the field",
          "[kiosk][flow][persona]") {
    std::ifstream in(fs::path(BORNE_SOURCE_DIR) / "tests/personas/handicap.json");
    auto doc = nlohmann::json::parse(in);
    doc["logement"].erase("loyer");
    auto played = kiosk::play_visit(test::bundled_rules(), &test::communes(), parsed(doc.dump()));
    CHECK_FALSE(played.reached_results);
    INFO(played.problem);
    CHECK(played.problem.find("la situation ne répond pas à « ") == 0);
    CHECK(played.problem.find("logement.loyer") != std::string::npos);
    CHECK(played.problem.find("n'offre pas « Je ne sais pas »") != std::string::npos);
}

TEST_CASE("borne-kiosk --headless on a situation without the incapacity rate touches « Je ne sais pas » and says it in its output",
          "[kiosk][headless][persona]") {
    auto dir = fs::temp_directory_path() / fmt::format("borne-kiosk-dont-know-{}", getpid());
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto file = dir / "handicap-sans-taux.json";
    std::ofstream(file) << handicap_without("taux_incapacite");
    auto kiosk = test::run(fmt::format("{} --headless --persona {} --size 1024x768 --results {}", BORNE_KIOSK_EXE, file.string(),
                                       (dir / "resultats.json").string()));
    INFO(kiosk.output);
    CHECK(kiosk.status == 0);
    CHECK(kiosk.output.find("« Je ne sais pas » touché : la situation ne répond pas à « Quel taux d'incapacité") != std::string::npos);
    CHECK(fs::exists(dir / "resultats.json"));
    fs::remove_all(dir);
}
