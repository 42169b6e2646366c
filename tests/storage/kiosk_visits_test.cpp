// The kiosk's journey recording its visits in a real database: a persona played to the results then
// « Terminer », a visit left to the idle timeout, and agent mode's storage lines.
#include "support.hpp"
#include "../sanitized.hpp"

#include "borne/engine/typography.hpp"

#include "borne/engine/communes.hpp"
#include "borne/engine/evaluator.hpp"
#include "borne/engine/loader.hpp"
#include "borne/kiosk/kiosk_printer.hpp"
#include "borne/kiosk/persona.hpp"
#include "borne/kiosk/storage_link.hpp"

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <random>
#include <set>
#include <thread>

using namespace borne;

namespace {

constexpr storage::UnixTime t0 = 1'780'000'000;
const engine::Date visit_day = engine::Date::from_ymd(2026, 12, 1);

struct Kiosk {
    std::shared_ptr<const engine::RuleSet> rules;
    std::optional<engine::CommuneDirectory> communes;
    engine::Situation persona;
};

const Kiosk& kiosk_parts() {
    static Kiosk k = [] {
        Kiosk out;
        auto loaded = engine::load_rules(test::source_dir() + "/rules");
        out.rules = loaded.rules;
        std::string error;
        out.communes = engine::CommuneDirectory::load(BORNE_COMMUNES_CSV, error);
        auto bytes = test::file_bytes(test::source_dir() + "/tests/personas/parent-isole.json");
        auto parsed = engine::parse_situation(std::string(bytes.begin(), bytes.end()), *out.rules, engine::Date::from_ymd(2026, 5, 1));
        out.persona = *parsed.situation;
        return out;
    }();
    REQUIRE(k.rules);
    REQUIRE(k.communes);
    return k;
}

std::unique_ptr<kiosk::Flow> new_flow(const Kiosk& k, kiosk::SlipPrinter printer = {}) {
    kiosk::Config config;
    config.month = k.persona.month;
    return std::make_unique<kiosk::Flow>(k.rules, &*k.communes, config, std::move(printer));
}

/// The kiosk's database in `dir`, with the tests' fast key derivation (the other settings as given).
storage::Storage open_store(const test::TempDir& dir, storage::StorageSettings settings = {}) {
    settings.open = test::fast_kdf();
    return storage::Storage::open(dir.file("b.sqlite"), t0, settings);
}

/// The flow linked to `store`, on the tests' day.
void link(kiosk::Flow& flow, storage::Storage& store) {
    kiosk::link_storage(flow, store, [] { return visit_day; });
}

/// The text of a PDF on one line (pdftotext's line breaks and no-break spaces as plain spaces).
std::string pdf_text(const std::string& pdf) {
    std::string raw = test::run("pdftotext -enc UTF-8 " + pdf + " -").out, out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw.compare(i, 2, "\u00A0") == 0 || raw.compare(i, 3, "\u202F") == 0) {
            i += raw.compare(i, 2, "\u00A0") == 0 ? 1 : 2;
            out += ' ';
        } else {
            out += raw[i] == '\n' ? ' ' : raw[i];
        }
    }
    return out;
}

/// Taps the persona's answers until the results, or `limit` taps.
kiosk::Clock::time_point play(kiosk::Flow& flow, const engine::Situation& persona, kiosk::Clock::time_point now, int limit = 2000) {
    kiosk::PersonaPlayer player(persona, &*kiosk_parts().communes);
    for (int k = 0; k < limit; ++k) {
        auto next = player.next(flow);
        REQUIRE(next.step != kiosk::PersonaPlayer::Step::Stuck);
        if (next.step == kiosk::PersonaPlayer::Step::Done) return now;
        now += std::chrono::seconds(3);
        flow.tap(next.tap, now);
    }
    return now;
}

}  // namespace

