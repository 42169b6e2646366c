#include "borne/engine/catalogue.hpp"

#include <fmt/format.h>
#include <functional>
#include <set>

namespace borne::engine {

namespace {

std::string one_line(std::string text) {
    for (char& c : text)
        if (c == '\n') c = ' ';
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text;
}

std::string value_text(const Parameter& p, const ParamValue& v) {
    auto number = [&](Decimal d) {
        switch (p.unit) {
            case Unit::Euro: return d.to_french(2) + " €";
            case Unit::Percent: {
                std::string s = (d * Decimal::from_int(100)).to_french(4);
                while (s.back() == '0') s.pop_back();
                if (s.back() == ',') s.pop_back();
                return s + " %";
            }
            case Unit::Year: return d.to_french(0) + " ans";
            case Unit::Month: return d.to_french(0) + " mois";
            default: {
                std::string s = d.to_french(4);
                while (s.back() == '0') s.pop_back();
                if (s.back() == ',') s.pop_back();
                return s;
            }
        }
    };
    switch (p.shape) {
        case ParamShape::Scalar: return number(v.scalar);
        case ParamShape::Table: {
            std::string out;
            std::function<void(const std::vector<TableEntry>&, const std::string&)> walk = [&](const auto& entries, const std::string& prefix) {
                for (const auto& e : entries) {
                    std::string key = prefix.empty() ? e.key.name : prefix + " / " + e.key.name;
                    if (e.number) out += (out.empty() ? "" : " ; ") + key + " : " + number(*e.number);
                    else walk(e.children, key);
                }
            };
            walk(v.table, "");
            return out;
        }
        case ParamShape::Scale:
        case ParamShape::Grid: {
            std::string out;
            for (const auto& b : v.brackets) out += (out.empty() ? "" : " ; ") + fmt::format("dès {} : {}", b.threshold.to_plain(), number(b.value));
            return out;
        }
    }
    return "";
}

}  // namespace

std::string aids_catalogue_markdown(const RuleSet& rules, Date on) {
    std::string out = fmt::format(
        "<!-- date: {} -->\n# Les aides de Borne\n\n"
        "Page produite à partir des règles par `borne rules fiches` (ne pas modifier à la main). Montants en vigueur "
        "le {}. Pour chaque aide : ce qu'elle est, les conditions vérifiées, le calcul, les paramètres avec leur "
        "source, et ce que la borne ne vérifie pas.\n\n",
        on.iso(), on.french());
    out += "| aide | organisme | périodicité | conditions | étapes du calcul | tests |\n| --- | --- | --- | --- | --- | --- |\n";
    for (const Aid& a : rules.aids) {
        int tests = 0;
        for (const auto& t : rules.tests)
            for (const auto& e : t.expectations)
                if (e.target == a.id || e.target.starts_with(a.id + ".")) {
                    ++tests;
                    break;
                }
        out += fmt::format("| [{}](#{}) | {} | {} | {} | {} | {} |\n", a.name, a.id,
                           a.organisation >= 0 ? rules.organisations[static_cast<std::size_t>(a.organisation)].name : a.organisation_id,
                           a.periodicity == Periodicity::Monthly ? "mensuelle" : a.periodicity == Periodicity::Yearly ? "annuelle" : "unique",
                           a.conditions.size(), a.steps.size(), tests);
    }
    for (const Aid& a : rules.aids) {
        out += fmt::format("\n<a id=\"{}\"></a>\n## {} ({})\n\n{}\n\n", a.id, a.name, a.short_name, one_line(a.description));
        if (!a.references.empty()) {
            out += "**Textes.** ";
            for (std::size_t k = 0; k < a.references.size(); ++k) out += (k ? " ; " : "") + one_line(a.references[k]);
            out += "\n\n";
        }
        if (!a.conditions.empty()) {
            out += "**Conditions vérifiées par la borne** (si l'une manque, la raison affichée) :\n\n";
            for (int c : a.conditions) out += fmt::format("- {}\n", one_line(rules.rules[static_cast<std::size_t>(c)].failure_reason));
            out += "\n";
        }
        out += "**Calcul.**\n\n";
        for (int s : a.steps) {
            const Rule& r = rules.rules[static_cast<std::size_t>(s)];
            std::string name = r.id.substr(a.id.size() + 1);
            std::string label = !r.label.empty() ? r.label : r.explanation.text.empty() ? "" : r.explanation.text;
            out += fmt::format("1. `{}`{} : `{}`\n", name, label.empty() ? "" : " (" + one_line(label) + ")",
                               r.versions.empty() ? "" : one_line(r.versions.back().body.text));
        }
        // Parameters this aid reads, directly or through the rules it uses.
        std::set<int> params;
        std::set<int> seen;
        std::vector<int> stack{a.paid_rule, a.eligible_rule};
        while (!stack.empty()) {
            int r = stack.back();
            stack.pop_back();
            if (r < 0 || !seen.insert(r).second) continue;
            const Rule& rule = rules.rules[static_cast<std::size_t>(r)];
            params.insert(rule.param_deps.begin(), rule.param_deps.end());
            stack.insert(stack.end(), rule.rule_deps.begin(), rule.rule_deps.end());
        }
        if (!params.empty()) {
            out += "\n**Paramètres en vigueur.**\n\n| paramètre | valeur | depuis | source |\n| --- | --- | --- | --- |\n";
            for (int p : params) {
                const Parameter& param = rules.parameters[static_cast<std::size_t>(p)];
                const ParamValue* v = param.at(on);
                if (!v) continue;
                std::string source = !v->source.empty() ? v->source : param.references.empty() ? "" : param.references.front();
                out += fmt::format("| {} | {} | {} | {} |\n", one_line(param.label.empty() ? param.id : param.label), value_text(param, *v), v->from.iso(),
                                   one_line(source));
            }
        }
        if (!a.unchecked_conditions.empty()) {
            out += "\n**Non vérifié par la borne, à voir avec un agent.**\n\n";
            for (const auto& u : a.unchecked_conditions)
                out += fmt::format("- {}{}\n", one_line(u.text), u.condition ? fmt::format(" *(si `{}`)*", one_line(u.condition->text)) : "");
        }
        if (!a.online_service.empty() || !a.form.empty()) {
            out += fmt::format("\n**Démarche.** {}{}{}\n", one_line(a.how_to_claim), a.form.empty() ? "" : " Formulaire : " + a.form + ".",
                               a.online_service.empty() ? "" : " En ligne : <" + a.online_service + ">.");
        }
    }
    return out;
}

}  // namespace borne::engine
