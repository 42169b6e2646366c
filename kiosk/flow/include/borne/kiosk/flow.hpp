// The kiosk's journey as data: a state that the screen draws and taps that move it on. No window here:
// the SDL layer (kiosk/app) draws `view()` and sends back the id of the button touched, and the tests
// drive the same object directly.
#pragma once

#include "borne/engine/communes.hpp"
#include "borne/engine/evaluator.hpp"
#include "borne/engine/next_question.hpp"
#include "borne/engine/situation.hpp"
#include "borne/i18n/catalogue.hpp"
#include "borne/kiosk/usb_update.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace borne::kiosk {

using Clock = std::chrono::steady_clock;

enum class Screen { Welcome, LifeEvent, Question, Group, Communes, Recap, Results, AidDetail, NotObtained, Slip, AgentPin, Agent, Saved, ResumeCode, Booking, Report,
                    Setup,     // Setup: the first-boot setup (setup.hpp), drawn before any Flow exists
                    UsbUpdate  // agent tools: « Mettre à jour depuis une clé USB » (usb_update.hpp)
};
std::string_view screen_name(Screen s);

enum class Keypad { None, Integer, Amount, Date, PostalCode, Pin, Code };

struct Button {
    Button() = default;
    Button(std::string id_, std::string label_, std::string pictogram_ = {}, bool primary_ = false)
        : id(std::move(id_)), label(std::move(label_)), pictogram(std::move(pictogram_)), primary(primary_) {}
    std::string id;         // what a tap sends back: "oui", "choix:locataire_hlm", "key:7", "retour"
    std::string label;
    std::string pictogram;  // a name in assets/pictograms, or empty
    bool primary = false;
    // A toggle of a « Qui ? » or « Lesquels ? » screen (Screen::Group): it shows whether it is ticked by its
    // pictogram (a ticked or empty box), never by colour alone.
    bool toggle = false;
    bool ticked = false;
    std::string spoken;     // what speech says for it when not its label alone (a toggle with its state: « Moi, coché »)
};

/// A row of a « Qui ? » grid: the choices [first, first + count) under their heading (« Un handicap
/// reconnu »); no heading for a row of one toggle that says it all (« Une affaire en justice »).
struct ChoiceRow {
    std::string heading;
    std::size_t first = 0, count = 0;
};

enum class LineStyle { Heading, Text, Amount, Muted, Warning };

struct Line {
    Line() = default;
    Line(std::string text_, LineStyle style_, std::string detail_ = {})
        : text(std::move(text_)), style(style_), detail(std::move(detail_)) {}
    std::string text;
    LineStyle style = LineStyle::Text;
    std::string detail;     // second column (an amount, an answer)
    std::string button;     // id of the action this line opens, if any ("detail:rsa", "modifier:3")
    std::string button_label;
};

/// What the screen's speech should do now (kiosk/speech reads it: the flow has no sound of its own).
/// A new `serial` is a new request; the same serial again is nothing new.
struct SpeechCue {
    enum class Kind { None, Stop, Screen, Button, Texts };
    Kind kind = Kind::None;
    std::string button;       // Kind::Button: the id whose label is read (the audio mode's first touch)
    std::uint64_t serial = 0;
    std::vector<std::string> texts;  // Kind::Texts: what to read, in the visit's language (the slip told aloud)
};

/// The visit's accessibility choices (welcome screen), kept until the visit is wiped.
struct Access {
    bool audio_mode = false;    // each new screen read by itself; a first touch reads, a second presses
    bool high_contrast = false; // the high-contrast theme (kiosk/app/theme.cpp)
    bool large_text = false;    // the larger fonts
    int volume = 70;            // percent, from the site's audio.volume, changed by the volume buttons
};

struct OutcomeOfPrint {
    bool printed = false;
    std::string message;  // for the visitor, in the visit's language (SlipRequest::language) ("Le ticket est imprimé." / "L'imprimante n'a plus de papier.")
    std::string file;     // the PDF written instead of printing (no printer configured, headless --slip)
};

