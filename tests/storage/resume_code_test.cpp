// The code on the slip: its alphabet, its check character, how typed codes are read.
#include "borne/storage/resume_code.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace borne::storage;

TEST_CASE("new codes are 8 characters of the alphabet and pass their own check", "[code]") {
    std::set<std::string> seen;
    for (int i = 0; i < 2000; ++i) {
        std::string code = new_resume_code();
        REQUIRE(code.size() == code_length);
        for (char c : code) REQUIRE(code_alphabet.find(c) != std::string_view::npos);
        auto read = normalise_code(code);
        REQUIRE(read.ok());
        REQUIRE(*read.value == code);
        seen.insert(code);
    }
    // 2000 draws from 34 billion: a repeat would mean the generator is broken.
    CHECK(seen.size() == 2000);
}

TEST_CASE("every single mistyped character is caught by the check character", "[code]") {
    for (int sample = 0; sample < 50; ++sample) {
        std::string code = new_resume_code();
        for (std::size_t at = 0; at < code.size(); ++at)
            for (char c : code_alphabet) {
                if (c == code[at]) continue;
                std::string typo = code;
                typo[at] = c;
                INFO(code << " → " << typo);
                REQUIRE_FALSE(normalise_code(typo).ok());
            }
    }
}

TEST_CASE("swapping two neighbours is almost always caught", "[code]") {
    int swaps = 0, caught = 0;
    for (int sample = 0; sample < 2000; ++sample) {
        std::string code = new_resume_code();
        for (std::size_t at = 0; at + 1 < code.size(); ++at) {
            if (code[at] == code[at + 1]) continue;
            std::string swapped = code;
            std::swap(swapped[at], swapped[at + 1]);
            ++swaps;
            caught += normalise_code(swapped).ok() ? 0 : 1;
        }
    }
    // Luhn mod 32 misses only the swaps of two values whose doubled sums fold to the same (1 pair in 31).
    CHECK(static_cast<double>(caught) / swaps > 0.95);
}

TEST_CASE("typed codes: case, dashes and spaces do not matter, look-alikes are explained", "[code]") {
    std::string code = new_resume_code();
    std::string typed = display_code(code);
    REQUIRE(typed.size() == 9);
    REQUIRE(typed[4] == '-');
    for (auto& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto read = normalise_code(" " + typed + " ");
    REQUIRE(read.ok());
    CHECK(*read.value == code);

    auto with_o = normalise_code("O" + code.substr(1));
    REQUIRE_FALSE(with_o.ok());
    CHECK_THAT(with_o.error, Catch::Contains("ni 0, ni O"));
    auto short_code = normalise_code(code.substr(0, 6));
    REQUIRE_FALSE(short_code.ok());
    CHECK_THAT(short_code.error, Catch::Contains("8 caractères"));
    CHECK_FALSE(normalise_code("").ok());
    CHECK_FALSE(normalise_code("ABCD-EFG#").ok());
}
