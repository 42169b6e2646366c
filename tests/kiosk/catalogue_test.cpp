// The kiosk's texts come from its catalogues (assets/locale): a pseudo-language wraps every text of
// the catalogue in ⟦ ⟧ (i18n/CMakeLists.txt), each persona is played through the flow in it, and every
// text of every View must carry the marks, or be one of the texts that do not come from the kiosk yet
// (listed in `from_elsewhere`). Then the languages themselves: plural rules from each PO header, the
// language kept across a change, French back after the wipe.
#include "borne/engine/formatter.hpp"
#include "borne/engine/next_question.hpp"
#include "borne/kiosk/persona.hpp"
#include "borne/kiosk/texts.hpp"
#include "support.hpp"
#include "../sanitized.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <filesystem>
#include <fstream>
#include <set>
#include <unistd.h>

using namespace borne;
using kiosk::Screen;

namespace {

auto t0 = kiosk::Clock::time_point{} + std::chrono::hours(1000);

std::shared_ptr<const i18n::Catalogues> shipped_and_pseudo() {
    std::vector<i18n::LoadError> errors;
    auto c = std::make_shared<const i18n::Catalogues>(i18n::Catalogues::load(BORNE_LOCALE_DIR, {"fr", "en", "ar", "qps"}, errors));
    for (const auto& e : errors) FAIL_CHECK(e.language << ": " << e.message);
    return c;
}

std::unique_ptr<kiosk::Flow> flow_in(std::shared_ptr<const i18n::Catalogues> languages) {
    kiosk::Config config;
    config.site_name = "CAF de test";
    config.month = engine::Date::from_ymd(2026, 11, 1);
    config.agent_pin_hash = test::agent_pin_hash();
    config.languages = std::move(languages);
    // No printer: the outcome is one of the catalogue's sentences, in the visit's language.
    auto printer = [](const kiosk::SlipRequest& r) {
        return kiosk::ready_outcome({false, r.language.tr("ticket", "Aucune imprimante n'est configurée sur cette borne."), {}});
    };
    return std::make_unique<kiosk::Flow>(test::bundled_rules(), &test::communes(), config, printer);
}

bool has_letter(const std::string& s) {
    for (unsigned char c : s)
        if (std::isalpha(c) || c >= 0x80) return s.find("€") == std::string::npos || s.size() > 8 + s.find("€");
    return false;
}

/// Texts a View shows that come from no catalogue: data (the site's name from its configuration,
/// commune names, the storage module's own messages), and the parameters' labels that only the agent
/// tools show (« Montants à revoir »: the agent reads French, as in the trace). The rules' texts and the
/// engine's messages come from the catalogues now (the borne-regles domain, and the engine's entries of borne.po).
std::set<std::string> from_elsewhere(const kiosk::Flow& flow) {
    std::set<std::string> texts{"CAF de test"};
    for (const auto& p : flow.rules().parameters) texts.insert(p.label);
    return texts;
}

/// Every rules text and engine message the flow could show, as French writes it, whose translation in
/// `language` differs from the French (« 39 75 » reads the same in every language): none may be seen
/// on a screen of a visit in that language.
std::set<std::string> french_only(const kiosk::Flow& flow, const i18n::Catalogue& language) {
    const engine::RuleSet& R = flow.rules();
    const engine::Situation& S = flow.situation();
    std::set<std::string> french;
    for (std::size_t i = 0; i < R.inputs.size(); ++i) {
        french.insert(R.inputs[i].help);
        int persons = R.inputs[i].entity == engine::Entity::Person ? static_cast<int>(S.persons.size()) : 0;
        for (int p = persons ? 0 : -1; p < persons; ++p) french.insert(engine::question_text(R, S, static_cast<int>(i), p));
    }
    for (const auto& e : R.enumerations) french.insert(e.labels.begin(), e.labels.end());
    for (const auto& d : R.documents) french.insert(d.label);
    for (const auto& e : R.life_events) french.insert(e.label);
    for (const auto& a : R.aids) {
        french.insert({a.name, a.summary, a.description, a.how_to_claim});
        french.insert(a.next_steps.begin(), a.next_steps.end());
    }
    engine::Evaluation e(R, S);
    for (const auto& r : e.all_aids()) {
        auto full = e.aid(r.aid);
        french.insert(engine::french().format(full.reason));
        for (const auto& note : full.unchecked) french.insert(engine::french().format(note));
        for (const auto& x : full.explanation) french.insert(engine::french().format(x.text));
    }
    kiosk::LanguageFormatter F(language);
    std::set<std::string> out;
    for (const auto& t : french)
        if (!t.empty() && F->rules(t) != t) out.insert(t);
    // A formatted message is not a catalogue entry itself: it is French when its template was not translated.
    for (const auto& r : e.all_aids()) {
        auto full = e.aid(r.aid);
        auto add = [&](const engine::Message& m) {
            if (!m.empty() && F->format(m) != engine::french().format(m)) out.insert(engine::french().format(m));
        };
        add(full.reason);
        for (const auto& note : full.unchecked) add(note);
        for (const auto& x : full.explanation) add(x.text);
    }
    return out;
}

/// Each text of the view that did not come from the catalogue, with where it is.
std::vector<std::string> unmarked(const kiosk::Flow& flow, const std::set<std::string>& languages) {
    const kiosk::View& v = flow.view();
    auto elsewhere = from_elsewhere(flow);
    std::vector<std::string> out;
    auto check = [&](const char* where, const std::string& text) {
        if (text.empty() || !has_letter(text) || text.find("⟦") != std::string::npos || elsewhere.count(text)) return;
        out.push_back(fmt::format("{} {}: « {} »", kiosk::screen_name(v.screen), where, text));
    };
    for (auto [where, text] : {std::pair{"title", &v.title}, {"help", &v.help}, {"chapter", &v.chapter}, {"progress", &v.progress_text},
                               {"error", &v.error}, {"agent badge", &v.agent_badge}, {"QR caption", &v.qr_caption},
                               {"idle title", &v.idle_title}, {"idle text", &v.idle_text}, {"idle button", &v.idle_button.label}})
        check(where, *text);
    for (const auto& b : v.choices)
        if (b.id.rfind("commune:", 0) != 0) check("choice", b.label);
    for (const auto& b : v.nav) check("nav", b.label);
    for (const auto& b : v.keys) check("key", b.label);
    for (const auto& b : v.volume) check("volume", b.label);
    for (const auto& b : v.modes) check("mode", b.label);
    check("listen", v.listen.label);
    for (const auto& l : v.lines) {
        check("line", l.text);
        check("line detail", l.detail);
        check("line button", l.button_label);
    }
    // Each language is named by its own catalogue: « English » is not marked, and must be a language's name.
    for (const auto& b : v.languages)
        if (!languages.count(b.label)) out.push_back(fmt::format("{} language: « {} »", kiosk::screen_name(v.screen), b.label));
    return out;
}

/// Plays the persona of `file` to its results, each tap through `tap` (which looks at the new screen).
template <class Tap>
void play_to_results(kiosk::Flow& flow, const std::filesystem::path& file, Tap&& tap) {
    auto persona = test::read_persona(file);
    kiosk::PersonaPlayer player(persona, &test::communes());
    for (int k = 0; k < 2000; ++k) {
        auto next = player.next(flow);
        REQUIRE(next.step != kiosk::PersonaPlayer::Step::Stuck);
        if (next.step == kiosk::PersonaPlayer::Step::Done) break;
        tap(next.tap);
    }
    REQUIRE(flow.view().screen == Screen::Results);
}

/// From the results: each aid's detail, and back.
template <class Tap>
void open_each_detail(const kiosk::Flow& flow, Tap&& tap) {
    for (const auto& id : flow.view().actions())
        if (id.rfind("detail:", 0) == 0) {
            tap(id);
            tap("retour");
        }
}

}  // namespace

