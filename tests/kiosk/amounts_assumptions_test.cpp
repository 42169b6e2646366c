// Amounts typed per week or per year, and the answers the kiosk assumes instead of asking (schooling from
// the year of birth): what the situation holds, what the screens and the slip say, how the visitor corrects.
#include "borne/engine/files.hpp"
#include "borne/engine/formatter.hpp"
#include "borne/engine/typography.hpp"
#include "borne/kiosk/persona.hpp"
#include "borne/printing/render.hpp"
#include "borne/printing/ticket.hpp"
#include "../../kiosk/app/headless.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <cstdlib>
#include <fstream>
#include <unistd.h>

using namespace borne;
using kiosk::Screen;

namespace {

auto t0 = kiosk::Clock::time_point{} + std::chrono::hours(2000);

std::filesystem::path persona_file(const std::string& name) { return std::filesystem::path(BORNE_SOURCE_DIR) / "tests/personas" / name; }

bool is_amount_question(const kiosk::Flow& flow) {
    auto q = flow.current_question();
    return flow.view().screen == Screen::Question && q &&
           flow.rules().inputs[static_cast<std::size_t>(q->first)].input_type == engine::InputType::Amount;
}

/// Taps the persona's answers until `stop` holds (or the results), recording every question asked.
template <class Stop>
void play_until(kiosk::Flow& flow, kiosk::PersonaPlayer& player, Stop stop, std::vector<std::pair<int, int>>* asked = nullptr) {
    for (int k = 0; k < 2000 && !stop(flow); ++k) {
        if (asked && flow.view().screen == Screen::Question && (asked->empty() || asked->back() != *flow.current_question()))
            asked->push_back(*flow.current_question());
        auto next = player.next(flow);
        INFO(next.problem);
        REQUIRE(next.step != kiosk::PersonaPlayer::Step::Stuck);
        if (next.step == kiosk::PersonaPlayer::Step::Done) return;
        flow.tap(next.tap, t0);
        REQUIRE(flow.invariant_violation().empty());
    }
}

void type(kiosk::Flow& flow, const std::string& digits) {
    for (std::size_t k = 0; k < flow.view().entry_length; ++k) flow.tap("key:effacer", t0);
    for (char c : digits) flow.tap(c == ',' ? std::string("key:virgule") : fmt::format("key:{}", c), t0);
}

const kiosk::Button* button(const std::vector<kiosk::Button>& buttons, const std::string& id) {
    for (const auto& b : buttons)
        if (b.id == id) return &b;
    return nullptr;
}

const kiosk::Line* line_with(const kiosk::View& v, const std::string& text) {
    for (const auto& l : v.lines)
        if (l.text.find(text) != std::string::npos || l.detail.find(text) != std::string::npos) return &l;
    return nullptr;
}

/// « 1 083,33 € » as the screens write it (French typography's no-break spaces).
std::string euros(const char* amount) { return engine::french_typography(engine::french().amount(*engine::Decimal::parse(amount))); }

int scolarite() { return test::bundled_rules()->find_input("personne.scolarite"); }

}  // namespace

