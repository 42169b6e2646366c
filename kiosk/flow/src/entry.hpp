// The on-screen keypad's typed text: what a key does to it, how it is shown, and what it means.
#pragma once

#include "borne/engine/date.hpp"
#include "borne/engine/decimal.hpp"
#include "borne/kiosk/flow.hpp"

#include <optional>
#include <string>

namespace borne::kiosk {

struct Entry {
    Keypad kind = Keypad::None;
    std::string typed;  // digits, and one ',' for an amount

    /// Applies "key:0".."key:9", "key:virgule", "key:effacer"; false when the key does nothing here.
    bool press(std::string_view key);
    /// As the visitor reads it: "17/10/19__" for a date, "1 700,5" for an amount, "••••" for a PIN.
    std::string shown() const;
    /// The number typed (integer or amount); nothing when empty or unreadable.
    std::optional<engine::Decimal> number() const;
    /// The date typed (JJ/MM/AAAA); nothing until it is complete and a real day.
    std::optional<engine::Date> date() const;
    std::size_t max_length() const;
};


/// The keys that type `amount` (to the cent): "1700", "1700,5" → "1700,50".
std::string keypad_digits(engine::Decimal amount);

}  // namespace borne::kiosk
