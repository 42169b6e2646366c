#include "layout.hpp"

#include "borne/engine/typography.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace borne::printing::detail {

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

/// Printed French: French spaces, then escaped for pango markup.
std::string text(std::string_view s) { return escape(engine::french_typography(s)); }


/// A text in the slip's language and, on a bilingual slip, in French (empty when the same or French only).
struct Said {
    std::string visitor, french;
    bool fallback = false;  // the visitor's text is the French one (no translation yet): printed once, in the French face
};

class Builder {
public:
    Builder(const Ticket& t, const Style& s)
        : st(s), visitor(t.language), m_french(t.french != nullptr), m_french_typography(t.language.code() == "fr"),
          // TRANSLATORS: slip (paper): the font family the slip prints this language in (a Debian font that has its script; Arabic: « Amiri », fonts-hosny-amiri).
          m_font(visitor.tr("police", "DejaVu Sans")) {}
    std::vector<Block> blocks;
    const Style& st;
    const i18n::Catalogue& visitor;
    const i18n::Catalogue french;  // the msgids

    bool bilingual() const { return m_french; }

    /// A label of the slip itself, in both languages (the catalogue's « ticket papier » entries).
    Said tr(const char* ctx, const char* msgid) const { return pair(visitor.tr(ctx, msgid), french.tr(ctx, msgid)); }
    template <class... Args>
    Said trf(const char* ctx, const char* msgid, const Args&... args) const {
        return pair(visitor.trf(ctx, msgid, args...), french.trf(ctx, msgid, args...));
    }
    /// A text of the ticket and its French twin (the same field of `Ticket::french`).
    Said pair(std::string v, std::string f) const {
        bool same = m_french && f == v;
        if (!m_french || same) f.clear();
        return {std::move(v), std::move(f), same};
    }

    /// Escaped for markup, with French spaces when the text is French.
    /// In the language's own font when it has one (DejaVu's Arabic is not a text face).
    std::string markup(std::string_view s) const {
        std::string m = m_french_typography ? text(s) : escape(s);
        return m_font == french.tr("police", "DejaVu Sans") ? m : fmt::format("<span font_family=\"{}\">{}</span>", escape(m_font), m);
    }
    /// The visitor's text, then the French in italics on a line of its own, each wrapped in `tag`.
    std::string both(const Said& s, std::string_view tag = {}) const {
        std::string out = wrap(s.fallback ? text(s.visitor) : markup(s.visitor), tag);
        if (!s.french.empty()) out += "\n<i>" + wrap(text(s.french), tag) + "</i>";
        return out;
    }

    /// The same, the French after the visitor's text on the same line when there is room (a receipt's
    /// short texts: an amount, a document): « €153.01 a month · <i>153,01 € par mois</i> ».
    /// `unbroken`: the French wraps as a whole (an amount: « 153,01 € par » / « mois » reads wrong).
    std::string run_on(const Said& s, bool unbroken = false) const {
        std::string out = s.fallback ? text(s.visitor) : markup(s.visitor);
        if (s.french.empty()) return out;
        std::string french = text(s.french);
        if (unbroken)
            for (std::size_t at = french.find(' '); at != std::string::npos; at = french.find(' ', at)) french.replace(at, 1, nbsp);
        // Isolated (U+2066 … U+2069) in a right-to-left line, so that « 153,01 € par mois » keeps its order.
        return out + (visitor.rtl() ? " · \u2066<i>" + french + "</i>\u2069" : " · <i>" + french + "</i>");
    }

