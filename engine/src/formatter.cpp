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

std::string Formatter::format(const Message& m) const { return fill(text(m.id, m.text), m.args); }

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
        std::string operator()(bool b) const { return std::string(f.text(b ? "valeur.oui" : "valeur.non")); }
        std::string operator()(const TextId& t) const { return std::string(f.text(t.id)); }
        std::string operator()(NoValue n) const { return f.no_value(n); }
    };
    return std::visit(Visitor{*this}, v);
}

std::string Formatter::amount(Decimal d) const { return fill(text("unite.euro"), {{"n", number(d, 2)}}); }

std::string Formatter::periodicity(Periodicity p) const { return std::string(text(std::string("periode.").append(periodicity_key(p)))); }

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
    return std::string(text("valeur.invalide"));
}

std::string Formatter::month(Month m) const {
    return fill(text("date.mois"), {{"mois", std::string(text("mois." + std::to_string(m.month)))}, {"annee", std::to_string(m.year)}});
}

std::string Formatter::person(const PersonRef& p) const {
    switch (p.role) {
        case PersonRef::Role::Household: return std::string(text("personne.foyer"));
        case PersonRef::Role::Claimant: return std::string(text("personne.demandeur"));
        case PersonRef::Role::Partner: return std::string(text("personne.conjoint"));
        case PersonRef::Role::Child: return fill(text("personne.enfant"), {{"rang", ordinal(p.ordinal)}});
    }
    return {};
}

std::string Formatter::no_value(NoValue v) const {
    switch (v) {
        case NoValue::Unknown: return std::string(text("valeur.inconnue"));
        case NoValue::NotApplicable: return std::string(text("valeur.sans_objet"));
        case NoValue::Error: return std::string(text("valeur.erreur"));
        case NoValue::Invalid: break;
    }
    return std::string(text("valeur.invalide"));
}

namespace {

/// French: its words from french_texts.cpp, numbers with a comma and narrow groups of three (Decimal::to_french).
class FrenchFormatter final : public Formatter {
public:
    std::string_view text(std::string_view id, std::string_view source) const override {
        if (!source.empty()) return source;  // the rules are written in French
        std::string_view t = french_text(id);
        return t.empty() ? id : t;
    }
    std::string_view plural(std::string_view id, Decimal n) const override {
        if (n > Decimal::from_int(1)) {
            std::string_view t = french_text(std::string(id) + "/pluriel");
            if (!t.empty()) return t;
        }
        return text(id, {});
    }
    std::string number(Decimal d, int decimals, bool trim) const override {
        std::string s = d.to_french(decimals);
        if (trim && s.find(',') != std::string::npos) {
            while (s.back() == '0') s.pop_back();
            if (s.back() == ',') s.pop_back();
        }
        return s;
    }
    std::string date(Date d) const override {
        // The first of the month is an ordinal (« 1er avril »), the other days are numbers.
        return fill(text("date", {}), {{"jour", d.day() == 1 ? ordinal(1) : std::to_string(d.day())},
                                       {"mois", std::string(text("mois." + std::to_string(d.month()), {}))},
                                       {"annee", std::to_string(d.year())}});
    }
    std::string ordinal(int n) const override { return fill(text(n == 1 ? "ordinal.1" : "ordinal", {}), {{"n", std::to_string(n)}}); }
};

}  // namespace

const Formatter& french() {
    static const FrenchFormatter f;
    return f;
}

}  // namespace borne::engine
