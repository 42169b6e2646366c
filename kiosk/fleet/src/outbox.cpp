#include "borne/fleet/outbox.hpp"
#include "borne/storage/atomic_file.hpp"

#include "borne/engine/files.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

namespace borne::fleet {

using storage::Result;
using storage::Status;

bool valid_kiosk_id(const std::string& id) {
    if (id.empty() || id.size() > 63 || id.front() == '-') return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

namespace {

std::string state_path(const std::string& outbox) { return outbox + ".state"; }

Status write_all(int fd, const std::string& data, const std::string& path) {
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return Status::failure(fmt::format("{} : écriture impossible ({})", path, std::strerror(errno)));
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) return Status::failure(fmt::format("{} : fsync impossible ({})", path, std::strerror(errno)));
    return Status::success();
}

/// Appends and syncs: the lines are on the disk before the state says they were written.
Status append_synced(const std::string& path, const std::string& data) {
    int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0) return Status::failure(fmt::format("{} : ouverture impossible ({})", path, std::strerror(errno)));
    Status s = write_all(fd, data, path);
    ::close(fd);
    return s;
}

}  // namespace

Result<ExportState> read_export_state(const std::string& path) {
    using R = Result<ExportState>;
    auto text = engine::read_file(path);
    if (!text) return R::success({});
    auto j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return R::failure(fmt::format("{} : JSON illisible", path));
    ExportState st;
    if (!j.contains("next_seq") || !j["next_seq"].is_number_integer() || j["next_seq"].get<long long>() < 1)
        return R::failure(fmt::format("{} : champ next_seq absent ou invalide", path));
    st.next_seq = j["next_seq"].get<long long>();
    if (j.contains("exported_before")) {
        auto d = j["exported_before"].is_string() ? engine::Date::parse(j["exported_before"].get<std::string>()) : std::nullopt;
        if (!d) return R::failure(fmt::format("{} : champ exported_before invalide (attendu AAAA-MM-JJ)", path));
        st.exported_before = d;
    }
    return R::success(st);
}

std::string record_line(const std::string& kiosk, long long seq, const WeeklyCount& c) {
    nlohmann::ordered_json j;
    j["v"] = 1;
    j["kiosk"] = kiosk;
    j["seq"] = seq;
    j["week"] = c.week.iso();
    j["metric"] = metric_name(c.metric);
    j["key"] = c.key;
    j["count"] = c.count;
    return j.dump();
}

Result<ExportOutcome> export_closed_weeks(const storage::Database& db, const std::string& kiosk, engine::Date today, const std::string& outbox) {
    using R = Result<ExportOutcome>;
    if (!valid_kiosk_id(kiosk)) return R::failure(fmt::format("identifiant de borne « {} » invalide (1 à 63 caractères a-z 0-9 -)", kiosk));
    auto state = read_export_state(state_path(outbox));
    if (!state.ok()) return R::failure(state.error);
    engine::Date from = state.value->exported_before.value_or(*engine::Date::parse("2000-01-03"));
    engine::Date before = monday_of(today);  // the current week is still open: its counts may change
    ExportOutcome outcome;
    if (!(from < before)) return R::success(outcome);
    auto counts = weekly_counts(db, from, before);
    if (!counts.ok()) return R::failure(counts.error);
    std::string lines;
    long long seq = state.value->next_seq;
    for (const auto& c : *counts.value) lines += record_line(kiosk, seq++, c) + "\n";
    if (!lines.empty()) {
        if (Status s = append_synced(outbox, lines); !s.ok()) return R::failure(s.error);
    }
    nlohmann::json next{{"next_seq", seq}, {"exported_before", before.iso()}};
    if (auto error = storage::write_file_atomically(state_path(outbox), next.dump() + "\n", 0644); !error.empty()) return R::failure(error);
    outcome.records = static_cast<int>(counts.value->size());
    if (outcome.records > 0) outcome.first_seq = state.value->next_seq, outcome.last_seq = seq - 1;
    outcome.from = from;
    outcome.before = before;
    return R::success(outcome);
}

}  // namespace borne::fleet
