#include "borne/storage/resume_code.hpp"

#include <sodium.h>

#include <fmt/format.h>

namespace borne::storage {

namespace {
int value_of(char c) {
    auto at = code_alphabet.find(c);
    return at == std::string_view::npos ? -1 : static_cast<int>(at);
}
}  // namespace

char code_check_character(std::string_view random_part) {
    // Luhn mod N: every other value doubled (folded back into the alphabet), from the right.
    constexpr int n = static_cast<int>(code_alphabet.size());
    int sum = 0;
    bool twice = true;
    for (auto it = random_part.rbegin(); it != random_part.rend(); ++it) {
        int v = value_of(*it);
        if (twice) {
            v *= 2;
            v = v / n + v % n;
        }
        sum += v;
        twice = !twice;
    }
    return code_alphabet[static_cast<std::size_t>((n - sum % n) % n)];
}

std::string new_resume_code() {
    if (sodium_init() < 0) return {};
    std::string code;
    for (std::size_t i = 0; i < code_random_length; ++i)
        code += code_alphabet[randombytes_uniform(static_cast<std::uint32_t>(code_alphabet.size()))];
    code += code_check_character(code);
    return code;
}

Result<std::string> normalise_code(std::string_view typed) {
    std::string code;
    for (char c : typed) {
        if (c == ' ' || c == '-' || c == '\t') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c == 'O' || c == '0' || c == 'I' || c == '1')
            return Result<std::string>::failure(fmt::format("le caractère « {} » n'existe pas dans les codes (ni 0, ni O, ni 1, ni I)", c));
        if (value_of(c) < 0) return Result<std::string>::failure(fmt::format("le caractère « {} » n'existe pas dans les codes", c));
        code += c;
    }
    if (code.size() != code_length)
        return Result<std::string>::failure(fmt::format("un code a {} caractères (ici {})", code_length, code.size()));
    if (code_check_character(std::string_view(code).substr(0, code_random_length)) != code.back())
        return Result<std::string>::failure("ce code comporte une faute de frappe : vérifiez-le sur le ticket");
    return Result<std::string>::success(code);
}

std::string display_code(std::string_view code) {
    if (code.size() != code_length) return std::string(code);
    return fmt::format("{}-{}", code.substr(0, 4), code.substr(4));
}

}  // namespace borne::storage