/// Everything the screen shows. The screen draws exactly this; the buttons listed are the only taps.
struct View {
    Screen screen = Screen::Welcome;
    std::string site_name;
    std::string title;
    std::string help;
    std::string chapter;        // "Moi", "Mon foyer", "Mon logement", "Mes revenus"
    double progress = 0;        // 0..1, from answers given and answers the rules may still need
    std::string progress_text;  // "Encore environ 6 questions"
    std::vector<Button> choices;
    std::vector<ChoiceRow> choice_rows;  // a « Qui ? » grid: the choices (all but the last, « Personne ») in rows; empty: one list
    Keypad keypad = Keypad::None;
    std::string entry;          // what the keypad has typed, as shown ("17/10/19__", "1 700")
    std::size_t entry_length = 0;  // keys typed so far
    std::string entry_unit;     // "€", "ans"
    std::vector<Button> periods;  // an amount question: « par mois » / « par semaine » / « par an » ("periode:semaine"), the chosen one primary
    std::string entry_note;     // under the entry: what the kiosk makes of it (« 250,00 € par semaine, soit 1 083,33 € par mois »)
    std::string error;          // why the entry was refused
    std::vector<Line> lines;    // recap, results, explanations
    std::string spoken_status;  // heard after the choices, never drawn: how many toggles are ticked (« 2 cochés sur 3. »)
    std::vector<Button> nav;    // retour, je ne sais pas, valider, imprimer, terminer…
    std::string qr_text;        // the slip on screen: a QR code of this text
    bool printing = false;      // the slip is on its way to the printer: no button until the outcome (a bounded wait)
    bool idle_warning = false;  // "Êtes-vous toujours là ?" over the screen
    int idle_seconds_left = 0;
    bool agent = false;         // agent mode is open
    std::string agent_badge;    // « MODE AGENT », beside the site's name while agent mode is open
    std::vector<Button> keys;   // the keypad's keys (keypad_keys), labelled in the visit's language
    std::string qr_caption;     // under the slip's QR code
    std::string idle_title, idle_text;  // the idle warning: « Êtes-vous toujours là ? », the countdown
    Button idle_button;         // « Je suis là »
    // The visit's language: its code ("fr", "en", "ar") and direction (right to left for Arabic: the
    // drawing mirrors and shapes, kiosk/app/text_shaping.hpp), and the buttons that change it (each language named in itself),
    // on every screen when more than one is shipped; answers are kept.
    std::string lang = "fr";
    bool rtl = false;
    std::vector<Button> languages;  // "langue:en" « English »
    // Read aloud and the other accessibility choices (access.cpp): « Écouter » and the volume buttons
    // on every screen, the modes on the welcome screen (primary when on), and what speech should do.
    Access access;
    Button listen;                 // "ecouter"
    std::vector<Button> volume;    // "volume:moins", "volume:plus"
    std::vector<Button> modes;     // "mode:audio", "mode:contraste", "mode:grand_texte" (welcome only)
    SpeechCue speech;

    /// Every id a tap may send now (choices, keypad keys, lines, nav, the idle overlay).
    std::vector<std::string> actions() const;
};

struct Config {
    std::string site_name = "Borne d’accès aux droits";
    std::string site_commune;    // the site file's commune (INSEE): its local packs are this site's own, the others are « elsewhere »
    std::chrono::seconds idle_timeout{90};
    std::chrono::seconds idle_countdown{30};
    std::string agent_pin_hash;  // libsodium crypto_pwhash_str; empty: agent mode closed
    int agent_max_failures = 5;
    std::chrono::seconds agent_lockout{300};
    engine::Date month;          // the simulated month (first day); Date{} for the current month
    /// The shipped languages and their catalogues (i18n::Catalogues::load); French first, the one
    /// every visit starts in and the idle wipe returns to. Default: French only.
    std::shared_ptr<const i18n::Catalogues> languages = std::make_shared<const i18n::Catalogues>();
    int volume = 70;  // the speech volume a visit starts with (the site's audio.volume), percent
};

/// Starts printing the slip of a situation; its outcome comes later. The kiosk prints on a worker
/// thread (kiosk_printer.hpp: CUPS may take seconds) so that the screen never freezes; an outcome known
/// at once is a ready future (ready_outcome). tick() collects it.
/// What goes on the slip besides the results: the code this visit was saved under and the appointment
/// booked with it (both empty when the visitor did not save).
struct SlipRequest {
    engine::Situation situation;
    std::string resume_code;
    std::string appointment;
    i18n::Catalogue language;  // the visit's: what the screen says of the outcome
};
using SlipPrinter = std::function<std::future<OutcomeOfPrint>(const SlipRequest&)>;
std::future<OutcomeOfPrint> ready_outcome(OutcomeOfPrint outcome);

