#include "borne/kiosk/storage_link.hpp"

#include "borne/storage/anonymise.hpp"

#include "borne/storage/resume_code.hpp"

#include <chrono>
#include <fmt/format.h>

namespace borne::kiosk {

storage::Visit visit_of(const VisitEnd& end, const engine::Situation& situation, const engine::RuleSet& rules, engine::Date day) {
    storage::Visit v;
    v.day = day;
    v.duration_s = static_cast<int>(end.duration.count());
    v.life_event = end.life_event.empty() ? "aucun" : end.life_event;
    v.questions_answered = end.questions_answered;
    v.completed = end.completed;
    v.abandoned_at = end.left_at;
    v.aids_found = end.aids_found;
    v.slip_printed = end.slip_printed;
    storage::describe_household(v, situation, rules);
    return v;
}

std::vector<std::string> storage_status_lines(const storage::Storage& store, engine::Date today, const i18n::Catalogue& T) {
    auto lines = store.status();
    if (!store.available()) return lines;
    auto bookings = store.bookings_of_day(today);
    if (!bookings.ok()) lines.push_back(bookings.error);
    // TRANSLATORS: agent tools, storage: no appointment today.
    else if (bookings.value->empty()) lines.push_back(T.tr("agent", "Aucun rendez-vous aujourd'hui."));
    else {
        // The code on the visitor's slip opens each one's simulation (the kiosk cannot without it).
        // TRANSLATORS: agent tools, storage: {n} appointments today, listed below.
        lines.push_back(T.trf_n("agent", "Rendez-vous aujourd'hui ({n}) : le code du ticket ouvre la simulation",
                                "Rendez-vous aujourd'hui ({n}) : le code du ticket ouvre la simulation", static_cast<long>(bookings.value->size())));
        for (const auto& b : *bookings.value) lines.push_back(fmt::format("{}  {}", b.slot.time, b.slot.desk));
    }
    return lines;
}

namespace {
storage::UnixTime unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}
}  // namespace

SessionHooks session_hooks(storage::Storage& store, std::shared_ptr<const engine::RuleSet> rules, LanguageOfVisit language) {
    SessionHooks hooks;
    if (!language) language = [] { return i18n::Catalogue{}; };
    // What the booking screen needs between taps: the save just made and the slots it was shown.
    struct Pending {
        std::vector<unsigned char> lookup;
        std::vector<storage::Slot> slots;
    };
    auto pending = std::make_shared<Pending>();
    hooks.save = [&store, rules, pending, language](const engine::Situation& situation) {
        const i18n::Catalogue T = language();
        auto saved = store.save(engine::situation_to_json(situation, *rules).dump(), unix_now());
        pending->lookup = saved.ok() ? storage::session_lookup(*store.database(), saved.value->code) : std::vector<unsigned char>{};
        if (!saved.ok())
            // TRANSLATORS: saved screen, help when the save failed: {error} comes from the storage.
            return SavedCode{{}, T.trf("enregistrée", "La simulation n'a pas pu être enregistrée ({error}). Le ticket imprimé garde vos résultats.", fmt::arg("error", saved.error))};
        return SavedCode{storage::display_code(saved.value->code),
                         // TRANSLATORS: saved screen, end of the help: how many days the save is kept.
                         T.trf_n("enregistrée", "Elle est gardée {n} jour, puis effacée.", "Elle est gardée {n} jours, puis effacée.", store.settings().saves_days)};
    };
    hooks.resume = [&store, rules, language](const std::string& typed) {
        auto opened = store.open_saved(typed, unix_now());
        if (!opened.session) return Resumed{std::nullopt, opened.message};
        auto parsed = engine::parse_situation(opened.session->situation_json, *rules, engine::Date::from_ymd(2000, 1, 1));
        // Saved by an older version of the rules: a question that no longer exists makes it unreadable.
        // TRANSLATORS: resume screen, error: the save was made with older rules.
        if (!parsed.situation) return Resumed{std::nullopt, language().tr("reprise", "Cette simulation a été enregistrée avec d'anciennes règles et ne peut pas être reprise.")};
        return Resumed{std::move(parsed.situation), {}};
    };
    hooks.report = [&store, rules, language](const engine::Situation& situation, const std::string& aid, const std::string& expected,
                                   const std::string& computed, const std::string& comment) {
        storage::Correction c;
        auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
        std::tm local{};
        localtime_r(&t, &local);
        c.reported_on = engine::Date::from_ymd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
        c.situation = engine::situation_to_json(situation, *rules);  // anonymised when recorded
        c.site = store.settings().site_name;
        c.aid = aid;
        c.expected_amount = expected;
        c.computed_amount = computed;
        c.comment = comment;
        auto st = store.report_correction(c, unix_now());
        const i18n::Catalogue T = language();
        // TRANSLATORS: agent report screen, once stored / when it could not be ({error} comes from the storage).
        return st.ok() ? T.tr("signalement", "Merci : le signalement est enregistré pour le mainteneur des règles (sans nom, dates de naissance au mois).")
                       : T.trf("signalement", "Le signalement n'a pas pu être enregistré : {error}.", fmt::arg("error", st.error));
    };
    if (!store.settings().slots.empty()) {
        hooks.free_slots = [&store, pending] {
            auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
            std::tm local{};
            localtime_r(&t, &local);
            auto today = engine::Date::from_ymd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
            auto free = store.free_slots(today, fmt::format("{:02}:{:02}", local.tm_hour, local.tm_min));
            pending->slots = free.ok() ? *free.value : std::vector<storage::Slot>{};
            std::vector<std::string> labels;
            for (const auto& s : pending->slots) labels.push_back(s.french());
            return labels;
        };
        hooks.book = [&store, pending, language](std::size_t index) {
            const i18n::Catalogue T = language();
            // TRANSLATORS: booking screen, error: the slot was taken meanwhile.
            if (index >= pending->slots.size() || pending->lookup.empty()) return Booked{{}, T.tr("rendez-vous", "Ce créneau n'est plus proposé.")};
            const auto& slot = pending->slots[index];
            auto booked = store.book(slot, pending->lookup, unix_now());
            // TRANSLATORS: booking screen, error: {error} comes from the storage.
            if (!booked.ok()) return Booked{{}, T.trf("rendez-vous", "Rendez-vous non pris : {error}.", fmt::arg("error", booked.error))};
            return Booked{slot.french(), {}};
        };
    }
    return hooks;
}

void link_storage(Flow& flow, storage::Storage& store, std::function<engine::Date()> today) {
    const engine::RuleSet* rules = &flow.rules();
    Flow* f = &flow;
    flow.set_storage_status(storage_status_lines(store, today()));
    if (store.available()) flow.set_session_hooks(session_hooks(store, flow.rules_pointer(), [f] { return f->language(); }));
    flow.set_visit_recorder([&store, rules, f, today](const VisitEnd& end, const engine::Situation& situation) {
        engine::Date day = today();
        storage::Visit visit = visit_of(end, situation, *rules, day);
        visit.language = f->language().code();  // the wipe calls this before it returns to French
        store.record_visit(visit);
        store.purge_if_due(unix_now());
        f->set_storage_status(storage_status_lines(store, day));
    });
}

}  // namespace borne::kiosk
