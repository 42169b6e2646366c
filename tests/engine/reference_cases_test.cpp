// The public reference cases (../shared/reference-cases), played through `borne simulate
// --from-reference` as a process, compared output by output with what OpenFisca-France computes.
// Every covered output must agree to the cent, unless tests/reference/known_divergences.txt lists it
// with its reason; a listed divergence that agrees again fails, so the list stays honest.
#include "support.hpp"

#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string run(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe);
    std::array<char, 4096> buffer{};
    while (std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
    CHECK(pclose(pipe) == 0);
    return out;
}

std::map<std::string, std::string> known_divergences() {
    std::map<std::string, std::string> out;
    std::ifstream in(borne::test::source_dir() / "tests/reference/known_divergences.txt");
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream words(line);
        std::string name, key;
        words >> name >> key;
        std::string reason;
        std::getline(words, reason);
        out[name + " " + key] = reason;
    }
    return out;
}

bool agrees(const json& got, const json& want) {
    if (got.is_number() && want.is_number()) return std::fabs(got.get<double>() - want.get<double>()) < 0.005;
    return got == want;
}

}  // namespace

TEST_CASE("Reference cases agree with OpenFisca-France on every covered aid", "[reference]") {
    fs::path cases = fs::path(BORNE_SHARED_DIR) / "reference-cases";
    INFO("the public reference cases are expected in " << cases.string() << " (the shared/ folder beside the clone)");
    REQUIRE(fs::is_directory(cases));
    auto divergences = known_divergences();
    int compared = 0, agreed = 0, not_covered = 0;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(cases))
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 20);
    for (const auto& file : files) {
        std::ifstream in(file);
        json doc = json::parse(in);
        std::string name = doc["name"];
        json got = json::parse(run(std::string(BORNE_EXE) + " simulate --from-reference '" + file.string() + "' --rules '" +
                                   (borne::test::source_dir() / "rules").string() + "'"));
        const json& expected = doc["expected"];
        REQUIRE(got.size() == expected.size());
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            REQUIRE(got.contains(it.key()));
            if (it.value().is_null()) continue;  // the reference does not compare it (see the case's notes)
            const json& value = got[it.key()];
            bool is_type_key = it.key() == "aide_logement_type";
            if (value.is_null() && !is_type_key) {
                ++not_covered;
                continue;
            }
            ++compared;
            bool ok = agrees(value, it.value());
            auto listed = divergences.find(name + " " + it.key());
            if (listed != divergences.end()) {
                INFO(name << " " << it.key() << " is listed as a known divergence (" << listed->second << ") but now agrees: remove it from the list");
                CHECK_FALSE(ok);
                continue;
            }
            INFO(name << " " << it.key() << ": expected " << it.value().dump() << ", got " << value.dump());
            CHECK(ok);
            if (ok) ++agreed;
        }
    }
    WARN("reference outputs compared: " << compared << ", agreed to the cent: " << agreed << ", listed divergences: " << divergences.size()
                                        << ", not covered yet: " << not_covered);
}
