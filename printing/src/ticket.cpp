#include "borne/printing/ticket.hpp"

#include "layout.hpp"

#include "borne/engine/next_question.hpp"
#include "borne/engine/situation.hpp"
#include "borne/engine/summary.hpp"

#include <algorithm>
#include <ctime>
#include <fmt/format.h>
#include <set>

namespace borne::printing {

namespace {

using engine::Aid;
using engine::AidResult;
using engine::AidStatus;

/// A text of the rules in the formatter's language: `<entry id>.<field>` names it in the catalogues
/// (research/design-2026-12.md §4a), the French text is its source and what reads when it has no
/// translation.
std::string rules_text(const engine::Formatter& f, std::string_view entry, std::string_view field, const std::string& french) {
    if (french.empty()) return french;
    return std::string(f.text(fmt::format("{}.{}", entry, field), french));
}

/// Whom to see: a local aid's contact when it has one, otherwise the organisation that pays.
std::string office_text(const engine::RuleSet& R, const engine::Formatter& f, const Aid& a) {
    const auto& c = a.contact;
    if (!c.service.empty() || !c.address.empty() || !c.phone.empty()) {
        std::string out = c.service;
        for (const std::string* part : {&c.address, &c.phone, &c.hours})
            if (!part->empty()) out += (out.empty() ? "" : ", ") + *part;
        return out;
    }
    if (a.organisation >= 0) {
        const engine::Organisation& o = R.organisations[static_cast<std::size_t>(a.organisation)];
        return rules_text(f, o.id, "nom", o.name);
    }
    return "";
}

/// One line of why: the last step of the explanation states the amount with its main figures.
std::string why_text(const engine::Formatter& f, const Aid& a, const AidResult& r) {
    if (!r.explanation.empty()) return f.format(r.explanation.back().text);
    return rules_text(f, a.id, "résumé", a.summary);
}

}  // namespace

namespace {

/// When the slip was printed, in the kiosk's local time, in the slip's language.
std::string date_time(std::chrono::system_clock::time_point t, const engine::Formatter& f, const i18n::Catalogue& language) {
    std::time_t seconds = std::chrono::system_clock::to_time_t(t);
    std::tm local{};
    localtime_r(&seconds, &local);
    const std::string date = f.date(engine::Date::from_ymd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday));
    const std::string minutes = fmt::format("{:02}", local.tm_min);
    // TRANSLATORS: slip (paper), under the site's name: when it was printed ({date} « 22 novembre 2026 », {heure} 14, {minutes} 05).
    return language.trf("ticket papier", "{date} à {heure} h {minutes}", fmt::arg("date", date), fmt::arg("heure", local.tm_hour), fmt::arg("minutes", minutes));
}

}  // namespace

std::string french_date_time(std::chrono::system_clock::time_point t) { return date_time(t, engine::french(), i18n::Catalogue{}); }

engine::Date rules_in_force_on(const engine::RuleSet& rules, engine::Date month) {
    // The last day of the month: an amount revalued on the 1st of the simulated month counts.
    engine::Date end = month.first_of_month().plus_months(1).plus_days(-1);
    engine::Date latest;
    for (const auto& p : rules.parameters) {
        const engine::ParamValue* v = p.at(end);
        if (v && v->from > latest) latest = v->from;
    }
    return latest;
}

