#include "borne/storage/site_config.hpp"
#include "borne/storage/atomic_file.hpp"

#include "borne/engine/files.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <set>
#include <sstream>

namespace borne::storage {

namespace {

const char* const weekdays[] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"};

const std::set<std::string> known_keys = {"site", "imprimante", "veille_secondes", "agent", "aides_locales", "conservation_jours",
                                          "rendez_vous", "base", "mises_a_jour", "audio"};

class Reader {
public:
    std::vector<ConfigError> errors;

    void error(const YAML::Node& node, std::string field, std::string message) {
        int line = node.IsDefined() && node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
        errors.push_back({line, std::move(field), std::move(message)});
    }

    std::optional<std::string> text(const YAML::Node& node, const std::string& field) {
        if (!node.IsScalar()) {
            error(node, field, "un texte est attendu");
            return std::nullopt;
        }
        return node.Scalar();
    }

    std::optional<int> integer(const YAML::Node& node, const std::string& field, int low, int high) {
        if (node.IsScalar()) {
            const std::string& s = node.Scalar();
            if (!s.empty() && s.size() < 10 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
                int v = std::stoi(s);
                if (v >= low && v <= high) return v;
                error(node, field, fmt::format("{} est hors des bornes ({} à {})", v, low, high));
                return std::nullopt;
            }
        }
        error(node, field, fmt::format("un nombre entier de {} à {} est attendu", low, high));
        return std::nullopt;
    }

