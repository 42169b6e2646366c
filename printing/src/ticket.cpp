#include "borne/printing/ticket.hpp"

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

/// Whom to see: a local aid's contact when it has one, otherwise the organisation that pays.
std::string office_text(const engine::RuleSet& R, const Aid& a) {
    const auto& c = a.contact;
    if (!c.service.empty() || !c.address.empty() || !c.phone.empty()) {
        std::string out = c.service;
        for (const std::string* part : {&c.address, &c.phone, &c.hours})
            if (!part->empty()) out += (out.empty() ? "" : ", ") + *part;
        return out;
    }
    if (a.organisation >= 0) return R.organisations[static_cast<std::size_t>(a.organisation)].name;
    return "";
}

/// One line of why: the last step of the explanation states the amount with its main figures.
std::string why_text(const engine::Formatter& f, const Aid& a, const AidResult& r) {
    if (!r.explanation.empty()) return f.format(r.explanation.back().text);
    return a.summary;
}

}  // namespace

std::string french_date_time(std::chrono::system_clock::time_point t) {
    std::time_t seconds = std::chrono::system_clock::to_time_t(t);
    std::tm local{};
    localtime_r(&seconds, &local);
    engine::Date d = engine::Date::from_ymd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
    return fmt::format("{} à {} h {:02}", d.french(), local.tm_hour, local.tm_min);
}

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

Ticket build_ticket(engine::Evaluation& evaluation, const std::vector<AidResult>& results, const TicketOptions& options) {
    const engine::RuleSet& R = evaluation.rules();
    const engine::Situation& S = evaluation.situation();
    const engine::Formatter& f = *options.formatter;
    Ticket t;
    t.site = options.site;
    t.printed_at = french_date_time(options.printed_at);
    t.month = fmt::format("{} {}", engine::french_month_name(S.month.month()), S.month.year());
    t.rules_in_force = rules_in_force_on(R, S.month).french();
    t.kiosk_version = options.kiosk_version;
    t.rules_version = R.fingerprint;
    t.resume_code = options.resume_code;
    t.appointment = options.appointment;

    std::set<int> documents_seen;
    auto add_documents = [&](const AidResult& r) {
        for (int d : r.documents) {
            if (!documents_seen.insert(d).second) continue;
            const engine::Document& doc = R.documents[static_cast<std::size_t>(d)];
            t.documents.push_back({doc.label, doc.detail});
        }
    };
    auto name_of = [&](const AidResult& r) {
        const Aid& a = R.aids[static_cast<std::size_t>(r.aid)];
        return a.short_name.empty() || a.name.find(a.short_name) != std::string::npos ? a.name : fmt::format("{} ({})", a.name, a.short_name);
    };
    // What is obtained and how the aids to check are grouped is the screen's too (engine/summary.hpp).
    const engine::Summary summary = engine::summarize(R, results, f);
    for (const AidResult* obtained : summary.obtained) {
        const AidResult& r = *obtained;
        const Aid& a = R.aids[static_cast<std::size_t>(r.aid)];
        TicketAid aid;
        aid.name = name_of(r);
        aid.short_name = a.short_name;
        if (!a.in_kind) {
            aid.amount = f.amount(r.amount);
            aid.periodicity = f.periodicity(a.periodicity);
            aid.money = engine::aid_money(a, r);
        } else if (r.amount > engine::Decimal{}) {
            // A right's amount is what the household pays (the CSS's participation), never a sum received.
            aid.cost = fmt::format("{} à votre charge", f.money(engine::aid_money(a, r)));
        }
        aid.why = why_text(f, a, r);
        for (const auto& m : r.assumptions) aid.assumptions.push_back(f.format(m));
        aid.online_service = a.online_service;
        aid.form = a.form;
        aid.office = office_text(R, a);
        aid.how_to_claim = a.how_to_claim;
        if (aid.how_to_claim.empty() && a.organisation >= 0) aid.how_to_claim = R.organisations[static_cast<std::size_t>(a.organisation)].how_to_claim;
        aid.next_steps = a.next_steps;
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

}  // namespace borne::printing