TEST_CASE("every text the kiosk shows comes from its catalogue (pseudo-language, each persona and the screens around)", "[catalogue]") {
    auto languages = shipped_and_pseudo();
    std::set<std::string> names;
    for (const auto& l : languages->languages()) names.insert(l.name());
    REQUIRE(languages->get("qps").code() == "qps");
    std::size_t views = 0;
    for (const auto& file : test::personas()) {
        INFO(file.filename().string());
        auto flow = flow_in(languages);
        auto now = t0;
        flow->tap("langue:qps", now);
        REQUIRE(flow->view().lang == "qps");
        std::vector<std::string> problems;
        auto look = [&] {
            ++views;
            auto found = unmarked(*flow, names);
            problems.insert(problems.end(), found.begin(), found.end());
        };
        auto tap = [&](const std::string& id) {
            flow->tap(id, now += std::chrono::seconds(2));
            look();
        };
        look();
        play_to_results(*flow, file, tap);
        // Around the results: each aid's detail, the aids not obtained, the slip, a wrong entry, the idle warning, the agent tools.
        open_each_detail(*flow, tap);
        tap("non_obtenues");
        tap("retour");
        tap("imprimer");
        tap("retour");
        tap("voir_resultats");  // not offered on the results: a tap on nothing
        flow->tick(now += std::chrono::seconds(95));
        look();
        tap("je_suis_la");
        test::open_agent_tools(*flow, now);
        look();
        CHECK(flow->view().screen == Screen::Agent);
        INFO(fmt::format("{}", fmt::join(problems, "\n")));
        CHECK(problems.empty());
    }
    CHECK(views > 100);
}

