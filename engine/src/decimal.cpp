#include "borne/engine/decimal.hpp"

#include <cmath>
#include <cstdint>
#include <optional>

namespace borne::engine {

namespace {

bool fits_64(int128 v) { return v >= 0 && v < (int128{1} << 62); }  // room left for the doubled remainder

// Divides rounding half away from zero, the rounding of "au centime le plus proche".
int128 divide_nearest(int128 num, int128 den) {
    if (den == 0) return 0;
    bool negative = (num < 0) != (den < 0);
    int128 n = num < 0 ? -num : num;
    int128 d = den < 0 ? -den : den;
    int128 q = 0;
    if (fits_64(n) && fits_64(d)) {
        // Most amounts do: a 64-bit division instead of the far slower 128-bit one, same result.
        auto n64 = static_cast<std::uint64_t>(n), d64 = static_cast<std::uint64_t>(d);
        q = n64 / d64 + ((n64 % d64) * 2 >= d64 ? 1 : 0);
    } else {
        q = n / d;
        if ((n % d) * 2 >= d) ++q;
    }
    return negative ? -q : q;
}

/// The value of `raw` when it is a whole number of small size, else nothing.
std::optional<std::int64_t> whole_units(int128 raw) {
    if (raw <= -(int128{1} << 62) || raw >= (int128{1} << 62)) return std::nullopt;
    auto r = static_cast<std::int64_t>(raw);
    if (r % Decimal::scale != 0) return std::nullopt;
    return r / Decimal::scale;
}

int128 divide_floor(int128 num, int128 den) {
    int128 q = num / den;
    if ((num % den != 0) && ((num < 0) != (den < 0))) --q;
    return q;
}

}  // namespace

std::optional<Decimal> Decimal::parse(std::string_view text) {
    std::size_t i = 0;
    auto skip_spaces = [&] {
        while (i < text.size() && text[i] == ' ') ++i;
    };
    skip_spaces();
    bool negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
        negative = text[i] == '-';
        ++i;
        skip_spaces();
    }
    int128 whole = 0;
    int digits = 0;
    while (i < text.size()) {
        char c = text[i];
        if (c >= '0' && c <= '9') {
            if (digits > 24) return std::nullopt;
            whole = whole * 10 + (c - '0');
            ++digits;
            ++i;
        } else if (c == ' ' && digits > 0 && i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9') {
            ++i;  // thousands separator
        } else if (c == '\xE2' && digits > 0 && text.substr(i, 3) == "\xE2\x80\xAF") {
            i += 3;  // narrow no-break space, as typeset amounts use
        } else if (c == '\xC2' && digits > 0 && text.substr(i, 2) == "\xC2\xA0") {
            i += 2;  // no-break space
        } else {
            break;
        }
    }
    int128 fraction = 0;
    int fraction_digits = 0;
    if (i < text.size() && (text[i] == ',' || text[i] == '.')) {
        ++i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            if (fraction_digits < 9) {
                fraction = fraction * 10 + (text[i] - '0');
                ++fraction_digits;
            } else if (text[i] != '0') {
                return std::nullopt;  // more precision than we hold: refuse rather than round silently
            }
            ++i;
        }
        if (fraction_digits == 0 && digits == 0) return std::nullopt;
    }
    if (digits == 0 && fraction_digits == 0) return std::nullopt;
    skip_spaces();
    if (i != text.size()) return std::nullopt;
    for (int k = fraction_digits; k < 9; ++k) fraction *= 10;
    int128 raw = whole * scale + fraction;
    return from_raw(negative ? -raw : raw);
}

Decimal Decimal::from_double(double v) {
    return from_raw(static_cast<int128>(std::llround(v * 1e6)) * 1000);
}

Decimal Decimal::rounded(Decimal step, Rounding mode) const {
    if (step.m_raw <= 0) return *this;
    int128 units = 0;
    switch (mode) {
        case Rounding::Nearest: units = divide_nearest(m_raw, step.m_raw); break;
        case Rounding::Down: units = divide_floor(m_raw, step.m_raw); break;
        case Rounding::Up: units = -divide_floor(-m_raw, step.m_raw); break;
    }
    return from_raw(units * step.m_raw);
}

