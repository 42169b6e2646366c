// The site configuration file (YAML, documented in STOCKAGE.md and exemple-site.yaml): who the kiosk
// belongs to, its printer, timeouts, agent PIN hash, local aids, retention periods, appointment slots and
// where its database lives. Every error names the line and the field.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace borne::storage {

/// A weekly slot: every `weekday` at `time` at `desk`.
struct SlotTemplate {
    int weekday = 0;      // 0 Monday … 6 Sunday
    std::string time;     // "09:30"
    std::string desk;     // "Guichet 2"
};

struct OpeningHours {
    int weekday = 0;
    std::string hours;  // "08:30-12:00 13:30-16:30", as written
};

/// Speech (screens read aloud): where it is heard and how loud at the start of a visit.
struct AudioSettings {
    std::string device;  // SDL output device (the headphone jack); empty: the system's default
    int volume = 70;     // percent
};

struct SiteConfig {
    std::string site_name;
    std::string commune;  // INSEE code
    std::string address;
    std::vector<OpeningHours> opening_hours;
    std::string printer;  // CUPS queue; empty: the system's default
    int idle_seconds = 90;
    std::string agent_pin_hash;
    std::vector<std::string> local_aids;  // ids of rules/local aids enabled here
    int saves_days = 30;
    int statistics_days = 730;
    int corrections_days = 365;
    int booking_days_ahead = 14;
    std::vector<SlotTemplate> slots;
    std::string database = "/var/lib/borne/borne.sqlite";
    std::string update_url;  // mises_a_jour.url: the update server (https://…); empty: USB stick only
    AudioSettings audio;
};

/// The folder of the site's database: the data partition (/var/lib/borne on the appliance), where the fleet's
/// files live beside it (the last slip's outcome, the visit lock).
std::string data_folder(const SiteConfig& config);

struct ConfigError {
    int line = 0;        // 1-based; 0 when the file could not be read at all
    std::string field;   // "rendez_vous[2].heure"
    std::string message;
    std::string to_string(const std::string& file) const;
};

struct ParsedConfig {
    std::optional<SiteConfig> config;
    std::vector<ConfigError> errors;
};

ParsedConfig parse_site_config(const std::string& yaml_text);
ParsedConfig read_site_config(const std::string& path);

/// The site file's YAML for `c`: the keys the first-boot setup sets (site, imprimante, veille_secondes,
/// agent, aides_locales, base); the others are left out and keep their defaults.
std::string site_config_yaml(const SiteConfig& c);
/// Writes `c` to `path` atomically: checked by parse_site_config first, written beside it, flushed to the
/// disk, renamed over it, the folder flushed: a power cut leaves no file or the whole file, never half.
/// Empty when written, else why not (the path and the system's reason).
std::string write_site_config(const std::string& path, const SiteConfig& c);

/// "lundi" … "dimanche" → 0 … 6, or -1.
int weekday_of_name(const std::string& name);
const char* weekday_name(int weekday);

}  // namespace borne::storage