    void para(std::string markup, double size, double indent = 0, bool center = false) {
        Block b;
        b.markup = std::move(markup);
        b.size = size;
        b.indent = indent;
        b.center = center;
        blocks.push_back(std::move(b));
    }
    void heading(const Said& title) {
        space(st.body * 0.6);
        Block b;
        b.markup = both(title, "b");
        if (st.compact && !title.french.empty()) {  // a receipt's heading with its French on one line when both fit
            b.stacked = std::move(b.markup);
            b.markup = "<b>" + run_on(title) + "</b>";
        }
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
    void bullets(const std::vector<Said>& lines, double size) {
        for (const auto& l : lines) para("•" + std::string(nbsp) + both(l), size, st.body * 0.8);
    }

private:
    bool m_french;
    bool m_french_typography;
    std::string m_font;

    static std::string wrap(std::string m, std::string_view tag) {
        if (tag.empty()) return m;
        return fmt::format("<{0}>{1}</{0}>", tag, m);
    }
};

/// The French twin of aid `k` (the same results told in French), or nothing on a French slip.
const TicketAid* french_aid(const Ticket& t, std::size_t k) { return t.french && k < t.french->aids.size() ? &t.french->aids[k] : nullptr; }

Said aid_name(const Builder& b, const TicketAid& a, const TicketAid* fr) { return b.pair(a.name, fr ? fr->name : ""); }

/// « 153,01 € par mois », or « Droit probable » for a right in kind (with what it costs).
Said amount_of(const Builder& b, const TicketAid& a, const TicketAid* fr) {
    if (!a.amount.empty()) return b.pair(a.amount + " " + a.periodicity, fr ? fr->amount + " " + fr->periodicity : "");
    Said right = a.cost.empty() ? b.tr("ticket papier", "Droit probable") : b.trf("ticket papier", "Droit probable, {cout}", fmt::arg("cout", a.cost));
    if (fr && !fr->cost.empty()) right.french = b.french.trf("ticket papier", "Droit probable, {cout}", fmt::arg("cout", fr->cost));
    if (!b.bilingual() || right.french == right.visitor) right.french.clear();
    return right;
}

std::vector<Said> pairs(const Builder& b, const std::vector<std::string>& v, const std::vector<std::string>* f) {
    std::vector<Said> out;
    for (std::size_t k = 0; k < v.size(); ++k) out.push_back(b.pair(v[k], f && k < f->size() ? (*f)[k] : ""));
    return out;
}

/// An aid in full (A4): why, how to claim written out, the address under its code, each condition the
/// kiosk could not check.
void full_aid(Builder& b, const TicketAid& a, const TicketAid* fr, std::vector<std::string>& addresses_shown) {
    const Style& st = b.st;
    // The answers assumed are said once for the slip (« Nous avons supposé : », lay_out), not under each aid.
    if (!a.why.empty()) b.para(b.both(b.pair(a.why, fr ? fr->why : "")), st.small);
    // TRANSLATORS: slip (paper), A4, over how to claim an aid.
    b.para(b.both(b.tr("ticket papier", "Comment la demander :"), "b"), st.body);
    if (!a.how_to_claim.empty()) b.para(b.both(b.pair(a.how_to_claim, fr ? fr->how_to_claim : "")), st.small);
    if (!a.online_service.empty()) {
        const std::string site = site_of(a.online_service);
        bool again = std::find(addresses_shown.begin(), addresses_shown.end(), a.online_service) != addresses_shown.end();
        if (again) {
            // TRANSLATORS: slip (paper), A4: the address {site} (« caf.fr ») was printed with its QR code for an aid above.
            b.para(b.both(b.trf("ticket papier", "En ligne sur {site} : même code que plus haut.", fmt::arg("site", site))), st.small);
        } else {
            addresses_shown.push_back(a.online_service);
            // TRANSLATORS: slip (paper), A4, above a QR code: claim online on {site} (« caf.fr »).
            b.para(b.both(b.trf("ticket papier", "En ligne sur {site} (scannez le code) :", fmt::arg("site", site))), st.small);
            b.qr(a.online_service);
            b.para(escape(a.online_service), st.small * 0.85, st.body);
        }
    }
    // TRANSLATORS: slip (paper), A4: the paper form of an aid ({formulaire} « Cerfa n° 15481 »).
    if (!a.form.empty()) b.para(b.both(b.pair(b.visitor.trf("ticket papier", "Formulaire papier : {formulaire}", fmt::arg("formulaire", a.form)),
                                              fr ? b.french.trf("ticket papier", "Formulaire papier : {formulaire}", fmt::arg("formulaire", fr->form)) : "")),
                                st.small);
    // TRANSLATORS: slip (paper), A4: the office where to claim an aid ({guichet} « Caisse d'allocations familiales (CAF) »).
    if (!a.office.empty()) b.para(b.both(b.pair(b.visitor.trf("ticket papier", "Au guichet : {guichet}", fmt::arg("guichet", a.office)),
                                                fr ? b.french.trf("ticket papier", "Au guichet : {guichet}", fmt::arg("guichet", fr->office)) : "")),
                                  st.small);
    if (!a.next_steps.empty()) {
        // TRANSLATORS: slip (paper), over what happens after the claim.
        b.para(b.both(b.tr("ticket papier", "Ensuite :"), "b"), st.body);
        b.bullets(pairs(b, a.next_steps, fr ? &fr->next_steps : nullptr), st.small);
    }
    if (!a.unchecked.empty()) {
        // TRANSLATORS: slip (paper), A4, over the conditions of an aid the kiosk could not check.
        b.para(b.both(b.tr("ticket papier", "La borne n'a pas pu vérifier :"), "b"), st.body);
        b.bullets(pairs(b, a.unchecked, fr ? &fr->unchecked : nullptr), st.small);
    }
}

/// How to claim an aid with no online service, in one line: its paper form, else its office.
Said claim_line(const Builder& b, const TicketAid& a, const TicketAid* fr) {
    if (!a.form.empty())
        return b.pair(b.visitor.trf("ticket papier", "Formulaire papier : {formulaire}", fmt::arg("formulaire", a.form)),
                      fr ? b.french.trf("ticket papier", "Formulaire papier : {formulaire}", fmt::arg("formulaire", fr->form)) : "");
    if (!a.office.empty())
        return b.pair(b.visitor.trf("ticket papier", "Au guichet : {guichet}", fmt::arg("guichet", a.office)),
                      fr ? b.french.trf("ticket papier", "Au guichet : {guichet}", fmt::arg("guichet", fr->office)) : "");
    return {};
}

/// The aids on a receipt: each aid's name and amount in one line, the aids claimed on one same site
/// beside one QR code with one line saying where; no explanation (the screen and the A4 have them).
void compact_aids(Builder& b, const Ticket& t) {
    const Style& st = b.st;
    std::vector<std::string> shown;
    for (std::size_t k = 0; k < t.aids.size(); ++k) {
        const TicketAid& a = t.aids[k];
        if (!a.online_service.empty() && std::find(shown.begin(), shown.end(), a.online_service) != shown.end()) continue;
        std::string lines;
        auto add_aid = [&](std::size_t j) {
            const TicketAid& x = t.aids[j];
            const TicketAid* fr = french_aid(t, j);
            if (!lines.empty()) lines += "\n";
            lines += b.both(aid_name(b, x, fr), "b") + "\n" + b.run_on(amount_of(b, x, fr), true);
        };
        if (a.online_service.empty()) {
            add_aid(k);
            Said how = claim_line(b, a, french_aid(t, k));
            if (!how.visitor.empty()) lines += "\n" + b.both(how);
            b.space(st.body * 0.3);
            b.para(std::move(lines), st.small);
            continue;
        }
        shown.push_back(a.online_service);
        for (std::size_t j = k; j < t.aids.size(); ++j)
            if (t.aids[j].online_service == a.online_service) add_aid(j);
        const std::string site = site_of(a.online_service);
        // TRANSLATORS: slip (paper), 80 mm receipt, beside a QR code: claim the aids listed on {site} (« caf.fr »).
        // In the visitor's language only: the agent has no use for it, and the receipt must stay short.
        lines += "\n" + b.markup(b.visitor.trf("ticket papier", "Demande en ligne sur {site} : scannez le code.", fmt::arg("site", site)));
        // No space above: the code's quiet zone (4 modules) already parts it from what is above.
        Block& code = b.qr(a.online_service);
        code.markup = std::move(lines);
        code.size = st.small;
        code.indent = 0;
    }
}

/// The next steps with a date of all the aids, each once (the three housing aids say the same).
std::vector<Said> merged_steps(const Builder& b, const Ticket& t) {
    std::vector<Said> out;
    for (std::size_t k = 0; k < t.aids.size(); ++k) {
        const TicketAid* fr = french_aid(t, k);
        for (Said s : pairs(b, t.aids[k].dated_steps, fr ? &fr->dated_steps : nullptr))
            if (std::none_of(out.begin(), out.end(), [&](const Said& o) { return o.visitor == s.visitor; })) out.push_back(std::move(s));
    }
    return out;
}

/// The questions still open for the aids to check, each once: the receipt lists them together, so that a
/// visitor who stopped before the end takes home what is left to answer.
std::vector<Said> merged_missing(const Builder& b, const Ticket& t) {
    std::vector<Said> out;
    for (std::size_t k = 0; k < t.to_check.size(); ++k) {
        const TicketCheck* fr = t.french && k < t.french->to_check.size() ? &t.french->to_check[k] : nullptr;
        for (Said s : pairs(b, t.to_check[k].missing, fr ? &fr->missing : nullptr))
            if (std::none_of(out.begin(), out.end(), [&](const Said& o) { return o.visitor == s.visitor; })) out.push_back(std::move(s));
    }
    return out;
}

}  // namespace

