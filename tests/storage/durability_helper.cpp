// A real process writing to a real database file, for the durability tests:
//   durability_helper save DB        saves sessions and records visits until killed; prints "CODE N" once
//                                    each save has returned (committed), so the parent knows what it was promised
//   durability_helper full DB BYTES  saves one session, then limits every file it writes to BYTES
//                                    (RLIMIT_FSIZE, the kernel's own "file too large") and keeps recording
//                                    visits: prints what the kiosk's agent mode would show, and whether
//                                    saves still open
#include "borne/storage/storage.hpp"

#include <sodium.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <sys/resource.h>

using namespace borne::storage;

namespace {

StorageSettings cheap() {
    StorageSettings s;
    s.open.kdf.opslimit = crypto_pwhash_OPSLIMIT_MIN;
    s.open.kdf.memlimit = 1u << 20;
    return s;
}

Visit a_visit(int n) {
    Visit v;
    v.day = borne::engine::Date::from_ymd(2026, 11, 30).plus_days(n % 14);
    v.duration_s = 200 + n % 300;
    v.completed = n % 3 != 0;
    v.abandoned_at = v.completed ? "" : "question:logement.loyer";
    v.aids_found = {"rsa", "apl"};
    v.slip_printed = n % 2 == 0;
    return v;
}

UnixTime now() { return static_cast<UnixTime>(std::time(nullptr)); }

int save_until_killed(const std::string& path) {
    Storage storage = Storage::open(path, now(), cheap());
    if (!storage.available()) {
        std::fprintf(stderr, "%s\n", storage.status()[0].c_str());
        return 1;
    }
    for (const auto& line : storage.status())
        if (line.find("mise de côté") != std::string::npos) std::printf("NOTICE %s\n", line.c_str());
    std::srand(static_cast<unsigned>(getpid()));
    for (int n = 0;; ++n) {
        std::string text = "situation n° " + std::to_string(n) + " " + std::string(static_cast<std::size_t>(std::rand() % 3000), 'x');
        auto saved = storage.save(text, now());
        if (!saved.ok()) {
            std::printf("ERROR %s\n", saved.error.c_str());
            return 1;
        }
        std::printf("%s %zu\n", saved.value->code.c_str(), text.size());
        std::fflush(stdout);
        storage.record_visit(a_visit(n));
        if (n % 25 == 0) storage.purge(now());
    }
}

int fill_disk(const std::string& path, long long bytes) {
    std::signal(SIGXFSZ, SIG_IGN);  // the write fails with EFBIG instead of killing the process
    Storage storage = Storage::open(path, now(), cheap());
    if (!storage.available()) return 1;
    auto before = storage.save("saved before the disk filled", now());
    if (!before.ok()) return 1;
    std::printf("SAVED %s\n", before.value->code.c_str());
    rlimit limit{static_cast<rlim_t>(bytes), static_cast<rlim_t>(bytes)};
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0) return 1;
    int recorded = 0;
    for (int n = 0; n < 100000 && storage.statistics_problem().empty(); ++n) {
        storage.record_visit(a_visit(n));
        if (storage.statistics_problem().empty()) ++recorded;
    }
    std::printf("RECORDED %d\n", recorded);
    for (const auto& line : storage.status()) std::printf("STATUS %s\n", line.c_str());
    auto reopened = storage.open_saved(before.value->code, now());
    std::printf("OPEN %s\n", reopened.session ? reopened.session->situation_json.c_str() : reopened.message.c_str());
    auto after = storage.save(std::string(20000, 'y'), now());
    std::printf("SAVE %s\n", after.ok() ? "ok" : after.error.c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 3 && std::string(argv[1]) == "save") return save_until_killed(argv[2]);
    if (argc == 4 && std::string(argv[1]) == "full") return fill_disk(argv[2], std::atoll(argv[3]));
    std::fprintf(stderr, "usage: durability_helper save DB | full DB BYTES\n");
    return 2;
}
