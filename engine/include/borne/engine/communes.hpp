// The communes of France, for the kiosk's "code postal" question: a postal code often covers several
// communes, and the rules need the INSEE code of one. The table is built at install time from Etalab's
// découpage administratif (assets/communes/), never edited by hand.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace borne::engine {

struct Commune {
    std::string insee;       // "75056"
    std::string name;        // "Paris"
    std::string department;  // "75"
    std::string parent;      // for a municipal arrondissement, its commune ("75056"); else empty
    std::vector<std::string> postal_codes;
};

class CommuneDirectory {
public:
    /// Reads the CSV written by assets/communes/build-table.js. On failure, `error` names the line.
    static std::optional<CommuneDirectory> load(const std::string& path, std::string& error);

    /// The communes (not the arrondissements) a postal code serves, in INSEE order.
    std::vector<const Commune*> by_postal_code(std::string_view postal_code) const;
    const Commune* by_insee(std::string_view insee) const;
    std::size_t size() const { return m_communes.size(); }
    const std::string& source() const { return m_source; }

private:
    std::vector<Commune> m_communes;
    std::unordered_map<std::string, std::size_t> m_by_insee;
    std::unordered_map<std::string, std::vector<std::size_t>> m_by_postal_code;
    std::string m_source;
};

}  // namespace borne::engine
