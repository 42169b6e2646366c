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


/// The period an amount is typed for (the buttons « par mois », « par semaine », « par an » of an amount
/// question). The rules count every amount per month; the kiosk converts what was typed.
enum class AmountPeriod { Month, Week, Year };

/// The tap id of a period button ("periode:semaine"), and the period of such an id.
std::string period_id(AmountPeriod p);
std::optional<AmountPeriod> period_of_id(std::string_view id);

/// `typed` per `period` as the monthly amount the rules read, rounded to the cent.
engine::Decimal monthly_amount(engine::Decimal typed, AmountPeriod period);

/// An amount typed for a week or a year, kept beside its monthly answer so that the screens can say
/// what was converted (« 250 € par semaine, soit 1 083,33 € par mois »).
struct TypedAmount {
    engine::Decimal typed;
    AmountPeriod period = AmountPeriod::Month;
};

/// The keys that type `amount` (to the cent): "1700", "1700,5" → "1700,50".
std::string keypad_digits(engine::Decimal amount);

}  // namespace borne::kiosk