/// Reads the printer's state as one line for the agent tools ("borne : prête, aucun ticket en
/// attente"), off the render thread too.
using PrinterStatusReader = std::function<std::future<std::string>()>;

/// Saving the answers under a code, and reopening them (the kiosk passes its storage; without these the
/// results offer no save and the welcome no resume).
struct SavedCode {
    std::string code;     // as printed ("K7PM-3XQ9"); empty when the save failed
    std::string message;  // in the visit's language: how long it is kept, or why it failed
};
struct Resumed {
    std::optional<engine::Situation> situation;
    std::string message;  // why not (typo, unknown, too many tries)
};
struct Booked {
    std::string appointment;  // "mardi 8 décembre 2026 à 09:30, Guichet 2"; empty when refused
    std::string message;      // why refused
};
struct SessionHooks {
    std::function<SavedCode(const engine::Situation&)> save;
    std::function<Resumed(const std::string& typed_code)> resume;
    /// The free appointment slots (as shown) for the save just made, and booking the n-th of them.
    std::function<std::vector<std::string>()> free_slots;
    std::function<Booked(std::size_t index)> book;
    /// Agent mode, « ce résultat me semble faux »: stores the report, returns what to tell the agent.
    std::function<std::string(const engine::Situation&, const std::string& aid, const std::string& expected,
                              const std::string& computed, const std::string& comment)>
        report;
};

/// The comments an agent chooses from when reporting a wrong result (the kiosk has no text keyboard,
/// and a fixed list keeps names out of the file).
const std::vector<std::string>& report_comments();
/// One of them as the agent reads it (the stored comment stays French: the rules' maintainer reads it).
std::string report_comment_label(std::size_t k, const i18n::Catalogue& lang);

/// How a visit ended, for the anonymous statistics (storage_link.hpp turns it into categories).
struct VisitEnd {
    std::chrono::seconds duration{0};
    std::string life_event;               // the « moment de vie » chosen, or empty
    int questions_answered = 0;
    bool completed = false;               // the results were shown
    std::string left_at;                  // when not completed: the screen, or "question:<input id>"
    std::vector<std::string> aids_found;  // ids of the aids likely obtained, when completed
    bool slip_printed = false;
};

/// Called once per visit, when it is wiped (« Terminer » or the idle timeout), before the answers go.
using VisitRecorder = std::function<void(const VisitEnd&, const engine::Situation&)>;

class Flow {
public:
    Flow(std::shared_ptr<const engine::RuleSet> rules, const engine::CommuneDirectory* communes, Config config,
         SlipPrinter printer = {});
    ~Flow();
    Flow(const Flow&) = delete;
    Flow& operator=(const Flow&) = delete;

    const View& view() const { return m_view; }
    /// A touch on the button `id`. Unknown or stale ids are ignored (a tap on nothing), never an error.
    void tap(std::string_view id, Clock::time_point now);
    /// Time passes: the idle warning, then the wipe.
    void tick(Clock::time_point now);
    /// The corner gesture that opens the agent PIN screen (five taps in the top corner within 3 s).
    void corner_tap(Clock::time_point now);

    /// The answers so far (what --results and a saved simulation use).
    const engine::Situation& situation() const { return m_situation; }
    /// When nothing asks for a redraw before, the next moment tick() must run (idle warning, countdown).
    std::optional<Clock::time_point> next_deadline() const;
    /// Checks the state's invariants (for the monkey test): empty when all hold, else what broke.
    std::string invariant_violation() const;
    /// Agent mode: the printer line shown in the agent tools.
    void set_printer_status(std::string status);
    /// Where that line comes from: read when the agent tools open, after a reprint, and on « Actualiser ».
    void set_printer_status_reader(PrinterStatusReader reader);
    /// A slip, the printer's state or the USB update's report is on its way (the headless runs wait for it before a screenshot).
    bool waiting_for_printer() const;
    /// The slip told aloud is being prepared off the screen's thread; tick() cues it when it is ready.
    bool preparing_slip_speech() const;
    /// Each visit that started is reported when it ends (the kiosk records it in its storage).
    void set_visit_recorder(VisitRecorder recorder) { m_visit_recorder = std::move(recorder); }
    /// A visit is open: from « Commencer » (or a resumed code) to its wipe, the span the statistics count. The kiosk
    /// holds its visit lock meanwhile, so that no update is installed under a visitor (borne/fleet/visit_lock.hpp).
    bool visit_open() const;
    /// Agent mode: the storage's state (base, statistics recorded or not, today's appointments).
    void set_storage_status(std::vector<std::string> lines);
    /// Agent mode: which rules run and what the last rules pack install did (image/UPDATES.md).
    void set_rules_status(std::vector<std::string> lines);
    /// Agent mode: « Mettre à jour depuis une clé USB » and its screen (usb_update.cpp); none without `hooks.read`.
    void set_usb_update(UsbUpdateHooks hooks);
    /// « Garder pour plus tard » (enregistrer pour reprendre) on the results, « Reprendre avec un code » at the welcome.
    void set_session_hooks(SessionHooks hooks);
    /// The code this visit was saved under (for the slip), or empty.
    const std::string& resume_code() const;
    /// The appointment booked after that save (for the slip), or empty.
    const std::string& appointment() const;