TEST_CASE("in English, no rules text or engine message stays French: each persona and the screens around", "[catalogue]") {
    auto languages = shipped_and_pseudo();
    const i18n::Catalogue& english = languages->get("en");
    REQUIRE(english.code() == "en");
    std::size_t seen = 0;
    for (const auto& file : test::personas()) {
        INFO(file.filename().string());
        auto flow = flow_in(languages);
        auto now = t0;
        flow->tap("langue:en", now);
        std::vector<std::string> french;
        auto look = [&] {
            const kiosk::View& v = flow->view();
            auto left = french_only(*flow, english);
            auto check = [&](const char* where, const std::string& text) {
                ++seen;
                if (left.count(text)) french.push_back(fmt::format("{} {}: « {} »", kiosk::screen_name(v.screen), where, text));
            };
            check("title", v.title);
            check("help", v.help);
            for (const auto& b : v.choices) check("choice", b.label);
            for (const auto& l : v.lines) {
                check("line", l.text);
                check("line detail", l.detail);
            }
        };
        auto tap = [&](const std::string& id) {
            flow->tap(id, now += std::chrono::seconds(2));
            look();
        };
        look();
        play_to_results(*flow, file, tap);
        open_each_detail(*flow, tap);
        tap("non_obtenues");
        // Not a vacuous check: the English catalogue of the rules was read, and differs from the French.
        CHECK(french_only(*flow, english).size() > 100);
        INFO(fmt::format("{}", fmt::join(french, "\n")));
        CHECK(french.empty());
    }
    CHECK(seen > 500);
}

TEST_CASE("a typed entry refused says why in the visit's language", "[catalogue]") {
    auto flow = flow_in(shipped_and_pseudo());
    auto now = t0;
    flow->tap("langue:qps", now);
    flow->tap("commencer", now);
    flow->tap("evenement:toutes", now);
    // Answer until a keypad question, then confirm it empty.
    for (int k = 0; k < 30 && flow->view().keypad == kiosk::Keypad::None; ++k) {
        const auto& v = flow->view();
        // A « Qui ? » / « Lesquels ? » screen's choices are toggles: « aucun » answers it.
        const std::string tap = v.screen == kiosk::Screen::Group ? "aucun" : v.choices.empty() ? "je_ne_sais_pas" : v.choices.front().id;
        flow->tap(tap, now += std::chrono::seconds(1));
    }
    REQUIRE(flow->view().keypad != kiosk::Keypad::None);
    flow->tap("valider", now);
    CHECK(flow->view().error.find("⟦") == 0);
    for (const auto& key : flow->view().keys)
        if (key.id == "key:effacer") CHECK(key.label == "⟦Effacer⟧");
}

