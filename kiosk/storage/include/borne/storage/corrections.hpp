// « Ce résultat me semble faux » (agent mode): the anonymised situation, the aid, what the agent expected
// and their comment, kept for a maintainer; `borne corrections export` writes them as rules tests
// (rules/LANGAGE.md §8) with statut: à_valider, to be checked before they join rules/tests.
#pragma once

#include "borne/engine/date.hpp"
#include "borne/storage/database.hpp"
#include "borne/storage/result.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace borne::storage {

struct Correction {
    long long id = 0;
    engine::Date reported_on;
    std::string site;
    nlohmann::json situation;      // a situation document (rules/SITUATION.md); anonymised when recorded
    std::string aid;               // "rsa"
    std::string expected_amount;   // "573,49 €" as the agent typed it
    std::string computed_amount;   // what the kiosk found
    std::string comment;
};

/// Stores `c` with its situation passed through anonymised_situation().
Status record_correction(const Database& db, const Correction& c, UnixTime now, int retention_days = 365);

Result<std::vector<Correction>> list_corrections(const Database& db);

/// The corrections as one rules test file (a YAML list), each with statut: à_valider.
std::string corrections_to_rules_tests(const std::vector<Correction>& corrections);

}  // namespace borne::storage
