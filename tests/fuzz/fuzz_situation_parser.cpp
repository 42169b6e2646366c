// libFuzzer target: arbitrary bytes as a situation JSON, evaluated when valid.
#include "borne/engine/evaluator.hpp"
#include "borne/engine/loader.hpp"
#include "borne/engine/next_question.hpp"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static auto rules = borne::engine::load_rules(BORNE_SOURCE_DIR "/rules").rules;
    if (!rules) __builtin_trap();  // the bundled rules must load
    std::string text(reinterpret_cast<const char*>(data), size);
    auto parsed = borne::engine::parse_situation(text, *rules, borne::engine::Date::from_ymd(2026, 5, 1));
    if (parsed.situation) {
        borne::engine::Evaluation evaluation(*rules, *parsed.situation);
        (void)evaluation.all_aids();
        if (size % 4 == 0) (void)borne::engine::rank_questions(*rules, *parsed.situation);
    }
    return 0;
}
