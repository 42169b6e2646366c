#include "borne/storage/corrections.hpp"

#include "borne/storage/anonymise.hpp"
#include "sqlite.hpp"

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

namespace borne::storage {

Status record_correction(const Database& db, const Correction& c, UnixTime now, int retention_days) {
    if (c.aid.empty()) return Status::failure("l'aide concernée manque");
    if (c.expected_amount.empty()) return Status::failure("le montant attendu manque");
    sql::Statement s(db.handle(),
                     "INSERT INTO corrections (reported_on, site, situation, aid, expected_amount, computed_amount, comment, expires_at) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    s.bind(1, c.reported_on.iso()).bind(2, c.site).bind(3, anonymised_situation(c.situation).dump()).bind(4, c.aid);
    s.bind(5, c.expected_amount).bind(6, c.computed_amount).bind(7, c.comment).bind(8, now + static_cast<UnixTime>(retention_days) * 86400);
    sql::Outcome o = s.run();
    if (!o.ok()) return Status::failure(fmt::format("signalement non enregistré : {}", sql::describe(o)));
    return Status::success();
}

Result<std::vector<Correction>> list_corrections(const Database& db) {
    using R = Result<std::vector<Correction>>;
    sql::Statement s(db.handle(), "SELECT id, reported_on, site, situation, aid, expected_amount, computed_amount, comment FROM corrections ORDER BY id");
    std::vector<Correction> out;
    sql::Outcome o;
    while ((o = s.step()).code == SQLITE_ROW) {
        Correction c;
        c.id = s.integer(0);
        c.reported_on = engine::Date::parse(s.text(1)).value_or(engine::Date{});
        c.site = s.text(2);
        c.situation = nlohmann::json::parse(s.text(3), nullptr, false);
        c.aid = s.text(4);
        c.expected_amount = s.text(5);
        c.computed_amount = s.text(6);
        c.comment = s.text(7);
        out.push_back(std::move(c));
    }
    if (!o.ok()) return R::failure(fmt::format("signalements illisibles : {}", sql::describe(o)));
    return R::success(std::move(out));
}

namespace {

// Strings are always quoted: an INSEE code "01053" or a month "2026-05" must stay text.
void emit(YAML::Emitter& out, const nlohmann::json& v) {
    switch (v.type()) {
    case nlohmann::json::value_t::object:
        out << YAML::BeginMap;
        for (auto it = v.begin(); it != v.end(); ++it) {
            out << YAML::Key << it.key() << YAML::Value;
            emit(out, it.value());
        }
        out << YAML::EndMap;
        break;
    case nlohmann::json::value_t::array:
        out << YAML::BeginSeq;
        for (const auto& item : v) emit(out, item);
        out << YAML::EndSeq;
        break;
    case nlohmann::json::value_t::string: out << YAML::DoubleQuoted << v.get<std::string>(); break;
    case nlohmann::json::value_t::boolean: out << (v.get<bool>() ? "oui" : "non"); break;
    case nlohmann::json::value_t::null: out << YAML::Null; break;
    default: out << v.dump(); break;
    }
}

}  // namespace

std::string corrections_to_rules_tests(const std::vector<Correction>& corrections) {
    YAML::Emitter out;
    out.SetIndent(2);
    out << YAML::BeginSeq;
    for (const auto& c : corrections) {
        out << YAML::BeginMap;
        out << YAML::Key << "nom" << YAML::Value
            << fmt::format("Signalement n° {} du {} : {} attendu {} (la borne donnait {})", c.id, c.reported_on.iso(), c.aid, c.expected_amount,
                           c.computed_amount.empty() ? "rien" : c.computed_amount);
        out << YAML::Key << "source" << YAML::Value
            << fmt::format("signalement d'un agent à la borne « {} » : {}", c.site, c.comment.empty() ? "sans commentaire" : c.comment);
        out << YAML::Key << "statut" << YAML::Value << "à_valider";
        nlohmann::json situation = c.situation;
        if (situation.is_object() && situation.contains("mois") && situation["mois"].is_string())
            out << YAML::Key << "mois" << YAML::Value << situation["mois"].get<std::string>();
        if (situation.is_object()) {
            situation.erase("mois");
            situation.erase("version");
        }
        out << YAML::Key << "situation" << YAML::Value;
        emit(out, situation);
        out << YAML::Key << "attendu" << YAML::Value << YAML::BeginMap << YAML::Key << c.aid + ".montant_versé" << YAML::Value
            << c.expected_amount << YAML::EndMap;
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
    return std::string("# Signalements « ce résultat me semble faux » exportés par borne corrections export.\n"
                       "# À relire : vérifier chaque montant attendu avec sa source avant de passer le statut à « validé ».\n") +
           out.c_str() + "\n";
}

}  // namespace borne::storage