    void unknown_keys(const YAML::Node& map, const std::string& prefix, const std::set<std::string>& allowed) {
        for (const auto& kv : map) {
            std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "?";
            if (!allowed.count(key)) {
                std::string list;
                for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
                error(kv.first, prefix + key, fmt::format("clé inconnue (attendu : {})", list));
            }
        }
    }
};

bool is_time(const std::string& t) {
    if (t.size() != 5 || t[2] != ':') return false;
    if (!std::isdigit(static_cast<unsigned char>(t[0])) || !std::isdigit(static_cast<unsigned char>(t[1])) ||
        !std::isdigit(static_cast<unsigned char>(t[3])) || !std::isdigit(static_cast<unsigned char>(t[4])))
        return false;
    int h = (t[0] - '0') * 10 + (t[1] - '0'), m = (t[3] - '0') * 10 + (t[4] - '0');
    return h < 24 && m < 60;
}

bool is_insee(const std::string& c) {
    if (c.size() != 5) return false;
    bool corsica = c[0] == '2' && (c[1] == 'A' || c[1] == 'B');
    return std::all_of(c.begin() + (corsica ? 2 : 0), c.end(), [](char ch) { return ch >= '0' && ch <= '9'; }) &&
           (corsica || std::isdigit(static_cast<unsigned char>(c[1])));
}

}  // namespace

int weekday_of_name(const std::string& name) {
    for (int i = 0; i < 7; ++i)
        if (name == weekdays[i]) return i;
    return -1;
}

const char* weekday_name(int weekday) { return weekday >= 0 && weekday < 7 ? weekdays[weekday] : "?"; }

std::string ConfigError::to_string(const std::string& file) const {
    if (line == 0) return fmt::format("{} : {}{}", file, field.empty() ? "" : field + " : ", message);
    return fmt::format("{}:{} : {} : {}", file, line, field, message);
}

ParsedConfig parse_site_config(const std::string& yaml_text) {
    ParsedConfig out;
    YAML::Node root;
    try {
        root = YAML::Load(yaml_text);
    } catch (const YAML::Exception& e) {
        out.errors.push_back({e.mark.line + 1, "(syntaxe)", e.msg});
        return out;
    }
    Reader r;
    if (!root.IsMap()) {
        out.errors.push_back({1, "(document)", "le fichier doit être une suite de clés « nom: valeur »"});
        return out;
    }
    SiteConfig c;
    r.unknown_keys(root, "", known_keys);

    YAML::Node site = root["site"];
    if (!site) r.errors.push_back({1, "site", "section absente (nom, commune, adresse, horaires)"});
    else if (!site.IsMap()) r.error(site, "site", "une section est attendue (nom, commune, adresse, horaires)");
    else {
        r.unknown_keys(site, "site.", {"nom", "commune", "adresse", "horaires"});
        if (!site["nom"]) r.error(site, "site.nom", "le nom du site est obligatoire (il est imprimé sur le ticket)");
        else if (auto v = r.text(site["nom"], "site.nom")) {
            if (v->empty()) r.error(site["nom"], "site.nom", "le nom est vide");
            c.site_name = *v;
        }
        if (!site["commune"]) r.error(site, "site.commune", "le code INSEE de la commune du site est obligatoire");
        else if (auto v = r.text(site["commune"], "site.commune")) {
            if (!is_insee(*v)) r.error(site["commune"], "site.commune", fmt::format("« {} » n'est pas un code INSEE (5 caractères, ex. \"01053\")", *v));
            c.commune = *v;
        }
        if (site["adresse"])
            if (auto v = r.text(site["adresse"], "site.adresse")) c.address = *v;
        if (YAML::Node hours = site["horaires"]) {
            if (!hours.IsMap()) r.error(hours, "site.horaires", "une liste « jour: heures » est attendue (lundi: 08:30-12:00 13:30-16:30)");
            else
                for (const auto& kv : hours) {
                    std::string day = kv.first.IsScalar() ? kv.first.Scalar() : "";
                    int wd = weekday_of_name(day);
                    if (wd < 0) r.error(kv.first, "site.horaires." + day, "jour inconnu (lundi … dimanche)");
                    else if (auto v = r.text(kv.second, "site.horaires." + day)) c.opening_hours.push_back({wd, *v});
                }
        }
    }
    if (YAML::Node p = root["imprimante"])
        if (auto v = r.text(p, "imprimante")) c.printer = *v;
    if (YAML::Node idle = root["veille_secondes"])
        if (auto v = r.integer(idle, "veille_secondes", 20, 3600)) c.idle_seconds = *v;
    if (YAML::Node agent = root["agent"]) {
        if (!agent.IsMap()) r.error(agent, "agent", "une section est attendue (pin_hash)");
        else {
            r.unknown_keys(agent, "agent.", {"pin_hash"});
            if (YAML::Node h = agent["pin_hash"])
                if (auto v = r.text(h, "agent.pin_hash")) {
                    if (!v->starts_with("$argon2id$") && !v->starts_with("$argon2i$"))
                        r.error(h, "agent.pin_hash", "une empreinte Argon2 est attendue ($argon2id$…, voir borne config hash-pin) : jamais le code lui-même");
                    c.agent_pin_hash = *v;
                }
        }
    }
    if (YAML::Node aids = root["aides_locales"]) {
        if (!aids.IsSequence()) r.error(aids, "aides_locales", "une liste d'identifiants d'aides est attendue");
        else
            for (std::size_t i = 0; i < aids.size(); ++i)
                if (auto v = r.text(aids[i], fmt::format("aides_locales[{}]", i))) c.local_aids.push_back(*v);
    }
    if (YAML::Node keep = root["conservation_jours"]) {
        if (!keep.IsMap()) r.error(keep, "conservation_jours", "une section est attendue (sauvegardes, statistiques, corrections)");
        else {
            r.unknown_keys(keep, "conservation_jours.", {"sauvegardes", "statistiques", "corrections"});
            if (keep["sauvegardes"])
                if (auto v = r.integer(keep["sauvegardes"], "conservation_jours.sauvegardes", 1, 90)) c.saves_days = *v;
            if (keep["statistiques"])
                if (auto v = r.integer(keep["statistiques"], "conservation_jours.statistiques", 1, 3650)) c.statistics_days = *v;
            if (keep["corrections"])
                if (auto v = r.integer(keep["corrections"], "conservation_jours.corrections", 1, 3650)) c.corrections_days = *v;
        }
    }
    if (YAML::Node slots = root["rendez_vous"]) {
        if (!slots.IsMap()) r.error(slots, "rendez_vous", "une section est attendue (jours_a_l_avance, creneaux)");
        else {
            r.unknown_keys(slots, "rendez_vous.", {"jours_a_l_avance", "creneaux"});
            if (slots["jours_a_l_avance"])
                if (auto v = r.integer(slots["jours_a_l_avance"], "rendez_vous.jours_a_l_avance", 1, 60)) c.booking_days_ahead = *v;
            YAML::Node list = slots["creneaux"];
            if (list && !list.IsSequence()) r.error(list, "rendez_vous.creneaux", "une liste de créneaux est attendue");
            else if (list)
                for (std::size_t i = 0; i < list.size(); ++i) {
                    std::string at = fmt::format("rendez_vous.creneaux[{}]", i);
                    const YAML::Node& item = list[i];
                    if (!item.IsMap()) {
                        r.error(item, at, "un créneau est attendu (jour, heures, guichet)");
                        continue;
                    }
                    r.unknown_keys(item, at + ".", {"jour", "heures", "guichet"});
                    int wd = -1;
                    if (!item["jour"]) r.error(item, at + ".jour", "le jour manque (lundi … dimanche)");
                    else if (auto v = r.text(item["jour"], at + ".jour")) {
                        wd = weekday_of_name(*v);
                        if (wd < 0) r.error(item["jour"], at + ".jour", fmt::format("« {} » n'est pas un jour (lundi … dimanche)", *v));
                    }
                    std::string desk;
                    if (!item["guichet"]) r.error(item, at + ".guichet", "le guichet manque (ex. « Guichet 2 »)");
                    else if (auto v = r.text(item["guichet"], at + ".guichet")) desk = *v;
                    YAML::Node times = item["heures"];
                    if (!times || !times.IsSequence()) {
                        r.error(times ? times : item, at + ".heures", "une liste d'heures est attendue ([09:00, 09:30])");
                        continue;
                    }
                    for (std::size_t j = 0; j < times.size(); ++j) {
                        std::string tf = fmt::format("{}.heures[{}]", at, j);
                        auto t = r.text(times[j], tf);
                        if (!t) continue;
                        if (!is_time(*t)) r.error(times[j], tf, fmt::format("« {} » n'est pas une heure HH:MM", *t));
                        else if (wd >= 0) c.slots.push_back({wd, *t, desk});
                    }
                }
        }
    }
    if (YAML::Node audio = root["audio"]) {
        if (!audio.IsMap()) r.error(audio, "audio", "une section est attendue (peripherique, volume)");
        else {
            r.unknown_keys(audio, "audio.", {"peripherique", "volume"});
            if (audio["peripherique"])
                if (auto v = r.text(audio["peripherique"], "audio.peripherique")) c.audio.device = *v;
            if (audio["volume"])
                if (auto v = r.integer(audio["volume"], "audio.volume", 0, 100)) c.audio.volume = *v;
        }
    }
    if (YAML::Node db = root["base"])
        if (auto v = r.text(db, "base")) {
            if (v->empty() || (*v)[0] != '/') r.error(db, "base", "un chemin absolu est attendu (/var/lib/borne/borne.sqlite)");
            c.database = *v;
        }
    // Where signed bundles come from besides a USB stick in agent mode (image/UPDATES.md). HTTPS only: the
    // signature decides what is installed, but which kiosk asks for what is nobody else's business.
    if (YAML::Node updates = root["mises_a_jour"]) {
        if (!updates.IsMap()) {
            r.error(updates, "mises_a_jour", "une table est attendue (url: https://…)");
        } else {
            r.unknown_keys(updates, "mises_a_jour.", {"url"});
            if (YAML::Node url = updates["url"])
                if (auto v = r.text(url, "mises_a_jour.url")) {
                    bool https = v->starts_with("https://") && v->size() > 8 && v->find_first_of(" \t\n\"'") == std::string::npos;
                    if (!https) r.error(url, "mises_a_jour.url", fmt::format("« {} » : une adresse https:// sans espace est attendue", *v));
                    else c.update_url = *v;
                }
        }
    }
    // The same desk twice at the same time would be booked twice.
    std::set<std::tuple<int, std::string, std::string>> seen;
    for (const auto& s : c.slots)
        if (!seen.insert({s.weekday, s.time, s.desk}).second)
            r.error(root["rendez_vous"], "rendez_vous.creneaux", fmt::format("créneau en double : {} {} {}", weekday_name(s.weekday), s.time, s.desk));

    out.errors = std::move(r.errors);
    std::stable_sort(out.errors.begin(), out.errors.end(), [](const ConfigError& a, const ConfigError& b) { return a.line < b.line; });
    if (out.errors.empty()) out.config = std::move(c);
    return out;
}

std::string data_folder(const SiteConfig& config) { return std::filesystem::path(config.database).parent_path().string(); }

ParsedConfig read_site_config(const std::string& path) {
    auto text = engine::read_file(path);
    if (!text) return {std::nullopt, {{0, "", "fichier illisible ou absent"}}};
    return parse_site_config(*text);
}

std::string site_config_yaml(const SiteConfig& c) {
    YAML::Emitter out;
    out << YAML::BeginMap;
    out << YAML::Key << "site" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "nom" << YAML::Value << YAML::DoubleQuoted << c.site_name;
    // Quoted: a leading zero of an INSEE code ("01053") is part of it.
    out << YAML::Key << "commune" << YAML::Value << YAML::DoubleQuoted << c.commune;
    if (!c.address.empty()) out << YAML::Key << "adresse" << YAML::Value << YAML::DoubleQuoted << c.address;
    if (!c.opening_hours.empty()) {
        out << YAML::Key << "horaires" << YAML::Value << YAML::BeginMap;
        for (const auto& h : c.opening_hours) out << YAML::Key << weekday_name(h.weekday) << YAML::Value << YAML::DoubleQuoted << h.hours;
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
    if (!c.printer.empty()) out << YAML::Key << "imprimante" << YAML::Value << YAML::DoubleQuoted << c.printer;
    out << YAML::Key << "veille_secondes" << YAML::Value << c.idle_seconds;
    if (!c.agent_pin_hash.empty())
        out << YAML::Key << "agent" << YAML::Value << YAML::BeginMap << YAML::Key << "pin_hash" << YAML::Value << YAML::DoubleQuoted
            << c.agent_pin_hash << YAML::EndMap;
    out << YAML::Key << "aides_locales" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const auto& aid : c.local_aids) out << aid;
    out << YAML::EndSeq;
    out << YAML::Key << "base" << YAML::Value << c.database;
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

std::string write_site_config(const std::string& path, const SiteConfig& c) {
    const std::string text = site_config_yaml(c);
    // The file the kiosk will read must pass its own checks: a setup never leaves a file it refuses.
    if (auto parsed = parse_site_config(text); !parsed.config) {
        std::string why;
        for (const auto& e : parsed.errors) why += (why.empty() ? "" : " ; ") + e.to_string(path);
        return why;
    }
    return write_file_atomically(path, text);
}

}  // namespace borne::storage
