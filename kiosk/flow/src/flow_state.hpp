// The flow's private state, shared by its moves (flow.cpp) and its drawing as a View (view.cpp).
#pragma once

#include "borne/kiosk/flow.hpp"
#include "entry.hpp"

#include <map>

namespace borne::kiosk {

struct Flow::Impl {
    std::string language = "fr";  // the visit's; a wipe (Impl{}) brings French back
    Screen screen = Screen::Welcome;
    Screen before_agent = Screen::Welcome;
    std::vector<int> favoured;                 // the life event's aids
    std::vector<std::pair<int, int>> history;  // questions answered (input, person), in the order asked
    int position = -1;                         // index in history when revisiting; -1: a new question
    std::pair<int, int> question{-1, -1};
    Entry entry;
    std::vector<bool> ticks;  // Screen::Group: the toggles ticked so far, in the order shown
    AmountPeriod period = AmountPeriod::Month;  // of the amount being typed
    std::map<std::pair<int, int>, TypedAmount> typed_amounts;  // answers typed per week or per year, by (input, person)
    std::string error;
    std::vector<const engine::Commune*> communes;  // of the postal code typed
    int detail_aid = -1;
    bool detail_trace = false;  // the detail was opened from the agent tools (with its trace)
    Clock::time_point last_touch{};
    bool warning = false;
    Clock::time_point warning_start{};
    int seconds_left = 0;
    std::vector<Clock::time_point> corner_taps;
    bool agent = false;
    int pin_failures = 0;
    Clock::time_point locked_until{};
    Entry pin{Keypad::Pin, {}};
    std::optional<OutcomeOfPrint> last_print;
    std::future<OutcomeOfPrint> printing;       // the slip on its way (valid while waiting)
    // The slip told aloud being prepared on a worker (say_slip: the ticket is built from the rules, as
    // for printing), the texts to say before it, and the speech cue it answers: a newer cue (the screen
    // changed, another « Écouter ») means it is no longer wanted.
    std::future<std::vector<std::string>> slip_speech;
    std::vector<std::string> slip_speech_before;
    std::uint64_t slip_speech_cue = 0;
    bool slip_printed_once = false;
    std::string printer_status;  // empty: not read yet (the view says « inconnu »)
    std::optional<UsbReport> usb_report;  // the USB update screen's: empty until first read
    bool usb_report_unreadable = false;
    bool usb_rebooting = false;           // the agent confirmed the reboot
    Clock::time_point usb_next_read{};    // while the screen is shown, the report is read again every second
    std::vector<engine::RankedQuestion> ranked;  // missing answers of the current situation, best first
    int questions_after = 0;  // likely still to come after the question on screen (the progress line)
    // « Voir mes résultats maintenant »: offered on a question once an aid is decided; results opened that
    // way say which aids still wait for answers, and offer to go on answering (the answers stay).
    bool some_aid_decided = false;  // with the answers so far (found when a question is shown)
    bool stopped_early = false;     // the results were opened with questions left
    // For the visit's statistics (visit.cpp).
    Clock::time_point started{};  // « Commencer » tapped; unset: no visit to report
    std::string life_event;
    bool reached_results = false;
    // Save and resume (SessionHooks).
    std::string code_typed;
    std::string saved_code, saved_message;
    std::vector<std::string> slots;  // offered on the booking screen
    std::string appointment;
    // « Ce résultat me semble faux »: 0 choose the aid, 1 the expected amount, 2 the comment, 3 stored.
    int report_step = 0;
    int report_aid = -1;
    std::string report_expected, report_message;
    // Read aloud and the display modes (access.cpp); a wipe (Impl{}) ends them.
    Access access;            // its volume is set from Config::volume when a visit starts (constructor, wipe)
    std::string touched;      // audio mode: the button read by the last first touch
    bool heard = false;       // « Écouter » was touched in this visit (the volume buttons show)
};

/// The history keeps (input, person) pairs; a « Qui ? » or « Lesquels ? » screen is kept as its group
/// below -1 in the input's place (group_entry), so that the recap and « Retour » go through it like a question.
inline std::pair<int, int> group_entry(int group, int person) { return {-2 - group, person}; }
/// The group of a history entry, or -1 for a question.
inline int group_of(std::pair<int, int> entry) { return entry.first <= -2 ? -2 - entry.first : -1; }

/// The slip of `request` told aloud (printing::spoken_text: each aid with its amount and where to claim
/// it, the documents, the dated steps, the code spelled), one sentence a text, in the visit's language:
/// what « Écouter mon récapitulatif » reads (slip_speech.cpp).
std::vector<std::string> slip_spoken(const engine::RuleSet& rules, const SlipRequest& request, const Config& config);

/// How the visitor typed answer `a` to question `q` when it was per week or per year; nothing when it
/// was typed per month (or has changed since: the record holds only while it still gives `a`).
const TypedAmount* typed_amount(const Flow::Impl& I, std::pair<int, int> q, const engine::Answer& a);

/// An answer the rules assumed instead of asking (a question's par_défaut), and what the kiosk says of it.
struct Assumed {
    std::pair<int, int> question;  // (input, person)
    engine::Message text;          // the question's hypothèse (engine::Evaluation::assumption)
};
/// Every answer assumed to compute the aids of `situation`, in the order the rules met them: the recap
/// lists them (« Ce que nous avons supposé »), each opening its question; the slip prints the same.
std::vector<Assumed> assumed_answers(const engine::RuleSet& rules, const engine::Situation& situation);

/// The visitor's answers as the questions they answer (what the recap lists after a resume).
std::vector<std::pair<int, int>> answered_questions(const engine::RuleSet& rules, const engine::Situation& situation);

/// What the statistics keep of the visit in `I` (answers in `situation`) ending at `now`.
VisitEnd visit_end(const Flow::Impl& I, const engine::Situation& situation, const engine::RuleSet& rules, Clock::time_point now);

/// An answer as the recap shows it ("Oui", "17/10/1992", "1 700,00 €", "Paris (75001)").
std::string answer_text(const engine::RuleSet& R, const engine::CommuneDirectory* communes, int input, const engine::Answer& a,
                        const i18n::Catalogue& lang = {});

}  // namespace borne::kiosk
