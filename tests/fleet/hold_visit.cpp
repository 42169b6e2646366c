// Test helper: holds a kiosk's visit lock as the app does from « Commencer » to the wipe (fleet::VisitLock, the
// class the app's frame loop uses), until its standard input closes. fleet_hub_test.py opens a visit with it on a
// test kiosk whose app is not running, to see the update poller wait for the visit's end.
#include "borne/fleet/visit_lock.hpp"

#include <cstdio>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: hold_visit DATA_DIR   (holds DATA_DIR/fleet/visit.lock until stdin closes)\n");
        return 2;
    }
    borne::fleet::VisitLock lock(borne::fleet::visit_lock_path(argv[1]));
    lock.visit(true);
    if (!lock.held()) {
        std::fprintf(stderr, "hold_visit: %s\n", lock.error().empty() ? "lock busy" : lock.error().c_str());
        return 1;
    }
    std::puts("visit open");
    std::fflush(stdout);
    while (std::getchar() != EOF) {
    }
    lock.visit(false);
    return 0;
}
