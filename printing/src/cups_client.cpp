#include "borne/printing/cups_client.hpp"

#include <algorithm>
#include <cups/cups.h>
#include <fmt/format.h>
#include <memory>
#include <sys/mman.h>
#include <thread>
#include <unistd.h>

namespace borne::printing {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

struct HttpDeleter {
    void operator()(http_t* h) const { httpClose(h); }
};
struct IppDeleter {
    void operator()(ipp_t* i) const { ippDelete(i); }
};
using Http = std::unique_ptr<http_t, HttpDeleter>;
using Ipp = std::unique_ptr<ipp_t, IppDeleter>;

/// A connection whose every blocking read or write gives up at `deadline`.
struct Connection {
    Http http;
    Clock::time_point deadline;
    std::string error;
};

int keep_waiting(http_t*, void* data) { return Clock::now() < static_cast<Connection*>(data)->deadline ? 1 : 0; }

std::unique_ptr<Connection> connect(const CupsSettings& s, Clock::time_point deadline, std::string* error) {
    std::string host;
    int port = 0;
    if (!s.server.empty()) {
        host = s.server;
        if (auto colon = host.rfind(':'); host[0] != '/' && colon != std::string::npos) {
            port = std::atoi(host.c_str() + colon + 1);
            host.resize(colon);
        }
    } else {
        host = cupsServer();  // reads CUPS_SERVER and client.conf, and sets ippPort()
        port = ippPort();
    }
    if (port == 0) port = ippPort();
    auto c = std::make_unique<Connection>();
    c->deadline = deadline;
    int connect_ms = static_cast<int>(s.connect_timeout.count());
    c->http.reset(httpConnect2(host.c_str(), port, nullptr, AF_UNSPEC, cupsEncryption(), 1, connect_ms, nullptr));
    if (!c->http) {
        if (error) *error = fmt::format("service d'impression injoignable ({}:{})", host, port);
        return nullptr;
    }
    httpSetTimeout(c->http.get(), 0.25, keep_waiting, c.get());
    return c;
}

std::string printer_uri(const std::string& queue) { return "ipp://localhost/printers/" + queue; }

Ipp request(ipp_op_t op, const std::string& queue) {
    Ipp r(ippNewRequest(op));
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, printer_uri(queue).c_str());
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, cupsUser());
    return r;
}

PrinterState state_from(ipp_t* attrs) {
    PrinterState st;
    if (ipp_attribute_t* a = ippFindAttribute(attrs, "printer-state", IPP_TAG_ENUM)) {
        switch (ippGetInteger(a, 0)) {
            case IPP_PSTATE_IDLE: st.state = PrinterState::State::Idle; break;
            case IPP_PSTATE_PROCESSING: st.state = PrinterState::State::Processing; break;
            case IPP_PSTATE_STOPPED: st.state = PrinterState::State::Stopped; break;
            default: break;
        }
    }
    if (ipp_attribute_t* a = ippFindAttribute(attrs, "printer-state-reasons", IPP_TAG_KEYWORD)) {
        for (int k = 0; k < ippGetCount(a); ++k) {
            std::string r = ippGetString(a, k, nullptr);
            if (r != "none") st.reasons.push_back(r);
        }
    }
    if (ipp_attribute_t* a = ippFindAttribute(attrs, "printer-state-message", IPP_TAG_TEXT)) st.message = ippGetString(a, 0, nullptr);
    if (ipp_attribute_t* a = ippFindAttribute(attrs, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN)) st.accepting = ippGetBoolean(a, 0) != 0;
    return st;
}

std::optional<PrinterState> query_state(Connection& c, const std::string& queue, std::string* error) {
    Ipp req = request(IPP_OP_GET_PRINTER_ATTRIBUTES, queue);
    static const char* const wanted[] = {"printer-state", "printer-state-reasons", "printer-state-message", "printer-is-accepting-jobs"};
    ippAddStrings(req.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 4, nullptr, wanted);
    Ipp resp(cupsDoRequest(c.http.get(), req.release(), "/"));
    if (!resp || ippGetStatusCode(resp.get()) > IPP_STATUS_OK_CONFLICTING) {
        if (error) *error = cupsLastError() == IPP_STATUS_ERROR_NOT_FOUND ? fmt::format("file d'impression « {} » inconnue", queue)
                                                                          : fmt::format("état de « {} » illisible : {}", queue, cupsLastErrorString());
        return std::nullopt;
    }
    return state_from(resp.get());
}

struct JobStatus {
    ipp_jstate_t state = IPP_JSTATE_PENDING;
    std::string reasons, message;
    bool read = false;
};

