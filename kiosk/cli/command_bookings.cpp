// borne bookings [--day AAAA-MM-JJ]: the appointments of a day (time, desk); the visitor's slip holds
// the code that opens each one's simulation. With --free (and --config): the slots still free.
#include "commands.hpp"
#include "storage_args.hpp"

#include "borne/storage/appointments.hpp"

#include <fmt/format.h>

namespace borne::cli {

int command_bookings(const Args& args) {
    engine::Date day = today();
    if (auto d = args.value("--day")) {
        auto parsed = engine::Date::parse(*d);
        if (!parsed) return usage_error(fmt::format("--day : date illisible « {} » (attendu AAAA-MM-JJ)", *d));
        day = *parsed;
    }
    auto storage = open_storage_or_report(args);
    if (!storage) return exit_bad_input;
    if (args.has("--free")) {
        if (!storage->config) return usage_error("--free : les créneaux sont ceux de --config SITE.yaml");
        auto free = storage::free_slots(*storage->database, storage->config->slots, day, storage->config->booking_days_ahead);
        if (!free.ok()) {
            fmt::print(stderr, "borne : {}\n", free.error);
            return exit_failed;
        }
        if (free.value->empty()) fmt::print("Aucun créneau libre.\n");
        for (const auto& s : *free.value) fmt::print("{} {} {}\n", s.day.iso(), s.time, s.desk);
        return exit_ok;
    }
    auto list = storage::bookings_of_day(*storage->database, day);
    if (!list.ok()) {
        fmt::print(stderr, "borne : {}\n", list.error);
        return exit_failed;
    }
    if (list.value->empty()) fmt::print("Aucun rendez-vous le {}.\n", day.french());
    for (const auto& b : *list.value) fmt::print("{}  {}\n", b.slot.time, b.slot.desk);
    return exit_ok;
}

}  // namespace borne::cli
