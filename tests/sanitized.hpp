// The tests that replay many households or many random steps replay a part of them in the sanitized build
// (./dev test's first stage, -DBORNE_SANITIZE=ON): AddressSanitizer and UBSan look for memory errors and
// undefined behaviour along code paths, which a third of the households already take, at ten times the
// release build's cost. The release stage replays every household and every step.
#pragma once

#include <cstddef>
#include <vector>

namespace borne::test {

#ifdef BORNE_SANITIZED
inline constexpr bool sanitized = true;
#else
inline constexpr bool sanitized = false;
#endif

/// Every element in the release build; under the sanitizers, one in three (the first, the fourth…), so
/// that each kind of household (persons, reference cases) keeps some of its own.
template <class T>
std::vector<T> sanitizer_sample(std::vector<T> all) {
    if constexpr (!sanitized) return all;
    std::vector<T> kept;
    for (std::size_t k = 0; k < all.size(); k += 3) kept.push_back(std::move(all[k]));
    return kept;
}

/// `steps` in the release build, half of them under the sanitizers (random walks of a fixed seed: the
/// first half of the same walk).
constexpr int sanitizer_steps(int steps) { return sanitized ? steps / 2 : steps; }

}  // namespace borne::test