TEST_CASE("a visit played to the results and ended is one completed visit with its aids", "[kiosk][statistics]") {
    const Kiosk& k = kiosk_parts();
    test::TempDir dir;
    storage::Storage store = open_store(dir);
    REQUIRE(store.available());
    auto flow = new_flow(k);
    link(*flow, store);

    kiosk::Clock::time_point start{std::chrono::hours(1000)};
    auto end = play(*flow, k.persona, start);
    REQUIRE(flow->view().screen == kiosk::Screen::Results);
    flow->tap("terminer", end + std::chrono::seconds(10));

    auto report = storage::statistics_report(*store.database(), std::nullopt, std::nullopt);
    REQUIRE(report.ok());
    CHECK(report.value->total.started == 1);
    CHECK(report.value->total.completed == 1);
    CHECK(report.value->total.slips_printed == 0);
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(end + std::chrono::seconds(10) - start).count();
    CHECK(report.value->total.median_duration_s == static_cast<int>(seconds - 3));  // from « Commencer », the first tap

    // The aids recorded are those the engine finds for the same answers.
    engine::Evaluation e(*k.rules, k.persona);
    int expected = 0;
    for (const auto& r : e.all_aids()) {
        const auto& aid = k.rules->aids[static_cast<std::size_t>(r.aid)];
        if (r.status == engine::AidStatus::Eligible && (aid.in_kind || r.amount > engine::Decimal{})) ++expected;
    }
    REQUIRE(expected > 0);
    CHECK(report.value->total.aids_found == expected);
    CHECK(report.value->weeks.at(0).week == engine::Date::from_ymd(2026, 11, 30));
}

TEST_CASE("a visit left to the idle timeout is recorded as abandoned at its question", "[kiosk][statistics]") {
    const Kiosk& k = kiosk_parts();
    test::TempDir dir;
    storage::Storage store = open_store(dir);
    auto flow = new_flow(k);
    link(*flow, store);
    auto now = play(*flow, k.persona, kiosk::Clock::time_point{std::chrono::hours(1000)}, 6);
    REQUIRE(flow->view().screen == kiosk::Screen::Question);
    auto asked = flow->current_question();
    REQUIRE(asked);
    flow->tick(now + std::chrono::seconds(91));
    flow->tick(now + std::chrono::seconds(91 + 31));
    REQUIRE(flow->view().screen == kiosk::Screen::Welcome);

    sqlite3* db = store.database()->handle();
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "SELECT completed, abandoned_at, questions_answered, age_band, day FROM visits", -1, &s, nullptr);
    REQUIRE(sqlite3_step(s) == SQLITE_ROW);
    CHECK(sqlite3_column_int(s, 0) == 0);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 1))) == "question:" + k.rules->inputs[static_cast<std::size_t>(asked->first)].id);
    CHECK(sqlite3_column_int(s, 2) >= 1);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 4))) == "2026-12-01");
    CHECK(sqlite3_step(s) == SQLITE_DONE);
    sqlite3_finalize(s);
    // Nobody started: a wipe on the welcome screen records nothing.
    flow->tap("terminer", now + std::chrono::seconds(200));
    auto report = storage::statistics_report(*store.database(), std::nullopt, std::nullopt);
    CHECK(report.value->total.started == 1);
}

TEST_CASE("a visit records the language it was held in; the next visitor starts in French", "[kiosk][statistics]") {
    const Kiosk& k = kiosk_parts();
    test::TempDir dir;
    storage::Storage store = open_store(dir);
    std::vector<i18n::LoadError> errors;
    kiosk::Config config;
    config.month = k.persona.month;
    config.languages = std::make_shared<const i18n::Catalogues>(i18n::Catalogues::load(BORNE_LOCALE_DIR, {"fr", "en"}, errors));
    REQUIRE(errors.empty());
    kiosk::Flow flow(k.rules, &*k.communes, config, {});
    link(flow, store);
    kiosk::Clock::time_point now{std::chrono::hours(1000)};
    flow.tap("langue:en", now);
    now = play(flow, k.persona, now, 6);
    flow.tick(now + std::chrono::seconds(91));
    flow.tick(now + std::chrono::seconds(91 + 31));  // the idle wipe: recorded, then back to French
    now = play(flow, k.persona, now + std::chrono::seconds(200), 6);
    flow.tick(now + std::chrono::seconds(91));
    flow.tick(now + std::chrono::seconds(91 + 31));

    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(store.database()->handle(), "SELECT language FROM visits ORDER BY id", -1, &s, nullptr);
    std::vector<std::string> languages;
    while (sqlite3_step(s) == SQLITE_ROW) languages.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
    sqlite3_finalize(s);
    CHECK(languages == std::vector<std::string>{"en", "fr"});
}

