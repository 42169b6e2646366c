// The code printed on the slip to take a saved simulation up again: 7 random characters and a check
// character from an alphabet without look-alikes (no 0/O, 1/I), shown as "K7PM-3XQ9". The check
// character (Luhn mod 32) catches every single mistyped character and almost every swap of two
// neighbours before anything is looked up, so a typo does not count as a wrong code for the rate limit.
#pragma once

#include "borne/storage/result.hpp"

#include <string>
#include <string_view>

namespace borne::storage {

inline constexpr std::string_view code_alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";  // 32 characters
inline constexpr std::size_t code_random_length = 7;                                  // 35 bits
inline constexpr std::size_t code_length = code_random_length + 1;

/// A new code from libsodium's random generator, without the dash ("K7PM3XQ9").
std::string new_resume_code();
/// The check character of 7 random characters.
char code_check_character(std::string_view random_part);
/// Reads what was typed: case, spaces and dashes ignored, O read as 0 and I/L as 1 are refused with a
/// hint. Returns the 8 characters, or why the code cannot be right.
Result<std::string> normalise_code(std::string_view typed);
/// "K7PM-3XQ9": how the slip and the screen show it.
std::string display_code(std::string_view code);

}  // namespace borne::storage
