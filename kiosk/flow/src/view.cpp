// The state drawn as a View: texts, buttons and lines for each screen.
#include "entry.hpp"
#include "flow_state.hpp"

#include "borne/storage/resume_code.hpp"

#include "borne/engine/checks.hpp"
#include "borne/engine/formatter.hpp"
#include "borne/engine/results.hpp"
#include "borne/engine/summary.hpp"
#include "borne/engine/typography.hpp"
#include "borne/printing/ticket.hpp"
#include "borne/kiosk/texts.hpp"

#include <fmt/format.h>
#include <algorithm>

namespace borne::kiosk {

using engine::Answer;
using engine::AidStatus;
using engine::InputType;

namespace {

std::string chapter_label(const std::string& chapter, const i18n::Catalogue& T) {
    // TRANSLATORS: question screens, header: the chapter of the questionnaire, beside « Encore environ N questions » (one short line).
    if (chapter == "moi") return T.tr("chapitre", "Moi");
    // TRANSLATORS: question screens, header: the chapter (the household: partner, children).
    if (chapter == "mon_foyer") return T.tr("chapitre", "Mon foyer");
    // TRANSLATORS: question screens, header: the chapter (housing).
    if (chapter == "mon_logement") return T.tr("chapitre", "Mon logement");
    // TRANSLATORS: question screens, header: the chapter (income).
    if (chapter == "mes_revenus") return T.tr("chapitre", "Mes revenus");
    return "";
}

/// "153,01 € par mois"; for a right in kind (the Complémentaire santé solidaire), "Droit ouvert",
/// and what it costs the household when it costs something: a right's amount is not a sum received
/// (the CSS's is the monthly participation to pay), and a bare "30,00 € par mois" would read as one.
std::string amount_text(const engine::Aid& aid, const engine::AidResult& r, const i18n::Catalogue& T, const engine::Formatter& F) {
    // « 153,01 € par mois »: the engine's formatter, in the visitor's language (its catalogue's entries).
    const std::string amount = F.money({r.amount, aid.periodicity, aid.in_kind});  // fmt::arg keeps a reference
    if (!aid.in_kind) return amount;
    if (r.amount > engine::Decimal{})
        // TRANSLATORS: results, amount column: a right in kind (free health care) that costs the household {amount} (« 30,00 € par mois »).
        return T.trf("montant", "Droit ouvert, {amount} à votre charge", fmt::arg("amount", amount));
    // TRANSLATORS: results, amount column: a right in kind (free health care), nothing to pay.
    return T.tr("montant", "Droit ouvert");
}

/// « 250,00 € par semaine, soit 1 083,33 € par mois »: an amount typed per week or per year, and the
/// monthly amount the rules read.
std::string converted_text(const TypedAmount& typed, engine::Decimal monthly, const i18n::Catalogue& T, const engine::Formatter& F) {
    const std::string amount = F.amount(typed.typed), per_month = F.amount(monthly);
    if (typed.period == AmountPeriod::Week)
        // TRANSLATORS: amount question (under the entry) and recap: an amount typed per week and the monthly amount the kiosk counts.
        return T.trf("période", "{amount} par semaine, soit {monthly} par mois", fmt::arg("amount", amount), fmt::arg("monthly", per_month));
    // TRANSLATORS: amount question (under the entry) and recap: an amount typed per year and the monthly amount the kiosk counts.
    return T.trf("période", "{amount} par an, soit {monthly} par mois", fmt::arg("amount", amount), fmt::arg("monthly", per_month));
}

/// The three periods an amount can be typed for, the chosen one primary.
std::vector<Button> period_buttons(AmountPeriod chosen, const i18n::Catalogue& T) {
    std::vector<Button> buttons;
    // TRANSLATORS: amount question, the three buttons above the keypad (about 12 characters each): the amount typed is per month / per week / per year.
    for (auto [p, label] : {std::pair{AmountPeriod::Month, T.tr("période", "par mois")}, std::pair{AmountPeriod::Week, T.tr("période", "par semaine")},
                            std::pair{AmountPeriod::Year, T.tr("période", "par an")}})
        buttons.push_back({period_id(p), label, "", p == chosen});
    return buttons;
}

/// The question the detail screen answers: the amount, or for a right in kind the right.
std::string why_label(const engine::Aid& aid, const i18n::Catalogue& T) {
    // TRANSLATORS: results, button beside an aid (about 22 characters), and the heading of its explanation.
    return aid.in_kind ? T.tr("résultats", "Pourquoi ce droit ?") : T.tr("résultats", "Pourquoi ce montant ?");
}

}  // namespace

/// An answer as the recap shows it ("Oui", "17/10/1992", "1 700,00 €", "Paris (75056)").
std::string answer_text(const engine::RuleSet& R, const engine::CommuneDirectory* communes, int input, const Answer& a,
                        const i18n::Catalogue& T) {
    const LanguageFormatter F(T);
    // TRANSLATORS: recap, the answer column (about 20 characters): the visitor said « I don't know ».
    if (a.state == Answer::State::DontKnow) return T.tr("réponse", "Je ne sais pas");
    if (a.state != Answer::State::Given) return "—";
    const engine::Input& in = R.inputs[static_cast<std::size_t>(input)];
    switch (in.input_type) {
        // TRANSLATORS: recap, the answer column: a yes/no answer.
        case InputType::YesNo: return a.boolean ? T.tr("réponse", "Oui") : T.tr("réponse", "Non");
        case InputType::Choice: {
            const auto& e = R.enumerations[static_cast<std::size_t>(in.type.enumeration)];
            return a.choice >= 0 && static_cast<std::size_t>(a.choice) < e.labels.size() ? F->rules(e.labels[static_cast<std::size_t>(a.choice)]) : "?";
        }
        case InputType::Date: return fmt::format("{:02}/{:02}/{:04}", a.date.day(), a.date.month(), a.date.year());
        case InputType::Amount: return F->amount(a.number);
        case InputType::Integer: return a.number.to_french(0);
        case InputType::Text: {
            const engine::Commune* c = communes ? communes->by_insee(a.text) : nullptr;
            // TRANSLATORS: recap, the answer column: the commune and its postal code (« Melun (77000) »).
            return c ? T.trf("réponse", "{commune} ({code})", fmt::arg("commune", c->name), fmt::arg("code", c->postal_codes.empty() ? c->insee : c->postal_codes.front()))
                     : a.text;
        }
    }
    return "?";
}

namespace {

/// The progress line of a question screen: the questions behind, and an estimate of those ahead (flow.cpp).
void question_progress(const Flow::Impl& I, View& v, const i18n::Catalogue& T) {
    auto here = std::find(I.history.begin(), I.history.end(), I.question);
    std::size_t behind = I.position >= 0 ? static_cast<std::size_t>(I.position)
                                         : I.history.size() - (here != I.history.end() ? 1 : 0);
    auto ahead = static_cast<std::size_t>(I.questions_after);
    v.progress = static_cast<double>(behind) / static_cast<double>(behind + ahead + 1);
    // TRANSLATORS: question screens, header beside the chapter (one short line): no question after this one.
    v.progress_text = ahead == 0 ? T.tr("progression", "Dernière question")
                                 // TRANSLATORS: question screens, header beside the chapter (one short line): an estimate of the questions left.
                                 : T.trf_n("progression", "Encore environ {n} question", "Encore environ {n} questions", static_cast<long>(ahead));
}

/// How a « Qui ? » screen names a person: « Moi », « Mon conjoint », « Mon 2e enfant (12 ans) ».
std::string person_toggle_label(const engine::RuleSet& R, const engine::Situation& S, int person, const i18n::Catalogue& T,
                                const engine::Formatter& F) {
    const engine::PersonRef who = engine::person_ref(S, R, person);
    // TRANSLATORS: « Qui ? » screen (who in the household…), the toggle of the visitor themself (large button, short).
    if (who.role == engine::PersonRef::Role::Claimant) return T.tr("qui", "Moi");
    // TRANSLATORS: « Qui ? » screen, the toggle of the visitor's partner (large button, short).
    if (who.role == engine::PersonRef::Role::Partner) return T.tr("qui", "Mon conjoint");
    const engine::Answer& born = R.input_birth_date >= 0 ? S.get(R.input_birth_date, person) : engine::Situation::absent_answer();
    if (born.state != Answer::State::Given)
        // TRANSLATORS: « Qui ? » screen, a child's toggle; {rang} is « 1er », « 2e »… (the formatter's ordinal).
        return T.trf("qui", "Mon {rang} enfant", fmt::arg("rang", F.ordinal(who.ordinal)));
    const std::string age = F.measure({engine::Decimal::from_int(engine::Date::full_years_between(born.date, S.month)), engine::Unit::Year});
    // TRANSLATORS: « Qui ? » screen, a child's toggle: {rang} is « 1er », « 2e »…, {age} « 12 ans ».
    return T.trf("qui", "Mon {rang} enfant ({age})", fmt::arg("rang", F.ordinal(who.ordinal)), fmt::arg("age", age));
}

/// A toggle's label: the person on a « Qui ? » (on a grid's row too), the answer on a « Lesquels ? » and
/// on a grid's row for the household (« Une affaire en justice »).
std::string toggle_label(const engine::RuleSet& R, const engine::Situation& S, const engine::QuestionGroup& g, const engine::GroupToggle& t,
                         const i18n::Catalogue& T, const engine::Formatter& F) {
    if (g.kind == engine::GroupKind::Who && t.person >= 0) return person_toggle_label(R, S, t.person, T, F);
    return F.rules(g.options[static_cast<std::size_t>(t.option)].label);
}

/// What a group screen's toggles show ticked, for the recap: « Moi, Mon conjoint », « Un salaire », or its
/// « aucun » label; a grid's row by row (« Un handicap reconnu : Moi ; Une affaire en justice »).
std::string ticked_text(const engine::RuleSet& R, const engine::Situation& S, int group, int person, const i18n::Catalogue& T,
                        const engine::Formatter& F) {
    const engine::QuestionGroup& g = R.groups[static_cast<std::size_t>(group)];
    std::string out, row;
    int row_option = -1;
    auto end_row = [&] {
        if (row.empty()) return;
        if (!out.empty()) out += " ; ";
        const std::string& heading = g.options[static_cast<std::size_t>(row_option)].label;
        const bool household = row_option >= 0 && row == F.rules(heading);
        // TRANSLATORS: recap, a « Qui ? » grid's row: {situation} « Un handicap reconnu », {personnes} « Moi, Mon conjoint ».
        out += household ? row : T.trf("qui", "{situation} : {personnes}", fmt::arg("situation", F.rules(heading)), fmt::arg("personnes", row));
        row.clear();
    };
    for (const auto& t : engine::group_toggles(R, S, group, person)) {
        if (!engine::toggle_ticked(R, S, group, person, t)) continue;
        if (g.grid && t.option != row_option) end_row(), row_option = t.option;
        if (!row.empty()) row += ", ";
        row += toggle_label(R, S, g, t, T, F);
    }
    if (g.grid) end_row();
    else out = row;
    return out.empty() ? F.rules(g.none_label) : out;
}

/// The texts a visitor reads, in French typography: the rules' files are typed with plain spaces
/// and straight apostrophes (« Vivez-vous en couple ? » could wrap its « ? » alone onto a line).
/// Not the ids, the keypad's entry or the QR code's text (its bytes are counted).
void typeset(View& v) {
    auto fix = [](std::string& text) { text = engine::french_typography(text); };
    for (std::string* text : {&v.site_name, &v.title, &v.help, &v.chapter, &v.progress_text, &v.error, &v.entry_note, &v.agent_badge, &v.qr_caption,
                              &v.idle_title, &v.idle_text, &v.idle_button.label})
        fix(*text);
    for (auto* buttons : {&v.choices, &v.periods, &v.nav, &v.keys, &v.volume, &v.modes})
        for (Button& b : *buttons) fix(b.label), fix(b.spoken);
    fix(v.listen.label);
    fix(v.spoken_status);
    for (ChoiceRow& r : v.choice_rows) fix(r.heading);
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
    const i18n::Catalogue& T = language();
    const LanguageFormatter language_formatter(T);
    const engine::Formatter& F = *language_formatter;  // the engine's messages and the rules' texts, in T's language
    auto question_of = [&](int input, int person) { return F.format(engine::question_message(R, m_situation, input, person)); };
    View v;
    v.screen = I.screen;
    v.site_name = m_config.site_name;
    v.agent = I.agent;
    // TRANSLATORS: header, beside the site's name while an agent uses the kiosk (capitals, short).
    if (I.agent) v.agent_badge = T.tr("en-tête", "MODE AGENT");
    v.idle_warning = I.warning;
    v.idle_seconds_left = I.seconds_left;
    if (I.warning) {
        // TRANSLATORS: idle warning, over every screen after 90 s without a touch: title (one line).
        v.idle_title = T.tr("inactivité", "Êtes-vous toujours là ?");
        // TRANSLATORS: idle warning, the countdown (two lines); {n} seconds left.
        v.idle_text = T.trf_n("inactivité", "Sans réponse, vos réponses seront effacées dans {n} seconde.",
                              "Sans réponse, vos réponses seront effacées dans {n} secondes.", I.seconds_left);
        // TRANSLATORS: idle warning, the only button (full width).
        v.idle_button = {"je_suis_la", T.tr("bouton", "Je suis là"), "", true};
    }
    v.lang = T.code();
    v.rtl = T.rtl();
    // Every screen offers the other languages (the visitor may have started in the wrong one).
    if (m_config.languages->languages().size() > 1)
        for (const auto& l : m_config.languages->languages())
            if (l.code() != T.code()) v.languages.push_back({"langue:" + l.code(), l.name(), ""});
    v.error = I.error;
    auto results = [&] {
        engine::Evaluation e(R, m_situation);
        return e.all_aids();
    };
    // TRANSLATORS: button (navigation row, about 12 characters): back to the previous screen.
    const Button back{"retour", T.tr("bouton", "Retour"), "retour"};
    // TRANSLATORS: button (navigation row, about 12 characters): confirms what the keypad typed.
    const Button confirm{"valider", T.tr("bouton", "Valider"), "valider", true};

    switch (I.screen) {
        case Screen::Welcome:
            // TRANSLATORS: welcome screen, title (large, up to three lines).
            v.title = T.tr("accueil", "Découvrez en quelques minutes les aides auxquelles vous avez peut-être droit");
            // TRANSLATORS: welcome screen, under the title (one or two lines).
            v.help = T.tr("accueil", "Rien n'est conservé : vos réponses sont effacées à la fin.");
            // TRANSLATORS: welcome screen, the main button (about 15 characters).
            v.nav = {{"commencer", T.tr("bouton", "Commencer"), "commencer", true}};
            // TRANSLATORS: welcome screen, button (about 25 characters): reopen a simulation saved under the code printed on a slip.
            if (m_sessions.resume) v.nav.insert(v.nav.begin(), {"reprendre", T.tr("bouton", "Reprendre avec un code"), "reprendre"});
            break;
        case Screen::ResumeCode:
            // TRANSLATORS: resume screen, title (one line): the code printed on the visitor's slip.
            v.title = T.tr("reprise", "Tapez le code de votre ticket");
            // TRANSLATORS: resume screen, help (two lines): the code's alphabet has no O, I, 0 or 1.
            v.help = T.tr("reprise", "8 caractères, lettres et chiffres, comme sur le ticket (il n'y a ni O, ni I, ni 0, ni 1).");
            v.keypad = Keypad::Code;
            v.entry = storage::display_code(I.code_typed);
            v.entry_length = I.code_typed.size();
            v.error = I.error;
            v.nav = {back, confirm};
            break;
        case Screen::Saved:
            if (I.saved_code.empty()) {
                // TRANSLATORS: saved screen, title when the save failed (one line).
                v.title = T.tr("enregistrée", "L'enregistrement n'a pas pu être fait");
                v.help = I.saved_message;
            } else {
                // TRANSLATORS: saved screen, title: {code} is the resume code (« K7PM-3XQ9 »).
                v.title = T.trf("enregistrée", "Votre code : {code}", fmt::arg("code", I.saved_code));
                // TRANSLATORS: saved screen, help (three lines); {kept} says how long it is kept (« Elle est gardée 30 jours, puis effacée. »).
                v.help = T.trf("enregistrée", "Notez ce code ou imprimez le ticket : il y figure. Avec lui, vous ou un agent reprendrez cette simulation. {kept}",
                               fmt::arg("kept", I.saved_message));
            }
            if (!I.appointment.empty())
                // TRANSLATORS: saved screen, a heading line: {appointment} is « mardi 8 décembre 2026 à 09:30, Guichet 2 ».
                v.lines.push_back({T.trf("enregistrée", "Votre rendez-vous : {appointment}", fmt::arg("appointment", I.appointment)), LineStyle::Heading});
            // TRANSLATORS: saved screen, button (about 20 characters).
            v.nav = {{"retour", T.tr("bouton", "Retour aux résultats"), "retour"}};
            if (!I.saved_code.empty() && I.appointment.empty() && m_sessions.free_slots)
                // TRANSLATORS: saved screen, button (about 20 characters): book an appointment at the counter.
                v.nav.push_back({"rendez_vous", T.tr("bouton", "Prendre rendez-vous"), "rendez_vous"});
            // TRANSLATORS: saved screen, main button (about 20 characters).
            v.nav.push_back({"imprimer", T.tr("bouton", "Imprimer le ticket"), "imprimer", true});
            break;
        case Screen::Report:
            // TRANSLATORS: agent mode, report screen title (one line): an agent reports a result that looks wrong.
            v.title = T.tr("signalement", "Ce résultat me semble faux");
            v.error = I.error;
            if (I.report_step == 0) {
                // TRANSLATORS: agent mode, report screen: which aid is wrong.
                v.help = T.tr("signalement", "Quelle aide ?");
                for (const auto& aid : R.aids) v.choices.push_back({"signaler_aide:" + aid.id, F.rules(aid.name)});
            } else if (I.report_step == 1) {
                // TRANSLATORS: agent mode, report screen, above the keypad (two lines).
                v.help = T.tr("signalement", "Quel montant attendiez-vous, par mois (ou par versement) ?");
                v.keypad = Keypad::Amount;
                v.entry = I.entry.shown();
                v.entry_length = I.entry.typed.size();
                v.entry_unit = "€";
            } else if (I.report_step == 2) {
                // TRANSLATORS: agent mode, report screen: where the expected amount comes from.
                v.help = T.tr("signalement", "D'où vient ce montant ?");
                for (std::size_t k = 0; k < report_comments().size(); ++k) v.choices.push_back({fmt::format("commentaire:{}", k), report_comment_label(k, T)});
            } else {
                v.help = I.report_message;
            }
            // TRANSLATORS: agent mode, report screen, button (about 20 characters) once the report is stored.
            v.nav = {I.report_step == 3 ? Button{"retour", T.tr("bouton", "Retour aux outils"), "retour"} : back};
            if (I.report_step == 1) v.nav.push_back(confirm);
            break;
        case Screen::Booking:
            // TRANSLATORS: booking screen, title (one line).
            v.title = T.tr("rendez-vous", "Choisissez un rendez-vous");
            // TRANSLATORS: booking screen, help (two lines).
            v.help = T.tr("rendez-vous", "Aucun nom ni téléphone n'est demandé : le ticket portera le rendez-vous et le code de votre simulation.");
            v.error = I.error;
            for (std::size_t k = 0; k < I.slots.size() && k < 12; ++k) v.choices.push_back({fmt::format("creneau:{}", k), I.slots[k]});
            v.nav = {back};
            break;
        case Screen::LifeEvent:
            // TRANSLATORS: life events screen, title (one line): what brings the visitor here.
            v.title = T.tr("moment de vie", "Qu'est-ce qui vous amène ?");
            // TRANSLATORS: life events screen, help (one or two lines).
            v.help = T.tr("moment de vie", "Choisissez ce qui vous ressemble le plus. Toutes les aides sont regardées.");
            // The buttons' labels are rules' texts (rules/moments_de_vie.yaml), like the aids' names.
            for (const auto& e : R.life_events) v.choices.push_back({"evenement:" + e.id, F.rules(e.label), e.pictogram});
            v.nav = {back};
            break;
        case Screen::Question:
        case Screen::Communes: {
            const engine::Input& in = R.inputs[static_cast<std::size_t>(I.question.first)];
            v.title = question_of(I.question.first, I.question.second);
            v.help = F.rules(in.help);
            // « Moi » is the visitor's chapter: a question about the spouse or a child (« la date de
            // naissance de votre 1er enfant ») belongs to « Mon foyer ».
            v.chapter = chapter_label(I.question.second > 0 && in.chapter == "moi" ? std::string("mon_foyer") : in.chapter, T);
            // Honest about what remains: the questions behind, and an estimate of those ahead (flow.cpp).
            question_progress(I, v, T);
            if (I.screen == Screen::Communes) {
                // TRANSLATORS: communes screen, title (one line): a postal code serves several communes.
                v.title = T.tr("communes", "Quelle est votre commune ?");
                // TRANSLATORS: communes screen, help (one line): {code} is the postal code typed.
                v.help = T.trf("communes", "Le code postal {code} couvre plusieurs communes.", fmt::arg("code", I.entry.typed));
                for (const auto* c : I.communes) v.choices.push_back({"commune:" + c->insee, c->name, ""});
                v.nav = {back};
                break;
            }
            if (in.input_type == InputType::YesNo) {
                // TRANSLATORS: question screens, the two big answer buttons of a yes/no question.
                v.choices = {{"oui", T.tr("bouton réponse", "Oui"), "oui"}, {"non", T.tr("bouton réponse", "Non"), "non"}};
            } else if (in.input_type == InputType::Choice) {
                const auto& e = R.enumerations[static_cast<std::size_t>(in.type.enumeration)];
                for (std::size_t k = 0; k < e.values.size(); ++k)
                    v.choices.push_back({"choix:" + e.values[k], k < e.labels.size() ? F.rules(e.labels[k]) : e.values[k], e.values[k]});
            } else {
                v.keypad = I.entry.kind;
                v.entry = I.entry.shown();
                v.entry_length = I.entry.typed.size();
                v.keys = keypad_keys(v.keypad, T);
                if (in.input_type == InputType::Amount) {
                    v.entry_unit = "€";
                    v.periods = period_buttons(I.period, T);
                    if (auto typed = I.entry.number(); typed && I.period != AmountPeriod::Month)
                        v.entry_note = converted_text({*typed, I.period}, monthly_amount(*typed, I.period), T, F);
                }
                // TRANSLATORS: postal code question, help above the keypad (one line).
                if (in.input_type == InputType::Text) v.help = T.tr("question", "Tapez le code postal de votre logement (5 chiffres).");
            }
            v.nav.push_back(back);
            if (I.some_aid_decided)
                // TRANSLATORS: question screens, navigation button (about 20 characters; « Voir mes résultats maintenant » did not fit beside the keypad at 1024x768): the results with the answers given so far (the visitor can come back to the questions).
                v.nav.push_back({"resultats_maintenant", T.tr("bouton", "Voir mes résultats"), "resultats"});
            // TRANSLATORS: question screens, navigation button (about 15 characters): the visitor does not know the answer.
            if (in.dont_know_allowed) v.nav.push_back({"je_ne_sais_pas", T.tr("bouton", "Je ne sais pas"), "je_ne_sais_pas"});
            if (v.keypad != Keypad::None) v.nav.push_back(confirm);
            break;
        }
        case Screen::Group: {
            // « Qui ? » or « Lesquels ? »: the toggles, « Personne » (or « Aucun revenu ») and « Valider ».
            const auto [group, person] = std::pair{group_of(I.question), I.question.second};
            const engine::QuestionGroup& g = R.groups[static_cast<std::size_t>(group)];
            v.title = F.format(engine::group_message(R, m_situation, group, person));
            v.help = F.rules(g.help);
            v.chapter = chapter_label(g.chapter, T);
            question_progress(I, v, T);
            auto toggles = engine::group_toggles(R, m_situation, group, person);
            for (std::size_t k = 0; k < toggles.size(); ++k) {
                const bool ticked = k < I.ticks.size() && I.ticks[k];
                Button b{toggle_id(R, group, toggles[k], k), toggle_label(R, m_situation, g, toggles[k], T, F), ticked ? "case_cochee" : "case_vide"};
                b.toggle = true;
                b.ticked = ticked;
                v.choices.push_back(std::move(b));
                // A grid: a row per answer, under its label (a household's answer is its own toggle's label).
                if (!g.grid) continue;
                if (v.choice_rows.empty() || toggles[k - 1].option != toggles[k].option)
                    v.choice_rows.push_back({toggles[k].person >= 0 ? F.rules(g.options[static_cast<std::size_t>(toggles[k].option)].label) : std::string{}, k, 0});
                ++v.choice_rows.back().count;
            }
            v.choices.push_back({"aucun", F.rules(g.none_label), "aucune"});
            v.nav = {back, confirm};
            break;
        }
        case Screen::Recap: {
            // TRANSLATORS: recap screen, title (one line).
            v.title = T.tr("récapitulatif", "Vérifiez vos réponses");
            // TRANSLATORS: recap screen, help (one line).
            v.help = T.tr("récapitulatif", "Touchez une réponse pour la changer.");
            for (std::size_t k = 0; k < I.history.size(); ++k) {
                auto [input, person] = I.history[k];
                Line l;
                if (const int group = group_of(I.history[k]); group >= 0) {
                    // A group screen is one line: its question and what was ticked.
                    l.text = F.format(engine::group_message(R, m_situation, group, person));
                    l.detail = ticked_text(R, m_situation, group, person, T, F);
                } else {
                    l.text = question_of(input, person);
                    const Answer& a = m_situation.get(input, person);
                    const TypedAmount* typed = typed_amount(I, {input, person}, a);
                    l.detail = typed ? converted_text(*typed, a.number, T, F) : answer_text(R, m_communes, input, a, T);
                }
                l.button = fmt::format("modifier:{}", k);
                // TRANSLATORS: recap screen, the button beside each answer (about 10 characters).
                l.button_label = T.tr("bouton", "Modifier");
                v.lines.push_back(std::move(l));
            }
            // What the kiosk assumed instead of asking, each line opening its question to answer it.
            auto assumed = assumed_answers(R, m_situation);
            // TRANSLATORS: recap screen, heading over the answers the kiosk assumed instead of asking them (one line).
            if (!assumed.empty()) v.lines.push_back({T.tr("récapitulatif", "Ce que nous avons supposé"), LineStyle::Heading});
            for (std::size_t k = 0; k < assumed.size(); ++k) {
                Line l{F.assumption(assumed[k].text), LineStyle::Text};
                l.button = fmt::format("hypothese:{}", k);
                l.button_label = T.tr("bouton", "Modifier");
                v.lines.push_back(std::move(l));
            }
            // TRANSLATORS: recap screen, main button (about 20 characters).
            v.nav = {back, {"voir_resultats", T.tr("bouton", "Voir mes résultats"), "resultats", true}};
            break;
        }
        case Screen::Results: {
            // TRANSLATORS: results screen, title (one line).
            v.title = T.tr("résultats", "Vos résultats");
            // TRANSLATORS: results screen, under the title (two lines).
            v.help = T.tr("résultats", "Estimation indicative, sans engagement. Seul l'organisme qui verse l'aide peut décider.");
            if (I.stopped_early)
                // TRANSLATORS: results screen opened from a question (« Voir mes résultats » before the last question), under the title (two lines).
                v.help = T.tr("résultats", "Il reste des questions : les aides à vérifier dépendent de vos réponses. Estimation indicative, sans engagement.");
            auto rs = results();
            const engine::Summary summary = engine::summarize(R, rs);
            // TRANSLATORS: results screen, heading of the aids likely obtained.
            v.lines.push_back({T.tr("résultats", "Aides que vous pourriez recevoir"), LineStyle::Heading});
            for (const engine::AidResult* obtained : summary.obtained) {
                const auto& r = *obtained;
                const auto& aid = R.aids[static_cast<std::size_t>(r.aid)];
                Line l{F.rules(aid.name), LineStyle::Amount, amount_text(aid, r, T, F)};
                l.button = "detail:" + aid.id;
                l.button_label = why_label(aid, T);
                v.lines.push_back(std::move(l));
                if (!aid.summary.empty()) v.lines.push_back({F.rules(aid.summary), LineStyle::Muted});
            }
            // TRANSLATORS: results screen, when no aid was found.
            if (summary.obtained.empty()) v.lines.push_back({T.tr("résultats", "Aucune aide trouvée avec vos réponses."), LineStyle::Text});
            if (!summary.to_check.empty())
                v.lines.push_back({I.stopped_early
                                       // TRANSLATORS: results screen opened before the last question, heading of the aids that wait for answers.
                                       ? T.tr("résultats", "À vérifier : il manque des réponses")
                                       // TRANSLATORS: results screen, heading of the aids an agent must look at.
                                       : T.tr("résultats", "À vérifier avec un agent"),
                                   LineStyle::Heading});
            for (const engine::SummaryCheck& check : summary.to_check) {
                // The three housing aids sent to an agent for one reason make one line (engine::summarize).
                std::string names;
                for (const engine::AidResult* aid_result : check.aids) {
                    const std::string name = F.rules(R.aids[static_cast<std::size_t>(aid_result->aid)].name);
                    // TRANSLATORS: results screen, aids sent to an agent for one reason, listed on one line: {list}, {name}.
                    names = names.empty() ? name : T.trf("résultats", "{list}, {name}", fmt::arg("list", names), fmt::arg("name", name));
                }
                const auto& r = *check.aids.front();
                if (r.status == AidStatus::ToCheck) {
                    v.lines.push_back({names, LineStyle::Warning, F.format(r.reason)});
                    continue;
                }
                std::string missing;
                for (const auto& m : r.missing) {
                    std::string question = question_of(m.input, m.person);
                    // TRANSLATORS: results screen, the questions left unanswered, joined on one line: {list} ; {question}.
                    missing = missing.empty() ? question : T.trf("résultats", "{list} ; {question}", fmt::arg("list", missing), fmt::arg("question", question));
                }
                // TRANSLATORS: results screen, beside an aid that lacks answers: {questions} are the questions left unanswered.
                v.lines.push_back({names, LineStyle::Warning, missing.empty() ? F.format(r.reason) : T.trf("résultats", "Il manque : {questions}", fmt::arg("questions", missing))});
            }
            // A visitor from another commune is told which local aids exist there (never evaluated as if local).
            auto elsewhere = engine::local_aids_elsewhere(R, m_situation, m_config.site_commune);
            // TRANSLATORS: results screen, heading of the local aids where the visitor lives, which this kiosk does not compute.
            if (!elsewhere.empty()) v.lines.push_back({T.tr("résultats", "Aides locales là où vous habitez"), LineStyle::Heading});
            for (const auto& m : elsewhere) v.lines.push_back({engine::french().format(m), LineStyle::Text});
            // TRANSLATORS: results screen, navigation buttons (about 25 characters each).
            v.nav = {back,
                     {"non_obtenues", T.tr("bouton", "Aides non obtenues"), "non_obtenues"},
                     {"imprimer", T.tr("bouton", "Imprimer mon récapitulatif"), "imprimer", true},
                     // TRANSLATORS: button on the results and the slip (about 12 characters): ends the visit and wipes the answers.
                     {"terminer", T.tr("bouton", "Terminer"), "terminer"}};
            // TRANSLATORS: results screen, button (about 25 characters): save the answers under a code to come back later.
            if (m_sessions.save) v.nav.insert(v.nav.end() - 1, {"enregistrer", T.tr("bouton", "Garder pour plus tard"), "enregistrer"});
            if (I.stopped_early)
                // TRANSLATORS: results screen opened before the last question, button (about 25 characters): back to the next question, answers kept.
                v.nav.insert(v.nav.begin() + 1, {"continuer_questions", T.tr("bouton", "Répondre aux autres questions"), "continuer"});
            break;
        }
        case Screen::AidDetail: {
            if (I.detail_aid < 0) break;
            engine::Evaluation e(R, m_situation);
            auto r = e.aid(I.detail_aid);
            const auto& aid = R.aids[static_cast<std::size_t>(I.detail_aid)];
            v.title = F.rules(aid.name);
            v.help = F.rules(aid.description);
            if (r.status == AidStatus::Eligible)
                // TRANSLATORS: aid detail, the amount line's label (about 20 characters): a right in kind, or an amount.
                v.lines.push_back({aid.in_kind ? T.tr("détail", "Votre droit") : T.tr("détail", "Montant estimé"), LineStyle::Amount, amount_text(aid, r, T, F)});
            else if (!r.reason.empty())
                v.lines.push_back({F.format(r.reason), LineStyle::Warning});
            if (!r.explanation.empty()) v.lines.push_back({why_label(aid, T), LineStyle::Heading});
            for (const auto& x : r.explanation) v.lines.push_back({F.format(x.text), LineStyle::Text});
            // TRANSLATORS: aid detail, heading: how to claim the aid.
            v.lines.push_back({T.tr("détail", "Comment la demander"), LineStyle::Heading});
            if (!aid.how_to_claim.empty()) v.lines.push_back({F.rules(aid.how_to_claim), LineStyle::Text});
            // TRANSLATORS: aid detail: {service} is where to claim online (« caf.fr, rubrique Mes services en ligne »).
            if (!aid.online_service.empty()) v.lines.push_back({T.trf("détail", "En ligne : {service}", fmt::arg("service", aid.online_service)), LineStyle::Text});
            // TRANSLATORS: aid detail: {number} is the paper form's Cerfa number (« 10840*08 »).
            if (!aid.form.empty()) v.lines.push_back({T.trf("détail", "Formulaire papier : Cerfa n° {number}", fmt::arg("number", aid.form)), LineStyle::Text});
            // TRANSLATORS: aid detail, heading of the documents to bring.
            if (!r.documents.empty()) v.lines.push_back({T.tr("détail", "Documents à apporter"), LineStyle::Heading});
            // TRANSLATORS: aid detail, one document to bring: a box to tick, then {document}.
            for (int d : r.documents) v.lines.push_back({T.trf("détail", "☐ {document}", fmt::arg("document", F.rules(R.documents[static_cast<std::size_t>(d)].label))), LineStyle::Text});
            // TRANSLATORS: aid detail, heading of what the rules could not check.
            if (!r.unchecked.empty()) v.lines.push_back({T.tr("détail", "À vérifier"), LineStyle::Heading});
            for (const auto& c : r.unchecked) v.lines.push_back({F.format(c), LineStyle::Muted});
            // TRANSLATORS: aid detail, heading of the next steps after the claim.
            if (!aid.next_steps.empty()) v.lines.push_back({T.tr("détail", "Ensuite"), LineStyle::Heading});
            for (const auto& s : aid.next_steps) v.lines.push_back({F.rules(s), LineStyle::Text});
            if (I.agent && I.detail_trace) {
                auto trace = engine::trace_aid(e, I.detail_aid);
                // TRANSLATORS: aid detail in agent mode, heading of the computation's trace.
                v.lines.push_back({T.tr("détail", "Trace (mode agent)"), LineStyle::Heading});
                for (const auto& t : trace.rules) v.lines.push_back({t.label.empty() ? t.id : t.label, LineStyle::Muted, t.value});
                for (const auto& p : trace.parameters)
                    // TRANSLATORS: agent trace: a parameter of the law and its legal source.
                    v.lines.push_back({T.trf("détail", "{parameter} ({source})", fmt::arg("parameter", p.label), fmt::arg("source", p.source)), LineStyle::Muted, p.value});
                for (const auto& in : trace.inputs) v.lines.push_back({in.id + " " + in.person, LineStyle::Muted, in.value});
            }
            v.nav = {back};
            break;
        }
        case Screen::NotObtained: {
            // TRANSLATORS: not-obtained screen, title (one line).
            v.title = T.tr("non obtenues", "Aides non obtenues");
            // TRANSLATORS: not-obtained screen, help (two lines).
            v.help = T.tr("non obtenues", "Avec vos réponses, ces aides ne semblent pas possibles. Un agent peut vérifier avec vous.");
            auto rs = results();
            for (const engine::AidResult* r : engine::summarize(R, rs).not_obtained)
                v.lines.push_back({F.rules(R.aids[static_cast<std::size_t>(r->aid)].name), LineStyle::Text,
                                   // TRANSLATORS: not-obtained screen, beside an aid whose amount is under the minimum paid.
                                   r->reason.empty() ? T.tr("non obtenues", "Montant trop faible pour être versé") : F.format(r->reason)});
            v.nav = {back};
            break;
        }
        case Screen::Slip: {
            if (!I.last_print) {  // on its way: the printer answers within its bounded wait
                // TRANSLATORS: slip screen, title while printing (one line).
                v.title = T.tr("ticket", "Impression en cours…");
                // TRANSLATORS: slip screen, help while printing.
                v.help = T.tr("ticket", "Votre récapitulatif s'imprime. Patientez quelques secondes.");
                v.printing = true;
                break;
            }
            const OutcomeOfPrint& outcome = *I.last_print;
            // TRANSLATORS: slip screen, title (one line): printed / no printer / could not print.
            v.title = outcome.printed          ? T.tr("ticket", "Votre récapitulatif est imprimé")
                      : !outcome.file.empty() ? T.tr("ticket", "Pas d'imprimante : votre récapitulatif est à l'écran")
                                              : T.tr("ticket", "Le récapitulatif n'a pas pu être imprimé");
            v.help = outcome.message;
            if (!outcome.printed) {
                // The slip on screen instead, and its summary in a QR code the visitor's phone can keep
                // (printing/ writes it from the slip's own model: what the paper would have said).
                engine::Evaluation e(R, m_situation);
                auto rs = e.all_aids();
                for (const engine::AidResult* r : engine::summarize(R, rs).obtained) {
                    const auto& aid = R.aids[static_cast<std::size_t>(r->aid)];
                    v.lines.push_back({F.rules(aid.name), LineStyle::Amount, amount_text(aid, *r, T, F)});
                }
                printing::TicketOptions options;
                options.site = m_config.site_name;
                options.site_commune = m_config.site_commune;
                v.qr_text = printing::ticket_summary(printing::build_ticket(e, rs, options));
                // TRANSLATORS: slip screen, under the QR code (two lines, narrow column).
                v.qr_caption = T.tr("ticket", "Gardez ce récapitulatif : photographiez ce code avec votre téléphone.");
            }
            v.nav = {back, {"terminer", T.tr("bouton", "Terminer"), "terminer", true}};
            break;
        }
        case Screen::AgentPin:
            // TRANSLATORS: agent PIN screen, title.
            v.title = T.tr("code agent", "Mode agent");
            // TRANSLATORS: agent PIN screen, help: no PIN configured / type the PIN.
            v.help = m_config.agent_pin_hash.empty() ? T.tr("code agent", "Le mode agent n'est pas configuré sur cette borne.") : T.tr("code agent", "Tapez votre code.");
            v.keypad = Keypad::Pin;
            v.entry = I.pin.shown();
            v.entry_length = I.pin.typed.size();
            v.nav = {back, confirm};
            break;
        case Screen::Agent: {
            // TRANSLATORS: agent tools, title.
            v.title = T.tr("agent", "Outils de l'agent");
            // TRANSLATORS: agent tools, heading of the printer's state.
            v.lines.push_back({T.tr("agent", "Imprimante"), LineStyle::Heading});
            Line printer{I.printer_status.empty() ? T.tr("agent", "État de l'imprimante inconnu") : I.printer_status, LineStyle::Text};
            printer.button = "etat_imprimante";
            // TRANSLATORS: agent tools, button beside the printer's state (about 12 characters): read it again.
            printer.button_label = T.tr("bouton", "Actualiser");
            v.lines.push_back(std::move(printer));
            // TRANSLATORS: agent tools, heading of the storage's state.
            if (!m_storage_status.empty()) v.lines.push_back({T.tr("agent", "Stockage"), LineStyle::Heading});
            for (const auto& line : m_storage_status) v.lines.push_back({line, LineStyle::Text});
            for (const auto& line : m_rules_status) v.lines.push_back({line, LineStyle::Text});
            // The values `borne rules check` reports « à revoir » (R031): results that read them say so to the
            // visitor; the agent sees which, and since when.
            if (auto stale = engine::stale_values(R, m_situation.month); !stale.empty()) {
                // TRANSLATORS: agent tools, heading of the amounts whose revaluation is due and not yet verified.
                v.lines.push_back({T.tr("agent", "Montants à revoir"), LineStyle::Heading});
                for (const auto& s : stale) {
                    const auto& p = R.parameters[static_cast<std::size_t>(s.parameter)];
                    const std::string since = s.staleness.value_from.french(), due = s.staleness.due.french();
                    // TRANSLATORS: agent tools, one amount to review: {parametre} is its label (from the rules), the dates are written out.
                    v.lines.push_back({T.trf("agent", "{parametre} : valeur du {depuis} ; revalorisation du {attendue} pas encore vérifiée",
                                             fmt::arg("parametre", p.label), fmt::arg("depuis", since), fmt::arg("attendue", due)),
                                       LineStyle::Text});
                }
            }
            // TRANSLATORS: agent tools, heading of the list of aids, each with its trace.
            v.lines.push_back({T.tr("agent", "Trace de chaque aide"), LineStyle::Heading});
            for (const auto& r : results()) {
                const auto& aid = R.aids[static_cast<std::size_t>(r.aid)];
                // TRANSLATORS: agent tools, an aid's status (a few words).
                std::string status = r.status == AidStatus::Eligible ? "" : r.status == AidStatus::NotEligible ? T.tr("statut", "non éligible")
                                   : r.status == AidStatus::Undetermined ? T.tr("statut", "à compléter")
                                   : r.status == AidStatus::ToCheck  ? T.tr("statut", "à vérifier")
                                                                     : T.tr("statut", "erreur");
                Line l{F.rules(aid.name), LineStyle::Text, r.status == AidStatus::Eligible ? F.amount(r.amount) : status};
                l.button = "trace:" + aid.id;
                // TRANSLATORS: agent tools, button beside each aid (about 10 characters): its computation's trace.
                l.button_label = T.tr("bouton", "Trace");
                v.lines.push_back(std::move(l));
            }
            // TRANSLATORS: agent tools, navigation buttons (about 25 characters each).
            v.nav = {back, {"modifier_reponses", T.tr("bouton", "Modifier les réponses"), "modifier"}};
            if (m_sessions.report) v.nav.push_back({"signaler", T.tr("bouton", "Ce résultat me semble faux"), "signaler"});
            if (I.slip_printed_once) v.nav.push_back({"reimprimer", T.tr("bouton", "Réimprimer le dernier ticket"), "imprimer"});
            // TRANSLATORS: agent tools, navigation button (about 25 characters): the USB update screen.
            if (m_usb.read) v.nav.push_back({"cle_usb", T.tr("bouton", "Mettre à jour depuis une clé USB")});
            v.nav.push_back({"quitter_agent", T.tr("bouton", "Quitter le mode agent"), "quitter", true});
            break;
        }
        case Screen::Setup: break;  // drawn from a Setup's own view (setup.hpp), never a Flow's
        case Screen::UsbUpdate: usb_view(v); break;
    }
    if (v.keypad != Keypad::None && v.keys.empty()) v.keys = keypad_keys(v.keypad, T);
    access_view(v);
    // French typography is French: another language keeps its own (an English « ? » has no space before it).
    if (T.code() == "fr") typeset(v);
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
        if (group_of({input, person}) < 0 && m_situation.get(input, person).state == Answer::State::Absent) return "une réponse de l'historique a disparu";
    if ((I.screen == Screen::Agent || I.screen == Screen::UsbUpdate) && !I.agent) return "outils de l'agent ouverts sans code";
    if (I.screen == Screen::AidDetail && I.detail_aid < 0) return "détail d'une aide inconnue";
    return {};
}

}  // namespace borne::kiosk
