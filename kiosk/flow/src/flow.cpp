#include "borne/kiosk/flow.hpp"

#include "entry.hpp"
#include "flow_state.hpp"
#include "life_events.hpp"

#include "borne/engine/formatter.hpp"
#include "borne/storage/resume_code.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace borne::kiosk {

using engine::Answer;
using engine::AidStatus;
using engine::InputType;

std::string_view screen_name(Screen s) {
    switch (s) {
        case Screen::Welcome: return "accueil";
        case Screen::LifeEvent: return "moment_de_vie";
        case Screen::Question: return "question";
        case Screen::Group: return "plusieurs_reponses";
        case Screen::Communes: return "communes";
        case Screen::Recap: return "recapitulatif";
        case Screen::Results: return "resultats";
        case Screen::AidDetail: return "detail";
        case Screen::NotObtained: return "non_obtenues";
        case Screen::Slip: return "ticket";
        case Screen::AgentPin: return "code_agent";
        case Screen::Agent: return "agent";
        case Screen::Saved: return "enregistree";
        case Screen::ResumeCode: return "reprise";
        case Screen::Booking: return "rendez_vous";
        case Screen::Report: return "signalement";
        case Screen::Setup: return "installation";
        case Screen::UsbUpdate: return "cle_usb";
    }
    return "?";
}

std::vector<std::string> View::actions() const {
    std::vector<std::string> ids;
    if (idle_warning) return {idle_button.id};
    for (const auto& b : choices) if (!b.id.empty()) ids.push_back(b.id);
    for (const auto& b : periods) ids.push_back(b.id);
    if (keypad != Keypad::None)
        for (const auto& k : keys.empty() ? keypad_keys(keypad) : keys) if (!k.id.empty()) ids.push_back(k.id);
    for (const auto& l : lines) if (!l.button.empty()) ids.push_back(l.button);
    for (const auto& b : nav) if (!b.id.empty()) ids.push_back(b.id);
    for (const auto& b : languages) ids.push_back(b.id);
    if (!listen.id.empty()) ids.push_back(listen.id);
    for (const auto* buttons : {&volume, &modes})
        for (const auto& b : *buttons) ids.push_back(b.id);
    return ids;
}

namespace {

Keypad keypad_for(const engine::Input& in) {
    switch (in.input_type) {
        case InputType::Integer: return Keypad::Integer;
        case InputType::Amount: return Keypad::Amount;
        case InputType::Date: return Keypad::Date;
        case InputType::Text: return Keypad::PostalCode;  // the only text the rules ask is the commune
        case InputType::YesNo:
        case InputType::Choice: break;
    }
    return Keypad::None;
}

/// An aid is decided (likely paid, or not) with `situation`'s answers: results are then worth showing.
bool some_aid_decided(const engine::RuleSet& rules, const engine::Situation& situation) {
    engine::Evaluation e(rules, situation);
    for (std::size_t a = 0; a < rules.aids.size(); ++a) {
        AidStatus status = e.aid_status(static_cast<int>(a));
        if (status == AidStatus::Eligible || status == AidStatus::NotEligible) return true;
    }
    return false;
}

}  // namespace

Flow::Flow(std::shared_ptr<const engine::RuleSet> rules, const engine::CommuneDirectory* communes, Config config, SlipPrinter printer)
    : m_rules(std::move(rules)), m_communes(communes), m_config(std::move(config)), m_printer(std::move(printer)),
      m_impl(std::make_unique<Impl>()) {
    m_impl->access.volume = m_config.volume;
    m_situation = engine::Situation::empty(*m_rules, m_config.month);
    rebuild_view();
}

Flow::~Flow() = default;

const i18n::Catalogue& Flow::language() const { return m_config.languages->get(m_impl->language); }

void Flow::set_printer_status(std::string status) {
    m_impl->printer_status = std::move(status);
    rebuild_view();
}

void Flow::set_printer_status_reader(PrinterStatusReader reader) { m_status_reader = std::move(reader); }

bool Flow::waiting_for_printer() const { return m_impl->printing.valid() || m_status.valid() || m_usb_reading.valid(); }

std::future<OutcomeOfPrint> ready_outcome(OutcomeOfPrint outcome) {
    std::promise<OutcomeOfPrint> p;
    p.set_value(std::move(outcome));
    return p.get_future();
}

