#include "borne/engine/summary.hpp"

#include <algorithm>

namespace borne::engine {

bool obtained(const Aid& aid, const AidResult& result) {
    return result.status == AidStatus::Eligible && (aid.in_kind || result.amount > Decimal{});
}

Summary summarize(const RuleSet& rules, const std::vector<AidResult>& results, const Formatter& formatter) {
    Summary s;
    std::vector<std::string> check_reasons;  // by entry of s.to_check: its ToCheck reason as written, else empty
    for (const AidResult& r : results) {
        switch (r.status) {
            case AidStatus::Eligible:
            case AidStatus::NotEligible:
                (obtained(rules.aids[static_cast<std::size_t>(r.aid)], r) ? s.obtained : s.not_obtained).push_back(&r);
                break;
            case AidStatus::ToCheck: {
                std::string reason = formatter.format(r.reason);
                auto same = std::find_if(s.to_check.begin(), s.to_check.end(), [&](const SummaryCheck& c) {
                    return c.status() == AidStatus::ToCheck && check_reasons[static_cast<std::size_t>(&c - s.to_check.data())] == reason;
                });
                if (same != s.to_check.end()) {
                    same->aids.push_back(&r);
                    break;
                }
                s.to_check.push_back({{&r}});
                check_reasons.push_back(std::move(reason));
                break;
            }
            case AidStatus::Undetermined:
            case AidStatus::Error:
                s.to_check.push_back({{&r}});
                check_reasons.emplace_back();
                break;
        }
    }
    return s;
}

}  // namespace borne::engine
