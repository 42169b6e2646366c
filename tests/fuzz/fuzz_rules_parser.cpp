// libFuzzer target: arbitrary bytes as an aid file beside the mini fixture, and as a bare expression.
// Whatever the input, loading must end in a rule set or diagnostics, never a crash.
#include "borne/engine/loader.hpp"
#include "expr_parser.hpp"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;

static fs::path fixture_copy() {
    static fs::path dir = [] {
        fs::path d = fs::temp_directory_path() / ("borne-fuzz-" + std::to_string(getpid()));
        fs::remove_all(d);
        fs::copy(fs::path(BORNE_SOURCE_DIR) / "tests/engine/fixtures/mini", d, fs::copy_options::recursive);
        return d;
    }();
    return dir;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    {
        borne::engine::RuleSet rules;
        std::uint32_t root = 0;
        borne::engine::ParseError error;
        (void)borne::engine::parse_expression(text, rules, root, error);
    }
    fs::path dir = fixture_copy();
    {
        std::ofstream out(dir / "aides/fuzz.yaml", std::ios::binary | std::ios::trunc);
        out << text;
    }
    auto result = borne::engine::load_rules(dir.string());
    (void)result;
    return 0;
}
