#include "borne/kiosk/kiosk_printer.hpp"

#include "borne/fleet/last_print.hpp"
#include "borne/kiosk/texts.hpp"
#include "borne/printing/ticket.hpp"

#include <fmt/format.h>
#include <fstream>

namespace borne::kiosk {

namespace {

using printing::PrintResult;

/// A job CUPS still holds (not completed, cancelled or aborted): it may print later if left there.
bool still_queued(const printing::PrintOutcome& p) {
    return p.job_id > 0 && p.job_state != "completed" && p.job_state != "canceled" && p.job_state != "aborted";
}

bool write_file(const std::string& path, const std::string& bytes) {
    std::ofstream f(path, std::ios::binary);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    f.close();
    return static_cast<bool>(f);
}

}  // namespace

OutcomeOfPrint outcome_for_visitor(const printing::TicketPrintOutcome& out, bool cancelled, const i18n::Catalogue& T) {
    const printing::PrintOutcome& p = out.print;
    switch (p.result) {
        // TRANSLATORS: slip screen, help once printed (one line).
        case PrintResult::Printed: return {true, T.tr("ticket", "Prenez votre ticket à l'imprimante."), {}};
        case PrintResult::PrinterProblem: {
            const std::string described = printing::describe_problem(p.problem);  // fmt::arg keeps a reference
            auto problem = fmt::arg("problem", described);
            // TRANSLATORS: slip screen, help (three lines): {problem} is the printer's problem (« plus de papier »); the job was cancelled.
            if (cancelled) return {false, T.trf("ticket", "L'imprimante a un problème : {problem}. Votre récapitulatif est ci-dessous. L'impression est annulée : aucun ticket ne sortira après votre départ.", problem), {}};
            // TRANSLATORS: slip screen, help (three lines): {problem} is the printer's problem; the job may still come out.
            if (still_queued(p)) return {false, T.trf("ticket", "L'imprimante a un problème : {problem}. Votre récapitulatif est ci-dessous. Prévenez un agent : le ticket pourrait sortir plus tard.", problem), {}};
            // TRANSLATORS: slip screen, help (two lines): {problem} is the printer's problem (« plus de papier »).
            return {false, T.trf("ticket", "L'imprimante a un problème : {problem}. Votre récapitulatif est ci-dessous.", problem), {}};
        }
        case PrintResult::NotSent:
            if (!out.file.empty())
                // TRANSLATORS: slip screen, help: no printer, the slip was written to the PDF {file}.
                return {false, T.trf("ticket", "Aucune imprimante n'est configurée sur cette borne : le ticket est enregistré dans {file}.", fmt::arg("file", out.file)), out.file};
            // TRANSLATORS: slip screen, help (two lines).
            return {false, T.tr("ticket", "L'imprimante ne répond pas : rien n'a été imprimé. Votre récapitulatif est ci-dessous."), {}};
    }
    return {false, T.tr("ticket", "L'impression n'a pas pu être lancée."), {}};
}

KioskPrinter::KioskPrinter(std::shared_ptr<const engine::RuleSet> rules, SlipSettings settings)
    : m_rules(std::move(rules)), m_settings(std::move(settings)), m_worker([this] { run(); }) {
    // The first slip of a thread pays for fontconfig and the fonts (tens of ms): paid now, at start-up,
    // on the thread that prints (pango's font map is per thread), not by the first visitor.
    post([] {
        printing::Ticket warm;
        warm.site = "Borne";
        warm.aids.push_back({});
        warm.aids.back().name = "Aide";
        printing::render_ticket(warm, printing::TicketFormat::Roll80);
    });
}

KioskPrinter::~KioskPrinter() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_tasks.clear();  // their promises break: nobody waits for them any more
    }
    m_wake.notify_all();
    m_worker.join();
}

void KioskPrinter::run() {
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stopping || !m_tasks.empty(); });
            if (m_tasks.empty()) return;
            task = std::move(m_tasks.front());
            m_tasks.pop_front();
        }
        task();
    }
}

void KioskPrinter::post(std::function<void()> task) {
    {
        std::lock_guard lock(m_mutex);
        m_tasks.push_back(std::move(task));
    }
    m_wake.notify_one();
}

std::future<OutcomeOfPrint> KioskPrinter::print(const SlipRequest& request) {
    auto promise = std::make_shared<std::promise<OutcomeOfPrint>>();
    auto future = promise->get_future();
    post([this, promise, request] { promise->set_value(print_now(request)); });
    return future;
}

std::future<std::string> KioskPrinter::status() {
    auto promise = std::make_shared<std::promise<std::string>>();
    auto future = promise->get_future();
    post([this, promise] { promise->set_value(status_now()); });
    return future;
}

SlipPrinter KioskPrinter::slip_printer() {
    return [this](const SlipRequest& r) { return print(r); };
}

PrinterStatusReader KioskPrinter::status_reader() {
    return [this] { return status(); };
}

void KioskPrinter::record_outcome(printing::PrintResult result) {
    if (m_settings.last_print_file.empty()) return;
    auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    // A disk that refuses costs the gauge only, never the visitor's slip: said on standard error (the journal).
    if (auto s = fleet::record_last_print(m_settings.last_print_file, {result, now}); !s.ok()) fmt::print(stderr, "borne-kiosk : {}\n", s.error);
}