Decimal operator*(Decimal a, Decimal b) {
    // A whole factor (a count, a number of months) leaves nothing to round: no 128-bit division.
    if (auto k = whole_units(b.m_raw)) return Decimal::from_raw(a.m_raw * *k);
    if (auto k = whole_units(a.m_raw)) return Decimal::from_raw(b.m_raw * *k);
    return Decimal::from_raw(divide_nearest(a.m_raw * b.m_raw, Decimal::scale));
}

Decimal operator/(Decimal a, Decimal b) {
    if (b.m_raw == 0) return Decimal{};
    return Decimal::from_raw(divide_nearest(a.m_raw * Decimal::scale, b.m_raw));
}

namespace {

std::string digits_of(int128 v) {
    if (v == 0) return "0";
    char buffer[48];
    char* end = buffer + sizeof buffer;
    char* p = end;
    for (; v > 0 && !fits_64(v); v /= 10) *--p = static_cast<char>('0' + static_cast<int>(v % 10));
    // The last 18 digits or so in 64 bits: amounts written out for every explanation line.
    for (std::uint64_t small = v > 0 ? static_cast<std::uint64_t>(v) : 0; small > 0; small /= 10)
        *--p = static_cast<char>('0' + static_cast<int>(small % 10));
    return std::string(p, end);
}

}  // namespace

std::string Decimal::to_french(int decimals) const {
    int128 step = 1;
    for (int k = decimals; k < 9; ++k) step *= 10;
    int128 r = divide_nearest(m_raw, step);
    bool negative = r < 0;
    if (negative) r = -r;
    if (fits_64(r) && decimals <= 9) {
        // Every amount of an explanation line: written from its last digit in 64 bits, with no string
        // built piece by piece (the same text as below).
        auto v = static_cast<std::uint64_t>(r);
        std::uint64_t unit = 1;
        for (int k = 0; k < decimals; ++k) unit *= 10;
        std::uint64_t whole = v / unit, frac = v % unit;
        char buffer[48];
        char* end = buffer + sizeof buffer;
        char* p = end;
        if (decimals > 0) {
            for (int k = 0; k < decimals; ++k, frac /= 10) *--p = static_cast<char>('0' + static_cast<int>(frac % 10));
            *--p = ',';
        }
        for (int n = 0; n == 0 || whole > 0; ++n, whole /= 10) {
            if (n > 0 && n % 3 == 0) *--p = ' ';
            *--p = static_cast<char>('0' + static_cast<int>(whole % 10));
        }
        if (negative) *--p = '-';
        return std::string(p, end);
    }
    int128 unit = 1;
    for (int k = 0; k < decimals; ++k) unit *= 10;
    std::string whole = digits_of(r / unit);
    std::string grouped;
    for (std::size_t k = 0; k < whole.size(); ++k) {
        if (k > 0 && (whole.size() - k) % 3 == 0) grouped += ' ';
        grouped += whole[k];
    }
    std::string out = negative ? "-" + grouped : grouped;
    if (decimals > 0) {
        std::string frac = digits_of(r % unit);
        while (static_cast<int>(frac.size()) < decimals) frac.insert(frac.begin(), '0');
        out += "," + frac;
    }
    return out;
}

std::string Decimal::to_plain() const {
    int128 v = m_raw < 0 ? -m_raw : m_raw;
    std::string out = (m_raw < 0 ? "-" : "") + digits_of(v / scale);
    int128 frac = v % scale;
    if (frac != 0) {
        std::string f = digits_of(frac);
        while (f.size() < 9) f.insert(f.begin(), '0');
        while (!f.empty() && f.back() == '0') f.pop_back();
        out += "." + f;
    }
    return out;
}

}  // namespace borne::engine
