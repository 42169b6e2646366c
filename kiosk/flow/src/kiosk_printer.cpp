#include "borne/kiosk/kiosk_printer.hpp"

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

OutcomeOfPrint outcome_for_visitor(const printing::TicketPrintOutcome& out, bool cancelled) {
    const printing::PrintOutcome& p = out.print;
    switch (p.result) {
        case PrintResult::Printed: return {true, "Prenez votre ticket à l’imprimante.", {}};
        case PrintResult::PrinterProblem: {
            std::string message = fmt::format("L'imprimante a un problème : {}. Votre récapitulatif est ci-dessous.", printing::describe_problem(p.problem));
            if (cancelled) message += " L’impression est annulée : aucun ticket ne sortira après votre départ.";
            else if (still_queued(p)) message += " Prévenez un agent : le ticket pourrait sortir plus tard.";
            return {false, message, {}};
        }
        case PrintResult::NotSent:
            if (!out.file.empty())
                return {false, fmt::format("Aucune imprimante n’est configurée sur cette borne : le ticket est enregistré dans {}.", out.file), out.file};
            return {false, "L’imprimante ne répond pas : rien n’a été imprimé. Votre récapitulatif est ci-dessous.", {}};
    }
    return {false, "L’impression n’a pas pu être lancée.", {}};
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

OutcomeOfPrint KioskPrinter::print_now(const SlipRequest& request) {
    engine::Evaluation evaluation(*m_rules, request.situation);
    auto results = evaluation.all_aids();
    printing::TicketOptions options;
    options.site = m_settings.site_name;
    options.kiosk_version = m_settings.kiosk_version;
    if (!request.resume_code.empty()) options.resume_code = request.resume_code;
    if (!request.appointment.empty()) options.appointment = printing::TicketAppointment{request.appointment, {}, {}};
    printing::Ticket ticket = printing::build_ticket(evaluation, results, options);

    if (!m_settings.file.empty()) {
        if (!write_file(m_settings.file, printing::render_ticket(ticket, printing::TicketFormat::A4)))
            return {false, fmt::format("Le ticket n’a pas pu être enregistré dans {}.", m_settings.file), {}};
        return {false, fmt::format("Pas d’imprimante : le ticket est enregistré dans {}.", m_settings.file), m_settings.file};
    }

    printing::TicketPrintOutcome out = printing::print_ticket(ticket, m_settings.print);
    bool cancelled = out.print.result != PrintResult::Printed && still_queued(out.print) &&
                     printing::cancel_job(out.queue, out.print.job_id, m_settings.print.cups);
    return outcome_for_visitor(out, cancelled);
}

std::string KioskPrinter::status_now() {
    if (!m_settings.file.empty()) return fmt::format("Pas d’impression : chaque ticket est enregistré dans {}", m_settings.file);
    const printing::CupsSettings& cups = m_settings.print.cups;
    std::string error;
    std::string queue = printing::resolve_queue(m_settings.print.queue, cups, &error);
    if (queue.empty())
        return fmt::format("Aucune imprimante configurée{} : les tickets sont enregistrés en PDF dans {}", error.empty() ? "" : " (" + error + ")",
                           printing::fallback_directory(m_settings.print));
    auto state = printing::printer_state(queue, cups, &error);
    if (!state) return fmt::format("{} : {}", queue, error);
    std::string problems;
    for (const auto& p : printing::paper_problems(*state, false)) problems += (problems.empty() ? "" : ", ") + printing::describe_problem(p);
    std::string line = fmt::format("{} : {}", queue, !problems.empty() ? "problème, " + problems
                                                     : state->state == printing::PrinterState::State::Processing ? std::string("en cours d’impression")
                                                     : state->state == printing::PrinterState::State::Stopped ? std::string("arrêtée")
                                                                                                               : std::string("prête"));
    if (!state->accepting) line += ", refuse les impressions";
    if (auto jobs = printing::active_jobs(queue, cups))
        line += jobs->empty() ? ", aucun ticket en attente" : fmt::format(", {} ticket(s) en attente", jobs->size());
    if (!state->message.empty()) line += fmt::format(" (« {} »)", state->message);
    return line;
}

}  // namespace borne::kiosk