JobStatus query_job(Connection& c, const std::string& queue, int job_id) {
    Ipp req = request(IPP_OP_GET_JOB_ATTRIBUTES, queue);
    ippAddInteger(req.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
    static const char* const wanted[] = {"job-state", "job-state-reasons", "job-printer-state-message"};
    ippAddStrings(req.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 3, nullptr, wanted);
    Ipp resp(cupsDoRequest(c.http.get(), req.release(), "/"));
    JobStatus js;
    if (!resp || ippGetStatusCode(resp.get()) > IPP_STATUS_OK_CONFLICTING) return js;
    js.read = true;
    if (ipp_attribute_t* a = ippFindAttribute(resp.get(), "job-state", IPP_TAG_ENUM)) js.state = static_cast<ipp_jstate_t>(ippGetInteger(a, 0));
    if (ipp_attribute_t* a = ippFindAttribute(resp.get(), "job-state-reasons", IPP_TAG_KEYWORD))
        for (int k = 0; k < ippGetCount(a); ++k) {
            if (k > 0) js.reasons += ',';
            js.reasons += ippGetString(a, k, nullptr);  // appended, not a temporary: GCC 12 saw a false overlap (-Wrestrict)
        }
    if (ipp_attribute_t* a = ippFindAttribute(resp.get(), "job-printer-state-message", IPP_TAG_TEXT)) js.message = ippGetString(a, 0, nullptr);
    return js;
}

std::string_view job_state_name(ipp_jstate_t s) {
    switch (s) {
        case IPP_JSTATE_PENDING: return "pending";
        case IPP_JSTATE_HELD: return "held";
        case IPP_JSTATE_PROCESSING: return "processing";
        case IPP_JSTATE_STOPPED: return "stopped";
        case IPP_JSTATE_CANCELED: return "canceled";
        case IPP_JSTATE_ABORTED: return "aborted";
        case IPP_JSTATE_COMPLETED: return "completed";
    }
    return "?";
}

std::string strip_severity(std::string_view r) {
    for (std::string_view suffix : {"-report", "-warning", "-error"})
        if (r.ends_with(suffix)) return std::string(r.substr(0, r.size() - suffix.size()));
    return std::string(r);
}

}  // namespace

std::vector<std::string> paper_problems(const PrinterState& state, bool with_reports) {
    static constexpr std::string_view blocking[] = {"media-empty", "media-needed", "media-jam", "cover-open", "door-open", "input-tray-missing",
                                                    "output-area-full", "offline", "paused", "shutdown", "stopped", "marker-supply-empty",
                                                    "toner-empty", "connecting-to-device", "timed-out"};
    std::vector<std::string> out;
    for (const auto& r : state.reasons) {
        if (!with_reports && r.ends_with("-report")) continue;
        std::string key = strip_severity(r);
        if (std::find(std::begin(blocking), std::end(blocking), key) != std::end(blocking) && std::find(out.begin(), out.end(), key) == out.end())
            out.push_back(key);
    }
    if (state.state == PrinterState::State::Stopped && std::find(out.begin(), out.end(), "stopped") == out.end() &&
        std::find(out.begin(), out.end(), "paused") == out.end())
        out.push_back("stopped");
    return out;
}

std::string describe_problem(std::string_view p) {
    if (p == "media-empty" || p == "media-needed") return "plus de papier";
    if (p == "media-jam") return "papier coincé";
    if (p == "cover-open" || p == "door-open") return "capot ouvert";
    if (p == "input-tray-missing") return "bac à papier absent";
    if (p == "output-area-full") return "bac de sortie plein";
    if (p == "offline" || p == "connecting-to-device" || p == "timed-out") return "imprimante hors ligne";
    if (p == "paused" || p == "stopped" || p == "shutdown") return "imprimante arrêtée";
    if (p == "marker-supply-empty" || p == "toner-empty") return "plus d'encre ou de toner";
    if (p == "timeout") return "l'impression n'a pas abouti dans le délai";
    if (p == "job-aborted") return "l'imprimante a abandonné l'impression";
    if (p == "job-canceled") return "l'impression a été annulée";
    if (p == "not-accepting") return "l'imprimante refuse les impressions";
    return std::string(p);
}

std::string_view result_name(PrintResult r) {
    switch (r) {
        case PrintResult::Printed: return "printed";
        case PrintResult::PrinterProblem: return "printer-problem";
        case PrintResult::NotSent: return "not-sent";
    }
    return "?";
}