printing::Ticket slip_ticket(const engine::RuleSet& rules, const SlipRequest& request, const SlipSettings& settings) {
    engine::Evaluation evaluation(rules, request.situation);
    auto results = evaluation.all_aids();
    printing::TicketOptions options;
    options.site = settings.site_name;
    options.site_commune = settings.site_commune;
    options.kiosk_version = settings.kiosk_version;
    if (!request.resume_code.empty()) options.resume_code = request.resume_code;
    if (!request.appointment.empty()) options.appointment = printing::TicketAppointment{request.appointment, {}, {}};
    // The visit's language: the slip's own words in it, and in French beside them (the agent reads French).
    // The engine's and the rules' texts follow options.formatter: the visit's catalogues.
    options.language = request.language;
    LanguageFormatter visitor_formatter(request.language);
    options.formatter = &*visitor_formatter;
    return printing::build_ticket(evaluation, results, options);
}

OutcomeOfPrint KioskPrinter::print_now(const SlipRequest& request) {
    printing::Ticket ticket = slip_ticket(*m_rules, request, m_settings);

    if (!m_settings.file.empty()) {
        const i18n::Catalogue& T = request.language;
        auto file = fmt::arg("file", m_settings.file);
        if (!write_file(m_settings.file, printing::render_ticket(ticket, printing::TicketFormat::A4)))
            // TRANSLATORS: slip screen, help: the slip could not be written to the PDF {file} (a run without a printer).
            return {false, T.trf("ticket", "Le ticket n'a pas pu être enregistré dans {file}.", file), {}};
        // TRANSLATORS: slip screen, help: the slip was written to the PDF {file} instead of printed.
        return {false, T.trf("ticket", "Pas d'imprimante : le ticket est enregistré dans {file}.", file), m_settings.file};
    }

    printing::TicketPrintOutcome out = printing::print_ticket(ticket, m_settings.print);
    record_outcome(out.print.result);
    bool cancelled = out.print.result != PrintResult::Printed && still_queued(out.print) &&
                     printing::cancel_job(out.queue, out.print.job_id, m_settings.print.cups);
    return outcome_for_visitor(out, cancelled, request.language);
}

std::string KioskPrinter::status_now(const i18n::Catalogue& T) {
    // TRANSLATORS: agent tools, the printer's state (one line): every slip goes to the PDF {file}.
    if (!m_settings.file.empty()) return T.trf("imprimante", "Pas d'impression : chaque ticket est enregistré dans {file}", fmt::arg("file", m_settings.file));
    const printing::CupsSettings& cups = m_settings.print.cups;
    std::string error;
    std::string queue = printing::resolve_queue(m_settings.print.queue, cups, &error);
    const std::string directory = printing::fallback_directory(m_settings.print);  // fmt::arg keeps a reference
    auto folder = fmt::arg("folder", directory);
    if (queue.empty() && error.empty())
        // TRANSLATORS: agent tools, the printer's state: no CUPS queue, slips go as PDF to {folder}.
        return T.trf("imprimante", "Aucune imprimante configurée : les tickets sont enregistrés en PDF dans {folder}", folder);
    if (queue.empty())
        // TRANSLATORS: agent tools, the printer's state: no CUPS queue ({error} says why, from CUPS), slips go as PDF to {folder}.
        return T.trf("imprimante", "Aucune imprimante configurée ({error}) : les tickets sont enregistrés en PDF dans {folder}", fmt::arg("error", error), folder);
    auto state = printing::printer_state(queue, cups, &error);
    auto name = fmt::arg("queue", queue);
    // TRANSLATORS: agent tools, the printer's state: the CUPS queue {queue} and the error reading it.
    if (!state) return T.trf("imprimante", "{queue} : {error}", name, fmt::arg("error", error));
    // The state's parts, each a whole phrase of the catalogue, joined by the list separator.
    std::vector<std::string> parts;
    std::string problems;
    for (const auto& p : printing::paper_problems(*state, false))
        // TRANSLATORS: agent tools, printer problems listed on one line: {list}, {problem}.
        problems = problems.empty() ? printing::describe_problem(p) : T.trf("imprimante", "{list}, {problem}", fmt::arg("list", problems), fmt::arg("problem", printing::describe_problem(p)));
    // TRANSLATORS: agent tools, the printer's state: {problems} (« plus de papier »).
    if (!problems.empty()) parts.push_back(T.trf("imprimante", "problème, {problems}", fmt::arg("problems", problems)));
    // TRANSLATORS: agent tools, the printer's state (a few words).
    else if (state->state == printing::PrinterState::State::Processing) parts.push_back(T.tr("imprimante", "en cours d'impression"));
    // TRANSLATORS: agent tools, the printer's state (a few words).
    else if (state->state == printing::PrinterState::State::Stopped) parts.push_back(T.tr("imprimante", "arrêtée"));
    // TRANSLATORS: agent tools, the printer's state (a few words).
    else parts.push_back(T.tr("imprimante", "prête"));
    // TRANSLATORS: agent tools, the printer's state (a few words): the queue refuses new jobs.
    if (!state->accepting) parts.push_back(T.tr("imprimante", "refuse les impressions"));
    if (auto jobs = printing::active_jobs(queue, cups))
        // TRANSLATORS: agent tools, the printer's state: no slip waiting / {n} slips waiting in the queue.
        parts.push_back(jobs->empty() ? T.tr("imprimante", "aucun ticket en attente")
                                      : T.trf_n("imprimante", "{n} ticket en attente", "{n} tickets en attente", static_cast<long>(jobs->size())));
    std::string line = parts.front();
    for (std::size_t k = 1; k < parts.size(); ++k)
        line = T.trf("imprimante", "{list}, {problem}", fmt::arg("list", line), fmt::arg("problem", parts[k]));
    // TRANSLATORS: agent tools, the printer's state: {queue} : {state}; then the printer's own message in « ».
    line = T.trf("imprimante", "{queue} : {state}", name, fmt::arg("state", line));
    if (!state->message.empty()) line = T.trf("imprimante", "{line} (« {message} »)", fmt::arg("line", line), fmt::arg("message", state->message));
    return line;
}

}  // namespace borne::kiosk
