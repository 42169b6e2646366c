// The first-boot setup (agent side): a kiosk whose data partition has no site file shows these screens
// instead of the welcome, and the agent who installs it sets the site's name, its commune, the agent PIN,
// the idle delay, the printer queue, the local aids and the opening hours. The answers become the site file
// (kiosk/storage/STOCKAGE.md), written atomically off the screen thread with the PIN's hash. As the Flow:
// a state the screen draws (a View) and taps that move it on; no window here, the tests drive it directly.
#pragma once

#include "borne/engine/communes.hpp"
#include "borne/kiosk/flow.hpp"
#include "borne/storage/site_config.hpp"

#include <cstdint>
#include <future>
#include <optional>
#include <string>
#include <vector>

namespace borne::kiosk {

/// A local aid the agent may switch on (from the installed rules' local packs).
struct LocalAidChoice {
    std::string id;
    std::string name;
};

/// What the setup offers to choose from, read by the app before it starts (CUPS, the rules).
struct SetupChoices {
    std::vector<std::string> printer_queues;  // CUPS's queues; the first choice is always the system's default
    std::vector<LocalAidChoice> local_aids;
};

/// What the agent chose. The PIN is kept as typed only until the writer hashes it (off the screen thread).
struct SetupAnswers {
    std::string site_name;
    std::string commune;  // INSEE
    std::string pin;
    int idle_seconds = 90;
    std::string printer;  // empty: the system's default queue
    std::vector<std::string> local_aids;
    std::vector<storage::OpeningHours> hours;  // only the open days, Monday first
};

struct SetupOutcome {
    bool written = false;
    std::string message;  // why not (the file, the system's reason), shown to the agent
};

/// Hashes the PIN and writes the site file; slow (Argon2id, fsync), so it runs on a worker thread
/// (site_file_writer) and the screen collects the outcome in tick(), as it does a slip's.
using SiteWriter = std::function<std::future<SetupOutcome>(SetupAnswers)>;
/// The writer of the kiosk: `path` (DATA/site.yaml), written by storage::write_site_config.
SiteWriter site_file_writer(std::string path);
/// The site file the answers make, the PIN replaced by `pin_hash`.
storage::SiteConfig site_config_of(const SetupAnswers& answers, const std::string& pin_hash);

/// What a signed configuration bundle brought (image/UPDATES.md): update-from-media hands a USB stick's bundle to
/// `borne config bundle install`, which writes <data>/site.yaml and then <data>/site.status; the setup's import
/// screen watches the status file for an outcome newer than the one it found when it opened.
struct ImportOutcome {
    std::int64_t mark = 0;  // the status file's time of change (ns since the epoch; 0: no file yet)
    bool arrived = false;   // an outcome newer than the watch's `since`
    bool installed = false;
    std::string reason;                          // refused: why (the bundle's file, the cause), as borne wrote it
    std::optional<storage::SiteConfig> config;  // installed: the site file now in place, read as the kiosk reads it
};
/// One look at the disk, off the screen thread: `since` empty, the present mark only (where the watch starts);
/// else, after a short pause (a poll), whether an outcome newer than `since` is there.
using ImportWatcher = std::function<std::future<ImportOutcome>(std::optional<std::int64_t> since)>;
/// The watcher of the kiosk: `data_dir`'s site.status and site.yaml (packs::install_config_bundle's files).
ImportWatcher config_import_watcher(std::string data_dir);

/// Opening hours typed on the digit keypad: 4 digits per time, two times a range, one or two ranges
/// ("08301200" → "08:30-12:00", "0830120013301630" → "08:30-12:00 13:30-16:30"; nothing: closed).
/// As shown while typing: the digits so far in the mask "__:__-__:__".
std::string hours_shown(const std::string& digits);
/// The site file's text of complete hours, or why they are not (in `lang`).
struct HoursRead {
    std::optional<std::string> hours;  // empty string: closed
    std::string problem;
};
HoursRead read_hours(const std::string& digits, const i18n::Catalogue& lang);

/// The PIN's allowed length: what the agent PIN screen's keypad can type (4 to 8 digits).
constexpr std::size_t setup_pin_min = 4, setup_pin_max = 8;

class Setup {
public:
    // Import: waiting for a USB stick's configuration bundle; Imported: what it brought, for the agent to confirm.
    enum class Step { Name, PostalCode, CommuneChoice, Pin, PinAgain, Idle, Printer, Aids, Hours, Day, Recap, Writing, Done, Import, Imported };

    /// `importer` empty: no « Importer la configuration d'une clé USB » (a run without a data folder).
    Setup(SetupChoices choices, const engine::CommuneDirectory* communes, i18n::Catalogue lang, SiteWriter writer, ImportWatcher importer = {});
    ~Setup();
    Setup(const Setup&) = delete;
    Setup& operator=(const Setup&) = delete;

    const View& view() const { return m_view; }
    Step step() const { return m_step; }
    /// A touch on `id`; unknown or stale ids do nothing.
    void tap(std::string_view id);
    /// Collects the writer's outcome, or the import watch's, once it arrived; true when the view changed.
    bool tick();
    /// The site file is written and the agent touched « Ouvrir la borne ».
    bool finished() const { return m_finished; }
    /// The file is on its way (the screen shows no button meanwhile).
    bool writing() const { return m_writing.valid(); }
    const SetupAnswers& answers() const { return m_answers; }
    /// The import screen is open: USB sticks are accepted (agent_usb.hpp) only then.
    bool wants_usb() const { return m_step == Step::Import; }
    /// A look at the disk for the import is under way (the screen polls until it ends).
    bool watching() const { return m_watching.valid(); }
    /// The import screen has taken the outcome already on the disk as its start: a bundle installed from now on
    /// is this stick's (a headless run shoots the screen, and a test installs a bundle, only then).
    bool import_ready() const { return m_step == Step::Import && m_import_mark.has_value(); }

private:
    SetupChoices m_choices;
    const engine::CommuneDirectory* m_communes;
    i18n::Catalogue T;  // the agent's language (French unless given)
    SiteWriter m_writer;
    ImportWatcher m_importer;
    Step m_step = Step::Name;
    SetupAnswers m_answers;
    std::string m_postal_code, m_pin_again, m_day_digits, m_error, m_written_message;
    std::vector<std::pair<std::string, std::string>> m_commune_choices;  // INSEE, name
    std::vector<std::string> m_hours_typed = std::vector<std::string>(7);  // per weekday, the digits typed
    int m_day = 0;
    std::future<SetupOutcome> m_writing;
    std::future<ImportOutcome> m_watching;
    std::optional<std::int64_t> m_import_mark;    // the status file's mark when the import screen opened
    std::optional<storage::SiteConfig> m_imported;  // what the last bundle installed brought
    bool m_finished = false;
    View m_view;

    void next();
    void back();
    void type(std::string_view key);
    void rebuild();
    bool collect_import();
    void summary_lines(View& v, const SetupAnswers& a) const;
};

/// The screen of each step, for the goldens and the guide ("installation:nom" …).
std::string_view setup_step_name(Setup::Step s);

}  // namespace borne::kiosk
