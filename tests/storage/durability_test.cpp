// Durability with real processes and a real file: kill -9 at random moments never corrupts the base nor
// loses a save whose code was given; a file-size limit (the kernel refusing writes) stops the statistics,
// says so, and leaves the saves readable.
#include "support.hpp"

#include "borne/storage/sessions.hpp"
#include "borne/storage/statistics.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <map>
#include <poll.h>
#include <random>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace borne;
using namespace borne::storage;

namespace {

/// Starts the helper with its standard output on a pipe; kills it after `run_for`; returns what it printed.
std::string run_and_kill(const std::string& db, std::chrono::milliseconds run_for) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        std::string exe = test::helper_exe();
        execl(exe.c_str(), exe.c_str(), "save", db.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    close(fds[1]);
    std::string out;
    auto deadline = std::chrono::steady_clock::now() + run_for;
    char buffer[4096];
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd p{fds[0], POLLIN, 0};
        if (poll(&p, 1, 5) > 0) {
            ssize_t n = read(fds[0], buffer, sizeof buffer);
            if (n <= 0) break;
            out.append(buffer, static_cast<std::size_t>(n));
        }
    }
    kill(pid, SIGKILL);
    ssize_t n;
    while ((n = read(fds[0], buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return out;
}

}  // namespace

TEST_CASE("kill -9 at random moments: the base stays sound and every code given opens", "[durability]") {
    test::TempDir dir;
    std::string path = dir.file("borne.sqlite");
    std::mt19937 random(20261203);
    std::map<std::string, std::size_t> promised;  // code → length of what was saved
    int rounds = 25;
    for (int round = 0; round < rounds; ++round) {
        std::string out = run_and_kill(path, std::chrono::milliseconds(40 + random() % 400));
        std::istringstream lines(out);
        std::string line;
        while (std::getline(lines, line)) {
            if (lines.eof()) break;  // a line cut by the kill: not a promise
            REQUIRE_FALSE(line.starts_with("ERROR"));
            REQUIRE_FALSE(line.starts_with("NOTICE"));  // a reopening never found the file corrupt
            std::istringstream words(line);
            std::string code;
            std::size_t length = 0;
            words >> code >> length;
            promised[code] = length;
        }
    }
    INFO(promised.size() << " saves promised over " << rounds << " kills");
    REQUIRE(promised.size() > static_cast<std::size_t>(rounds));
    auto opened = open_database(path, static_cast<UnixTime>(std::time(nullptr)), test::fast_kdf());
    REQUIRE(opened.database);
    CHECK(opened.notices.empty());
    CHECK(opened.database->integrity_check() == "ok");
    for (const auto& [code, length] : promised) {
        auto s = open_session(*opened.database, code, static_cast<UnixTime>(std::time(nullptr)), RateLimit{1000000, 1});
        INFO(code);
        REQUIRE(s.session);
        CHECK(s.session->situation_json.size() == length);
        CHECK(s.session->situation_json.starts_with("situation n° "));
    }
    auto report = statistics_report(*opened.database, std::nullopt, std::nullopt);
    REQUIRE(report.ok());
    // Each visit is recorded after its save's code is printed: at most one per kill is missing.
    CHECK(report.value->total.started >= static_cast<int>(promised.size()) - rounds);
}

TEST_CASE("a full disk: statistics stop and say so, saves still open, the base stays sound", "[durability]") {
    test::TempDir dir;
    std::string path = dir.file("borne.sqlite");
    auto r = test::run(test::helper_exe() + " full " + path + " 300000");
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("STATUS Statistiques : NON enregistrées (statistiques non enregistrées : disque plein"));
    CHECK_THAT(r.out, Catch::Contains("OPEN saved before the disk filled"));
    CHECK_THAT(r.out, Catch::Contains("SAVE sauvegarde impossible : disque plein"));
    std::istringstream out(r.out);
    std::string line, code;
    int recorded = -1;
    while (std::getline(out, line)) {
        if (line.starts_with("SAVED ")) code = line.substr(6);
        if (line.starts_with("RECORDED ")) recorded = std::stoi(line.substr(9));
    }
    REQUIRE(recorded > 0);
    // Without the limit, the file opens clean, with every visit that was said recorded.
    auto opened = open_database(path, static_cast<UnixTime>(std::time(nullptr)), test::fast_kdf());
    REQUIRE(opened.database);
    CHECK(opened.notices.empty());
    CHECK(opened.database->integrity_check() == "ok");
    auto report = statistics_report(*opened.database, std::nullopt, std::nullopt);
    REQUIRE(report.ok());
    CHECK(report.value->total.started == recorded);
    CHECK(open_session(*opened.database, code, static_cast<UnixTime>(std::time(nullptr))).session);
}
