#include "borne/engine/reference_case.hpp"

#include <cmath>
#include <fmt/format.h>

namespace borne::engine {

using nlohmann::json;

ReferenceImport import_reference_case(const json& doc) {
    ReferenceImport out;
    auto fail = [&](std::string where, std::string what) {
        out.error = fmt::format("{} : {}", where, what);
        return out;
    };
    if (!doc.is_object()) return fail("(racine)", "un objet JSON est attendu");
    if (!doc.contains("household") || !doc["household"].is_object()) return fail("household", "absent ou invalide");
    if (!doc.contains("expected") || !doc["expected"].is_object()) return fail("expected", "absent ou invalide");
    const json& h = doc["household"];
    ReferenceCase rc;
    rc.name = doc.value("name", "");
    rc.expected = doc["expected"];
    json s = json::object();
    s["version"] = 1;
    if (!h.contains("month") || !h["month"].is_string()) return fail("household.month", "mois AAAA-MM attendu");
    s["mois"] = h["month"];
    if (!h.contains("individus") || !h["individus"].is_array()) return fail("household.individus", "liste attendue");
    json children = json::array();
    bool couple = false, claimant = false;
    const json& people = h["individus"];
    for (std::size_t k = 0; k < people.size(); ++k) {
        const json& p = people[k];
        std::string where = fmt::format("household.individus[{}]", k);
        if (!p.is_object()) return fail(where, "objet attendu");
        json person = json::object();
        for (auto it = p.begin(); it != p.end(); ++it) {
            const std::string& key = it.key();
            const json& v = it.value();
            if (key == "id" || key == "role") continue;
            if (key == "date_naissance" || key == "activite" || key == "scolarite" || key == "enceinte" || key == "handicap" ||
                key == "salaire_net" || key == "chomage_net" || key == "retraite_nette" || key == "pensions_alimentaires_percues") {
                person[key] = v;
            } else if (key == "taux_incapacite") {
                if (!v.is_number()) return fail(where + ".taux_incapacite", "nombre attendu");
                double t = v.get<double>();
                person["taux_incapacite"] = t >= 0.8 ? "au_moins_80" : t >= 0.5 ? "de_50_a_79" : "moins_de_50";
            } else if (key == "aah_restriction_substantielle_durable_acces_emploi") {
                person["restriction_substantielle_emploi"] = v;
            } else if (key == "ass_precondition_remplie") {
                person["ass_condition_activite"] = v;
            } else {
                return fail(where + "." + key, "champ inconnu du format des cas de référence");
            }
        }
        // FORMAT.md: "A missing resource is 0", and an absent flag is false.
        for (const char* resource : {"salaire_net", "chomage_net", "retraite_nette", "pensions_alimentaires_percues", "pension_invalidite"})
            if (!person.contains(resource)) person[resource] = 0;
        for (const char* flag : {"enceinte", "handicap"})
            if (!person.contains(flag)) person[flag] = false;
        // The cases give children no activity; the reference engine takes a person without one as
        // inactive (OpenFisca-France's default), and so must the kiosk when it asks a child's.
        if (!person.contains("activite")) person["activite"] = "inactif";
        if (person["handicap"] == true && !person.contains("restriction_substantielle_emploi")) person["restriction_substantielle_emploi"] = false;
        std::string role = p.value("role", "");
        // FORMAT.md: a child's scolarite is absent before school and after it.
        if (role == "enfant" && !person.contains("scolarite")) person["scolarite"] = "aucune";
        if (role == "demandeur") {
            if (claimant) return fail(where + ".role", "deux demandeurs");
            claimant = true;
            s["demandeur"] = person;
        } else if (role == "conjoint") {
            if (couple) return fail(where + ".role", "deux conjoints");
            couple = true;
            s["conjoint"] = person;
        } else if (role == "enfant") {
            children.push_back(person);
        } else {
            return fail(where + ".role", "demandeur, conjoint ou enfant attendu");
        }
    }
    if (!claimant) return fail("household.individus", "aucun demandeur");
    // The cases have no parental leave field (FORMAT.md) and the PreParE is not among their outputs: a
    // parent who neither stopped nor reduced work for a young child, the answer the kiosk is then given.
    // Likewise no court case field and no aide juridictionnelle output: a household without a court case.
    s["foyer"] = {{"en_couple", couple},
                  {"nombre_enfants", children.size()},
                  {"reduction_activite_enfant", "non"},
                  {"affaire_justice", false}};
    s["enfants"] = children;
    if (h.contains("logement")) {
        const json& l = h["logement"];
        if (!l.is_object()) return fail("household.logement", "objet attendu");
        json logement = json::object();
        for (auto it = l.begin(); it != l.end(); ++it) {
            if (it.key() == "statut_occupation_logement") logement["statut"] = it.value();
            else if (it.key() == "loyer") logement["loyer"] = it.value();
            else if (it.key() == "depcom") logement["commune"] = it.value();
            else return fail("household.logement." + it.key(), "champ inconnu du format des cas de référence");
        }
        s["logement"] = logement;
    }
    rc.situation = s;
    out.reference = std::move(rc);
    return out;
}

json reference_outputs(Evaluation& evaluation, const json& expected) {
    const RuleSet& R = evaluation.rules();
    json out = json::object();
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        out[it.key()] = nullptr;
        auto def = std::find_if(R.reference_outputs.begin(), R.reference_outputs.end(), [&](const auto& o) { return o.key == it.key(); });
        if (def == R.reference_outputs.end() || !def->value.valid()) continue;
        if (def->when) {
            Value w = evaluation.evaluate(*def->when);
            if (!w.known() || !w.boolean) continue;
        }
        Value v = evaluation.evaluate(def->value);
        if (!v.known()) continue;
        const Type& t = R.nodes[def->value.root].type;
        switch (v.kind) {
            case Kind::Number: out[it.key()] = std::stod(v.number.rounded(Decimal::from_cents(1), Rounding::Nearest).to_plain()); break;
            case Kind::Enum: out[it.key()] = R.enumerations[static_cast<std::size_t>(t.enumeration)].values[static_cast<std::size_t>(v.choice)]; break;
            case Kind::Bool: out[it.key()] = v.boolean; break;
            case Kind::Text: out[it.key()] = *v.text; break;
            default: break;
        }
    }
    return out;
}

}  // namespace borne::engine
