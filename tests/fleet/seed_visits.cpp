// Test helper: records visits in a kiosk's SQLite file through the storage's own record_visit, from lines
// "DAY COMPLETED DURATION_S SLIP AIDS|- ABANDONED_AT|- [REPEAT [LANGUAGE]]" on standard input (what a visit leaves
// when it ends). Used by fleet_hub_test.py to give each test kiosk its statistics.
#include "borne/storage/statistics.hpp"

#include <cstdio>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: seed_visits DB < visits\n");
        return 2;
    }
    borne::storage::OpenOptions options;
    options.kdf = {1, 8192};
    auto opened = borne::storage::open_database(argv[1], 1'800'000'000, options);
    if (!opened.database) {
        std::fprintf(stderr, "seed_visits: %s\n", opened.error.c_str());
        return 1;
    }
    std::string line;
    int n = 0, line_no = 0;
    while (std::getline(std::cin, line)) {
        ++line_no;
        std::istringstream in(line);
        std::string day, aids, abandoned;
        int completed = 0, duration = 0, slip = 0, repeat = 1;
        if (!(in >> day >> completed >> duration >> slip >> aids >> abandoned)) {
            std::fprintf(stderr, "seed_visits: stdin:%d: expected DAY COMPLETED DURATION SLIP AIDS ABANDONED [REPEAT [LANGUAGE]]\n", line_no);
            return 2;
        }
        std::string language = "fr";
        in >> repeat >> language;
        borne::storage::Visit v;
        v.language = language;
        auto d = borne::engine::Date::parse(day);
        if (!d) {
            std::fprintf(stderr, "seed_visits: stdin:%d: bad day %s\n", line_no, day.c_str());
            return 2;
        }
        v.day = *d;
        v.completed = completed != 0;
        v.duration_s = duration;
        v.slip_printed = slip != 0;
        if (aids != "-") {
            std::istringstream a(aids);
            for (std::string id; std::getline(a, id, ',');) v.aids_found.push_back(id);
        }
        if (abandoned != "-") v.abandoned_at = abandoned;
        for (int i = 0; i < repeat; ++i) {
            auto s = borne::storage::record_visit(*opened.database, v);
            if (!s.ok()) {
                std::fprintf(stderr, "seed_visits: %s\n", s.error.c_str());
                return 1;
            }
            ++n;
        }
    }
    std::printf("%d visits\n", n);
    return 0;
}