namespace {

Ticket build_one(engine::Evaluation& evaluation, const std::vector<AidResult>& results, const TicketOptions& options) {
    const engine::RuleSet& R = evaluation.rules();
    const engine::Situation& S = evaluation.situation();
    const engine::Formatter& f = *options.formatter;
    Ticket t;
    t.site = options.site;
    t.printed_at = date_time(options.printed_at, f, options.language);
    t.month = f.month(engine::Month{S.month.year(), S.month.month()});
    t.rules_in_force = f.date(rules_in_force_on(R, S.month));
    t.kiosk_version = options.kiosk_version;
    t.rules_version = R.fingerprint;
    t.resume_code = options.resume_code;
    t.appointment = options.appointment;
    t.language = options.language;

    std::set<int> documents_seen;
    auto add_documents = [&](const AidResult& r) {
        for (int d : r.documents) {
            if (!documents_seen.insert(d).second) continue;
            const engine::Document& doc = R.documents[static_cast<std::size_t>(d)];
            t.documents.push_back({rules_text(f, doc.id, "libellé", doc.label), rules_text(f, doc.id, "détail", doc.detail)});
        }
    };
    auto name_of = [&](const AidResult& r) {
        const Aid& a = R.aids[static_cast<std::size_t>(r.aid)];
        std::string name = rules_text(f, a.id, "nom", a.name), short_name = rules_text(f, a.id, "nom_court", a.short_name);
        return short_name.empty() || name.find(short_name) != std::string::npos ? name : fmt::format("{} ({})", name, short_name);
    };
    // What is obtained and how the aids to check are grouped is the screen's too (engine/summary.hpp).
    const engine::Summary summary = engine::summarize(R, results, f);
    for (const AidResult* obtained : summary.obtained) {
        const AidResult r = evaluation.explained(*obtained);  // the slip says why (its last line) and what to check
        const Aid& a = R.aids[static_cast<std::size_t>(r.aid)];
        TicketAid aid;
        aid.name = name_of(r);
        aid.short_name = rules_text(f, a.id, "nom_court", a.short_name);
        if (!a.in_kind) {
            aid.amount = f.amount(r.amount);
            aid.periodicity = f.periodicity(a.periodicity);
            aid.money = engine::aid_money(a, r);
        } else if (r.amount > engine::Decimal{}) {
            // A right's amount is what the household pays (the CSS's participation), never a sum received.
            const std::string cost = f.money(engine::aid_money(a, r));  // fmt::arg keeps a reference
            // TRANSLATORS: slip (paper), after « Droit probable, »: what a free-care right costs the household each month ({montant} « 30,00 € par mois »).
            aid.cost = options.language.trf("ticket papier", "{montant} à votre charge", fmt::arg("montant", cost));
        }
        aid.why = why_text(f, a, r);
        for (const auto& m : r.assumptions) aid.assumptions.push_back(f.assumption(m));
        aid.online_service = a.online_service;
        aid.form = rules_text(f, a.id, "démarche.formulaire", a.form);
        aid.office = office_text(R, f, a);
        aid.how_to_claim = rules_text(f, a.id, "démarche.texte", a.how_to_claim);
        if (aid.how_to_claim.empty() && a.organisation >= 0) {
            const engine::Organisation& o = R.organisations[static_cast<std::size_t>(a.organisation)];
            aid.how_to_claim = rules_text(f, o.id, "démarche", o.how_to_claim);
        }
        for (std::size_t k = 0; k < a.next_steps.size(); ++k) aid.next_steps.push_back(rules_text(f, a.id, fmt::format("ensuite.{}", k + 1), a.next_steps[k]));
        for (int k : a.dated_steps) aid.dated_steps.push_back(aid.next_steps[static_cast<std::size_t>(k)]);
        for (const auto& m : r.unchecked) aid.unchecked.push_back(f.format(m));
        t.aids.push_back(std::move(aid));
        add_documents(r);
    }
    for (const engine::SummaryCheck& c : summary.to_check) {
        TicketCheck check;
        if (c.status() == AidStatus::Undetermined) {
            const AidResult& r = *c.aids.front();
            check.name = name_of(r);
            for (const engine::Missing& m : r.missing) check.missing.push_back(f.format(engine::question_message(R, S, m.input, m.person)));
        } else if (c.status() == AidStatus::ToCheck) {
            for (const AidResult* r : c.aids) check.name += (check.name.empty() ? "" : ", ") + name_of(*r);
            check.reason = f.format(c.reason());
        } else {
            continue;  // an error in the rules is for the agent's screen, not for the visitor's paper
        }
        t.to_check.push_back(std::move(check));
    }
    for (const auto& m : engine::local_aids_elsewhere(R, S, options.site_commune)) t.local_elsewhere.push_back(f.format(m));
    // What the kiosk assumed instead of asking (the questions' par_défaut), as the recap lists it.
    const auto assumed = evaluation.defaults_used();  // a copy: writing an assumption evaluates its value
    for (auto [input, person] : assumed) t.assumptions.push_back(f.assumption(evaluation.assumption(input, person)));
    return t;
}

}  // namespace

