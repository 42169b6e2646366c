// « Mettre à jour depuis une clé USB » (kiosk/flow usb_update.hpp), headless: update-from-media's report read
// into bundles and outcomes, the agent tools' USB screen drawn from it, and the reboot only on the agent's touch.
#include "borne/kiosk/usb_update.hpp"
#include "support.hpp"

#include "borne/engine/loader.hpp"

#include <catch2/catch.hpp>
#include <algorithm>
#include <fstream>
#include <sstream>

using namespace borne;
using kiosk::Screen;
using kiosk::UsbBundle;
using kiosk::UsbReport;

namespace {

auto t0 = kiosk::Clock::time_point{} + std::chrono::hours(3000);

bool offers(const kiosk::View& v, const std::string& id) {
    auto a = v.actions();
    return std::find(a.begin(), a.end(), id) != a.end();
}

std::string fixture(const char* name) {
    std::ifstream in(std::string(BORNE_SOURCE_DIR) + "/tests/kiosk/usb/" + name);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::future<UsbReport> ready_report(UsbReport r) {
    std::promise<UsbReport> p;
    p.set_value(std::move(r));
    return p.get_future();
}

/// The flow's lines on screen, one string (what the agent reads).
std::string screen_text(const kiosk::View& v) {
    std::string out;
    for (const auto& l : v.lines) out += l.text + " | " + l.detail + "\n";
    return out;
}

}  // namespace

TEST_CASE("The USB report: each bundle found with its outcome and reasons, the reboot left to the agent", "[kiosk][usb]") {
    UsbReport r = kiosk::parse_usb_report(fixture("reboot-pending.status"), "reboot-pending.status");
    CHECK(r.errors.empty());
    CHECK(r.medium == "sda");
    REQUIRE(r.bundles.size() == 3);
    CHECK(r.bundles[0].name == "1-rules.swu");
    CHECK(r.bundles[0].state == UsbBundle::State::Installed);
    CHECK(r.bundles[1].state == UsbBundle::State::Refused);
    REQUIRE(r.bundles[1].reasons.size() == 1);
    CHECK(r.bundles[1].reasons[0].find("Authentication of all signatures failed") != std::string::npos);
    CHECK(r.bundles[2].state == UsbBundle::State::Installed);
    CHECK(r.rules_status.starts_with("Règles 2027.01 installées"));
    CHECK(r.reboot_pending);
    CHECK(r.finished);
}

TEST_CASE("The USB report while it is written: bundles found and not yet tried; a problem; a line not understood named", "[kiosk][usb]") {
    UsbReport going = kiosk::parse_usb_report("BORNE-UPDATE medium=sdb bus=usb\nBORNE-UPDATE bundle=a.swu found\nBORNE-UPDATE bundle=b.swu found\n"
                                              "BORNE-UPDATE bundle=a.swu result=refused seconds=1.0\n", "r");
    REQUIRE(going.bundles.size() == 2);
    CHECK(going.bundles[0].state == UsbBundle::State::Refused);
    CHECK(going.bundles[1].state == UsbBundle::State::Found);
    CHECK_FALSE(going.finished);
    CHECK_FALSE(going.reboot_pending);
    CHECK(kiosk::parse_usb_report("BORNE-UPDATE medium=sdb bus=usb\nBORNE-UPDATE /dev/sdb: not mountable\n", "r").problem == UsbReport::Problem::NotMountable);
    CHECK(kiosk::parse_usb_report("BORNE-UPDATE medium=sdb bus=usb\nBORNE-UPDATE /dev/sdb: no *.swu\n", "r").problem == UsbReport::Problem::NoBundle);
    UsbReport bad = kiosk::parse_usb_report("BORNE-UPDATE medium=sdb bus=usb\r\nnonsense here\nBORNE-UPDATE bundle=\n", "/run/borne/update-media.status");
    REQUIRE(bad.errors.size() == 2);
    CHECK(bad.errors[0] == "/run/borne/update-media.status:2: ligne inconnue : nonsense here");
    CHECK(bad.errors[1].starts_with("/run/borne/update-media.status:3: "));
    CHECK(bad.medium == "sdb");  // what was understood stays
}

TEST_CASE("Agent tools: the USB screen shows the stick's bundles, and reboots only when the agent touches « Redémarrer maintenant »", "[kiosk][usb][flow]") {
    auto flow = test::make_flow(engine::Date::from_ymd(2026, 11, 1));
    auto now = t0;
    test::open_agent_tools(*flow, now);
    REQUIRE(flow->view().screen == Screen::Agent);
    CHECK_FALSE(offers(flow->view(), "cle_usb"));  // no USB update outside the appliance

    UsbReport report;  // what the stick's report says now: changed below as the installation goes on
    int reads = 0, reboots = 0;
    flow->set_usb_update({[&] { ++reads; return ready_report(report); }, [&] { ++reboots; }});
    REQUIRE(offers(flow->view(), "cle_usb"));
    flow->tap("cle_usb", now);
    REQUIRE(flow->view().screen == Screen::UsbUpdate);
    CHECK(reads == 1);
    flow->tick(now);
    CHECK(screen_text(flow->view()).find("encore été lue") != std::string::npos);
    CHECK(flow->next_deadline() <= now + std::chrono::seconds(1));  // read again every second while shown

    // Inserted: its bundles found, one refused, the software installed; the report is read again.
    report = kiosk::parse_usb_report(fixture("reboot-pending.status"), "r");
    flow->tick(now += std::chrono::seconds(1));  // starts the read
    flow->tick(now);                            // takes it
    CHECK(reads == 2);
    const std::string text = screen_text(flow->view());
    CHECK(text.find("1-rules.swu | installée") != std::string::npos);
    CHECK(text.find("2-software-other-key.swu | refusée") != std::string::npos);
    CHECK(text.find("Authentication of all signatures failed") != std::string::npos);
    CHECK(text.find("3-software.swu | installée") != std::string::npos);
    CHECK(text.find("Règles 2027.01 installées") != std::string::npos);
    REQUIRE(offers(flow->view(), "redemarrer"));
    CHECK(reboots == 0);  // nothing reboots by itself
    flow->tap("redemarrer", now);
    CHECK(reboots == 1);
    CHECK(screen_text(flow->view()).find("Redémarrage en cours") != std::string::npos);
    CHECK_FALSE(offers(flow->view(), "redemarrer"));
    flow->tap("redemarrer", now);
    CHECK(reboots == 1);
    CHECK(flow->invariant_violation().empty());

    flow->tap("retour", now);
    CHECK(flow->view().screen == Screen::Agent);
    flow->tap("quitter_agent", now);
    CHECK(flow->view().screen == Screen::Welcome);
    CHECK_FALSE(offers(flow->view(), "cle_usb"));
}

TEST_CASE("The USB screen goes with agent mode: the idle wipe closes it, and a reader that fails is said, not thrown", "[kiosk][usb][flow]") {
    auto flow = test::make_flow(engine::Date::from_ymd(2026, 11, 1));
    auto now = t0;
    test::open_agent_tools(*flow, now);
    flow->set_usb_update({[] {
                              std::promise<UsbReport> p;
                              p.set_exception(std::make_exception_ptr(std::runtime_error("disque")));
                              return p.get_future();
                          },
                          [] {}});
    flow->tap("cle_usb", now);
    flow->tick(now);
    CHECK(screen_text(flow->view()).find("est illisible") != std::string::npos);
    flow->tick(now += std::chrono::hours(1));  // the idle warning, then its countdown runs out
    flow->tick(now += std::chrono::hours(1));
    CHECK(flow->view().screen == Screen::Welcome);
    CHECK_FALSE(flow->view().agent);
}

TEST_CASE("While a stick's bundles install, the idle wipe waits; once they are all tried it comes as on any agent screen", "[kiosk][usb][flow]") {
    auto flow = test::make_flow(engine::Date::from_ymd(2026, 11, 1));
    auto now = t0;
    test::open_agent_tools(*flow, now);
    UsbReport report = kiosk::parse_usb_report("BORNE-UPDATE medium=sda bus=usb\nBORNE-UPDATE bundle=3-software.swu found\n", "r");
    flow->set_usb_update({[&] { return ready_report(report); }, [] {}});
    flow->tap("cle_usb", now);
    flow->tick(now);
    for (int k = 0; k < 20; ++k) flow->tick(now += std::chrono::seconds(30));  // ten minutes of installing
    CHECK(flow->view().screen == Screen::UsbUpdate);
    CHECK_FALSE(flow->view().idle_warning);
    report = kiosk::parse_usb_report(fixture("reboot-pending.status"), "r");
    flow->tick(now += std::chrono::seconds(1));
    flow->tick(now);
    REQUIRE(offers(flow->view(), "redemarrer"));
    flow->tick(now += std::chrono::hours(1));
    flow->tick(now += std::chrono::hours(1));
    CHECK(flow->view().screen == Screen::Welcome);
    CHECK_FALSE(flow->view().agent);
}
