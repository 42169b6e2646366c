// The commands of `borne`, one function each.
#pragma once

#include "cli_common.hpp"

namespace borne::cli {

int command_simulate(const Args& args);
int command_next_question(const Args& args);
int command_situation(const Args& args);
int command_rules_check(const Args& args);
int command_rules_stale(const Args& args);
int command_rules_test(const Args& args);
int command_rules_fiches(const Args& args);
int command_rules_pack(const Args& args);
int command_bench(const Args& args, const char* self);
int command_bench_printing(const Args& args);
int command_bench_questions(const Args& args);
/// The question screens' figures on one line, for `borne bench` (empty when the households cannot be read).
std::optional<std::string> question_screens_line(const Args& args);
int command_communes(const Args& args);
int command_ticket(const Args& args);
int command_print(const Args& args);
int command_stats(const Args& args);
int command_session(const Args& args);
int command_config(const Args& args);
int command_config_bundle(const Args& args);
int command_corrections(const Args& args);
int command_bookings(const Args& args);
int command_fleet(const std::string& sub, const Args& args);
int command_hub(const std::string& sub, const Args& args);

}  // namespace borne::cli
