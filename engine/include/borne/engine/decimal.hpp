// Exact decimal numbers for money and rates. Owned by the engine; anyone may include it.
//
// Why fixed point and not double: the law states amounts to the cent and rates as decimals
// (128,412 %); binary floating point cannot hold 0,1 and would make tests need error margins.
// A Decimal is an integer count of 10^-9 units in 128 bits: sums are exact, products and
// quotients are rounded half away from zero at the 9th decimal, far below any legal rounding.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace borne::engine {

__extension__ typedef __int128 int128;

enum class Rounding : std::uint8_t { Nearest, Down, Up };

class Decimal {
public:
    static constexpr std::int64_t scale = 1'000'000'000;

    constexpr Decimal() = default;
    static constexpr Decimal from_raw(int128 raw) { Decimal d; d.m_raw = raw; return d; }
    static constexpr Decimal from_int(std::int64_t v) { return from_raw(static_cast<int128>(v) * scale); }
    /// Hundredths, as money is usually counted: from_cents(64652) is 646,52.
    static constexpr Decimal from_cents(std::int64_t c) { return from_raw(static_cast<int128>(c) * (scale / 100)); }
    /// Reads "646,52", "646.52", "-3", "20 000", "1 234,5" (space or narrow no-break space as thousands
    /// separator). Returns nothing when the text is not a number.
    static std::optional<Decimal> parse(std::string_view text);
    /// The nearest decimal to a double, to 9 places (for numbers read from JSON).
    static Decimal from_double(double v);

    constexpr int128 raw() const { return m_raw; }
    double to_double() const { return static_cast<double>(m_raw) / static_cast<double>(scale); }
    /// Whole part, truncated toward zero.
    std::int64_t to_int() const { return static_cast<std::int64_t>(m_raw / scale); }
    bool is_integer() const { return m_raw % scale == 0; }

    /// Rounds to a multiple of `step` (a positive decimal such as 0,01 or 100).
    Decimal rounded(Decimal step, Rounding mode) const;

    friend constexpr Decimal operator+(Decimal a, Decimal b) { return from_raw(a.m_raw + b.m_raw); }
    friend constexpr Decimal operator-(Decimal a, Decimal b) { return from_raw(a.m_raw - b.m_raw); }
    friend constexpr Decimal operator-(Decimal a) { return from_raw(-a.m_raw); }
    friend Decimal operator*(Decimal a, Decimal b);
    /// Division by zero is the caller's to prevent; it yields zero rather than trapping.
    friend Decimal operator/(Decimal a, Decimal b);
    friend constexpr bool operator==(Decimal a, Decimal b) = default;
    friend constexpr std::strong_ordering operator<=>(Decimal a, Decimal b) { return a.m_raw <=> b.m_raw; }

    /// French writing with `decimals` places ("1 368,55"); thousands separated by a space.
    std::string to_french(int decimals) const;
    /// Shortest exact writing with a dot ("0.165", "646.52"), for JSON and logs.
    std::string to_plain() const;

private:
    int128 m_raw = 0;
};

}  // namespace borne::engine
