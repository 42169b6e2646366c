#include "layout.hpp"

#include "borne/engine/typography.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace borne::printing::detail {

namespace {

constexpr const char* nbsp = "\u00A0";         // before « : », inside « », before €

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

/// Printed text: French spaces, then escaped for pango markup.
std::string text(std::string_view s) { return escape(engine::french_typography(s)); }


/// "carte d'identité…" for "Carte d'identité…", when a sentence runs on after a colon (ASCII capitals
/// only: a word starting with an accented capital is left as it is; so are acronyms like "RIB").
std::string lower_first(std::string s) {
    if (s.size() > 1 && s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z')) s[0] = static_cast<char>(s[0] - 'A' + 'a');
    return s;
}

/// "caf.fr" for "https://wwwd.caf.fr/wps/…": what a person can read aloud or type.
std::string site_of(std::string_view address) {
    if (auto p = address.find("://"); p != std::string_view::npos) address.remove_prefix(p + 3);
    address = address.substr(0, address.find('/'));
    if (address.starts_with("www")) {
        auto dot = address.find('.');
        if (dot != std::string_view::npos && address.find('.', dot + 1) != std::string_view::npos) address.remove_prefix(dot + 1);
    }
    return std::string(address);
}

class Builder {
public:
    explicit Builder(const Style& s) : st(s) {}
    std::vector<Block> blocks;

    void para(std::string markup, double size, double indent = 0, bool center = false) {
        Block b;
        b.markup = std::move(markup);
        b.size = size;
        b.indent = indent;
        b.center = center;
        blocks.push_back(std::move(b));
    }
    void heading(std::string_view title) {
        space(st.body * 0.6);
        Block b;
        b.markup = "<b>" + text(title) + "</b>";
        b.size = st.heading;
        b.keep_with_next = true;
        blocks.push_back(std::move(b));
        rule();
    }
    void rule() { add(Block::Kind::Rule, 1); }
    void space(double points) { add(Block::Kind::Space, points); }
    Block& qr(const std::string& address) {
        Block& q = add(Block::Kind::Qr, 0, st.body);
        q.qr = address;
        return q;
    }
    Block& add(Block::Kind kind, double size, double indent = 0) {
        Block b;
        b.kind = kind;
        b.size = size;
        b.indent = indent;
        return blocks.emplace_back(std::move(b));
    }
    void bullets(const std::vector<std::string>& lines, double size) {
        for (const auto& l : lines) para("•" + std::string(nbsp) + text(l), size, st.body * 0.8);
    }

private:
    const Style& st;
};

}  // namespace

namespace {

/// An aid in full (A4): how to claim written out, the address under its code, each condition the
/// kiosk could not check.
void full_aid(Builder& b, const Style& st, const TicketAid& a, std::vector<std::string>& addresses_shown) {
    if (!a.why.empty()) b.para(text(a.why), st.small);
    for (const auto& h : a.assumptions) b.para("<i>" + text("Nous avons supposé : " + h) + "</i>", st.small);
    b.para("<b>" + text("Comment la demander :") + "</b>", st.body);
    if (!a.how_to_claim.empty()) b.para(text(a.how_to_claim), st.small);
    if (!a.online_service.empty()) {
        bool again = std::find(addresses_shown.begin(), addresses_shown.end(), a.online_service) != addresses_shown.end();
        if (again) {
            b.para(text("En ligne sur " + site_of(a.online_service) + " : même code que plus haut."), st.small);
        } else {
            addresses_shown.push_back(a.online_service);
            b.para(text("En ligne sur " + site_of(a.online_service) + " (scannez le code) :"), st.small);
            b.qr(a.online_service);
            b.para(escape(a.online_service), st.small * 0.85, st.body);
        }
    }
    if (!a.form.empty()) b.para(text("Formulaire papier : " + a.form), st.small);
    if (!a.office.empty()) b.para(text("Au guichet : " + a.office), st.small);
    if (!a.next_steps.empty()) {
        b.para("<b>" + text("Ensuite :") + "</b>", st.body);
        b.bullets(a.next_steps, st.small);
    }
    if (!a.unchecked.empty()) {
        b.para("<b>" + text("La borne n'a pas pu vérifier :") + "</b>", st.body);
        b.bullets(a.unchecked, st.small);
    }
}

/// An aid on a receipt: why and how to claim beside its code (the column beside a code is otherwise
/// blank), the office once for all (offices()), the conditions left to the organisation said once in
/// the header.
void compact_aid(Builder& b, const Style& st, const TicketAid& a, std::vector<std::string>& addresses_shown) {
    std::string paper = a.form.empty() ? "" : text("Formulaire papier : " + a.form);
    if (!a.online_service.empty() && std::find(addresses_shown.begin(), addresses_shown.end(), a.online_service) == addresses_shown.end()) {
        addresses_shown.push_back(a.online_service);
        std::string beside = a.why.empty() ? "" : text(a.why) + "\n";
        beside += "<b>" + text("Demande en ligne") + "</b>" + text(" sur " + site_of(a.online_service) + " : scannez le code.");
        Block& code = b.qr(a.online_service);
        code.markup = std::move(beside);
        code.size = st.small;
        code.indent = 0;
        for (const auto& h : a.assumptions) b.para("<i>" + text("Nous avons supposé : " + h) + "</i>", st.small);
        if (!paper.empty()) b.para(paper, st.small);
    } else {
        if (!a.why.empty()) b.para(text(a.why), st.small);
        for (const auto& h : a.assumptions) b.para("<i>" + text("Nous avons supposé : " + h) + "</i>", st.small);
        if (!a.online_service.empty())
            b.para("<b>" + text("Demande en ligne") + "</b>" + text(" sur " + site_of(a.online_service) + " : même code que plus haut."), st.small);
        else if (a.form.empty() && !a.office.empty())
            b.para("<b>" + text("Demande au guichet") + "</b>" + text(" (adresses plus bas)."), st.small);
        if (!paper.empty()) b.para(paper, st.small);
    }
    if (!a.next_steps.empty()) {
        b.para("<b>" + text("Ensuite :") + "</b>", st.small);
        b.bullets(a.next_steps, st.small);
    }
}

/// Each office once, with the aids to ask there ("Caisse d'allocations familiales (CAF) : AF, ALF").
void offices(Builder& b, const Style& st, const std::vector<TicketAid>& aids) {
    std::vector<std::pair<std::string, std::string>> seen;  // office, aids
    for (const auto& a : aids) {
        if (a.office.empty()) continue;
        const std::string& name = a.short_name.empty() ? a.name : a.short_name;
        auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& o) { return o.first == a.office; });
        if (it == seen.end()) seen.emplace_back(a.office, name);
        else it->second += ", " + name;
    }
    if (seen.empty()) return;
    b.heading("Au guichet");
    for (const auto& [office, names] : seen) b.para("<b>" + text(office) + "</b>" + text(" : " + names), st.small);
}

}  // namespace