TEST_CASE("An amount typed per week or per year: the situation holds the monthly amount, said under the entry and on the recap",
          "[kiosk][flow][periode]") {
    auto persona = test::read_persona(persona_file("couple-trois-enfants.json"));
    auto flow = test::make_flow(persona.month);
    kiosk::PersonaPlayer player(persona, &test::communes());
    play_until(*flow, player, is_amount_question);
    REQUIRE(is_amount_question(*flow));
    const auto week_question = *flow->current_question();

    // Three buttons, per month first and chosen; the keypad's figure is kept when the period changes.
    const auto& periods = flow->view().periods;
    REQUIRE(periods.size() == 3);
    CHECK(periods[0].id == "periode:mois");
    CHECK(periods[0].primary);
    CHECK(button(periods, "periode:semaine"));
    CHECK(button(periods, "periode:an"));
    type(*flow, "250");
    CHECK(flow->view().entry_note.empty());  // per month: nothing to convert
    flow->tap("periode:semaine", t0);
    CHECK(button(flow->view().periods, "periode:semaine")->primary);
    CHECK_FALSE(button(flow->view().periods, "periode:mois")->primary);
    CHECK(flow->view().entry == "250");
    // 250 € a week is 250 × 52 / 12 = 1 083,333… €, 1 083,33 € a month.
    const std::string week_note = flow->view().entry_note;
    CHECK(week_note.find(euros("250")) != std::string::npos);
    CHECK(week_note.find("par semaine") != std::string::npos);
    CHECK(week_note.find(euros("1083.33")) != std::string::npos);
    flow->tap("valider", t0);
    CHECK(flow->situation().get(week_question.first, week_question.second).number == *engine::Decimal::parse("1083.33"));

    // The next amount per year: 12 345 € a year is 1 028,75 € a month.
    play_until(*flow, player, [&](const kiosk::Flow& f) { return is_amount_question(f) && *f.current_question() != week_question; });
    REQUIRE(is_amount_question(*flow));
    CHECK(flow->view().periods[0].primary);  // each amount question starts per month
    const auto year_question = *flow->current_question();
    flow->tap("periode:an", t0);
    type(*flow, "12345");
    CHECK(flow->view().entry_note.find(euros("1028.75")) != std::string::npos);
    flow->tap("valider", t0);
    CHECK(flow->situation().get(year_question.first, year_question.second).number == *engine::Decimal::parse("1028.75"));

    // The recap says both conversions beside their questions.
    play_until(*flow, player, [](const kiosk::Flow& f) { return f.view().screen == Screen::Recap; });
    REQUIRE(flow->view().screen == Screen::Recap);
    const kiosk::Line* week = line_with(flow->view(), euros("1083.33"));
    REQUIRE(week);
    CHECK(week->detail == week_note);
    const kiosk::Line* year = line_with(flow->view(), euros("1028.75"));
    REQUIRE(year);
    CHECK(year->detail.find("par an") != std::string::npos);
    CHECK(year->detail.find(euros("12345")) != std::string::npos);

    // « Modifier » shows the amount as typed, per week; typed again per month, the conversion is forgotten.
    flow->tap(week->button, t0);
    REQUIRE(*flow->current_question() == week_question);
    CHECK(flow->view().entry == "250");
    CHECK(button(flow->view().periods, "periode:semaine")->primary);
    flow->tap("periode:mois", t0);
    flow->tap("valider", t0);
    CHECK(flow->situation().get(week_question.first, week_question.second).number == *engine::Decimal::parse("250"));
    play_until(*flow, player, [](const kiosk::Flow& f) { return f.view().screen == Screen::Recap; });
    CHECK_FALSE(line_with(flow->view(), euros("1083.33")));
}

TEST_CASE("Schooling between 3 and 16 follows from the year of birth: not asked, said on the recap, corrected in one tap",
          "[kiosk][flow][hypotheses]") {
    // Two children of 7 and 9 in May 2026, both at the école primaire by their year of birth (2018, 2016).
    auto persona = test::read_persona(persona_file("parent-isole.json"));
    auto flow = test::make_flow(persona.month);
    kiosk::PersonaPlayer player(persona, &test::communes());
    std::vector<std::pair<int, int>> asked;
    play_until(*flow, player, [](const kiosk::Flow& f) { return f.view().screen == Screen::Recap; }, &asked);
    REQUIRE(flow->view().screen == Screen::Recap);
    for (auto [input, person] : asked) CHECK(input != scolarite());

    const auto& lines = flow->view().lines;
    auto heading = std::find_if(lines.begin(), lines.end(), [](const kiosk::Line& l) { return l.text == engine::french_typography("Ce que nous avons supposé"); });
    REQUIRE(heading != lines.end());
    // The children's schooling, and the parent's activity (a salary alone: « en emploi », not asked either).
    std::vector<const kiosk::Line*> assumed, activity;
    for (auto l = heading + 1; l != lines.end(); ++l) (l->text.find("enfant") != std::string::npos ? assumed : activity).push_back(&*l);
    REQUIRE(assumed.size() == 2);
    CHECK(assumed[0]->text.find("votre 1er enfant") != std::string::npos);
    CHECK(assumed[0]->text.find("École primaire") != std::string::npos);
    CHECK(assumed[1]->text.find("votre 2e enfant") != std::string::npos);
    CHECK(assumed[1]->button.rfind("hypothese:", 0) == 0);
    REQUIRE(activity.size() == 1);
    CHECK(activity[0]->text.find("revenus indiqués") != std::string::npos);
    CHECK(activity[0]->text.find("En emploi") != std::string::npos);

    // The assumption opens its question; answered, it leaves the list for the answers.
    flow->tap(assumed[1]->button, t0);
    REQUIRE(flow->view().screen == Screen::Question);
    const auto question = *flow->current_question();
    CHECK(question.first == scolarite());
    flow->tap("choix:college", t0);
    // At the collège, a local aid may ask more (Seine-Saint-Denis: « Entrez-vous en 6e… ? »), which the
    // persona's file does not answer: « Non ».
    for (int k = 0; k < 20 && flow->view().screen == Screen::Question; ++k) flow->tap(button(flow->view().choices, "non") ? "non" : flow->view().choices.front().id, t0);
    REQUIRE(flow->view().screen == Screen::Recap);
    const auto& R = *test::bundled_rules();
    CHECK(flow->situation().get(question.first, question.second).choice == R.enumerations[static_cast<std::size_t>(R.inputs[static_cast<std::size_t>(scolarite())].type.enumeration)].find("college"));
    int still_assumed = 0;
    for (const auto& l : flow->view().lines) still_assumed += l.button.rfind("hypothese:", 0) == 0;
    CHECK(still_assumed == 2);  // the other child's schooling and the parent's activity
}