std::vector<Block> lay_out(const Ticket& t, const Style& st) {
    Builder b(t, st);
    // Header: where, when, what this paper is worth.
    b.para("<b>" + text(t.site) + "</b>", st.title, 0, true);  // the site names itself in French
    // A receipt says when and what it is worth in the small size: one line each on 72 mm.
    const double header = st.compact ? st.small : st.body;
    b.para(b.markup(t.printed_at), header, 0, true);
    b.space(header * 0.4);
    // TRANSLATORS: slip (paper), under the date: what the slip is worth.
    b.para(b.both(b.tr("ticket papier", "Estimation indicative, sans engagement"), "b"), header, 0, true);
    const std::string& month_fr = t.french ? t.french->month : t.month;
    const std::string& in_force_fr = t.french ? t.french->rules_in_force : t.rules_in_force;
    // TRANSLATORS: slip (paper), header: the month simulated ({mois} « mai 2026 ») and the date of the amounts ({date} « 1er avril 2026 »).
    Said in_force = b.pair(b.visitor.trf("ticket papier", "Calcul pour {mois}, montants en vigueur au {date}.", fmt::arg("mois", t.month), fmt::arg("date", t.rules_in_force)),
                           b.french.trf("ticket papier", "Calcul pour {mois}, montants en vigueur au {date}.", fmt::arg("mois", month_fr), fmt::arg("date", in_force_fr)));
    // TRANSLATORS: slip (paper), header.
    Said decides = b.tr("ticket papier", "Seul l'organisme qui verse l'aide décide, après votre demande.");
    if (st.compact) {  // what the paper is worth, for the visitor: the agent knows it
        b.para(b.markup(in_force.visitor + " " + decides.visitor), st.small, 0, true);
    } else {
        b.para(b.both(in_force), st.small, 0, true);
        b.para(b.both(decides), st.small, 0, true);
    }

    // TRANSLATORS: slip (paper), heading when no aid was found / over the list of aids.
    b.heading(t.aids.empty() ? b.tr("ticket papier", "Aides probables : aucune trouvée") : b.tr("ticket papier", "Vos aides probables"));
    // TRANSLATORS: slip (paper), when no aid was found.
    if (t.aids.empty()) b.para(b.both(b.tr("ticket papier", "Avec vos réponses, la borne n'a pas trouvé d'aide probable. Un agent peut vérifier avec vous.")), st.body);
    if (st.compact) {
        compact_aids(b, t);
    } else {
        std::vector<std::string> addresses_shown;
        for (std::size_t k = 0; k < t.aids.size(); ++k) {
            const TicketAid& a = t.aids[k];
            const TicketAid* fr = french_aid(t, k);
            if (k > 0) b.space(st.body * 0.8);
            Block name;
            name.markup = b.both(aid_name(b, a, fr), "b");
            name.size = st.body * 1.1;
            name.keep_with_next = true;
            b.blocks.push_back(std::move(name));
            b.para(b.both(amount_of(b, a, fr), "b"), a.amount.empty() ? st.body : st.amount);
            full_aid(b, a, fr, addresses_shown);
        }
    }

    if (!t.documents.empty()) {
        // TRANSLATORS: slip (paper), heading of the checklist of documents.
        b.heading(b.tr("ticket papier", "Papiers à apporter"));
        // TRANSLATORS: slip (paper), under « Papiers à apporter »: each document has a box to tick.
        if (!st.compact) b.para(b.both(b.tr("ticket papier", "Cochez ce que vous avez déjà.")), st.small);
        for (std::size_t k = 0; k < t.documents.size(); ++k) {
            const TicketDocument& d = t.documents[k];
            const TicketDocument* fr = t.french && k < t.french->documents.size() ? &t.french->documents[k] : nullptr;
            std::string box = "☐" + std::string(nbsp);
            if (st.compact) {  // the label only, in the body's weight: the A4 says what each paper is
                const Said label = b.pair(d.label, fr ? fr->label : "");
                b.para(box + b.run_on(label), st.small);
                if (!label.french.empty()) b.blocks.back().stacked = box + b.both(label);
                continue;
            }
            b.para(box + b.both(b.pair(d.label, fr ? fr->label : ""), "b"), st.body);
            if (!d.detail.empty()) b.para(b.both(b.pair(d.detail, fr ? fr->detail : "")), st.small, st.body * 1.4);
        }
    }
    if (st.compact) {
        std::vector<Said> steps = merged_steps(b, t);
        if (!steps.empty()) {
            // TRANSLATORS: slip (paper), 80 mm receipt, heading over the next steps of all the aids.
            b.heading(b.tr("ticket papier", "Ensuite"));
            b.bullets(steps, st.small);
        }
    }

    if (!t.assumptions.empty()) {
        // TRANSLATORS: slip (paper), heading over the answers the kiosk assumed instead of asking them.
        b.heading(b.tr("ticket papier", "Nous avons supposé :"));
        b.bullets(pairs(b, t.assumptions, t.french ? &t.french->assumptions : nullptr), st.small);
        // TRANSLATORS: slip (paper), A4, under the answers assumed: how to correct one.
        if (!st.compact) b.para(b.both(b.tr("ticket papier", "Si ce n'est pas le cas, corrigez-le sur la borne ou dites-le à l'agent : le résultat peut changer.")), st.small);
    }

    if (!t.to_check.empty()) {
        // TRANSLATORS: slip (paper), heading over the aids the kiosk could not decide.
        b.heading(b.tr("ticket papier", "À voir avec un agent"));
        for (std::size_t k = 0; k < t.to_check.size(); ++k) {
            const TicketCheck& c = t.to_check[k];
            const TicketCheck* fr = t.french && k < t.french->to_check.size() ? &t.french->to_check[k] : nullptr;
            b.para(b.both(b.pair(c.name, fr ? fr->name : ""), "b"), st.compact ? st.small : st.body);
            if (st.compact) continue;  // what is missing and why: on the A4 and with the agent
            if (!c.missing.empty()) {
                // TRANSLATORS: slip (paper), A4, over the questions left unanswered for an aid.
                b.para(b.both(b.tr("ticket papier", "Il manque :")), st.small);
                b.bullets(pairs(b, c.missing, fr ? &fr->missing : nullptr), st.small);
            }
            if (!c.reason.empty()) b.para(b.both(b.pair(c.reason, fr ? fr->reason : "")), st.small);
        }
        if (std::vector<Said> missing = merged_missing(b, t); st.compact && !missing.empty()) {
            b.para(b.both(b.tr("ticket papier", "Il manque :")), st.small);
            b.bullets(missing, st.small);
        }
    }

    if (!t.local_elsewhere.empty()) {
        // TRANSLATORS: slip (paper), heading over the local aids of the commune where the visitor lives,
        // which this kiosk does not compute.
        b.heading(b.tr("ticket papier", "Aides locales là où vous habitez"));
        for (std::size_t k = 0; k < t.local_elsewhere.size(); ++k) {
            const std::string fr = t.french && k < t.french->local_elsewhere.size() ? t.french->local_elsewhere[k] : "";
            b.para(b.both(b.pair(t.local_elsewhere[k], fr)), st.small);
        }
    }

    if (t.resume_code || t.appointment) {
        b.space(st.body * 0.6);
        b.rule();
        if (t.resume_code) {
            // TRANSLATORS: slip (paper), above the code that reopens the saved answers.
            b.para(b.both(b.tr("ticket papier", "Code pour reprendre la simulation avec un agent :")), st.compact ? st.small : st.body, 0, true);
            b.para("<b>" + escape(*t.resume_code) + "</b>", st.title * 1.2, 0, true);
        }
        if (t.appointment) {
            const TicketAppointment& r = *t.appointment;
            // TRANSLATORS: slip (paper), over the appointment booked at the desk.
            b.para(b.both(b.tr("ticket papier", "Votre rendez-vous :"), "b"), st.body);
            b.para(text(r.when), st.body);
            if (!r.where.empty()) b.para(text(r.where), st.body);
            // TRANSLATORS: slip (paper), the person the appointment is with ({qui} « un conseiller »).
            if (!r.with.empty()) b.para(b.both(b.trf("ticket papier", "Avec {qui}", fmt::arg("qui", r.with))), st.body);
        }
    }

    b.space(st.body * 0.6);
    b.rule();
    const std::string version = t.kiosk_version.empty() ? "?" : t.kiosk_version;
    // TRANSLATORS: slip (paper), last line: the kiosk's {version} and the rule set's fingerprint {regles}.
    // In French on every slip: versions are for the agent and the maintainers.
    b.para(escape(b.french.trf("ticket papier", "Borne {version} · règles {regles}", fmt::arg("version", version), fmt::arg("regles", t.rules_version))), st.small * 0.9, 0, true);
    return std::move(b.blocks);
}

}  // namespace borne::printing::detail
