// The kiosk's own frame loop (run_interactive, the loop of the appliance), headless: the boot test's touch guide
// plays a household and the kiosk makes the touches it announces. What only that loop does is checked from
// outside, as the fleet's update poller sees it (issue #18, « never during a visit »): the visit lock is held
// while the visit is open, and `borne fleet window` makes the update wait.
#include "support.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

using namespace borne;

namespace {

/// One line of a child's output, without its line break; empty at its end.
std::string read_line(FILE* from) {
    std::string line;
    for (int c; (c = std::fgetc(from)) != EOF && c != '\n';) line += static_cast<char>(c);
    return line;
}

}  // namespace

TEST_CASE("The kiosk's frame loop holds the visit lock while a visit is open: the fleet's update waits, then goes once the app is gone",
          "[kiosk][fleet]") {
    auto dir = std::filesystem::temp_directory_path() / fmt::format("borne-guided-visit-{}", getpid());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    // Open on Wednesdays only in the morning: on Wednesday 2026-11-18 at 20:00 the site is closed, so only a visit
    // can keep the update waiting.
    auto site = (dir / "site.yaml").string();
    std::ofstream(site) << "site:\n  nom: CAF de test\n  commune: \"01053\"\n  horaires:\n    mercredi: 08:30-12:00\nbase: "
                        << (dir / "borne.sqlite").string() << "\n";
    auto window = [&] { return test::run(fmt::format("{} fleet window --config {} --at 2026-11-18T20:00", BORNE_EXE, site)); };
    auto before = window();
    INFO("before the kiosk: " << before.output);
    REQUIRE(before.status == 0);

    auto persona = std::filesystem::path(BORNE_SOURCE_DIR) / "tests/personas/parent-isole.json";
    // `exec`: the first line is the kiosk's own pid, for its SIGTERM; its words on stderr go to a file.
    auto command = fmt::format("echo $$; exec {} --headless --config {} --guide {} --size 1024x768 2>{}", BORNE_KIOSK_EXE, site,
                               persona.string(), (dir / "kiosk.err").string());
    FILE* kiosk = popen(command.c_str(), "r");
    REQUIRE(kiosk != nullptr);
    pid_t pid = std::stoi(read_line(kiosk));
    std::string transcript, line;
    // The guide announces each touch, the kiosk makes it; after the slip, the household keeps its answers for later.
    while (!(line = read_line(kiosk)).empty()) {
        transcript += line + "\n";
        if (line.rfind("BORNE-GUIDE done", 0) == 0 || line.rfind("BORNE-GUIDE stuck", 0) == 0) break;
    }
    INFO("the guide: " << transcript);
    CHECK(line.rfind("BORNE-GUIDE done: printed, saved code=", 0) == 0);
    CHECK(transcript.find("tap=commencer") != std::string::npos);

    // The resume code on the screen: the visit is still open (until « Terminer » or the idle wipe).
    auto during = window();
    INFO("during the visit: " << during.output);
    CHECK(during.status == 3);
    CHECK(during.output.find("une visite est en cours") != std::string::npos);

    // The service manager's stop: the app ends, and with it the lock (the kernel drops it), so the update may go.
    ::kill(pid, SIGTERM);
    int status = pclose(kiosk);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    auto after = window();
    INFO("after the kiosk: " << after.output);
    CHECK(after.status == 0);
    std::filesystem::remove_all(dir);
}