TEST_CASE("Schooling is asked where the year of birth does not settle it: before 3, from 16, and where age and year of birth disagree",
          "[engine][hypotheses]") {
    const auto& R = *test::bundled_rules();
    const int ars = R.find_aid("ars"), bourse_lycee = R.find_aid("bourse_lycee");
    REQUIRE(ars >= 0);
    REQUIRE(bourse_lycee >= 0);
    auto family = [&](const char* birth) {
        auto s = engine::Situation::empty(R, *engine::Date::parse("2026-05-01"));
        engine::Answer a;
        a.state = engine::Answer::State::Given;
        a.boolean = false;
        s.set(R, R.input_in_couple, -1, a);
        engine::Answer n;
        n.state = engine::Answer::State::Given;
        n.number = engine::Decimal::from_int(1);
        s.set(R, R.input_child_count, -1, n);
        engine::Answer b;
        b.state = engine::Answer::State::Given;
        b.date = *engine::Date::parse(birth);
        s.set(R, R.input_birth_date, 1, b);
        return s;
    };
    auto waits_for_schooling = [&](const engine::Situation& s, int aid) {
        engine::Evaluation e(R, s);
        auto r = e.aid(aid);
        return std::any_of(r.missing.begin(), r.missing.end(), [](const engine::Missing& m) { return m.input == scolarite() && m.person == 1; });
    };
    auto assumed_schooling = [&](const engine::Situation& s) {
        engine::Evaluation e(R, s);
        e.all_aids();
        return std::count(e.defaults_used().begin(), e.defaults_used().end(), std::make_pair(scolarite(), 1)) == 1;
    };
    // 9 in May 2026, born 2016: CE2 by the year of birth and by age.
    CHECK(assumed_schooling(family("2016-10-13")));
    CHECK_FALSE(waits_for_schooling(family("2016-10-13"), ars));
    // 16 this school year (born 2009): school is no longer compulsory, the ARS asks.
    CHECK(waits_for_schooling(family("2009-10-01"), ars));
    CHECK_FALSE(assumed_schooling(family("2009-10-01")));
    // 15 in May 2026 but born in 2011, in 3e by the year of birth: asked (a reference household says lycée).
    CHECK(waits_for_schooling(family("2011-02-12"), bourse_lycee));
    CHECK_FALSE(assumed_schooling(family("2011-02-12")));
}

