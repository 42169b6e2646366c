// The « Qui ? » and « Quels revenus ? » screens through the kiosk's buttons: toggles, « Personne »,
// the recap's one line, and the persona player ticking them from a situation file.
#include "borne/engine/typography.hpp"
#include "borne/kiosk/persona.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace borne;
using kiosk::Screen;

namespace {

auto t0 = kiosk::Clock::time_point{} + std::chrono::hours(1000);

engine::Situation family() { return test::read_persona(std::filesystem::path(BORNE_SOURCE_DIR) / "tests/personas/couple-trois-enfants.json"); }

/// Plays `persona` until the screen is the group `group_id` (or the results); the player answers the rest.
void play_until_group(kiosk::Flow& flow, const engine::Situation& persona, const std::string& group_id) {
    kiosk::PersonaPlayer player(persona, &test::communes());
    for (int k = 0; k < 2000; ++k) {
        if (auto g = flow.current_group(); g && flow.rules().groups[static_cast<std::size_t>(g->first)].id == group_id) return;
        auto next = player.next(flow);
        INFO(next.problem);
        REQUIRE(next.step == kiosk::PersonaPlayer::Step::Tap);
        flow.tap(next.tap, t0);
    }
    FAIL("the screen " << group_id << " never showed");
}

const kiosk::Button* choice(const kiosk::View& v, const std::string& id) {
    for (const auto& b : v.choices)
        if (b.id == id) return &b;
    return nullptr;
}

}  // namespace

TEST_CASE("A « Qui ? » screen shows the household's persons as toggles, and « Personne » says no for all", "[kiosk][groups]") {
    const auto persona = family();
    auto flow = test::make_flow(persona.month);
    play_until_group(*flow, persona, "foyer.situations");
    const kiosk::View& v = flow->view();
    CHECK(v.screen == Screen::Group);
    CHECK(v.title == engine::french_typography("Quelqu'un de votre foyer est-il dans une de ces situations ?"));
    // A grid: the handicap of the claimant, the partner and three children (their ages once their birth
    // dates are known), the pregnancy of the two adults, the household's court case in one toggle, then
    // « Personne ».
    REQUIRE(v.choices.size() == 9);
    REQUIRE(v.choice_rows.size() == 3);
    CHECK(v.choice_rows[0].heading == "Un handicap reconnu (MDPH)");
    CHECK((v.choice_rows[0].first == 0 && v.choice_rows[0].count == 5));
    CHECK(v.choice_rows[1].heading == "Une grossesse en cours");
    CHECK((v.choice_rows[1].first == 5 && v.choice_rows[1].count == 2));
    CHECK(v.choice_rows[2].heading.empty());
    CHECK((v.choice_rows[2].first == 7 && v.choice_rows[2].count == 1));
    CHECK(v.choices[0].label == "Moi");
    CHECK(v.choices[1].label == "Mon conjoint");
    CHECK(v.choices[2].label.starts_with("Mon 1er enfant"));
    CHECK(v.choices[6].label == "Mon conjoint");
    CHECK(v.choices[7].label == engine::french_typography("Une affaire en justice, en cours ou à venir"));
    CHECK(v.choices.back().id == "aucun");
    CHECK(v.choices.back().label == "Personne");
    // A tap ticks, a second unticks; the state shows by its pictogram, not by colour alone.
    REQUIRE(choice(v, "qui:1"));
    CHECK_FALSE(choice(v, "qui:1")->ticked);
    CHECK(choice(v, "qui:1")->pictogram == "case_vide");
    flow->tap("qui:1", t0);
    CHECK(choice(flow->view(), "qui:1")->ticked);
    CHECK(choice(flow->view(), "qui:1")->pictogram == "case_cochee");
    flow->tap("qui:1", t0);
    CHECK_FALSE(choice(flow->view(), "qui:1")->ticked);
    flow->tap("qui:2", t0);
    flow->tap("aucun", t0);  // « Personne » clears the ticks and answers
    CHECK(flow->view().screen != Screen::Group);
    const auto& R = flow->rules();
    const int handicap = R.input_index.at("personne.handicap");
    for (std::size_t p = 0; p < flow->situation().persons.size(); ++p) {
        INFO("person " << p);
        CHECK(flow->situation().get(handicap, static_cast<int>(p)).state == engine::Answer::State::Given);
        CHECK_FALSE(flow->situation().get(handicap, static_cast<int>(p)).boolean);
    }
}