Ticket build_ticket(engine::Evaluation& evaluation, const std::vector<AidResult>& results, const TicketOptions& options) {
    Ticket t = build_one(evaluation, results, options);
    if (options.language.code() != "fr") {
        // The agent's side: the same results told by the French formatter and the French catalogue.
        TicketOptions french = options;
        french.formatter = &engine::french();
        french.language = i18n::Catalogue{};
        t.french = std::make_shared<const Ticket>(build_one(evaluation, results, french));
    }
    return t;
}

namespace {

/// The office as a visitor names it: "CAF" for "Caisse d'allocations familiales (CAF)", "CPAM ou MSA"
/// for "Caisse primaire d'assurance maladie (CPAM) ou MSA", "France Travail" for "France Travail
/// (ex-Pôle emploi)": an acronym in brackets stands for the words before it, other brackets go.
std::string office_short(const std::string& office) {
    auto open = office.find('('), close = office.find(')', open == std::string::npos ? 0 : open);
    if (open == std::string::npos || close == std::string::npos) return office;
    std::string inner = office.substr(open + 1, close - open - 1), before = office.substr(0, open), after = office.substr(close + 1);
    bool acronym = !inner.empty() && std::all_of(inner.begin(), inner.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
    while (!before.empty() && before.back() == ' ') before.pop_back();
    return (acronym ? inner : before) + after;
}
}  // namespace

std::string ticket_summary(const Ticket& t, std::size_t max_bytes, const engine::Formatter& formatter) {
    std::string out = fmt::format("{}, {} (estimation)\n", t.site, t.month);
    // The aids under the office to claim them from (« CAF : »), offices in the order of their first aid;
    // an office's name goes with its first aid, so that a cut never leaves it alone.
    std::vector<std::string> offices, lines;
    for (const TicketAid& a : t.aids)
        if (std::find(offices.begin(), offices.end(), office_short(a.office)) == offices.end()) offices.push_back(office_short(a.office));
    for (const std::string& office : offices) {
        bool first = true;
        for (const TicketAid& a : t.aids) {
            if (office_short(a.office) != office) continue;
            std::string line = first && !office.empty() ? office + " :\n" : "";
            line += "- " + (a.short_name.empty() ? a.name : a.short_name) + (a.amount.empty() ? " : " : " ");
            // « 153,01 €/mois »: the short way (a code holds few bytes), as French writes it too.
            line += a.amount.empty() ? "droit ouvert" : a.money ? formatter.money_short(*a.money) : a.amount;
            if (!a.cost.empty()) line += ", " + a.cost;  // « droit ouvert » alone would read as free
            lines.push_back(line + "\n");
            first = false;
        }
    }
    if (!t.to_check.empty()) {
        std::string names;
        for (const TicketCheck& c : t.to_check) names += (names.empty() ? "" : ", ") + c.name;
        lines.push_back("À voir avec un agent : " + names + "\n");
    }
    // Every line when they all fit; else those that fit with the one that says the rest is not here.
    std::size_t all = out.size();
    for (const auto& l : lines) all += l.size();
    const std::string rest = "+ la suite : demandez à l’accueil\n";
    for (const auto& l : lines) {
        if (all <= max_bytes || out.size() + l.size() + rest.size() <= max_bytes) {
            out += l;
            continue;
        }
        if (out.size() + rest.size() <= max_bytes) out += rest;
        break;
    }
    if (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}


std::string spoken_text(const Ticket& t) {
    const i18n::Catalogue& T = t.language;
    std::vector<std::string> lines;
    // TRANSLATORS: the slip read aloud before printing, first sentence: how many likely aids ({n}).
    lines.push_back(T.trf_n("ticket parlé", "Votre ticket : {n} aide probable.", "Votre ticket : {n} aides probables.", static_cast<long>(t.aids.size())));
    for (const TicketAid& a : t.aids) {
        const std::string amount = a.amount.empty() ? (a.cost.empty() ? T.tr("ticket papier", "Droit probable") : T.trf("ticket papier", "Droit probable, {cout}", fmt::arg("cout", a.cost)))
                                                    : a.amount + " " + a.periodicity;
        // TRANSLATORS: the slip read aloud: one aid ({aide}) and its amount ({montant} « 153,01 € par mois » or « Droit probable »).
        lines.push_back(T.trf("ticket parlé", "{aide} : {montant}.", fmt::arg("aide", a.name), fmt::arg("montant", amount)));
        const std::string site = detail::site_of(a.online_service);
        // TRANSLATORS: the slip read aloud: where to claim the aid just read ({site} « caf.fr »).
        if (!a.online_service.empty()) lines.push_back(T.trf("ticket parlé", "Demande en ligne sur {site}.", fmt::arg("site", site)));
        // TRANSLATORS: the slip read aloud: the paper form of the aid just read ({formulaire} « Cerfa n° 15481 »).
        else if (!a.form.empty()) lines.push_back(T.trf("ticket papier", "Formulaire papier : {formulaire}", fmt::arg("formulaire", a.form)) + ".");
        else if (!a.office.empty()) lines.push_back(T.trf("ticket papier", "Au guichet : {guichet}", fmt::arg("guichet", a.office)) + ".");
    }
    if (!t.documents.empty()) {
        // TRANSLATORS: the slip read aloud: before the list of documents to bring, one per sentence.
        lines.push_back(T.tr("ticket parlé", "Papiers à apporter :"));
        for (const TicketDocument& d : t.documents) lines.push_back(d.label + ".");
    }
    std::vector<std::string> steps;
    for (const TicketAid& a : t.aids)
        for (const std::string& s : a.dated_steps)
            if (std::find(steps.begin(), steps.end(), s) == steps.end()) steps.push_back(s);
    if (!steps.empty()) {
        // TRANSLATORS: the slip read aloud: before the next steps that have a date.
        lines.push_back(T.tr("ticket parlé", "Ensuite :"));
        lines.insert(lines.end(), steps.begin(), steps.end());
    }
    if (!t.assumptions.empty()) {
        // What the kiosk assumed instead of asking, as the paper says it: a listener can still correct it.
        // TRANSLATORS: the slip read aloud: before the answers the kiosk assumed instead of asking, one per sentence.
        lines.push_back(T.tr("ticket parlé", "Ce que nous avons supposé :"));
        for (const std::string& a : t.assumptions) lines.push_back(a + ".");
    }
    for (const TicketCheck& c : t.to_check)
        // TRANSLATORS: the slip read aloud: an aid the kiosk could not decide ({aide}).
        lines.push_back(T.trf("ticket parlé", "À voir avec un agent : {aide}.", fmt::arg("aide", c.name)));
    if (t.resume_code) {
        // The code letter by letter: « K, 7, F » is what a listener can write down.
        std::string spelled;
        for (char c : *t.resume_code)
            if (c != '-') spelled += (spelled.empty() ? "" : ", ") + std::string(1, c);
        // TRANSLATORS: the slip read aloud: the resume code, spelled one character at a time ({code} « K, 7, F »).
        lines.push_back(T.trf("ticket parlé", "Votre code pour reprendre avec un agent : {code}.", fmt::arg("code", spelled)));
    }
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

}  // namespace borne::printing