TEST_CASE("agent mode shows the storage's state and today's appointments", "[kiosk][appointments]") {
    const Kiosk& k = kiosk_parts();
    test::TempDir dir;
    storage::StorageSettings settings;
    settings.slots = {{1, "09:30", "Guichet 2"}};
    storage::Storage store = open_store(dir, settings);
    auto saved = store.save("{}", t0);
    REQUIRE(saved.ok());
    auto lookup = storage::session_lookup(*store.database(), saved.value->code);
    REQUIRE(store.book({visit_day, "09:30", "Guichet 2"}, lookup, t0).ok());

    kiosk::Config config;
    config.month = k.persona.month;
    config.agent_pin_hash = kiosk::hash_pin("2468");
    kiosk::Flow flow(k.rules, &*k.communes, config);
    link(flow, store);
    kiosk::Clock::time_point now{std::chrono::hours(1000)};
    for (int i = 0; i < 5; ++i) flow.corner_tap(now);
    for (char c : std::string("2468")) flow.tap(std::string("key:") + c, now);
    flow.tap("valider", now);
    REQUIRE(flow.view().screen == kiosk::Screen::Agent);
    std::vector<std::string> texts;
    for (const auto& l : flow.view().lines) texts.push_back(l.text);
    auto has = [&](const std::string& words) {
        // The screen shows its texts in French typography (no-break space before « : »).
        return std::any_of(texts.begin(), texts.end(), [&](const std::string& t) { return t.find(engine::french_typography(words)) != std::string::npos; });
    };
    CHECK(has("Stockage"));
    CHECK(has("Statistiques : enregistrées."));
    CHECK(has("Rendez-vous aujourd’hui (1)"));
    CHECK(has("09:30  Guichet 2"));

    storage::Storage none = storage::Storage::none("aucune base configurée");
    CHECK_THAT(kiosk::storage_status_lines(none, visit_day).at(0), Catch::Contains("La borne fonctionne sans statistiques"));
}

TEST_CASE("save at the results, resume with the code at the welcome: the same answers and results", "[kiosk][sessions]") {
    const Kiosk& k = kiosk_parts();
    test::TempDir dir;
    storage::Storage store = open_store(dir);
    auto flow = new_flow(k);
    link(*flow, store);
    auto results_text = [&] {
        std::string all;
        for (const auto& l : flow->view().lines) all += l.text + "|" + l.detail + "\n";
        return all;
    };

    auto now = play(*flow, k.persona, kiosk::Clock::time_point{std::chrono::hours(1000)});
    REQUIRE(flow->view().screen == kiosk::Screen::Results);
    std::string before = results_text();
    auto actions = flow->view().actions();
    REQUIRE(std::find(actions.begin(), actions.end(), "enregistrer") != actions.end());
    flow->tap("enregistrer", now);
    REQUIRE(flow->view().screen == kiosk::Screen::Saved);
    std::string code = flow->resume_code();
    REQUIRE(code.size() == 9);
    CHECK_THAT(flow->view().title, Catch::Contains(code));
    CHECK_THAT(flow->view().help, Catch::Contains("30 jours"));
    flow->tap("retour", now);
    flow->tap("terminer", now);
    REQUIRE(flow->view().screen == kiosk::Screen::Welcome);
    CHECK(flow->resume_code().empty());

    // A typo first: the check character refuses it before any look-up.
    flow->tap("reprendre", now);
    REQUIRE(flow->view().screen == kiosk::Screen::ResumeCode);
    std::string typo = code;
    typo[0] = typo[0] == 'A' ? 'B' : 'A';
    for (char c : typo)
        if (c != '-') flow->tap(std::string("key:") + c, now);
    CHECK(flow->view().entry == typo);
    flow->tap("valider", now);
    CHECK_THAT(flow->view().error, Catch::Contains("faute de frappe"));
    for (int i = 0; i < 8; ++i) flow->tap("key:effacer", now);
    CHECK(flow->view().entry.empty());
    for (char c : code)
        if (c != '-') flow->tap(std::string("key:") + c, now);
    flow->tap("valider", now);
    REQUIRE(flow->view().screen == kiosk::Screen::Recap);
    CHECK(flow->view().lines.size() > 10);
    flow->tap("voir_resultats", now);
    REQUIRE(flow->view().screen == kiosk::Screen::Results);
    CHECK(results_text() == before);
}

TEST_CASE("without storage the kiosk offers neither save nor resume", "[kiosk][sessions]") {
    const Kiosk& k = kiosk_parts();
    auto flow = new_flow(k);
    storage::Storage none = storage::Storage::none("aucune base configurée");
    link(*flow, none);
    auto welcome = flow->view().actions();
    CHECK(std::find(welcome.begin(), welcome.end(), "reprendre") == welcome.end());
    play(*flow, k.persona, kiosk::Clock::time_point{std::chrono::hours(1000)});
    auto results = flow->view().actions();
    CHECK(std::find(results.begin(), results.end(), "enregistrer") == results.end());
}