    /// The question being asked (input, person), when the screen is a question.
    std::optional<std::pair<int, int>> current_question() const;
    /// The « Qui ? » or « Lesquels ? » screen shown (group, person; -1 for a « Qui ? »), when the screen is one.
    std::optional<std::pair<int, int>> current_group() const;
    const engine::RuleSet& rules() const { return *m_rules; }
    /// The visit's language (French until the visitor chooses another).
    const i18n::Catalogue& language() const;
    const std::shared_ptr<const engine::RuleSet>& rules_pointer() const { return m_rules; }

    struct Impl;  // the state behind the view (src/flow_state.hpp)

private:
    std::shared_ptr<const engine::RuleSet> m_rules;
    const engine::CommuneDirectory* m_communes;
    Config m_config;
    SlipPrinter m_printer;
    PrinterStatusReader m_status_reader;
    VisitRecorder m_visit_recorder;
    SessionHooks m_sessions;
    std::vector<std::string> m_storage_status;
    std::vector<std::string> m_rules_status;
    engine::Situation m_situation;
    View m_view;
    std::unique_ptr<Impl> m_impl;
    std::future<std::string> m_status;  // a printer state being read
    UsbUpdateHooks m_usb;
    std::future<UsbReport> m_usb_reading;  // the USB medium's report being read
    std::vector<std::future<OutcomeOfPrint>> m_abandoned;  // prints under way when the visitor's answers were wiped
    std::vector<std::future<std::vector<std::string>>> m_abandoned_speech;  // slips told aloud no longer wanted, still being prepared

    SpeechCue m_cue;              // the last speech request (its serial grows across wipes: a wipe's Stop is new)
    std::string m_spoken_screen;        // the screen the last cue was about (its kind and title)

    void rebuild_view();
    /// The read-aloud and accessibility taps (access.cpp); true when `id` was one of them, or was only
    /// read by the audio mode's first touch.
    bool access_tap(std::string_view id);
    /// The accessibility buttons and the speech cue of the view just built (access.cpp).
    void access_view(View& v);
    void cue(SpeechCue::Kind kind, std::string button = {});
    /// Starts preparing the slip told aloud (slip_spoken) on a worker, to be said after the texts
    /// `before` (the slip screen's title); collect_slip_speech() cues it.
    void say_slip(std::vector<std::string> before);
    /// Cues the slip told aloud once it is ready and still wanted; true when the cue changed.
    bool collect_slip_speech();
    void wipe(Clock::time_point now);
    void start_print();
    void read_printer_status();
    /// Takes the outcomes and printer states that have arrived; true when the view changed.
    bool collect();
    /// The USB update screen (usb_update.cpp): its taps (true when `id` was one), its report read again
    /// while it is shown, the report taken when it arrived (true: the view changed), and its view.
    bool usb_tap(std::string_view id, Clock::time_point now);
    void usb_poll(Clock::time_point now);
    bool usb_collect();
    void usb_view(View& v) const;
};

/// The id a tap on a toggle of a group screen sends: "qui:<k>" (the k-th person shown) for a « Qui ? »,
/// "type:<question name>" ("type:salaire_net") for a « Lesquels ? ».
std::string toggle_id(const engine::RuleSet& rules, int group, const engine::GroupToggle& toggle, std::size_t k);

/// The keys of a keypad of `kind`, in a 3-column grid (an empty id keeps a cell empty), labelled in `lang`.
std::vector<Button> keypad_keys(Keypad kind, const i18n::Catalogue& lang = {});

/// libsodium's password hash of a PIN (for the site configuration), and its check.
std::string hash_pin(const std::string& pin);
bool pin_matches(const std::string& hash, const std::string& pin);

}  // namespace borne::kiosk