namespace {

template <class T>
bool ready(const std::future<T>& f) {
    return f.valid() && f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

}  // namespace

void Flow::start_print() {
    Impl& I = *m_impl;
    if (I.printing.valid()) return;  // one slip at a time
    if (!m_printer) {
        // TRANSLATORS: slip screen, help: the kiosk has no printer at all.
        I.last_print = OutcomeOfPrint{false, language().tr("ticket", "Aucune imprimante n'est configurée sur cette borne."), {}};
        return;
    }
    I.printing = m_printer(SlipRequest{m_situation, resume_code(), appointment(), language()});
    // TRANSLATORS: slip screen, help: printing could not start.
    if (!I.printing.valid()) I.last_print = OutcomeOfPrint{false, language().tr("ticket", "L'impression n'a pas pu être lancée."), {}};
    collect();  // an outcome known at once shows at once
}

void Flow::read_printer_status() {
    if (!m_status_reader || m_status.valid()) return;
    m_status = m_status_reader();
    collect();
}

bool Flow::collect() {
    Impl& I = *m_impl;
    bool changed = false;
    if (ready(I.printing)) {
        try {
            I.last_print = I.printing.get();
        } catch (...) {  // a printer that broke its promise: said, never thrown at the screen
            I.last_print = OutcomeOfPrint{false, language().tr("ticket", "L'impression n'a pas pu être lancée."), {}};
        }
        changed = true;
        if (I.agent) read_printer_status();
    }
    if (ready(m_status)) {
        try {
            I.printer_status = m_status.get();
        } catch (...) {
            // TRANSLATORS: agent tools, the printer's state could not be read.
            I.printer_status = language().tr("agent", "État de l'imprimante illisible");
        }
        changed = true;
    }
    std::erase_if(m_abandoned, [](const auto& f) { return ready(f); });
    if (collect_slip_speech()) changed = true;
    return usb_collect() || changed;
}

std::optional<std::pair<int, int>> Flow::current_question() const {
    if (m_impl->screen != Screen::Question && m_impl->screen != Screen::Communes) return std::nullopt;
    return m_impl->question;
}

std::optional<std::pair<int, int>> Flow::current_group() const {
    if (m_impl->screen != Screen::Group) return std::nullopt;
    return std::pair{group_of(m_impl->question), m_impl->question.second};
}

std::string toggle_id(const engine::RuleSet& rules, int group, const engine::GroupToggle& toggle, std::size_t k) {
    if (rules.groups[static_cast<std::size_t>(group)].kind == engine::GroupKind::Who) return fmt::format("qui:{}", k);
    const auto& option = rules.groups[static_cast<std::size_t>(group)].options[static_cast<std::size_t>(toggle.option)];
    return "type:" + rules.inputs[static_cast<std::size_t>(option.input)].name;
}

// ---------------------------------------------------------------------------------------------
// Moving through the questions

namespace {

struct Mover {
    const engine::RuleSet& R;
    engine::Situation& S;
    Flow::Impl& I;

    bool valid(std::pair<int, int> q) const {
        if (int g = group_of(q); g >= 0) {
            if (static_cast<std::size_t>(g) >= R.groups.size()) return false;
            bool who = R.groups[static_cast<std::size_t>(g)].kind == engine::GroupKind::Who;
            if (who ? q.second >= 0 : q.second < 0 || static_cast<std::size_t>(q.second) >= S.persons.size()) return false;
            return !engine::group_toggles(R, S, g, q.second).empty();
        }
        if (q.first < 0 || static_cast<std::size_t>(q.first) >= R.inputs.size()) return false;
        bool person_input = R.inputs[static_cast<std::size_t>(q.first)].entity == engine::Entity::Person;
        return person_input ? q.second >= 0 && static_cast<std::size_t>(q.second) < S.persons.size() : q.second < 0;
    }

    void rank() { I.ranked = engine::rank_questions(R, S, I.favoured); }

    /// A « Qui ? » or « Lesquels ? » screen, its toggles ticked as the answers stand.
    void show_group(std::pair<int, int> q) {
        I.question = q;
        I.screen = Screen::Group;
        I.error.clear();
        const int g = group_of(q);
        I.ticks.clear();
        for (const auto& t : engine::group_toggles(R, S, g, q.second)) I.ticks.push_back(engine::toggle_ticked(R, S, g, q.second, t));
        estimate_after_ticks();
    }

    /// What follows a group screen depends on its ticks (a ticked income is asked next): the estimate is
    /// made as if the screen were validated now, and made again at each tap on a toggle.
    void estimate_after_ticks() {
        engine::Situation validated = S;
        engine::answer_group(R, validated, group_of(I.question), I.question.second, I.ticks);
        int ahead_in_history = I.position >= 0 ? static_cast<int>(I.history.size()) - I.position - 1 : 0;
        I.questions_after = ahead_in_history + engine::estimate_remaining_questions(R, validated, I.favoured);
    }

