#include "entry.hpp"

#include "borne/storage/resume_code.hpp"

#include <fmt/format.h>

namespace borne::kiosk {

std::size_t Entry::max_length() const {
    switch (kind) {
        case Keypad::Date: return 8;
        case Keypad::PostalCode: return 5;
        case Keypad::Pin: return 8;
        case Keypad::Integer: return 3;
        case Keypad::Amount: return 10;
        case Keypad::Code: return storage::code_length;  // typed by the flow itself (letters), not by Entry
        case Keypad::None: break;
    }
    return 0;
}

bool Entry::press(std::string_view key) {
    if (key == "key:effacer") {
        if (typed.empty()) return false;
        typed.pop_back();
        return true;
    }
    if (key == "key:virgule") {
        if (kind != Keypad::Amount || typed.find(',') != std::string::npos) return false;
        typed += typed.empty() ? "0," : ",";
        return true;
    }
    if (key.size() != 5 || key.substr(0, 4) != "key:" || key[4] < '0' || key[4] > '9') return false;
    if (typed.size() >= max_length()) return false;
    auto comma = typed.find(',');
    if (comma != std::string::npos && typed.size() - comma > 2) return false;  // cents only
    if (kind == Keypad::Amount && typed == "0") typed.clear();
    typed += key[4];
    return true;
}

std::string Entry::shown() const {
    switch (kind) {
        case Keypad::Date: {
            std::string mask = "__/__/____";
            std::size_t k = 0;
            for (char& c : mask)
                if (c == '_' && k < typed.size()) c = typed[k++];
            return mask;
        }
        case Keypad::Pin: {
            std::string dots;
            for (std::size_t k = 0; k < typed.size(); ++k) dots += "\xE2\x80\xA2";  // •
            return dots;
        }
        case Keypad::Amount:
        case Keypad::Integer: {
            // Thousands grouped by a narrow no-break space, as French typography writes them.
            auto comma = typed.find(',');
            std::string whole = typed.substr(0, comma), out;
            for (std::size_t k = 0; k < whole.size(); ++k) {
                if (k > 0 && (whole.size() - k) % 3 == 0) out += "\xE2\x80\xAF";
                out += whole[k];
            }
            if (comma != std::string::npos) out += typed.substr(comma);
            return out;
        }
        case Keypad::PostalCode:
        case Keypad::Code:
        case Keypad::None: break;
    }
    return typed;
}

std::optional<engine::Decimal> Entry::number() const {
    if (typed.empty()) return std::nullopt;
    return engine::Decimal::parse(typed);
}

std::optional<engine::Date> Entry::date() const {
    if (kind != Keypad::Date || typed.size() != 8) return std::nullopt;
    auto iso = fmt::format("{}-{}-{}", typed.substr(4, 4), typed.substr(2, 2), typed.substr(0, 2));
    return engine::Date::parse(iso);
}

std::string keypad_digits(engine::Decimal amount) {
    engine::Decimal cents = amount.rounded(engine::Decimal::from_cents(1), engine::Rounding::Nearest);
    std::string text = cents.to_french(cents.is_integer() ? 0 : 2);
    std::erase_if(text, [](char c) { return !(c >= '0' && c <= '9') && c != ','; });  // the thousands spaces
    return text;
}

std::string period_id(AmountPeriod p) {
    switch (p) {
        case AmountPeriod::Month: return "periode:mois";
        case AmountPeriod::Week: return "periode:semaine";
        case AmountPeriod::Year: return "periode:an";
    }
    return {};
}

std::optional<AmountPeriod> period_of_id(std::string_view id) {
    for (AmountPeriod p : {AmountPeriod::Month, AmountPeriod::Week, AmountPeriod::Year})
        if (period_id(p) == id) return p;
    return std::nullopt;
}

engine::Decimal monthly_amount(engine::Decimal typed, AmountPeriod period) {
    using engine::Decimal;
    // A week is 52/12 of a month: the mensualisation of the Code du travail (art. L3242-1; 35 h a week
    // make 35 × 52 / 12 = 151,67 h a month) and the convention of the CAF's and France Travail's forms
    // when an income is declared by the week. A year is 12 months. Rounded to the cent, the rules'
    // precision for an amount answered.
    Decimal monthly = typed;
    if (period == AmountPeriod::Week) monthly = typed * Decimal::from_int(52) / Decimal::from_int(12);
    else if (period == AmountPeriod::Year) monthly = typed / Decimal::from_int(12);
    return monthly.rounded(Decimal::from_cents(1), engine::Rounding::Nearest);
}

std::vector<Button> keypad_keys(Keypad kind, const i18n::Catalogue& T) {
    std::vector<Button> keys;
    // TRANSLATORS: keypad, the erase key (about 8 characters).
    const Button erase{"key:effacer", T.tr("clavier", "Effacer"), "effacer", false};
    if (kind == Keypad::Code) {
        // The resume code's alphabet (no 0/O, no 1/I), then the erase key.
        for (char c : storage::code_alphabet) keys.push_back({fmt::format("key:{}", c), std::string(1, c)});
        keys.push_back(erase);
        return keys;
    }
    for (char c = '1'; c <= '9'; ++c) keys.push_back({fmt::format("key:{}", c), std::string(1, c)});
    if (kind == Keypad::Amount) keys.push_back({"key:virgule", ","});
    else keys.push_back({"", ""});  // an empty cell keeps the grid
    keys.push_back({"key:0", "0"});
    keys.push_back(erase);
    return keys;
}

}  // namespace borne::kiosk
