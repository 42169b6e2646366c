// Printing through CUPS (libcups, IPP): destinations, printer state, one job followed to its end.
//
// Why the state is read before and after every job: a job CUPS calls "completed" is not proof of
// paper. With an IPP printer out of paper, the printer aborts the job, CUPS's ipp backend still exits
// cleanly and the job ends "completed"; only the queue's printer-state-reasons (media-empty-report)
// and printer-state-message say what happened (research/platform.md §3.2). Every network wait is
// bounded by the settings' timeouts: the caller always gets an outcome, never a hang.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace borne::printing {

struct PrinterState {
    enum class State { Unknown, Idle, Processing, Stopped };
    State state = State::Unknown;
    std::vector<std::string> reasons;  // printer-state-reasons as reported (with -report/-warning/-error), "none" left out
    std::string message;               // printer-state-message
    bool accepting = false;            // printer-is-accepting-jobs
};

/// The reasons that keep paper from coming out (media-empty, media-needed, media-jam, cover-open,
/// door-open, offline, paused, shutdown, stopped…), without their severity suffix, each once.
/// `with_reports`: also the "-report" ones (what happened to the last job, not necessarily still true).
std::vector<std::string> paper_problems(const PrinterState& state, bool with_reports = true);

/// Plain French for a problem keyword ("media-empty" → "plus de papier"), for the screen and the agent.
std::string describe_problem(std::string_view problem);

struct CupsSettings {
    std::string server;  // "host:port" or a socket path; empty: $CUPS_SERVER, client.conf, the local cupsd
    std::chrono::milliseconds connect_timeout{3000};
    std::chrono::milliseconds job_timeout{30000};  // from submission to the job's end
    /// A problem reason seen this long while our job waits ends the wait (the job stays queued).
    std::chrono::milliseconds problem_grace{1000};
    std::chrono::milliseconds poll_interval{100};
    /// Once a job has ended, its document and its record are removed from CUPS (Cancel-Job with
    /// purge-job): cupsd keeps both a day by default (PreserveJobFiles 86400, PreserveJobHistory), and
    /// a slip holds a household's amounts and may hold the code that opens its saved answers.
    bool purge_ended_jobs = true;
};

struct Destination {
    std::string name;
    std::string info;        // printer-info
    std::string device_uri;
    std::string make_model;  // empty, or "Local Raw Printer", for a raw queue
    bool is_default = false;
    bool raw = false;        // no driver: the bytes go to the printer as they are (ESC/POS)
    PrinterState state;
};

/// The server's queues, with their state. Empty when the server cannot be reached (`error` says why).
std::vector<Destination> list_destinations(const CupsSettings& settings, std::string* error = nullptr);

/// One queue's state, or nothing when the server cannot be reached or the queue does not exist.
std::optional<PrinterState> printer_state(const std::string& queue, const CupsSettings& settings, std::string* error = nullptr);

enum class PrintResult {
    Printed,         // the job ended completed and the printer reports no problem
    PrinterProblem,  // sent, or refused because the printer is stopped: `problem` says which
    NotSent,         // the server could not be reached, the queue does not exist, or it refused the job
};

struct PrintOutcome {
    PrintResult result = PrintResult::NotSent;
    std::string problem;  // a printer-state-reasons keyword ("media-empty"), or "timeout", "job-aborted", "job-canceled", "stopped"
    std::string message;  // plain French
    int job_id = 0;       // 0 when nothing was sent; a job left waiting stays queued (cancel_job to drop it)
    std::string job_state;  // last job-state seen ("completed", "processing", …)
    bool purged = false;    // the ended job's document and record were removed from CUPS
    std::optional<PrinterState> before, after;
    double submit_ms = 0;  // from the first request to the job accepted by CUPS
    double total_ms = 0;
};

struct PrintJob {
    std::string queue;
    std::string_view document;
    std::string format = "application/pdf";  // "application/vnd.cups-raw" for ESC/POS
    std::string title = "Borne";
};

/// Submits a document and follows it to its end, within the settings' timeouts.
PrintOutcome print_document(const PrintJob& job, const CupsSettings& settings);

/// Cancels a job left waiting (e.g. when the visitor has gone), and with `settings.purge_ended_jobs`
/// removes its document and record too. False when CUPS refused or was unreachable.
bool cancel_job(const std::string& queue, int job_id, const CupsSettings& settings);

/// The jobs of a queue not yet ended (pending, held, processing, stopped), or nothing when the server
/// cannot be reached or the queue does not exist.
std::optional<std::vector<int>> active_jobs(const std::string& queue, const CupsSettings& settings, std::string* error = nullptr);

/// The queue a slip goes to: `queue` itself, or CUPS's default destination when it is empty; empty
/// when there is none (`error` says why when the server cannot be reached).
std::string resolve_queue(const std::string& queue, const CupsSettings& settings, std::string* error = nullptr);

std::string_view result_name(PrintResult r);

}  // namespace borne::printing