    void show(std::pair<int, int> q) {
        if (group_of(q) >= 0) return show_group(q);
        I.question = q;
        I.screen = Screen::Question;
        I.error.clear();
        const engine::Input& in = R.inputs[static_cast<std::size_t>(q.first)];
        I.entry = Entry{keypad_for(in), {}};
        I.period = AmountPeriod::Month;  // every amount question starts per month (the usual answer)
        const Answer& a = S.get(q.first, q.second);
        estimate_questions_after(a.state == Answer::State::Absent);
        I.some_aid_decided = some_aid_decided(R, S);
        if (a.state != Answer::State::Given) return;
        // Coming back to a question shows what was answered, ready to change: an amount typed per week
        // or per year comes back as typed.
        if (I.entry.kind == Keypad::Date)
            I.entry.typed = fmt::format("{:02}{:02}{:04}", a.date.day(), a.date.month(), a.date.year());
        else if (const TypedAmount* typed = typed_amount(I, q, a)) {
            I.entry.typed = keypad_digits(typed->typed);
            I.period = typed->period;
        } else if (I.entry.kind == Keypad::Integer || I.entry.kind == Keypad::Amount) {
            I.entry.typed = keypad_digits(a.number);
        }
    }

    /// What the progress line announces: the answered questions that « Valider » will show again when
    /// revisiting, then what the rules will likely still ask (played ahead with typical answers; the
    /// question on screen is among them when it is unanswered).
    void estimate_questions_after(bool on_screen_unanswered) {
        int ahead_in_history = I.position >= 0 ? static_cast<int>(I.history.size()) - I.position - 1 : 0;
        int unanswered = engine::estimate_remaining_questions(R, S, I.favoured);
        int after = std::max(0, unanswered - (on_screen_unanswered ? 1 : 0));
        // The typical answer closed everything; another answer may not: then say « environ 1 », never
        // « Dernière question » before a question that follows.
        if (after == 0 && on_screen_unanswered && engine::some_answer_asks_more(R, S, I.question.first, I.question.second)) after = 1;
        I.questions_after = ahead_in_history + after;
    }

    /// The next question: the following one in the history when revisiting, else the rules' best.
    void next() {
        while (I.position >= 0 && I.position + 1 < static_cast<int>(I.history.size())) {
            ++I.position;
            if (valid(I.history[static_cast<std::size_t>(I.position)])) return show(I.history[static_cast<std::size_t>(I.position)]);
        }
        I.position = -1;
        rank();
        if (I.ranked.empty()) {
            I.screen = Screen::Recap;
            I.stopped_early = false;  // every question the rules wanted is answered
            return;
        }
        const auto& best = I.ranked.front();
        show(best.group >= 0 ? group_entry(best.group, best.person) : std::pair{best.input, best.person});
    }

    /// « Valider » (or « Personne », every toggle off) on a group screen.
    void record_group() {
        auto q = I.question;
        engine::answer_group(R, S, group_of(q), q.second, I.ticks);
        remember(q);
    }

    void record(Answer answer) {
        auto [input, person] = I.question;
        bool couple_before = S.in_couple(R).value_or(false);
        S.set(R, input, person, std::move(answer));
        bool couple_after = S.in_couple(R).value_or(false);
        if (couple_before != couple_after) {
            // The partner is persons[1]: the children moved by one, and so do the questions asked about them.
            std::vector<std::pair<int, int>> kept;
            for (auto [i, p] : I.history) {
                if (p >= 1 && couple_before) { if (p == 1) continue; --p; }
                else if (p >= 1 && couple_after) ++p;
                kept.emplace_back(i, p);
            }
            I.history = std::move(kept);
            I.position = std::min(I.position, static_cast<int>(I.history.size()) - 1);
        }
        remember({input, person});
    }

    /// The screen just answered goes in the history (once), then the next one.
    void remember(std::pair<int, int> q) {
        auto [input, person] = q;
        // A question whose answer a group screen has just sent back to be asked (a box ticked again) leaves
        // the history: the rules ask it anew.
        std::erase_if(I.history, [&](const auto& h) { return !valid(h) || (group_of(h) < 0 && S.get(h.first, h.second).state == Answer::State::Absent); });
        auto at = std::find(I.history.begin(), I.history.end(), std::make_pair(input, person));
        if (at == I.history.end()) {
            I.history.emplace_back(input, person);
            if (I.position >= 0) I.position = static_cast<int>(I.history.size()) - 1;
        } else if (I.position >= 0) {
            I.position = static_cast<int>(at - I.history.begin());
        }
        next();
    }