TEST_CASE("after saving, the visitor books a free slot; the next visitor is not offered it", "[kiosk][appointments]") {
    const Kiosk& k = kiosk_parts();
    test::TempDir dir;
    storage::StorageSettings settings;
    for (int day = 0; day < 7; ++day) settings.slots.push_back({day, "10:00", "Guichet 1"});
    storage::Storage store = open_store(dir, settings);
    auto flow = new_flow(k);
    link(*flow, store);

    std::string first_choice;
    for (int visitor = 0; visitor < 2; ++visitor) {
        auto now = play(*flow, k.persona, kiosk::Clock::time_point{std::chrono::hours(1000)});
        flow->tap("enregistrer", now);
        REQUIRE(flow->view().screen == kiosk::Screen::Saved);
        flow->tap("rendez_vous", now);
        REQUIRE(flow->view().screen == kiosk::Screen::Booking);
        REQUIRE(flow->view().choices.size() >= 7);
        std::string label = flow->view().choices[0].label;
        CHECK_THAT(label, Catch::Contains("à 10:00, Guichet 1"));
        if (visitor == 1) CHECK(label != first_choice);
        first_choice = label;
        flow->tap("creneau:0", now);
        REQUIRE(flow->view().screen == kiosk::Screen::Saved);
        CHECK(flow->appointment() == label);
        CHECK(flow->view().lines.at(0).text == "Votre rendez-vous : " + label);
        auto actions = flow->view().actions();
        CHECK(std::find(actions.begin(), actions.end(), "rendez_vous") == actions.end());  // one per save
        flow->tap("terminer", now);  // from the results
        flow->tap("retour", now);
        flow->tap("terminer", now);
        REQUIRE(flow->view().screen == kiosk::Screen::Welcome);
    }
}

TEST_CASE("agent mode: « ce résultat me semble faux » stores an anonymised report with the amounts", "[kiosk][corrections]") {
    const Kiosk& k = kiosk_parts();
    test::TempDir dir;
    storage::StorageSettings settings;
    settings.site_name = "Mairie de test";
    storage::Storage store = open_store(dir, settings);
    kiosk::Config config;
    config.month = k.persona.month;
    config.agent_pin_hash = kiosk::hash_pin("2468");
    kiosk::Flow flow(k.rules, &*k.communes, config);
    link(flow, store);
    auto now = play(flow, k.persona, kiosk::Clock::time_point{std::chrono::hours(1000)});
    for (int i = 0; i < 5; ++i) flow.corner_tap(now);
    for (char c : std::string("2468")) flow.tap(std::string("key:") + c, now);
    flow.tap("valider", now);
    REQUIRE(flow.view().screen == kiosk::Screen::Agent);
    flow.tap("signaler", now);
    REQUIRE(flow.view().screen == kiosk::Screen::Report);
    flow.tap("signaler_aide:rsa", now);
    flow.tap("valider", now);
    CHECK_THAT(flow.view().error, Catch::Contains("montant attendu"));
    for (const char* key : {"key:1", "key:2", "key:0", "key:virgule", "key:5"}) flow.tap(key, now);
    flow.tap("valider", now);
    flow.tap("commentaire:1", now);
    CHECK_THAT(flow.view().help, Catch::Contains("enregistré"));

    auto list = storage::list_corrections(*store.database());
    REQUIRE(list.ok());
    REQUIRE(list.value->size() == 1);
    const auto& c = list.value->front();
    CHECK(c.aid == "rsa");
    CHECK(c.expected_amount == "120,50 €");
    CHECK(c.comment == kiosk::report_comments()[1]);
    CHECK(c.site == "Mairie de test");
    CHECK(c.reported_on != engine::Date{});
    CHECK(c.situation["demandeur"]["date_naissance"] == "1992-10-01");
    engine::Evaluation e(*k.rules, k.persona);
    std::string computed = "0,00 €";
    for (const auto& r : e.all_aids())
        if (k.rules->aids[static_cast<std::size_t>(r.aid)].id == "rsa" && r.status == engine::AidStatus::Eligible) computed = r.amount.to_french(2) + " €";
    CHECK(c.computed_amount == computed);
    flow.tap("retour", now);
    CHECK(flow.view().screen == kiosk::Screen::Agent);
}