std::vector<Destination> list_destinations(const CupsSettings& settings, std::string* error) {
    auto c = connect(settings, Clock::now() + settings.connect_timeout, error);
    if (!c) return {};
    cups_dest_t* dests = nullptr;
    int n = cupsGetDests2(c->http.get(), &dests);
    std::vector<Destination> out;
    for (int k = 0; k < n; ++k) {
        const cups_dest_t& d = dests[k];
        if (d.instance) continue;
        Destination dest;
        dest.name = d.name;
        dest.is_default = d.is_default != 0;
        auto opt = [&](const char* name) {
            const char* v = cupsGetOption(name, d.num_options, d.options);
            return std::string(v ? v : "");
        };
        dest.info = opt("printer-info");
        dest.device_uri = opt("device-uri");
        dest.make_model = opt("printer-make-and-model");
        // A queue made without a model: CUPS passes the bytes through untouched.
        dest.raw = dest.make_model.empty() || dest.make_model == "Local Raw Printer";
        int state = std::atoi(opt("printer-state").c_str());
        dest.state.state = state == IPP_PSTATE_IDLE ? PrinterState::State::Idle
                         : state == IPP_PSTATE_PROCESSING ? PrinterState::State::Processing
                         : state == IPP_PSTATE_STOPPED ? PrinterState::State::Stopped : PrinterState::State::Unknown;
        std::string reasons = opt("printer-state-reasons");
        for (std::size_t start = 0; start < reasons.size();) {
            std::size_t end = std::min(reasons.find(',', start), reasons.size());
            std::string r = reasons.substr(start, end - start);
            if (!r.empty() && r != "none") dest.state.reasons.push_back(r);
            start = end + 1;
        }
        dest.state.message = opt("printer-state-message");
        dest.state.accepting = opt("printer-is-accepting-jobs") != "false";
        out.push_back(std::move(dest));
    }
    cupsFreeDests(n, dests);
    return out;
}

std::optional<PrinterState> printer_state(const std::string& queue, const CupsSettings& settings, std::string* error) {
    auto c = connect(settings, Clock::now() + settings.connect_timeout * 2, error);
    if (!c) return std::nullopt;
    return query_state(*c, queue, error);
}

