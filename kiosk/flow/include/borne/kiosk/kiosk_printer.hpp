// The kiosk's printer: « Imprimer mon récapitulatif » as the printing module does it. The slip is
// built from the engine's results and the site's configuration, rendered and followed through CUPS on a
// worker thread of its own, so that the screen never waits; the visitor gets the outcome in plain
// words, in the visit's language. A job that could not print is cancelled at once: printed later, it would come out for the
// next visitor with this household's aids on it.
#pragma once

#include "borne/kiosk/flow.hpp"
#include "borne/printing/print_ticket.hpp"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace borne::kiosk {

struct SlipSettings {
    std::string site_name = "Borne d’accès aux droits";
    std::string site_commune;       // the site file's commune: which local aids are « elsewhere » (ticket.hpp)
    std::string kiosk_version;
    printing::PrintSettings print;  // queue (empty: CUPS's default), format, where the PDF goes with no printer, timeouts
    std::string file;               // when set, the slip is written here as an A4 PDF and never printed (headless --slip)
    std::string last_print_file;    // when set, each print's outcome is recorded here for the fleet's gauges (fleet/last_print.hpp)
};

/// The slip of a request as the kiosk prints it and reads it aloud (one definition for both): the
/// request's results, resume code and appointment, the site's name and commune, in the visit's language
/// (its catalogue for the slip's words and the engine's and rules' texts) with the French beside it.
printing::Ticket slip_ticket(const engine::RuleSet& rules, const SlipRequest& request, const SlipSettings& settings);

/// What the visitor reads after « Imprimer », from the printing module's outcome. `cancelled`: the job
/// left waiting was cancelled (nothing will come out later); false when there was nothing to cancel
/// or CUPS refused.
OutcomeOfPrint outcome_for_visitor(const printing::TicketPrintOutcome& outcome, bool cancelled, const i18n::Catalogue& lang = {});

class KioskPrinter {
public:
    KioskPrinter(std::shared_ptr<const engine::RuleSet> rules, SlipSettings settings);
    /// Finishes the slip under way (within the CUPS timeouts), drops the ones not started.
    ~KioskPrinter();
    KioskPrinter(const KioskPrinter&) = delete;
    KioskPrinter& operator=(const KioskPrinter&) = delete;

    /// The slip of the request's situation (with its resume code and appointment), printed on the worker;
    /// the future is ready with the outcome.
    std::future<OutcomeOfPrint> print(const SlipRequest& request);
    /// The printer's state in one line for the agent: queue, state and problem, tickets waiting.
    std::future<std::string> status();

    /// For the Flow (this printer must outlive it).
    SlipPrinter slip_printer();
    PrinterStatusReader status_reader();

private:
    std::shared_ptr<const engine::RuleSet> m_rules;
    SlipSettings m_settings;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_tasks;
    bool m_stopping = false;
    std::thread m_worker;

    void run();
    void post(std::function<void()> task);
    OutcomeOfPrint print_now(const SlipRequest& request);
    void record_outcome(printing::PrintResult result);
    std::string status_now(const i18n::Catalogue& lang = {});
};

}  // namespace borne::kiosk