TEST_CASE("Monkey with storage: random taps through save, resume, booking and reports never break the flow", "[kiosk][monkey]") {
    const Kiosk& k = kiosk_parts();
    test::TempDir dir;
    storage::StorageSettings settings;
    settings.rate_limit = {1000000, 1};  // the monkey types many wrong codes; the limit has its own test
    for (int day = 0; day < 7; ++day) settings.slots.push_back({day, "10:00", "Guichet 1"});
    storage::Storage store = open_store(dir, settings);
    kiosk::Config config;
    config.month = k.persona.month;
    config.agent_pin_hash = kiosk::hash_pin("1");
    kiosk::Flow flow(k.rules, &*k.communes, config);
    link(flow, store);
    std::mt19937 random(20261203);
    auto now = kiosk::Clock::time_point{} + std::chrono::hours(1000);
    const std::vector<std::string> junk = {"", "valider", "key:x", "key:O", "creneau:99", "creneau:-1", "signaler_aide:inconnue",
                                           "commentaire:99", "enregistrer", "reprendre", "rendez_vous", "signaler", "key:1"};
    std::set<kiosk::Screen> seen;
    for (int step = 0; step < test::sanitizer_steps(6000); ++step) {
        // Random taps rarely finish the questionnaire: now and then a persona plays to the results, so
        // that the monkey also plays with the save, the booking and the agent's report.
        if (flow.view().screen == kiosk::Screen::Welcome && !flow.view().idle_warning && random() % 2 == 0)
            now = play(flow, k.persona, now);
        auto actions = flow.view().actions();
        // After the results, the navigation buttons are favoured over the many « détail » lines; on the
        // welcome screen too, over its language, display and listening buttons (else « reprendre » is rare).
        auto screen = flow.view().screen;
        if (screen == kiosk::Screen::Results || screen == kiosk::Screen::Saved || screen == kiosk::Screen::Booking ||
            screen == kiosk::Screen::Welcome) {
            std::vector<std::string> buttons;
            for (const auto& b : flow.view().nav) buttons.push_back(b.id);
            for (const auto& b : flow.view().choices) buttons.push_back(b.id);
            if (!buttons.empty() && random() % 2 == 0) actions = buttons;
        }
        int dice = static_cast<int>(random() % 100);
        if (dice < 85 && !actions.empty()) flow.tap(actions[random() % actions.size()], now);
        else if (dice < 93) flow.tap(junk[random() % junk.size()], now);
        else if (dice < 97) flow.corner_tap(now);
        else {
            now += std::chrono::seconds(random() % 200);
            flow.tick(now);
        }
        now += std::chrono::milliseconds(random() % 3000);
        seen.insert(flow.view().screen);
        INFO("step " << step << " on " << kiosk::screen_name(flow.view().screen));
        REQUIRE(flow.invariant_violation().empty());
    }
    std::string names;
    for (auto s : seen) names += std::string(kiosk::screen_name(s)) + " ";
    INFO("screens seen: " << names);
    for (auto s : {kiosk::Screen::ResumeCode, kiosk::Screen::Saved}) CHECK(seen.count(s));
    CHECK(store.database()->integrity_check() == "ok");
}

TEST_CASE("the slip printed after saving and booking carries the resume code and the appointment", "[kiosk][sessions]") {
    const Kiosk& k = kiosk_parts();
    test::TempDir dir;
    storage::StorageSettings settings;
    for (int day = 0; day < 7; ++day) settings.slots.push_back({day, "10:00", "Guichet 1"});
    storage::Storage store = open_store(dir, settings);
    kiosk::SlipSettings slip;
    slip.file = dir.file("ticket.pdf");  // the real printing path, to a PDF file instead of CUPS
    kiosk::KioskPrinter printer(k.rules, slip);
    auto flow = new_flow(k, printer.slip_printer());
    link(*flow, store);

    auto now = play(*flow, k.persona, kiosk::Clock::time_point{std::chrono::hours(1000)});
    flow->tap("enregistrer", now);
    REQUIRE(flow->view().screen == kiosk::Screen::Saved);
    flow->tap("rendez_vous", now);
    REQUIRE(flow->view().screen == kiosk::Screen::Booking);
    flow->tap("creneau:0", now);
    const std::string code = flow->resume_code(), appointment = flow->appointment();
    REQUIRE(!code.empty());
    REQUIRE(!appointment.empty());
    flow->tap("imprimer", now);
    for (int k2 = 0; k2 < 600 && flow->view().printing; ++k2) {  // the printer's worker writes the file
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        flow->tick(now);
    }
    REQUIRE(flow->view().screen == kiosk::Screen::Slip);
    std::string text = pdf_text(slip.file);
    CHECK_THAT(text, Catch::Contains(code));
    CHECK_THAT(text, Catch::Contains("10:00, Guichet 1"));
}
