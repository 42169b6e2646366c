// The kiosk's use of its storage (kiosk/storage): each visit recorded as anonymous statistics, and the
// lines agent mode shows about the database and today's appointments.
#pragma once

#include "borne/kiosk/flow.hpp"
#include "borne/storage/storage.hpp"

namespace borne::kiosk {

/// The statistics row of a visit: the flow's account plus categories computed from the answers.
storage::Visit visit_of(const VisitEnd& end, const engine::Situation& situation, const engine::RuleSet& rules, engine::Date day);

/// Records every visit of `flow` in `store` (which must outlive the flow), keeps agent mode's storage
/// lines up to date, and offers save and resume when the store is available; `today` gives the day of
/// each visit.
void link_storage(Flow& flow, storage::Storage& store, std::function<engine::Date()> today);

/// The language the hooks answer in (the visit's, asked at each call: the visitor may change it).
using LanguageOfVisit = std::function<i18n::Catalogue()>;

/// Save and resume through `store`: situations written as rules/SITUATION.md documents. Messages in
/// `language` (French when none is given).
SessionHooks session_hooks(storage::Storage& store, std::shared_ptr<const engine::RuleSet> rules, LanguageOfVisit language = {});

/// What agent mode shows: the storage's state, then the day's appointments.
std::vector<std::string> storage_status_lines(const storage::Storage& store, engine::Date today, const i18n::Catalogue& lang = {});

}  // namespace borne::kiosk