TEST_CASE("the language changes on any screen and keeps the answers; the wipe brings French back", "[catalogue]") {
    auto flow = flow_in(shipped_and_pseudo());
    auto now = t0;
    auto welcome = flow->view().actions();
    CHECK(std::count(welcome.begin(), welcome.end(), "langue:en") == 1);
    CHECK(std::count(welcome.begin(), welcome.end(), "langue:ar") == 1);
    CHECK(flow->view().lang == "fr");
    flow->tap("commencer", now);
    flow->tap("evenement:toutes", now);
    flow->tap(flow->view().choices.front().id, now += std::chrono::seconds(1));
    // A question or a « Qui ? » / « Lesquels ? » screen, whichever the ranking puts second.
    auto question = flow->current_question();
    auto group = flow->current_group();
    auto answers = engine::situation_to_json(flow->situation(), flow->rules());
    REQUIRE((question || group));

    flow->tap("langue:en", now += std::chrono::seconds(1));
    CHECK(flow->view().lang == "en");
    CHECK_FALSE(flow->view().rtl);
    CHECK(flow->current_question() == question);
    CHECK(flow->current_group() == group);
    CHECK(engine::situation_to_json(flow->situation(), flow->rules()) == answers);
    CHECK(flow->view().nav.front().label == "Back");
    std::set<std::string> offered;
    for (const auto& b : flow->view().languages) offered.insert(b.label);
    CHECK(offered.count("Français") == 1);
    CHECK(offered.count("العربية") == 1);

    flow->tap("langue:ar", now += std::chrono::seconds(1));
    CHECK(flow->view().lang == "ar");
    CHECK(flow->view().rtl);
    CHECK(flow->view().nav.front().label == "رجوع");
    CHECK(flow->current_question() == question);
    CHECK(flow->current_group() == group);

    flow->tap("langue:xx", now += std::chrono::seconds(1));  // not shipped: not offered, a tap on nothing
    CHECK(flow->view().lang == "ar");

    // Nobody answers the idle warning: the next visitor starts in French.
    flow->tick(now += std::chrono::seconds(95));
    CHECK(flow->view().idle_title == "هل ما زلت هنا؟");
    flow->tick(now += std::chrono::seconds(40));
    CHECK(flow->view().screen == Screen::Welcome);
    CHECK(flow->view().lang == "fr");
    CHECK_FALSE(flow->view().rtl);
}

TEST_CASE("plural forms follow each language's PO header", "[catalogue]") {
    auto languages = shipped_and_pseudo();
    auto progress = [&](const char* lang, long n) {
        return languages->get(lang).trf_n("progression", "Encore environ {n} question", "Encore environ {n} questions", n);
    };
    // French: 0 and 1 are singular.
    CHECK(progress("fr", 0) == "Encore environ 0 question");
    CHECK(progress("fr", 1) == "Encore environ 1 question");
    CHECK(progress("fr", 2) == "Encore environ 2 questions");
    CHECK(progress("en", 0) == "About 0 more questions");
    CHECK(progress("en", 1) == "About 1 more question");
    // Arabic: six forms (zero, one, two, few 3-10, many 11-99, other).
    std::set<std::string> arabic;
    for (long n : {0L, 1L, 2L, 5L, 11L, 100L}) arabic.insert(progress("ar", n));
    CHECK(arabic.size() == 6);
    CHECK(progress("ar", 5) == "بقيت 5 أسئلة تقريبًا");
    CHECK(progress("ar", 11) == "بقي 11 سؤالًا تقريبًا");
    // A language not shipped reads French.
    CHECK(languages->get("de").tr("bouton", "Retour") == "Retour");
}