namespace {

/// Cancel-Job; with `purge`, cupsd also deletes the job's files and history, even of an ended job.
bool cancel_or_purge(Connection& c, const std::string& queue, int job_id, bool purge) {
    Ipp req = request(IPP_OP_CANCEL_JOB, queue);
    ippAddInteger(req.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
    if (purge) ippAddBoolean(req.get(), IPP_TAG_OPERATION, "purge-job", 1);
    Ipp resp(cupsDoRequest(c.http.get(), req.release(), "/"));
    return resp && ippGetStatusCode(resp.get()) <= IPP_STATUS_OK_CONFLICTING;
}

}  // namespace

bool cancel_job(const std::string& queue, int job_id, const CupsSettings& settings) {
    auto c = connect(settings, Clock::now() + settings.connect_timeout * 2, nullptr);
    if (!c) return false;
    return cancel_or_purge(*c, queue, job_id, settings.purge_ended_jobs);
}

std::optional<std::vector<int>> active_jobs(const std::string& queue, const CupsSettings& settings, std::string* error) {
    auto c = connect(settings, Clock::now() + settings.connect_timeout * 2, error);
    if (!c) return std::nullopt;
    Ipp req = request(IPP_OP_GET_JOBS, queue);
    ippAddString(req.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "which-jobs", nullptr, "not-completed");
    static const char* const wanted[] = {"job-id", "job-state"};
    ippAddStrings(req.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 2, nullptr, wanted);
    Ipp resp(cupsDoRequest(c->http.get(), req.release(), "/"));
    if (!resp || ippGetStatusCode(resp.get()) > IPP_STATUS_OK_CONFLICTING) {
        if (error) *error = cupsLastError() == IPP_STATUS_ERROR_NOT_FOUND ? fmt::format("file d'impression « {} » inconnue", queue)
                                                                          : fmt::format("travaux de « {} » illisibles : {}", queue, cupsLastErrorString());
        return std::nullopt;
    }
    std::vector<int> ids;
    for (ipp_attribute_t* a = ippFindAttribute(resp.get(), "job-id", IPP_TAG_INTEGER); a; a = ippFindNextAttribute(resp.get(), "job-id", IPP_TAG_INTEGER))
        ids.push_back(ippGetInteger(a, 0));
    return ids;
}

std::string resolve_queue(const std::string& queue, const CupsSettings& settings, std::string* error) {
    if (!queue.empty()) return queue;
    for (const auto& d : list_destinations(settings, error))
        if (d.is_default) return d.name;
    return {};
}

PrintOutcome print_document(const PrintJob& job, const CupsSettings& settings) {
    auto start = Clock::now();
    PrintOutcome out;
    auto finish = [&](PrintResult r, std::string problem, std::string message) {
        out.result = r;
        out.problem = std::move(problem);
        out.message = std::move(message);
        out.total_ms = ms_since(start);
        return out;
    };
    Clock::time_point deadline = start + settings.connect_timeout + settings.job_timeout;
    std::string error;
    auto c = connect(settings, deadline, &error);
    if (!c) return finish(PrintResult::NotSent, "", error);

    out.before = query_state(*c, job.queue, &error);
    if (!out.before) return finish(PrintResult::NotSent, "", error);
    if (!out.before->accepting) return finish(PrintResult::NotSent, "not-accepting", fmt::format("« {} » refuse les impressions", job.queue));
    if (out.before->state == PrinterState::State::Stopped) {
        auto problems = paper_problems(*out.before);
        std::string p = problems.empty() ? "stopped" : problems.front();
        return finish(PrintResult::PrinterProblem, p, fmt::format("imprimante arrêtée ({}), rien n'a été envoyé", describe_problem(p)));
    }

    Ipp req = request(IPP_OP_PRINT_JOB, job.queue);
    ippAddString(req.get(), IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", nullptr, job.title.c_str());
    ippAddString(req.get(), IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", nullptr, job.format.c_str());
    std::string resource = "/printers/" + job.queue;
    // The document from memory through a memfd: cupsDoIORequest is libcups's own tested path for a
    // request with a body (streaming with cupsWriteRequestData lost the last buffer here).
    int fd = memfd_create("borne-ticket", MFD_CLOEXEC);
    if (fd < 0) return finish(PrintResult::NotSent, "", "mémoire temporaire indisponible");
    bool written = write(fd, job.document.data(), job.document.size()) == static_cast<ssize_t>(job.document.size()) && lseek(fd, 0, SEEK_SET) == 0;
    Ipp resp(written ? cupsDoIORequest(c->http.get(), req.release(), resource.c_str(), fd, -1) : nullptr);
    close(fd);
    if (!resp || ippGetStatusCode(resp.get()) > IPP_STATUS_OK_CONFLICTING)
        return finish(PrintResult::NotSent, "", fmt::format("travail refusé par CUPS : {}", cupsLastErrorString()));
    if (ipp_attribute_t* a = ippFindAttribute(resp.get(), "job-id", IPP_TAG_INTEGER)) out.job_id = ippGetInteger(a, 0);
    out.submit_ms = ms_since(start);

    // Follow the job; a paper problem that lasts while it waits ends the wait (the job stays queued).
    Clock::time_point problem_since = Clock::time_point::max();  // max: no problem seen since the last poll
    JobStatus js;
    while (true) {
        js = query_job(*c, job.queue, out.job_id);
        if (js.read) out.job_state = job_state_name(js.state);
        out.after = query_state(*c, job.queue, nullptr);
        if (js.read && js.state >= IPP_JSTATE_CANCELED) break;
        // "-report" reasons may be left from an earlier job; warnings and errors are the printer's now.
        auto problems = out.after ? paper_problems(*out.after, false) : std::vector<std::string>{};
        if (!problems.empty()) {
            if (problem_since == Clock::time_point::max()) problem_since = Clock::now();
            if (Clock::now() - problem_since >= settings.problem_grace)
                return finish(PrintResult::PrinterProblem, problems.front(),
                              fmt::format("{} : le ticket attend dans la file (travail {})", describe_problem(problems.front()), out.job_id));
        } else {
            problem_since = Clock::time_point::max();
        }
        if (Clock::now() + settings.poll_interval >= deadline)
            return finish(PrintResult::PrinterProblem, "timeout", fmt::format("{} (travail {}, {})", describe_problem("timeout"), out.job_id, out.job_state));
        std::this_thread::sleep_for(settings.poll_interval);
    }

    if (settings.purge_ended_jobs) out.purged = cancel_or_purge(*c, job.queue, out.job_id, true);
    // Ended: "completed" is believed only if the printer reports no problem now.
    auto problems = out.after ? paper_problems(*out.after) : std::vector<std::string>{};
    if (js.state == IPP_JSTATE_COMPLETED && problems.empty()) return finish(PrintResult::Printed, "", "ticket imprimé");
    if (!problems.empty())
        return finish(PrintResult::PrinterProblem, problems.front(),
                      fmt::format("{}{}", describe_problem(problems.front()), out.after->message.empty() ? "" : " (" + out.after->message + ")"));
    std::string p = js.state == IPP_JSTATE_CANCELED ? "job-canceled" : "job-aborted";
    return finish(PrintResult::PrinterProblem, p, fmt::format("{}{}", describe_problem(p), js.message.empty() ? "" : " (" + js.message + ")"));
}

}  // namespace borne::printing
