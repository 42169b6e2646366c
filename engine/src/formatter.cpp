#include "borne/engine/formatter.hpp"

#include "french_texts.hpp"

#include <string>

namespace borne::engine {

namespace {

std::string_view periodicity_key(Periodicity p) {
    switch (p) {
        case Periodicity::Monthly: return "mensuelle";
        case Periodicity::Yearly: return "annuelle";
        case Periodicity::Once: return "unique";
    }
    return "unique";
}

}  // namespace

std::string Formatter::text(std::string_view id, std::string_view source) const {
    if (!source.empty()) return rules(source);
    const EngineText* e = french_text(id);
    if (!e) return std::string(id);
    return m_source ? m_source->engine_text(id, e->french) : std::string(e->french);
}

std::string Formatter::rules(std::string_view french) const { return m_source ? m_source->rules_text(french) : std::string(french); }

std::string Formatter::plural(std::string_view id, Decimal n) const {
    const EngineText* e = french_text(id);
    if (!e) return std::string(id);
    if (e->french_plural.empty()) return text(id);
    // A plural rule counts whole numbers: 1,5 counts as 2 (« 1,5 ans », "1.5 years").
    long count = n.to_int();
    if (Decimal::from_int(count) < n) ++count;
    if (!m_source) return std::string(count > 1 ? e->french_plural : e->french);
    return m_source->engine_plural(id, e->french, e->french_plural, count);
}

std::string Formatter::number(Decimal d, int decimals, bool trim) const {
    std::string s = d.to_french(decimals);
    if (trim && s.find(',') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == ',') s.pop_back();
    }
    if (!m_source) return s;
    std::string point = text("nombre.decimale"), group = text("nombre.milliers");
    if (point == "," && group == " ") return s;
    std::string out;
    out.reserve(s.size() + 4);
    for (char c : s) {
        if (c == ',') out += point;
        else if (c == ' ') out += group;
        else out += c;
    }
    return out;
}

std::string Formatter::date(Date d) const {
    // The first of the month is an ordinal in French (« 1er avril »), the other days are numbers.
    return fill(text("date"), {{"jour", d.day() == 1 ? ordinal(1) : std::to_string(d.day())},
                               {"mois", text("mois." + std::to_string(d.month()))},
                               {"annee", std::to_string(d.year())}});
}

std::string Formatter::ordinal(int n) const {
    // The language's own rule picks the form (English « 21st » but « 11th »): CLDR's ordinal categories.
    const std::string category = m_source ? m_source->ordinal_category(n) : (n == 1 ? "one" : "other");
    return fill(text("ordinal." + category), {{"n", std::to_string(n)}});
}

std::string Formatter::format(const Message& m) const { return fill(text(m.id, m.text), m.args); }

std::string Formatter::assumption(const Message& m) const {
    Message translated = m;
    for (Arg& a : translated.args)
        if (auto* label = std::get_if<std::string>(&a.value)) *label = rules(*label);
    return format(translated);
}

std::string Formatter::fill(std::string_view tmpl, const std::vector<Arg>& args) const {
    std::string out;
    out.reserve(tmpl.size() + 16 * args.size());
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
        std::size_t close = tmpl[i] == '{' ? tmpl.find('}', i) : std::string_view::npos;
        if (close == std::string_view::npos) {
            out += tmpl[i];
            continue;
        }
        std::string_view name = tmpl.substr(i + 1, close - i - 1);
        const Arg* arg = nullptr;
        for (const Arg& a : args)
            if (a.name == name) arg = &a;
        if (arg) out += value(arg->value);
        else out.append(tmpl.substr(i, close - i + 1));
        i = close;
    }
    return out;
}

std::string Formatter::value(const ArgValue& v) const {
    struct Visitor {
        const Formatter& f;
        std::string operator()(const std::string& s) const { return s; }
        std::string operator()(const Money& m) const { return f.money(m); }
        std::string operator()(const Measure& m) const { return f.measure(m); }
        std::string operator()(Date d) const { return f.date(d); }
        std::string operator()(Month m) const { return f.month(m); }
        std::string operator()(const PersonRef& p) const { return f.person(p); }
        std::string operator()(bool b) const { return f.text(b ? "valeur.oui" : "valeur.non"); }
        std::string operator()(const TextId& t) const { return f.text(t.id); }
        std::string operator()(NoValue n) const { return f.no_value(n); }
    };
    return std::visit(Visitor{*this}, v);
}

std::string Formatter::amount(Decimal d) const { return fill(text("unite.euro"), {{"n", number(d, 2)}}); }

std::string Formatter::periodicity(Periodicity p) const { return text(std::string("periode.").append(periodicity_key(p))); }

std::string Formatter::money(const Money& m) const {
    if (!m.periodicity) return amount(m.amount);
    return fill(text(std::string("montant.").append(periodicity_key(*m.periodicity))), {{"montant", amount(m.amount)}});
}

std::string Formatter::money_short(const Money& m) const {
    if (!m.periodicity) return amount(m.amount);
    return fill(text(std::string("montant_court.").append(periodicity_key(*m.periodicity))), {{"montant", amount(m.amount)}});
}

std::string Formatter::measure(const Measure& m) const {
    switch (m.unit) {
        case Unit::Euro: return amount(m.value);
        case Unit::Percent: return fill(text("unite.pourcent"), {{"n", number(m.value * Decimal::from_int(100), 4, true)}});
        case Unit::Year: return fill(plural("unite.an", m.value), {{"n", number(m.value, 2, true)}});
        case Unit::Month: return fill(plural("unite.mois", m.value), {{"n", number(m.value, 2, true)}});
        case Unit::Day: return fill(plural("unite.jour", m.value), {{"n", number(m.value, 2, true)}});
        case Unit::None: return number(m.value, 6, true);
    }
    return text("valeur.invalide");
}

std::string Formatter::month(Month m) const {
    return fill(text("date.mois"), {{"mois", text("mois." + std::to_string(m.month))}, {"annee", std::to_string(m.year)}});
}

std::string Formatter::person(const PersonRef& p) const {
    switch (p.role) {
        case PersonRef::Role::Household: return text("personne.foyer");
        case PersonRef::Role::Claimant: return text("personne.demandeur");
        case PersonRef::Role::Partner: return text("personne.conjoint");
        case PersonRef::Role::Child: return fill(text("personne.enfant"), {{"rang", ordinal(p.ordinal)}});
    }
    return {};
}

std::string Formatter::no_value(NoValue v) const {
    switch (v) {
        case NoValue::Unknown: return text("valeur.inconnue");
        case NoValue::NotApplicable: return text("valeur.sans_objet");
        case NoValue::Error: return text("valeur.erreur");
        case NoValue::Invalid: break;
    }
    return text("valeur.invalide");
}

const Formatter& french() {
    static const Formatter f;
    return f;
}

}  // namespace borne::engine
