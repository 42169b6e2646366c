// The results a household reaches by answering the kiosk's questions equal the results of its complete
// situation: for every public reference household and every persona, each aid's status, amount and
// assumptions. A change that skips a question, or settles it by default, and so moves a result, fails
// here naming the household, the aid, what the complete situation gives and what the kiosk reached.
#include "borne/engine/files.hpp"
#include "support.hpp"
#include "../sanitized.hpp"

#include "borne/engine/formatter.hpp"
#include "borne/engine/reference_case.hpp"
#include "borne/kiosk/visit_play.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace borne;
namespace fs = std::filesystem;

namespace {

struct Household {
    std::string name;
    engine::Situation situation;
};

/// The public reference households (the set the reference tests read) then the personas; a file that
/// cannot be read fails the test, naming it.
std::vector<Household> households() {
    std::vector<Household> out;
    fs::path cases = fs::path(BORNE_SHARED_DIR) / "reference-cases";
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(cases))
        if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        auto imported = engine::import_reference_case(nlohmann::json::parse(engine::read_file(f.string()).value_or(""), nullptr, false));
        INFO(f.string() << ": " << imported.error);
        REQUIRE(imported.reference);
        auto parsed = engine::parse_situation_document(imported.reference->situation, *test::bundled_rules(), engine::Date::from_ymd(2026, 5, 1));
        REQUIRE(parsed.situation);
        out.push_back({f.stem().string(), std::move(*parsed.situation)});
    }
    for (const auto& f : test::personas()) out.push_back({"persona " + f.stem().string(), test::read_persona(f)});
    return out;
}

std::string status_and_amount(const engine::AidResult& r) {
    std::string status(engine::status_name(r.status));
    // The exact amount: a cent rounded away would hide a change.
    return r.status == engine::AidStatus::Eligible ? fmt::format("{} {} €", status, r.amount.to_plain()) : status;
}

std::string assumptions(const engine::AidResult& r) {
    std::string out;
    for (const auto& m : r.assumptions) out += (out.empty() ? "" : " ; ") + engine::french().format(m);
    return out.empty() ? "aucune" : out;
}

/// One sentence per aid whose status, amount (or assumptions, where it has some) differ between the complete situation
/// (expected) and the answers the kiosk holds (got).
std::vector<std::string> differences(const std::string& household, const engine::Situation& complete, const engine::Situation& reached) {
    const engine::RuleSet& R = *test::bundled_rules();
    engine::Evaluation expected_evaluation(R, complete), got_evaluation(R, reached);
    auto expected = expected_evaluation.all_aids(), got = got_evaluation.all_aids();
    std::vector<std::string> out;
    for (std::size_t a = 0; a < expected.size(); ++a) {
        const std::string& aid = R.aids[static_cast<std::size_t>(expected[a].aid)].id;
        if (status_and_amount(expected[a]) != status_and_amount(got[a]))
            out.push_back(fmt::format("{} : {} : attendu {}, obtenu à la borne {}", household, aid, status_and_amount(expected[a]), status_and_amount(got[a])));
        // The kiosk states what it assumed instead of asking (a child's schooling from the year of birth,
        // rules/questions par_défaut_si), which the complete situation answers outright: assumptions are
        // compared only where the complete situation has some too.
        if (assumptions(expected[a]) != "aucune" && assumptions(expected[a]) != assumptions(got[a]))
            out.push_back(fmt::format("{} : {} : hypothèses attendues « {} », obtenues à la borne « {} »", household, aid, assumptions(expected[a]),
                                      assumptions(got[a])));
    }
    return out;
}

}  // namespace

TEST_CASE("Every reference household and persona answered through the kiosk gets the results of its complete situation",
          "[kiosk][flow][reference]") {
    auto all = households();
    REQUIRE(all.size() >= 30);  // 26 public reference households and 5 personas when this was written
    for (const auto& h : test::sanitizer_sample(all)) {
        auto played = kiosk::play_visit(test::bundled_rules(), &test::communes(), h.situation);
        INFO(h.name << ": " << played.problem);
        CHECK(played.reached_results);
        // Every question the kiosk asked has its answer in these complete households.
        for (const auto& note : played.dont_know) FAIL_CHECK(h.name << " : " << note);
        for (const auto& d : differences(h.name, h.situation, played.situation)) FAIL_CHECK(d);
    }
}

TEST_CASE("The comparison names the household, the aid, the expected and the reached result when an answer is left unasked",
          "[kiosk][flow][reference]") {
    // The same comparison, on the reached answers less one the kiosk asked (the housing status of the
    // parent isolé): the housing aids can no longer be decided, and each difference says so.
    auto persona = test::read_persona(fs::path(BORNE_SOURCE_DIR) / "tests/personas/parent-isole.json");
    auto played = kiosk::play_visit(test::bundled_rules(), &test::communes(), persona);
    REQUIRE(played.reached_results);
    int housing = test::bundled_rules()->find_input("logement.statut");
    REQUIRE(housing >= 0);
    REQUIRE(played.situation.get(housing, -1).state == engine::Answer::State::Given);
    engine::Situation unasked = played.situation;
    unasked.household[static_cast<std::size_t>(housing)] = {};
    auto found = differences("parent-isole", persona, unasked);
    REQUIRE(!found.empty());
    std::string all;
    for (const auto& d : found) all += d + "\n";
    INFO(all);
    CHECK(all.find("parent-isole : ") == 0);
    CHECK(all.find(", obtenu à la borne indetermine") != std::string::npos);
}