TEST_CASE("The recap shows a group screen on one line that opens it again with its ticks", "[kiosk][groups]") {
    const auto persona = family();
    auto flow = test::make_flow(persona.month);
    kiosk::PersonaPlayer player(persona, &test::communes());
    for (int k = 0; k < 2000 && flow->view().screen != Screen::Recap; ++k) flow->tap(player.next(*flow).tap, t0);
    REQUIRE(flow->view().screen == Screen::Recap);
    const kiosk::Line* incomes = nullptr;
    int group_lines = 0;
    for (const auto& l : flow->view().lines) {
        if (l.text == engine::french_typography("Quels revenus avez-vous ?")) incomes = &l;
        for (const char* group : {"Quelqu'un de votre foyer", "Un de vos enfants", "Quels revenus"})
            if (l.text.starts_with(engine::french_typography(group))) ++group_lines;
    }
    REQUIRE(incomes);
    CHECK(incomes->detail == "Un salaire");  // the claimant's 2 100 € salary; nothing else
    CHECK(group_lines >= 3);
    std::string button = incomes->button;
    flow->tap(button, t0);
    REQUIRE(flow->view().screen == Screen::Group);
    CHECK(choice(flow->view(), "type:salaire_net")->ticked);
    CHECK_FALSE(choice(flow->view(), "type:chomage_net")->ticked);
    // Unchanged and validated: the salary already given stays, no new question, back to the recap.
    flow->tap("valider", t0);
    CHECK(flow->view().screen == Screen::Recap);
    CHECK(flow->situation().get(flow->rules().input_index.at("personne.salaire_net"), 0).number == engine::Decimal::from_int(2100));
}

TEST_CASE("A ticked income is asked next on its own screen, an unticked one is 0 €", "[kiosk][groups]") {
    auto persona = family();
    auto flow = test::make_flow(persona.month);
    play_until_group(*flow, persona, "personne.quels_revenus");
    const auto [group, person] = *flow->current_group();
    REQUIRE(person == 0);
    flow->tap("type:chomage_net", t0);
    flow->tap("valider", t0);
    const auto& R = flow->rules();
    CHECK(flow->situation().get(R.input_index.at("personne.chomage_net"), 0).state == engine::Answer::State::Absent);
    CHECK(flow->situation().get(R.input_index.at("personne.salaire_net"), 0).number == engine::Decimal{});
    // The screens that follow ask the unemployment benefit (once the rules want it) and never the salary.
    bool asked = false;
    kiosk::PersonaPlayer player(persona, &test::communes());
    for (int k = 0; k < 400 && flow->view().screen != Screen::Recap; ++k) {
        if (auto q = flow->current_question(); q && flow->view().screen == Screen::Question) {
            CHECK(*q != std::pair{R.input_index.at("personne.salaire_net"), 0});
            if (*q == std::pair{R.input_index.at("personne.chomage_net"), 0}) {
                asked = true;
                break;
            }
        }
        auto next = player.next(*flow);
        if (next.step != kiosk::PersonaPlayer::Step::Tap) break;
        flow->tap(next.tap, t0);
    }
    CHECK(asked);
}

TEST_CASE("The persona player stops with a clear message when the situation does not say what a group screen settles", "[kiosk][groups]") {
    auto persona = family();
    const auto& R = *test::bundled_rules();
    // The eldest child's salary left out: nothing says whether that child has an income.
    persona.persons[4][static_cast<std::size_t>(R.input_index.at("personne.salaire_net"))] = {};
    auto flow = test::make_flow(persona.month);
    kiosk::PersonaPlayer player(persona, &test::communes());
    kiosk::PersonaPlayer::Next next;
    for (int k = 0; k < 2000; ++k) {
        next = player.next(*flow);
        if (next.step != kiosk::PersonaPlayer::Step::Tap) break;
        flow->tap(next.tap, t0);
    }
    REQUIRE(next.step == kiosk::PersonaPlayer::Step::Stuck);
    CHECK(flow->view().screen == Screen::Group);
    CHECK(next.problem.find("Un de vos enfants a-t-il des revenus") != std::string::npos);
    CHECK(next.problem.find("enfants[2].salaire_net") != std::string::npos);
}