TEST_CASE("each persona plays to the same results in English and in Arabic, the layout checked on every screen", "[catalogue][headless]") {
    auto dir = std::filesystem::temp_directory_path() / fmt::format("borne-kiosk-languages-{}", getpid());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::vector<std::pair<std::filesystem::path, std::string>> runs;
    for (const auto& persona : test::personas())
        for (const char* lang : {"en", "ar"}) runs.emplace_back(persona, lang);
    for (const auto& [persona, lang] : test::sanitizer_sample(runs)) {
        auto out = dir / fmt::format("{}-{}.json", persona.stem().string(), lang);
        auto kiosk = test::run(fmt::format("{} --headless --persona {} --lang {} --size 1024x768 --check-layout --tour --shots {} --results {}",
                                           BORNE_KIOSK_EXE, persona.string(), lang, (dir / lang).string(), out.string()));
        INFO(persona.filename().string() << " in " << lang << ": " << kiosk.output);
        CHECK(kiosk.status == 0);
        if (kiosk.status != 0) continue;
        auto simulate = test::run(fmt::format("{} simulate {} --format json", BORNE_EXE, persona.string()));
        REQUIRE(simulate.status == 0);
        std::ifstream in(out);
        CHECK(test::comparable_results(nlohmann::json::parse(in)).dump(1) ==
              test::comparable_results(nlohmann::json::parse(simulate.output)).dump(1));
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("ranks follow each language's ordinal rule (ICU): « your 21st child » but « your 11th child »", "[catalogue]") {
    auto languages = shipped_and_pseudo();
    auto child = [&](const char* code, int n) {
        const kiosk::LanguageFormatter f(languages->get(code));
        return f->person({engine::PersonRef::Role::Child, n});
    };
    for (auto [n, rank] : std::vector<std::pair<int, std::string>>{{1, "1st"}, {2, "2nd"}, {3, "3rd"}, {4, "4th"}, {11, "11th"}, {12, "12th"},
                                                                  {13, "13th"}, {21, "21st"}, {22, "22nd"}, {23, "23rd"}, {101, "101st"}, {111, "111th"}})
        CHECK(child("en", n) == "your " + rank + " child");
    CHECK(child("fr", 1) == "votre 1er enfant");
    CHECK(child("fr", 21) == "votre 21e enfant");
    CHECK(child("fr", 2) == "votre 2e enfant");
    // Arabic has one ordinal category: the rank is the number (« طفلك رقم 21 »).
    CHECK(languages->get("ar").ordinal_category(21) == "other");
    CHECK(child("ar", 21).find("21") != std::string::npos);
    // The first of the month is a rank too.
    const kiosk::LanguageFormatter en(languages->get("en"));
    CHECK(en->date(engine::Date::from_ymd(2026, 4, 1)).find("1st") != std::string::npos);
}

TEST_CASE("a translation with a placeholder the code does not give shows the French, never throws", "[catalogue]") {
    // A catalogue of one wrong entry, compiled as the build does (msgfmt --check accepts it: the
    // placeholders are the project's, not C's); i18n/catalogues check is what rejects it.
    auto dir = std::filesystem::temp_directory_path() / fmt::format("borne-catalogue-wrong-{}", getpid());
    std::filesystem::create_directories(dir / "xx/LC_MESSAGES");
    {
        std::ofstream po(dir / "xx.po");
        po << "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\nPlural-Forms: nplurals=2; plural=(n != 1);\\n\"\n\n"
              "msgctxt \"enregistrée\"\nmsgid \"Votre code : {code}\"\nmsgstr \"Your code: {kode}\"\n";
    }
    auto compiled = test::run(fmt::format("msgfmt --check -o {} {}", (dir / "xx/LC_MESSAGES/borne.mo").string(), (dir / "xx.po").string()));
    INFO(compiled.output);
    REQUIRE(compiled.status == 0);
    std::vector<i18n::LoadError> errors;
    auto languages = i18n::Catalogues::load(dir.string(), {"xx"}, errors);
    CHECK(errors.empty());
    const auto& xx = languages.get("xx");
    REQUIRE(xx.code() == "xx");
    CHECK(xx.tr("enregistrée", "Votre code : {code}") == "Your code: {kode}");
    CHECK(xx.trf("enregistrée", "Votre code : {code}", fmt::arg("code", "K7PM-3XQ9")) == "Votre code : K7PM-3XQ9");
    // A language asked for without its file is said, and left out.
    errors.clear();
    auto without = i18n::Catalogues::load(dir.string(), {"zz"}, errors);
    REQUIRE(errors.size() == 1);
    CHECK(errors.front().language == "zz");
    CHECK(errors.front().message.find("zz/LC_MESSAGES/borne.mo") != std::string::npos);
    CHECK(without.languages().size() == 1);
    std::filesystem::remove_all(dir);
}