TEST_CASE("The slip lists the answers assumed under « Nous avons supposé : », on the A4 and on the receipt", "[printing][hypotheses]") {
    auto persona = test::read_persona(persona_file("parent-isole.json"));
    // The persona without its children's schooling: what the kiosk has when it did not ask.
    for (std::size_t p = 0; p < persona.persons.size(); ++p) persona.persons[p][static_cast<std::size_t>(scolarite())] = engine::Answer{};
    engine::Evaluation e(*test::bundled_rules(), persona);
    auto results = e.all_aids();
    auto ticket = printing::build_ticket(e, results, {});
    REQUIRE(ticket.assumptions.size() == 2);
    CHECK(ticket.assumptions[0].find("votre 1er enfant (7 ans)") != std::string::npos);
    CHECK(ticket.assumptions[0].find("École primaire") != std::string::npos);
    auto dir = std::filesystem::temp_directory_path() / fmt::format("borne-hypotheses-{}", getpid());
    std::filesystem::create_directories(dir);
    for (auto format : {printing::PaperFormat::A4, printing::PaperFormat::Roll80}) {
        auto pdf = dir / "ticket.pdf";
        std::ofstream(pdf, std::ios::binary) << printing::render_pdf(ticket, format);
        std::string text = test::pdf_text_on_one_line(pdf.string());
        CHECK(text.find("Nous avons supposé :") != std::string::npos);
        CHECK(text.find("votre 2e enfant (9 ans)") != std::string::npos);
    }
    std::filesystem::remove_all(dir);
}

namespace {

/// Draws the flow's screen (`reveal`: a button scrolled into view) at `w`×`h`, with no layout problem, and
/// compares it byte for byte with tests/kiosk/goldens/periode/<w>x<h>/<name>.png (BORNE_UPDATE_GOLDENS=1 rewrites
/// it; a folder of their own, as the tours' update empties theirs).
void golden(kiosk::Flow& flow, int w, int h, const std::string& name, const std::string& reveal = {}) {
    std::string error;
    auto platform = kiosk::Platform::open({w, h, false, true, std::string(BORNE_SOURCE_DIR) + "/assets/pictograms"}, error);
    INFO(error);
    REQUIRE(platform);
    const auto size = fmt::format("{}x{}", w, h);
    const auto drawn = std::filesystem::path(BORNE_TESTS_BINARY_DIR) / ("goldens-drawn-periode-" + size) / (name + ".png");
    std::filesystem::create_directories(drawn.parent_path());
    kiosk::DrawResult r;
    for (int frame = 0; frame < 3; ++frame) r = kiosk::draw_frame(*platform, flow, reveal);  // laid out, then settled
    r = kiosk::draw_frame(*platform, flow, reveal, drawn.string());
    std::string problems;
    for (const auto& p : r.problems) problems += p + "\n";
    INFO(size << " " << name << ": " << problems);
    CHECK(r.problems.empty());
    const auto file = std::filesystem::path(BORNE_SOURCE_DIR) / "tests/kiosk/goldens/periode" / size / (name + ".png");
    if (std::getenv("BORNE_UPDATE_GOLDENS") != nullptr) {
        std::filesystem::copy_file(drawn, file, std::filesystem::copy_options::overwrite_existing);
        return;
    }
    INFO("drawn as " << drawn.string() << " (BORNE_UPDATE_GOLDENS=1 to accept it)");
    auto golden_bytes = engine::read_file(file.string());
    REQUIRE(golden_bytes);
    CHECK(engine::read_file(drawn.string()) == golden_bytes);
}

}  // namespace

TEST_CASE("Goldens: an amount typed per week, and the recap with what was assumed", "[kiosk][golden][periode][hypotheses]") {
    auto persona = test::read_persona(persona_file("parent-isole.json"));
    for (auto [w, h] : {std::pair{1024, 768}, std::pair{768, 1024}}) {
        auto flow = test::make_flow(persona.month);
        kiosk::PersonaPlayer player(persona, &test::communes());
        play_until(*flow, player, is_amount_question);
        REQUIRE(is_amount_question(*flow));
        flow->tap("periode:semaine", t0);
        type(*flow, "250");
        golden(*flow, w, h, "question-montant-par-semaine");
        flow->tap("valider", t0);
        play_until(*flow, player, [](const kiosk::Flow& f) { return f.view().screen == Screen::Recap; });
        REQUIRE(flow->view().screen == Screen::Recap);
        golden(*flow, w, h, "recapitulatif-hypotheses", "hypothese:1");
    }
}