    void back() {
        if (I.position < 0) I.position = static_cast<int>(I.history.size());
        while (--I.position >= 0)
            if (valid(I.history[static_cast<std::size_t>(I.position)])) return show(I.history[static_cast<std::size_t>(I.position)]);
        I.position = -1;
        I.screen = Screen::LifeEvent;
    }
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Taps

void Flow::tap(std::string_view id, Clock::time_point now) {
    Impl& I = *m_impl;
    I.last_touch = now;
    if (I.warning) {
        if (id == "je_suis_la") I.warning = false;
        return rebuild_view();
    }
    auto actions = m_view.actions();
    if (std::find(actions.begin(), actions.end(), id) == actions.end()) return;  // a tap on nothing
    if (access_tap(id)) return rebuild_view();  // read aloud, volume, display modes (access.cpp)
    if (usb_tap(id, now)) return rebuild_view();     // the USB update screen (usb_update.cpp)
    Mover move{*m_rules, m_situation, I};
    auto starts_with = [&](std::string_view prefix) { return id.substr(0, prefix.size()) == prefix; };
    auto rest = [&](std::string_view prefix) { return std::string(id.substr(prefix.size())); };
    const i18n::Catalogue& T = language();

    if (starts_with("langue:")) {
        // Another language, on any screen: the answers and the screen stay; a message already said in
        // the former language goes (the next one comes in the new language).
        I.language = m_config.languages->get(rest("langue:")).code();
        I.error.clear();
    } else if (id == "terminer") {
        wipe(now);
    } else if (id == "commencer") {
        I.screen = Screen::LifeEvent;
        I.started = now;
    } else if (id == "reprendre" && m_sessions.resume) {
        I.screen = Screen::ResumeCode;
        I.code_typed.clear();
        I.error.clear();
    } else if (I.screen == Screen::ResumeCode && (starts_with("key:") || id == "valider")) {
        I.error.clear();
        if (id == "key:effacer") {
            if (!I.code_typed.empty()) I.code_typed.pop_back();
        } else if (starts_with("key:")) {
            if (I.code_typed.size() < storage::code_length) I.code_typed += rest("key:");
        } else if (auto resumed = m_sessions.resume(I.code_typed); !resumed.situation) {
            I.error = resumed.message;
        } else {
            // The answers come back as they were; the month is today's, as for any visit.
            m_situation = std::move(*resumed.situation);
            m_situation.month = m_config.month;
            I.history = answered_questions(*m_rules, m_situation);
            I.started = now;
            I.screen = Screen::Recap;
        }
    } else if (id == "rendez_vous" && m_sessions.free_slots && !I.saved_code.empty() && I.appointment.empty()) {
        I.slots = m_sessions.free_slots();
        // TRANSLATORS: booking screen, error: no free slot.
        I.error = I.slots.empty() ? T.tr("rendez-vous", "Aucun créneau n'est libre pour le moment : demandez à l'accueil.") : "";
        I.screen = Screen::Booking;
    } else if (starts_with("creneau:") && I.screen == Screen::Booking && m_sessions.book) {
        auto booked = m_sessions.book(static_cast<std::size_t>(std::atoi(rest("creneau:").c_str())));
        if (booked.appointment.empty()) {
            I.error = booked.message;
            I.slots = m_sessions.free_slots ? m_sessions.free_slots() : std::vector<std::string>{};
        } else {
            I.appointment = booked.appointment;
            I.screen = Screen::Saved;
        }
    } else if (id == "signaler" && I.agent && m_sessions.report) {
        I.screen = Screen::Report;
        I.report_step = 0;
        I.error.clear();
    } else if (starts_with("signaler_aide:") && I.screen == Screen::Report) {
        for (std::size_t a = 0; a < m_rules->aids.size(); ++a)
            if (m_rules->aids[a].id == rest("signaler_aide:")) I.report_aid = static_cast<int>(a);
        I.entry = Entry{Keypad::Amount, {}};
        I.report_step = 1;
    } else if (id == "valider" && I.screen == Screen::Report && I.report_step == 1) {
        auto amount = I.entry.number();
        // TRANSLATORS: agent report screen, error under the keypad.
        if (!amount) I.error = T.tr("signalement", "Tapez le montant attendu (0 si l'aide ne devrait pas être versée).");
        else {
            I.report_expected = engine::french().amount(*amount);
            I.error.clear();
            I.report_step = 2;
        }
    } else if (starts_with("commentaire:") && I.screen == Screen::Report && I.report_step == 2 && I.report_aid >= 0) {
        std::size_t k = static_cast<std::size_t>(std::atoi(rest("commentaire:").c_str()));
        std::string comment = k < report_comments().size() ? report_comments()[k] : "";
        engine::Evaluation e(*m_rules, m_situation);
        std::string computed = "0,00 €";
        for (const auto& r : e.all_aids())
            if (r.aid == I.report_aid && r.status == engine::AidStatus::Eligible) computed = engine::french().amount(r.amount);
        I.report_message = m_sessions.report(m_situation, m_rules->aids[static_cast<std::size_t>(I.report_aid)].id, I.report_expected, computed, comment);
        I.report_step = 3;
    } else if (id == "enregistrer" && m_sessions.save && I.screen == Screen::Results) {
        auto saved = m_sessions.save(m_situation);
        I.saved_code = saved.code;
        I.saved_message = saved.message;
        I.screen = Screen::Saved;
    } else if (starts_with("evenement:")) {
        I.life_event = rest("evenement:");
        for (const auto& e : m_rules->life_events)
            if (e.id == rest("evenement:")) I.favoured = aids_of_life_event(*m_rules, e);
        // Coming back from the events after going back: the answers are still there, from the first.
        if (!I.history.empty() && move.valid(I.history.front())) {
            I.position = 0;
            move.show(I.history.front());
        } else {
            I.position = -1;
            move.next();
        }
    } else if (I.screen == Screen::Group && (starts_with("qui:") || starts_with("type:"))) {
        const auto [group, person] = *current_group();
        auto toggles = engine::group_toggles(*m_rules, m_situation, group, person);
        for (std::size_t k = 0; k < toggles.size() && k < I.ticks.size(); ++k)
            if (toggle_id(*m_rules, group, toggles[k], k) == id) I.ticks[k] = !I.ticks[k];
        move.estimate_after_ticks();
    } else if (I.screen == Screen::Group && (id == "aucun" || id == "valider")) {
        if (id == "aucun") I.ticks.assign(I.ticks.size(), false);
        move.record_group();
    } else if (I.screen == Screen::Question && (id == "oui" || id == "non")) {
        Answer a;
        a.state = Answer::State::Given;
        a.boolean = id == "oui";
        move.record(a);
    } else if (I.screen == Screen::Question && starts_with("choix:")) {
        const engine::Input& in = m_rules->inputs[static_cast<std::size_t>(I.question.first)];
        Answer a;
        a.state = Answer::State::Given;
        a.choice = m_rules->enumerations[static_cast<std::size_t>(in.type.enumeration)].find(rest("choix:"));
        if (a.choice >= 0) move.record(a);
    } else if (id == "je_ne_sais_pas") {
        Answer a;
        a.state = Answer::State::DontKnow;
        move.record(a);
    } else if (auto period = period_of_id(id); period && I.screen == Screen::Question && I.entry.kind == Keypad::Amount) {
        I.period = *period;  // what was typed stays: the same figure, now per week (or year)
    } else if (starts_with("key:")) {
        if (I.screen == Screen::AgentPin) I.pin.press(id);
        else if (I.entry.press(id)) I.error.clear();
    } else if (id == "valider" && I.screen == Screen::AgentPin) {
        if (now < I.locked_until) {
            // TRANSLATORS: agent PIN screen, error: locked after too many wrong PINs.
            I.error = T.tr("code agent", "Trop d'essais : attendez quelques minutes.");
        } else if (pin_matches(m_config.agent_pin_hash, I.pin.typed)) {
            I.agent = true;
            I.pin_failures = 0;
            I.screen = Screen::Agent;
            I.error.clear();
            read_printer_status();
        } else {
            // TRANSLATORS: agent PIN screen, error: wrong PIN.
            I.error = T.tr("code agent", "Code incorrect.");
            if (++I.pin_failures >= m_config.agent_max_failures) {
                I.locked_until = now + m_config.agent_lockout;
                I.pin_failures = 0;
                // TRANSLATORS: agent PIN screen, error: this wrong PIN locked agent mode.
                I.error = T.tr("code agent", "Trop d'essais : le mode agent est bloqué quelques minutes.");
            }
        }
        I.pin.typed.clear();
    } else if (id == "valider" && I.screen == Screen::Question) {
        const engine::Input& in = m_rules->inputs[static_cast<std::size_t>(I.question.first)];
        Answer a;
        a.state = Answer::State::Given;
        if (I.entry.kind == Keypad::Date) {
            auto d = I.entry.date();
            if (!d || d->year() < 1900 || *d > m_situation.month.plus_years(1)) {
                // TRANSLATORS: date question, error under the keypad (two lines).
                I.error = T.tr("question", "Cette date n'existe pas : tapez le jour, le mois et l'année (8 chiffres).");
                return rebuild_view();
            }
            a.date = *d;
            move.record(a);
        } else if (I.entry.kind == Keypad::PostalCode) {
            if (I.entry.typed.size() != 5) {
                // TRANSLATORS: postal code question, error under the keypad.
                I.error = T.tr("question", "Un code postal a 5 chiffres.");
                return rebuild_view();
            }
            if (!m_communes) {  // no directory: the code typed is taken as the INSEE code
                a.text = I.entry.typed;
                return move.record(a);
            }
            I.communes = m_communes->by_postal_code(I.entry.typed);
            if (I.communes.empty()) {
                // TRANSLATORS: postal code question, error under the keypad.
                I.error = T.tr("question", "Ce code postal n'existe pas. Vérifiez-le sur un courrier.");
            } else if (I.communes.size() == 1) {
                a.text = I.communes.front()->insee;
                move.record(a);
            } else {
                I.screen = Screen::Communes;
            }
        } else {
            auto n = I.entry.number();
            if (!n) {
                // TRANSLATORS: number question, error under the keypad.
                I.error = T.tr("question", "Tapez un nombre avec les touches.");
                return rebuild_view();
            }
            if ((in.minimum && *n < *in.minimum) || (in.maximum && *n > *in.maximum)) {
                // TRANSLATORS: number question, error under the keypad: the number typed is out of {min}..{max}.
                I.error = in.maximum ? T.trf("question", "Tapez un nombre entre {min} et {max}.", fmt::arg("min", in.minimum.value_or(engine::Decimal{}).to_french(0)),
                                             fmt::arg("max", in.maximum->to_french(0)))
                                     // TRANSLATORS: number question, error under the keypad.
                                     : T.tr("question", "Ce nombre n'est pas possible ici.");
                return rebuild_view();
            }
            a.number = *n;
            if (in.input_type == InputType::Amount) {
                // The rules read a monthly amount: one typed per week or per year is converted, and kept as
                // typed to say so (recap) and to show it again.
                a.number = monthly_amount(*n, I.period);
                if (I.period == AmountPeriod::Month) I.typed_amounts.erase(I.question);
                else I.typed_amounts[I.question] = TypedAmount{*n, I.period};
            }
            move.record(a);
        }
    } else if (starts_with("commune:") && I.screen == Screen::Communes) {
        Answer a;
        a.state = Answer::State::Given;
        a.text = rest("commune:");
        move.record(a);
    } else if (id == "retour") {
        switch (I.screen) {
            case Screen::LifeEvent: I.screen = Screen::Welcome; break;
            case Screen::Question: move.back(); break;
            case Screen::Group: move.back(); break;
            case Screen::Communes: I.screen = Screen::Question; break;
            case Screen::Recap: move.back(); break;
            case Screen::Results: I.screen = Screen::Recap; break;
            case Screen::AidDetail:
            case Screen::NotObtained:
            case Screen::Slip: I.screen = I.detail_trace && I.agent ? Screen::Agent : Screen::Results; I.detail_trace = false; break;
            case Screen::AgentPin: I.screen = I.before_agent; break;
            case Screen::Agent: I.screen = I.before_agent; break;
            case Screen::UsbUpdate: I.screen = Screen::Agent; break;
            case Screen::Welcome: break;
            case Screen::Setup: break;  // never a Flow's screen (setup.hpp)
            case Screen::Saved: I.screen = Screen::Results; break;
            case Screen::ResumeCode: I.screen = Screen::Welcome; break;
            case Screen::Booking: I.screen = Screen::Saved; break;
            case Screen::Report:
                if (I.report_step == 1 || I.report_step == 2) --I.report_step;
                else I.screen = I.agent ? Screen::Agent : Screen::Results;
                break;
        }
    } else if (starts_with("modifier:")) {
        int k = std::atoi(rest("modifier:").c_str());
        if (k >= 0 && k < static_cast<int>(I.history.size())) {
            I.position = -1;  // after the change, the rules decide what else to ask, then the recap
            move.show(I.history[static_cast<std::size_t>(k)]);
        }
    } else if (starts_with("hypothese:") && I.screen == Screen::Recap) {
        // An answer assumed, on the recap: its question, to answer it; then the rules and the recap again.
        auto assumed = assumed_answers(*m_rules, m_situation);
        std::size_t k = static_cast<std::size_t>(std::atoi(rest("hypothese:").c_str()));
        if (k < assumed.size() && move.valid(assumed[k].question)) {
            I.position = -1;
            move.show(assumed[k].question);
        }
    } else if (id == "voir_resultats") {
        I.screen = Screen::Results;
    } else if (id == "resultats_maintenant" && I.screen == Screen::Question) {
        // The question on screen stays unanswered; the results say what is still missing.
        I.stopped_early = !engine::rank_questions(*m_rules, m_situation, I.favoured).empty();
        I.screen = Screen::Results;
    } else if (id == "continuer_questions" && I.screen == Screen::Results) {
        I.position = -1;  // the rules' next question, as if the visitor had never left
        move.next();
    } else if (starts_with("detail:") || starts_with("trace:")) {
        I.detail_trace = starts_with("trace:");
        auto aid_id = I.detail_trace ? rest("trace:") : rest("detail:");
        for (std::size_t a = 0; a < m_rules->aids.size(); ++a)
            if (m_rules->aids[a].id == aid_id) I.detail_aid = static_cast<int>(a);
        I.screen = Screen::AidDetail;
    } else if (id == "non_obtenues") {
        I.screen = Screen::NotObtained;
    } else if (id == "imprimer" || id == "reimprimer") {
        I.detail_trace = I.screen == Screen::Agent;
        I.screen = Screen::Slip;
        I.last_print.reset();
        start_print();
        I.slip_printed_once = true;
    } else if (id == "etat_imprimante") {
        read_printer_status();
    } else if (id == "modifier_reponses") {
        I.screen = Screen::Recap;
    } else if (id == "quitter_agent") {
        // The agent's screens go with the agent: a slip or a detail opened from the tools (and left
        // under a second gesture) would otherwise send the next « Retour » back into the tools
        // without the PIN (found by the monkey test).
        I.agent = false;
        I.detail_trace = false;
        Screen back = I.before_agent;
        if (back == Screen::AgentPin || back == Screen::Agent) back = Screen::Welcome;
        if (back == Screen::Report) back = I.reached_results ? Screen::Results : Screen::Welcome;
        I.screen = back;
    }
    if (I.screen == Screen::Results) I.reached_results = true;
    rebuild_view();
}

void Flow::set_session_hooks(SessionHooks hooks) {
    m_sessions = std::move(hooks);
    rebuild_view();
}

const std::string& Flow::resume_code() const { return m_impl->saved_code; }

std::string report_comment_label(std::size_t k, const i18n::Catalogue& T) {
    return k < report_comments().size() ? T.tr("signalement", report_comments()[k].c_str()) : std::string{};
}

const std::vector<std::string>& report_comments() {
    // Stored in French (the rules' maintainer reads them), shown in the visit's language.
    using i18n::N_;
    static const std::vector<std::string> comments = {
        // TRANSLATORS: agent report screen, the comments an agent chooses from (one or two lines each).
        N_("signalement", "Le montant attendu vient d’une notification de l’organisme"),
        N_("signalement", "Le montant attendu vient d’un calcul de l’agent"),
        N_("signalement", "L’aide ne devrait pas être accordée"),
        N_("signalement", "L’aide devrait être accordée"),
    };
    return comments;
}
const std::string& Flow::appointment() const { return m_impl->appointment; }

std::vector<std::pair<int, int>> answered_questions(const engine::RuleSet& rules, const engine::Situation& situation) {
    std::vector<std::pair<int, int>> out;
    for (std::size_t i = 0; i < rules.inputs.size(); ++i) {
        int input = static_cast<int>(i);
        if (rules.inputs[i].entity == engine::Entity::Household) {
            if (situation.get(input, -1).state != Answer::State::Absent) out.emplace_back(input, -1);
        } else {
            for (std::size_t p = 0; p < situation.persons.size(); ++p)
                if (situation.get(input, static_cast<int>(p)).state != Answer::State::Absent) out.emplace_back(input, static_cast<int>(p));
        }
    }
    return out;
}

std::vector<Assumed> assumed_answers(const engine::RuleSet& rules, const engine::Situation& situation) {
    engine::Evaluation e(rules, situation);
    e.all_aids();
    const auto used = e.defaults_used();  // a copy: writing an assumption evaluates its value
    std::vector<Assumed> out;
    for (auto q : used) out.push_back({q, e.assumption(q.first, q.second)});
    return out;
}

const TypedAmount* typed_amount(const Flow::Impl& I, std::pair<int, int> q, const Answer& a) {
    auto at = I.typed_amounts.find(q);
    if (at == I.typed_amounts.end() || a.state != Answer::State::Given) return nullptr;
    return monthly_amount(at->second.typed, at->second.period) == a.number ? &at->second : nullptr;
}

void Flow::set_storage_status(std::vector<std::string> lines) {
    m_storage_status = std::move(lines);
    rebuild_view();
}

void Flow::set_rules_status(std::vector<std::string> lines) {
    m_rules_status = std::move(lines);
    rebuild_view();
}

void Flow::wipe(Clock::time_point now) {
    // Everything about the visitor goes and the welcome comes back; the agent lockout stays, or
    // « Terminer » would reset it.
    if (m_visit_recorder && m_impl->started != Clock::time_point{}) m_visit_recorder(visit_end(*m_impl, m_situation, *m_rules, now), m_situation);
    auto failures = m_impl->pin_failures;
    auto locked = m_impl->locked_until;
    // A slip still on its way is no longer this screen's business (the kiosk's printer cancels a job
    // that cannot print); its outcome is dropped when it comes.
    if (m_impl->printing.valid()) m_abandoned.push_back(std::move(m_impl->printing));
    if (m_impl->slip_speech.valid()) m_abandoned_speech.push_back(std::move(m_impl->slip_speech));
    m_situation = engine::Situation::empty(*m_rules, m_config.month);
    *m_impl = Impl{};
    m_impl->pin_failures = failures;
    m_impl->locked_until = locked;
    m_impl->last_touch = now;
    m_impl->access.volume = m_config.volume;  // the audio mode, the theme and the text size end with the visit
}

void Flow::corner_tap(Clock::time_point now) {
    Impl& I = *m_impl;
    I.last_touch = now;
    if (I.warning || I.screen == Screen::AgentPin || I.screen == Screen::Agent || I.screen == Screen::UsbUpdate) return;
    std::erase_if(I.corner_taps, [&](Clock::time_point t) { return now - t > std::chrono::seconds(3); });
    I.corner_taps.push_back(now);
    if (I.corner_taps.size() < 5) return;
    I.corner_taps.clear();
    I.before_agent = I.screen;
    I.pin = Entry{Keypad::Pin, {}};
    I.error.clear();
    I.screen = I.agent ? Screen::Agent : Screen::AgentPin;
    if (I.agent) read_printer_status();
    rebuild_view();
}

void Flow::tick(Clock::time_point now) {
    Impl& I = *m_impl;
    usb_poll(now);
    if (collect()) rebuild_view();
    if (I.screen == Screen::Welcome && !I.agent) return;
    if (I.last_touch == Clock::time_point{}) I.last_touch = now;
    if (!I.warning && now - I.last_touch >= m_config.idle_timeout) {
        I.warning = true;
        I.warning_start = now;
    }
    if (I.warning && now - I.warning_start >= m_config.idle_countdown) {
        wipe(now);  // nobody answered
    }
    if (m_impl->warning) {
        auto left = std::chrono::duration_cast<std::chrono::seconds>(m_config.idle_countdown - (now - m_impl->warning_start));
        m_impl->seconds_left = static_cast<int>(std::max<std::int64_t>(1, left.count()));
    }
    rebuild_view();
}

std::optional<Clock::time_point> Flow::next_deadline() const {
    const Impl& I = *m_impl;
    // An outcome on its way is looked for often: the wait for it is short and bounded.
    if (I.printing.valid() || m_status.valid() || m_usb_reading.valid() || !m_abandoned.empty()) return Clock::now() + std::chrono::milliseconds(50);
    // The slip told aloud, looked for sooner: its first word waits for it.
    if (I.slip_speech.valid() || !m_abandoned_speech.empty()) return Clock::now() + std::chrono::milliseconds(10);
    // The USB update screen follows the installation as it goes (usb_poll), the idle warning still first.
    if (I.screen == Screen::UsbUpdate && !I.warning && m_usb.read) return std::min(I.usb_next_read, I.last_touch + m_config.idle_timeout);
    if (I.screen == Screen::Welcome && !I.agent) return std::nullopt;
    if (!I.warning) return I.last_touch + m_config.idle_timeout;
    // The countdown redraws every second.
    auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - I.warning_start);
    return I.warning_start + elapsed + std::chrono::seconds(1);
}

}  // namespace borne::kiosk
