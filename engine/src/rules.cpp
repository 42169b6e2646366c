#include "borne/engine/rules.hpp"

#include <algorithm>

namespace borne::engine {

int Enumeration::find(std::string_view value) const {
    for (std::size_t i = 0; i < values.size(); ++i)
        if (values[i] == value) return static_cast<int>(i);
    return -1;
}

const ParamValue* Parameter::at(Date on) const {
    // The last value from `on` or before (values are sorted by date): searched by halves, as a
    // parameter read at every evaluation may keep years of history.
    if (!values.empty() && values.back().from <= on) return values.back().ends ? nullptr : &values.back();  // the usual case
    auto after = std::upper_bound(values.begin(), values.end(), on, [](Date d, const ParamValue& v) { return d < v.from; });
    if (after == values.begin()) return nullptr;
    const ParamValue& found = *(after - 1);
    return found.ends ? nullptr : &found;
}

std::string department_of(std::string_view c) {
    if (c.size() != 5) return {};
    return std::string(c.starts_with("97") || c.starts_with("98") ? c.substr(0, 3) : c.substr(0, 2));
}

bool pack_covers(const LocalPack& pack, std::string_view commune) {
    if (std::find(pack.communes.begin(), pack.communes.end(), commune) != pack.communes.end()) return true;
    std::string dep = department_of(commune);
    return !dep.empty() && std::find(pack.departments.begin(), pack.departments.end(), dep) != pack.departments.end();
}

namespace {
int find_in(const std::unordered_map<std::string, int>& index, std::string_view id) {
    auto it = index.find(std::string(id));
    return it == index.end() ? -1 : it->second;
}
}  // namespace

int RuleSet::find_parameter(std::string_view id) const { return find_in(parameter_index, id); }
int RuleSet::find_input(std::string_view id) const { return find_in(input_index, id); }
int RuleSet::find_rule(std::string_view id) const { return find_in(rule_index, id); }
int RuleSet::find_aid(std::string_view id) const { return find_in(aid_index, id); }

std::string_view unit_symbol(Unit u) {
    switch (u) {
        case Unit::None: return "nombre";
        case Unit::Percent: return "%";
        case Unit::Euro: return "€";
        case Unit::Year: return "ans";
        case Unit::Month: return "mois";
        case Unit::Day: return "jours";
    }
    return "?";
}

}  // namespace borne::engine
