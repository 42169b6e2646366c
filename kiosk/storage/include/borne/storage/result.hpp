// Errors as values at the storage's edge: the kiosk keeps running whatever the disk does, so nothing
// here throws; a failure is a sentence in plain French that agent mode and `borne` can show.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace borne::storage {

/// Seconds since 1970-01-01 UTC. Every function takes "now" so that tests can move time.
using UnixTime = long long;

template <class T>
struct Result {
    std::optional<T> value;
    std::string error;  // empty when `value` is set

    static Result success(T v) { return Result{std::move(v), {}}; }
    static Result failure(std::string why) { return Result{std::nullopt, std::move(why)}; }
    bool ok() const { return value.has_value(); }
};

struct Status {
    std::string error;
    static Status success() { return {}; }
    static Status failure(std::string why) { return {std::move(why)}; }
    bool ok() const { return error.empty(); }
};

}  // namespace borne::storage