std::vector<Block> lay_out(const Ticket& t, const Style& st) {
    Builder b(st);
    // Header: where, when, what this paper is worth.
    b.para("<b>" + text(t.site) + "</b>", st.title, 0, true);
    b.para(text("Le " + t.printed_at), st.body, 0, true);
    b.space(st.body * 0.4);
    b.para("<b>" + text("Estimation indicative, sans engagement") + "</b>", st.body, 0, true);
    std::string in_force = fmt::format("Calcul pour {}, montants en vigueur au {}.", t.month, t.rules_in_force);
    bool unchecked = std::any_of(t.aids.begin(), t.aids.end(), [](const TicketAid& a) { return !a.unchecked.empty(); });
    std::string decides = st.compact && unchecked
                              ? "Seul l'organisme qui verse l'aide décide, après votre demande ; il vérifie aussi ce que la borne n'a pas pu vérifier."
                              : "Seul l'organisme qui verse l'aide décide, après votre demande.";
    if (st.compact) {
        b.para(text(in_force + " " + decides), st.small, 0, true);
    } else {
        b.para(text(in_force), st.small, 0, true);
        b.para(text(decides), st.small, 0, true);
    }

    b.heading(t.aids.empty() ? "Aides probables : aucune trouvée" : "Vos aides probables");
    if (t.aids.empty()) b.para(text("Avec vos réponses, la borne n'a pas trouvé d'aide probable. Un agent peut vérifier avec vous."), st.body);
    std::vector<std::string> addresses_shown;
    for (std::size_t k = 0; k < t.aids.size(); ++k) {
        const TicketAid& a = t.aids[k];
        if (k > 0) b.space(st.body * (st.compact ? 0.6 : 0.8));
        Block name;
        name.markup = "<b>" + text(a.name) + "</b>";
        name.size = st.body * 1.1;
        name.keep_with_next = true;
        b.blocks.push_back(std::move(name));
        if (!a.amount.empty()) b.para("<b>" + text(a.amount + " " + a.periodicity) + "</b>", st.amount);
        else b.para("<b>" + text(a.cost.empty() ? "Droit probable" : "Droit probable, " + a.cost) + "</b>", st.body);
        if (st.compact) compact_aid(b, st, a, addresses_shown);
        else full_aid(b, st, a, addresses_shown);
    }
    if (st.compact) offices(b, st, t.aids);

    if (!t.documents.empty()) {
        b.heading("Papiers à apporter");
        b.para(text("Cochez ce que vous avez déjà."), st.small);
        for (const auto& d : t.documents) {
            if (st.compact) {  // the detail runs on after the label
                b.para("☐" + std::string(nbsp) + "<b>" + text(d.label) + "</b>" + (d.detail.empty() ? "" : text(" : " + lower_first(d.detail))), st.small);
                continue;
            }
            b.para("☐" + std::string(nbsp) + "<b>" + text(d.label) + "</b>", st.body);
            if (!d.detail.empty()) b.para(text(d.detail), st.small, st.body * 1.4);
        }
    }

    if (!t.to_check.empty()) {
        b.heading("À voir avec un agent");
        for (const auto& c : t.to_check) {
            b.para("<b>" + text(c.name) + "</b>", st.body);
            if (!c.missing.empty()) {
                b.para(text("Il manque :"), st.small);
                b.bullets(c.missing, st.small);
            }
            if (!c.reason.empty()) b.para(text(c.reason), st.small);
        }
    }

    if (!t.local_elsewhere.empty()) {
        b.heading("Aides locales là où vous habitez");
        for (const auto& line : t.local_elsewhere) b.para(text(line), st.small);
    }

    if (t.resume_code || t.appointment) {
        b.space(st.body * 0.6);
        b.rule();
        if (t.resume_code) {
            b.para(text("Code pour reprendre la simulation avec un agent :"), st.body, 0, true);
            b.para("<b>" + text(*t.resume_code) + "</b>", st.title * 1.2, 0, true);
        }
        if (t.appointment) {
            const TicketAppointment& r = *t.appointment;
            b.para("<b>" + text("Votre rendez-vous :") + "</b>", st.body);
            b.para(text(r.when), st.body);
            if (!r.where.empty()) b.para(text(r.where), st.body);
            if (!r.with.empty()) b.para(text("Avec " + r.with), st.body);
        }
    }

    b.space(st.body * 0.6);
    b.rule();
    b.para(text(fmt::format("Borne {} · règles {}", t.kiosk_version.empty() ? "?" : t.kiosk_version, t.rules_version)), st.small * 0.9, 0, true);
    return std::move(b.blocks);
}

}  // namespace borne::printing::detail
