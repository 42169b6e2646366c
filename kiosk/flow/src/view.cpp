// The state drawn as a View: texts, buttons and lines for each screen.
#include "entry.hpp"
#include "flow_state.hpp"

#include "borne/storage/resume_code.hpp"
#include "life_events.hpp"

#include "borne/engine/formatter.hpp"
#include "borne/engine/results.hpp"
#include "borne/engine/summary.hpp"
#include "borne/engine/typography.hpp"
#include "borne/printing/ticket.hpp"

#include <fmt/format.h>
#include <algorithm>

namespace borne::kiosk {

using engine::Answer;
using engine::AidStatus;
using engine::InputType;

namespace {

const char* chapter_label(const std::string& chapter) {
    if (chapter == "moi") return "Moi";
    if (chapter == "mon_foyer") return "Mon foyer";
    if (chapter == "mon_logement") return "Mon logement";
    if (chapter == "mes_revenus") return "Mes revenus";
    return "";
}

// Amounts are written by the engine's formatter (the typeset pass puts the no-break space before « € »).
std::string money(engine::Decimal d) { return engine::french().amount(d); }

/// "153,01 € par mois"; for a right in kind (the Complémentaire santé solidaire), "Droit ouvert",
/// and what it costs the household when it costs something: a right's amount is not a sum received
/// (the CSS's is the monthly participation to pay), and a bare "30,00 € par mois" would read as one.
std::string amount_text(const engine::Aid& aid, const engine::AidResult& r) {
    std::string amount = engine::french().money(engine::aid_money(aid, r));
    if (!aid.in_kind) return amount;
    return r.amount > engine::Decimal{} ? "Droit ouvert, " + amount + " à votre charge" : "Droit ouvert";
}

/// The question the detail screen answers: the amount, or for a right in kind the right.
const char* why_label(const engine::Aid& aid) { return aid.in_kind ? "Pourquoi ce droit ?" : "Pourquoi ce montant ?"; }

}  // namespace

/// An answer as the recap shows it ("Oui", "17/10/1992", "1 700,00 €", "Paris (75056)").
std::string answer_text(const engine::RuleSet& R, const engine::CommuneDirectory* communes, int input, const Answer& a) {
    if (a.state == Answer::State::DontKnow) return "Je ne sais pas";
    if (a.state != Answer::State::Given) return "—";
    const engine::Input& in = R.inputs[static_cast<std::size_t>(input)];
    switch (in.input_type) {
        case InputType::YesNo: return a.boolean ? "Oui" : "Non";
        case InputType::Choice: {
            const auto& e = R.enumerations[static_cast<std::size_t>(in.type.enumeration)];
            return a.choice >= 0 && static_cast<std::size_t>(a.choice) < e.labels.size() ? e.labels[static_cast<std::size_t>(a.choice)] : "?";
        }
        case InputType::Date: return fmt::format("{:02}/{:02}/{:04}", a.date.day(), a.date.month(), a.date.year());
        case InputType::Amount: return money(a.number);
        case InputType::Integer: return a.number.to_french(0);
        case InputType::Text: {
            const engine::Commune* c = communes ? communes->by_insee(a.text) : nullptr;
            return c ? fmt::format("{} ({})", c->name, c->postal_codes.empty() ? c->insee : c->postal_codes.front()) : a.text;
        }
    }
    return "?";
}

namespace {

/// The texts a visitor reads, in French typography: the rules' files are typed with plain spaces
/// and straight apostrophes (« Vivez-vous en couple ? » could wrap its « ? » alone onto a line).
/// Not the ids, the keypad's entry or the QR code's text (its bytes are counted).
void typeset(View& v) {
    auto fix = [](std::string& text) { text = engine::french_typography(text); };
    for (std::string* text : {&v.site_name, &v.title, &v.help, &v.chapter, &v.progress_text, &v.error}) fix(*text);
    for (auto* buttons : {&v.choices, &v.nav})
        for (Button& b : *buttons) fix(b.label);
    for (Line& l : v.lines) {
        fix(l.text);
        fix(l.detail);
        fix(l.button_label);
    }
}

}  // namespace

void Flow::rebuild_view() {
    const Impl& I = *m_impl;
    const engine::RuleSet& R = *m_rules;
    View v;
    v.screen = I.screen;
    v.site_name = m_config.site_name;
    v.agent = I.agent;
    v.idle_warning = I.warning;
    v.idle_seconds_left = I.seconds_left;
    v.error = I.error;
    auto results = [&] {
        engine::Evaluation e(R, m_situation);
        return e.all_aids();
    };

    switch (I.screen) {
        case Screen::Welcome:
            v.title = "Découvrez en quelques minutes les aides auxquelles vous avez peut-être droit";
            v.help = "Rien n’est conservé : vos réponses sont effacées à la fin.";
            v.nav = {{"commencer", "Commencer", "commencer", true}};
            if (m_sessions.resume) v.nav.insert(v.nav.begin(), {"reprendre", "Reprendre avec un code", "reprendre"});
            break;
        case Screen::ResumeCode:
            v.title = "Tapez le code de votre ticket";
            v.help = "8 caractères, lettres et chiffres, comme sur le ticket (il n’y a ni O, ni I, ni 0, ni 1).";
            v.keypad = Keypad::Code;
            v.entry = storage::display_code(I.code_typed);
            v.entry_length = I.code_typed.size();
            v.error = I.error;
            v.nav = {{"retour", "Retour", "retour"}, {"valider", "Valider", "valider", true}};
            break;
        case Screen::Saved:
            if (I.saved_code.empty()) {
                v.title = "L’enregistrement n’a pas pu être fait";
                v.help = I.saved_message;
            } else {
                v.title = "Votre code : " + I.saved_code;
                v.help = "Notez ce code ou imprimez le ticket : il y figure. Avec lui, vous ou un agent reprendrez cette simulation. " +
                         I.saved_message;
            }
            if (!I.appointment.empty()) v.lines.push_back({"Votre rendez-vous : " + I.appointment, LineStyle::Heading});
            v.nav = {{"retour", "Retour aux résultats", "retour"}};
            if (!I.saved_code.empty() && I.appointment.empty() && m_sessions.free_slots)
                v.nav.push_back({"rendez_vous", "Prendre rendez-vous", "rendez_vous"});
            v.nav.push_back({"imprimer", "Imprimer le ticket", "imprimer", true});
            break;
        case Screen::Report:
            v.title = "Ce résultat me semble faux";
            v.error = I.error;
            if (I.report_step == 0) {
                v.help = "Quelle aide ?";
                for (const auto& aid : R.aids) v.choices.push_back({"signaler_aide:" + aid.id, aid.name});
            } else if (I.report_step == 1) {
                v.help = "Quel montant attendiez-vous, par mois (ou par versement) ?";
                v.keypad = Keypad::Amount;
                v.entry = I.entry.shown();
                v.entry_length = I.entry.typed.size();
                v.entry_unit = "€";
            } else if (I.report_step == 2) {
                v.help = "D’où vient ce montant ?";
                for (std::size_t k = 0; k < report_comments().size(); ++k) v.choices.push_back({fmt::format("commentaire:{}", k), report_comments()[k]});
            } else {
                v.help = I.report_message;
            }
            v.nav = {{"retour", I.report_step == 3 ? "Retour aux outils" : "Retour", "retour"}};
            if (I.report_step == 1) v.nav.push_back({"valider", "Valider", "valider", true});
            break;
        case Screen::Booking:
            v.title = "Choisissez un rendez-vous";
            v.help = "Aucun nom ni téléphone n’est demandé : le ticket portera le rendez-vous et le code de votre simulation.";
            v.error = I.error;
            for (std::size_t k = 0; k < I.slots.size() && k < 12; ++k) v.choices.push_back({fmt::format("creneau:{}", k), I.slots[k]});
            v.nav = {{"retour", "Retour", "retour"}};
            break;
        case Screen::LifeEvent:
            v.title = "Qu’est-ce qui vous amène ?";
            v.help = "Choisissez ce qui vous ressemble le plus. Toutes les aides sont regardées.";
            for (const auto& e : life_events()) v.choices.push_back({"evenement:" + e.id, e.label, e.pictogram});
            v.nav = {{"retour", "Retour", "retour"}};
            break;
        case Screen::Question:
        case Screen::Communes: {
            const engine::Input& in = R.inputs[static_cast<std::size_t>(I.question.first)];
            v.title = engine::question_text(R, m_situation, I.question.first, I.question.second);
            v.help = in.help;
            // « Moi » is the visitor's chapter: a question about the spouse or a child (« la date de
            // naissance de votre 1er enfant ») belongs to « Mon foyer ».
            v.chapter = chapter_label(I.question.second > 0 && in.chapter == "moi" ? std::string("mon_foyer") : in.chapter);
            // Honest about what remains: the questions behind, and an estimate of those ahead (flow.cpp).
            auto here = std::find(I.history.begin(), I.history.end(), I.question);
            std::size_t behind = I.position >= 0 ? static_cast<std::size_t>(I.position)
                                                 : I.history.size() - (here != I.history.end() ? 1 : 0);
            auto ahead = static_cast<std::size_t>(I.questions_after);
            v.progress = static_cast<double>(behind) / static_cast<double>(behind + ahead + 1);
            v.progress_text = ahead == 0 ? "Dernière question" : ahead == 1 ? "Encore environ 1 question"
                                                                       : fmt::format("Encore environ {} questions", ahead);
            if (I.screen == Screen::Communes) {
                v.title = "Quelle est votre commune ?";
                v.help = fmt::format("Le code postal {} couvre plusieurs communes.", I.entry.typed);
                for (const auto* c : I.communes) v.choices.push_back({"commune:" + c->insee, c->name, ""});
                v.nav = {{"retour", "Retour", "retour"}};
                break;
            }
            if (in.input_type == InputType::YesNo) {
                v.choices = {{"oui", "Oui", "oui"}, {"non", "Non", "non"}};
            } else if (in.input_type == InputType::Choice) {
                const auto& e = R.enumerations[static_cast<std::size_t>(in.type.enumeration)];
                for (std::size_t k = 0; k < e.values.size(); ++k)
                    v.choices.push_back({"choix:" + e.values[k], k < e.labels.size() ? e.labels[k] : e.values[k], e.values[k]});
            } else {
                v.keypad = I.entry.kind;
                v.entry = I.entry.shown();
                v.entry_length = I.entry.typed.size();
                if (in.input_type == InputType::Amount) v.entry_unit = "€";
                if (in.input_type == InputType::Text) v.help = "Tapez le code postal de votre logement (5 chiffres).";
            }
            v.nav.push_back({"retour", "Retour", "retour"});
            if (in.dont_know_allowed) v.nav.push_back({"je_ne_sais_pas", "Je ne sais pas", "je_ne_sais_pas"});
            if (v.keypad != Keypad::None) v.nav.push_back({"valider", "Valider", "valider", true});
            break;
        }
        case Screen::Recap: {
            v.title = "Vérifiez vos réponses";
            v.help = "Touchez une réponse pour la changer.";
            for (std::size_t k = 0; k < I.history.size(); ++k) {
                auto [input, person] = I.history[k];
                Line l;
                l.text = engine::question_text(R, m_situation, input, person);
                l.detail = answer_text(R, m_communes, input, m_situation.get(input, person));
                l.button = fmt::format("modifier:{}", k);
                l.button_label = "Modifier";
                v.lines.push_back(std::move(l));
            }
            v.nav = {{"retour", "Retour", "retour"}, {"voir_resultats", "Voir mes résultats", "resultats", true}};
            break;
        }
        case Screen::Results: {
            v.title = "Vos résultats";
            v.help = "Estimation indicative, sans engagement. Seul l’organisme qui verse l’aide peut décider.";
            auto rs = results();
            const engine::Summary summary = engine::summarize(R, rs);
            v.lines.push_back({"Aides que vous pourriez recevoir", LineStyle::Heading});
            for (const engine::AidResult* obtained : summary.obtained) {
                const auto& r = *obtained;
                const auto& aid = R.aids[static_cast<std::size_t>(r.aid)];
                Line l{aid.name, LineStyle::Amount, amount_text(aid, r)};
                l.button = "detail:" + aid.id;
                l.button_label = why_label(aid);
                v.lines.push_back(std::move(l));
                if (!aid.summary.empty()) v.lines.push_back({aid.summary, LineStyle::Muted});
            }
            if (summary.obtained.empty()) v.lines.push_back({"Aucune aide trouvée avec vos réponses.", LineStyle::Text});
            if (!summary.to_check.empty()) v.lines.push_back({"À vérifier avec un agent", LineStyle::Heading});
            for (const engine::SummaryCheck& check : summary.to_check) {
                // The three housing aids sent to an agent for one reason make one line (engine::summarize).
                std::string names;
                for (const engine::AidResult* r : check.aids) names += (names.empty() ? "" : ", ") + R.aids[static_cast<std::size_t>(r->aid)].name;
                const auto& r = *check.aids.front();
                if (r.status == AidStatus::ToCheck) {
                    v.lines.push_back({names, LineStyle::Warning, engine::french().format(r.reason)});
                    continue;
                }
                std::string missing;
                for (const auto& m : r.missing) {
                    if (!missing.empty()) missing += " ; ";
                    missing += engine::question_text(R, m_situation, m.input, m.person);
                }
                v.lines.push_back({names, LineStyle::Warning, missing.empty() ? engine::french().format(r.reason) : "Il manque : " + missing});
            }
            v.nav = {{"retour", "Retour", "retour"},
                     {"non_obtenues", "Aides non obtenues", "non_obtenues"},
                     {"imprimer", "Imprimer mon récapitulatif", "imprimer", true},
                     {"terminer", "Terminer", "terminer"}};
            if (m_sessions.save) v.nav.insert(v.nav.end() - 1, {"enregistrer", "Garder pour plus tard", "enregistrer"});
            break;
        }
        case Screen::AidDetail: {
            if (I.detail_aid < 0) break;
            engine::Evaluation e(R, m_situation);
            auto r = e.aid(I.detail_aid);
            const auto& aid = R.aids[static_cast<std::size_t>(I.detail_aid)];
            v.title = aid.name;
            v.help = aid.description;
            if (r.status == AidStatus::Eligible)
                v.lines.push_back({aid.in_kind ? "Votre droit" : "Montant estimé", LineStyle::Amount, amount_text(aid, r)});
            else if (!r.reason.empty())
                v.lines.push_back({engine::french().format(r.reason), LineStyle::Warning});
            if (!r.explanation.empty()) v.lines.push_back({why_label(aid), LineStyle::Heading});
            for (const auto& x : r.explanation) v.lines.push_back({engine::french().format(x.text), LineStyle::Text});
            v.lines.push_back({"Comment la demander", LineStyle::Heading});
            if (!aid.how_to_claim.empty()) v.lines.push_back({aid.how_to_claim, LineStyle::Text});
            if (!aid.online_service.empty()) v.lines.push_back({"En ligne : " + aid.online_service, LineStyle::Text});
            if (!aid.form.empty()) v.lines.push_back({"Formulaire papier : Cerfa n° " + aid.form, LineStyle::Text});
            if (!r.documents.empty()) v.lines.push_back({"Documents à apporter", LineStyle::Heading});
            for (int d : r.documents) v.lines.push_back({"☐ " + R.documents[static_cast<std::size_t>(d)].label, LineStyle::Text});
            if (!r.unchecked.empty()) v.lines.push_back({"À vérifier", LineStyle::Heading});
            for (const auto& c : r.unchecked) v.lines.push_back({engine::french().format(c), LineStyle::Muted});
            if (!aid.next_steps.empty()) v.lines.push_back({"Ensuite", LineStyle::Heading});
            for (const auto& s : aid.next_steps) v.lines.push_back({s, LineStyle::Text});
            if (I.agent && I.detail_trace) {
                auto trace = engine::trace_aid(e, I.detail_aid);
                v.lines.push_back({"Trace (mode agent)", LineStyle::Heading});
                for (const auto& t : trace.rules) v.lines.push_back({t.label.empty() ? t.id : t.label, LineStyle::Muted, t.value});
                for (const auto& p : trace.parameters) v.lines.push_back({p.label + " (" + p.source + ")", LineStyle::Muted, p.value});
                for (const auto& in : trace.inputs) v.lines.push_back({in.id + " " + in.person, LineStyle::Muted, in.value});
            }
            v.nav = {{"retour", "Retour", "retour"}};
            break;
        }
        case Screen::NotObtained: {
            v.title = "Aides non obtenues";
            v.help = "Avec vos réponses, ces aides ne semblent pas possibles. Un agent peut vérifier avec vous.";
            auto rs = results();
            for (const engine::AidResult* r : engine::summarize(R, rs).not_obtained)
                v.lines.push_back({R.aids[static_cast<std::size_t>(r->aid)].name, LineStyle::Text,
                                   r->reason.empty() ? "Montant trop faible pour être versé" : engine::french().format(r->reason)});
            v.nav = {{"retour", "Retour", "retour"}};
            break;
        }
        case Screen::Slip: {
            if (!I.last_print) {  // on its way: the printer answers within its bounded wait
                v.title = "Impression en cours…";
                v.help = "Votre récapitulatif s’imprime. Patientez quelques secondes.";
                v.printing = true;
                break;
            }
            const OutcomeOfPrint& outcome = *I.last_print;
            v.title = outcome.printed          ? "Votre récapitulatif est imprimé"
                      : !outcome.file.empty() ? "Pas d’imprimante : votre récapitulatif est à l’écran"
                                              : "Le récapitulatif n’a pas pu être imprimé";
            v.help = outcome.message;
            if (!outcome.printed) {
                // The slip on screen instead, and its summary in a QR code the visitor's phone can keep
                // (printing/ writes it from the slip's own model: what the paper would have said).
                engine::Evaluation e(R, m_situation);
                auto rs = e.all_aids();
                for (const engine::AidResult* r : engine::summarize(R, rs).obtained) {
                    const auto& aid = R.aids[static_cast<std::size_t>(r->aid)];
                    v.lines.push_back({aid.name, LineStyle::Amount, amount_text(aid, *r)});
                }
                printing::TicketOptions options;
                options.site = m_config.site_name;
                v.qr_text = printing::ticket_summary(printing::build_ticket(e, rs, options));
            }
            v.nav = {{"retour", "Retour", "retour"}, {"terminer", "Terminer", "terminer", true}};
            break;
        }
        case Screen::AgentPin:
            v.title = "Mode agent";
            v.help = m_config.agent_pin_hash.empty() ? "Le mode agent n’est pas configuré sur cette borne." : "Tapez votre code.";
            v.keypad = Keypad::Pin;
            v.entry = I.pin.shown();
            v.entry_length = I.pin.typed.size();
            v.nav = {{"retour", "Retour", "retour"}, {"valider", "Valider", "valider", true}};
            break;
        case Screen::Agent: {
            v.title = "Outils de l’agent";
            v.lines.push_back({"Imprimante", LineStyle::Heading});
            Line printer{I.printer_status, LineStyle::Text};
            printer.button = "etat_imprimante";
            printer.button_label = "Actualiser";
            v.lines.push_back(std::move(printer));
            if (!m_storage_status.empty()) v.lines.push_back({"Stockage", LineStyle::Heading});
            for (const auto& line : m_storage_status) v.lines.push_back({line, LineStyle::Text});
            for (const auto& line : m_rules_status) v.lines.push_back({line, LineStyle::Text});
            v.lines.push_back({"Trace de chaque aide", LineStyle::Heading});
            for (const auto& r : results()) {
                const auto& aid = R.aids[static_cast<std::size_t>(r.aid)];
                const char* status = r.status == AidStatus::Eligible ? "éligible" : r.status == AidStatus::NotEligible ? "non éligible"
                                   : r.status == AidStatus::Undetermined ? "à compléter"
                                   : r.status == AidStatus::ToCheck  ? "à vérifier"
                                                                     : "erreur";
                Line l{aid.name, LineStyle::Text, r.status == AidStatus::Eligible ? money(r.amount) : status};
                l.button = "trace:" + aid.id;
                l.button_label = "Trace";
                v.lines.push_back(std::move(l));
            }
            v.nav = {{"retour", "Retour", "retour"}, {"modifier_reponses", "Modifier les réponses", "modifier"}};
            if (m_sessions.report) v.nav.push_back({"signaler", "Ce résultat me semble faux", "signaler"});
            if (I.slip_printed_once) v.nav.push_back({"reimprimer", "Réimprimer le dernier ticket", "imprimer"});
            v.nav.push_back({"quitter_agent", "Quitter le mode agent", "quitter", true});
            break;
        }
    }
    typeset(v);
    m_view = std::move(v);
}

std::string Flow::invariant_violation() const {
    const Impl& I = *m_impl;
    const View& v = m_view;
    if (v.screen != I.screen) return "la vue ne montre pas l'écran courant";
    if (!I.warning && !v.printing && v.actions().empty()) return fmt::format("écran {} sans aucun bouton", screen_name(I.screen));
    if (v.printing != (I.screen == Screen::Slip && I.printing.valid())) return "attente d'impression sans impression en cours";
    if (v.progress < 0 || v.progress > 1) return "progression hors de 0..1";
    if (I.screen != Screen::Welcome && !I.warning && !v.printing) {
        auto actions = v.actions();
        if (std::find(actions.begin(), actions.end(), "retour") == actions.end()) return fmt::format("écran {} sans « Retour »", screen_name(I.screen));
    }
    if (I.screen == Screen::Question || I.screen == Screen::Communes) {
        auto [input, person] = I.question;
        if (input < 0 || static_cast<std::size_t>(input) >= m_rules->inputs.size()) return "question inconnue";
        bool person_input = m_rules->inputs[static_cast<std::size_t>(input)].entity == engine::Entity::Person;
        if (person_input ? person < 0 || static_cast<std::size_t>(person) >= m_situation.persons.size() : person >= 0)
            return "question posée sur une personne qui n'existe pas";
    }
    if (I.position >= static_cast<int>(I.history.size())) return "position hors de l'historique";
    for (auto [input, person] : I.history)
        if (m_situation.get(input, person).state == Answer::State::Absent) return "une réponse de l'historique a disparu";
    if ((I.screen == Screen::Agent) && !I.agent) return "outils de l'agent ouverts sans code";
    if (I.screen == Screen::AidDetail && I.detail_aid < 0) return "détail d'une aide inconnue";
    return {};
}

}  // namespace borne::kiosk
