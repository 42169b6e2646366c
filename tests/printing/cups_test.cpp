// Integration: a real cupsd and a virtual IPP printer (ippeveprinter), started by cups_sandbox.sh.
// Without the sandbox's variables these tests say so and pass (so that a bare `printing_tests` runs).
#include "support.hpp"

#include "borne/printing/escpos.hpp"
#include "borne/printing/print_ticket.hpp"

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <future>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace borne::test {

using namespace borne::printing;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

const char* env(const char* name) {
    const char* v = std::getenv(name);
    return v && *v ? v : nullptr;
}

/// True, with a warning, when the test runs without its private print system: it then passes
/// empty-handed, so that a bare `printing_tests` runs.
bool outside_sandbox() {
    if (env("BORNE_TEST_PDF_QUEUE")) return false;
    WARN("no private CUPS (run through tests/printing/cups_sandbox.sh)");
    return true;
}

CupsSettings test_settings() {
    CupsSettings s;  // the server comes from CUPS_SERVER, set by the sandbox
    s.job_timeout = std::chrono::seconds(10);
    s.problem_grace = std::chrono::milliseconds(500);
    return s;
}

std::vector<fs::path> printed_files() {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(env("BORNE_TEST_PRINTED")))
        if (e.path().filename().string()[0] != '.') out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

/// Waits (at most `seconds`) until `count` documents reached the virtual printer.
bool wait_printed(std::size_t count, int seconds) {
    auto end = Clock::now() + std::chrono::seconds(seconds);
    while (Clock::now() < end) {
        if (printed_files().size() >= count) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

std::string pdf_text_of(const std::string& path) { return run("pdftotext -enc UTF-8 " + path + " -"); }

/// The document files (d…) cupsd holds in its spool for job `id`.
std::vector<std::string> spooled_documents(int id) {
    std::vector<std::string> out;
    std::string prefix = fmt::format("d{:05}-", id);
    for (const auto& e : fs::directory_iterator(env("BORNE_TEST_SPOOL")))
        if (e.path().filename().string().starts_with(prefix)) out.push_back(e.path().filename().string());
    return out;
}

}  // namespace

TEST_CASE("CUPS: a PDF slip reaches the printer whole, and CUPS's completed is checked against the printer", "[cups][pdf]") {
    if (outside_sandbox()) return;
    std::string queue = env("BORNE_TEST_PDF_QUEUE");
    auto destinations = list_destinations(test_settings());
    auto it = std::find_if(destinations.begin(), destinations.end(), [&](const auto& d) { return d.name == queue; });
    REQUIRE(it != destinations.end());
    CHECK_FALSE(it->raw);

    std::string pdf = render_pdf(sample_ticket(), PaperFormat::Roll80);
    auto start = Clock::now();
    PrintOutcome out = print_document({queue, pdf, "application/pdf", "test"}, test_settings());
    INFO(out.message);
    CHECK(out.result == PrintResult::Printed);
    CHECK(out.job_state == "completed");
    CHECK(out.submit_ms < 1000);
    CHECK(Clock::now() - start < std::chrono::seconds(10));
    REQUIRE(wait_printed(1, 5));
    // cupsd passes the PDF through pdftopdf, which rewrites the file: compare what it says.
    std::string sent = temp_path("sent.pdf");
    write_file(sent, pdf);
    CHECK(pdf_text_of(printed_files().front().string()) == pdf_text_of(sent));
    CHECK(!pdf_text_of(sent).empty());
    std::remove(sent.c_str());
}

TEST_CASE("CUPS: a printed slip leaves nothing of the household in CUPS (document and record purged)", "[cups][purge]") {
    if (outside_sandbox()) return;
    std::string queue = env("BORNE_TEST_PDF_QUEUE");
    std::string pdf = render_pdf(sample_ticket(), PaperFormat::Roll80);
    // Without the purge, cupsd keeps the document after printing (its default PreserveJobFiles, one
    // day): what the purge is for, and what makes this test able to fail.
    CupsSettings keep = test_settings();
    keep.purge_ended_jobs = false;
    PrintOutcome kept = print_document({queue, pdf, "application/pdf", "test"}, keep);
    REQUIRE(kept.result == PrintResult::Printed);
    CHECK_FALSE(kept.purged);
    CHECK(spooled_documents(kept.job_id).size() == 1);
    REQUIRE(cancel_job(queue, kept.job_id, test_settings()));  // purges the ended job it left
    CHECK(spooled_documents(kept.job_id).empty());

    PrintOutcome out = print_document({queue, pdf, "application/pdf", "test"}, test_settings());
    INFO(out.message);
    REQUIRE(out.result == PrintResult::Printed);
    CHECK(out.purged);
    CHECK(spooled_documents(out.job_id).empty());
    // Nor its record: lpstat lists no ended job of this queue.
    CHECK(run(fmt::format("lpstat -W completed -o {}", queue)).find(fmt::format("{}-{}", queue, out.job_id)) == std::string::npos);
    CHECK(run(fmt::format("lpstat -W completed -o {}", queue)).find(fmt::format("{}-{}", queue, kept.job_id)) == std::string::npos);
}

TEST_CASE("CUPS: the ESC/POS slip goes through a raw queue byte for byte", "[cups][escpos]") {
    if (outside_sandbox()) return;
    // A network receipt printer (raw port, like an Epson TM on Ethernet): a listener on loopback.
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(listen(listener, 1) == 0);
    socklen_t len = sizeof addr;
    getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
    int port = ntohs(addr.sin_port);
    auto received = std::async(std::launch::async, [listener] {
        std::string bytes;
        pollfd p{listener, POLLIN, 0};
        if (poll(&p, 1, 15000) <= 0) return bytes;
        int c = accept(listener, nullptr, nullptr);
        char buffer[65536];
        pollfd pc{c, POLLIN, 0};
        while (poll(&pc, 1, 5000) > 0) {
            ssize_t n = read(c, buffer, sizeof buffer);
            if (n <= 0) break;
            bytes.append(buffer, static_cast<std::size_t>(n));
        }
        close(c);
        return bytes;
    });
    REQUIRE(std::system(fmt::format("timeout 20 lpadmin -p borne-escpos -E -v socket://127.0.0.1:{}", port).c_str()) == 0);

    auto destinations = list_destinations(test_settings());
    auto it = std::find_if(destinations.begin(), destinations.end(), [&](const auto& d) { return d.name == "borne-escpos"; });
    REQUIRE(it != destinations.end());
    CHECK(it->raw);

    PrintSettings settings;
    settings.queue = "borne-escpos";
    settings.cups = test_settings();
    TicketPrintOutcome out = print_ticket(sample_ticket(), settings);
    INFO(out.print.message);
    CHECK(out.format == TicketFormat::EscPos);  // chosen because the queue is raw
    CHECK(out.print.result == PrintResult::Printed);
    std::string bytes = received.get();
    close(listener);
    CHECK(bytes.size() == encode_escpos(render_raster(sample_ticket())).size());
    CHECK(bytes == encode_escpos(render_raster(sample_ticket())));
}

TEST_CASE("CUPS: paper out is reported to the caller in bounded time; paper back, the queue drains", "[cups][paper_out]") {
    if (outside_sandbox()) return;
    std::string queue = env("BORNE_TEST_PDF_QUEUE");
    std::string pdf = render_pdf(sample_ticket(), PaperFormat::Roll80);
    write_file(env("BORNE_TEST_PAPER_OUT"), "");

    // First job: the printer aborts it, CUPS says "completed"; the printer's state says otherwise.
    auto start = Clock::now();
    PrintOutcome first = print_document({queue, pdf, "application/pdf", "test"}, test_settings());
    INFO(first.message);
    CHECK(first.result == PrintResult::PrinterProblem);
    CHECK(first.problem == "media-empty");
    CHECK(Clock::now() - start < std::chrono::seconds(10));

    // Second job: the printer holds it; the caller is told without waiting for the timeout.
    start = Clock::now();
    PrintOutcome second = print_document({queue, pdf, "application/pdf", "test"}, test_settings());
    INFO(second.message);
    CHECK(second.result == PrintResult::PrinterProblem);
    CHECK((second.problem == "media-empty" || second.problem == "media-needed"));
    CHECK(second.job_id > 0);
    CHECK(Clock::now() - start < std::chrono::seconds(5));
    CHECK(printed_files().empty());

    // Paper back: the waiting job prints, and the next one is printed.
    std::remove(env("BORNE_TEST_PAPER_OUT"));
    REQUIRE(std::system(env("BORNE_TEST_PAPER_BACK")) == 0);
    CHECK(wait_printed(1, 20));
    PrintOutcome third = print_document({queue, pdf, "application/pdf", "test"}, test_settings());
    INFO(third.message);
    CHECK(third.result == PrintResult::Printed);
    CHECK(wait_printed(2, 5));
}

TEST_CASE("CUPS: an unknown queue or an unreachable server is 'not sent', quickly", "[cups][pdf]") {
    CupsSettings s = test_settings();
    s.server = "localhost:1";  // nobody listens there
    s.connect_timeout = std::chrono::milliseconds(500);
    auto start = Clock::now();
    PrintOutcome out = print_document({"nowhere", "x", "application/pdf", "test"}, s);
    CHECK(out.result == PrintResult::NotSent);
    CHECK(Clock::now() - start < std::chrono::seconds(3));
    if (!env("BORNE_TEST_PDF_QUEUE")) return;
    out = print_document({"no-such-queue", "x", "application/pdf", "test"}, test_settings());
    CHECK(out.result == PrintResult::NotSent);
    CHECK(out.message.find("inconnue") != std::string::npos);
}

}  // namespace borne::test
