// « Never during a visit » (issue #18): the kiosk app holds a lock on <data>/fleet/visit.lock from the moment a
// visit starts (« Commencer », or a resumed code) to its wipe (« Terminer » or the idle timeout), and the update
// poller (`borne fleet window --data`, called by fleet-update) installs nothing while it is held. The site's closing
// time alone is not enough: a visitor may still be at the kiosk after closing. A lock rather than a state file: the
// kernel releases it when the app exits or crashes, so a dead app never blocks updates, and nothing is written per
// visit. The app takes it exclusive; the pollers (rules and software may run at the same moment) only test it.
#pragma once

#include "borne/storage/result.hpp"

#include <string>

namespace borne::fleet {

/// `<data>/fleet/visit.lock`.
std::string visit_lock_path(const std::string& data_dir);

/// The app's side: told at each frame whether a visit is open, it holds the lock while one is. Taking it never
/// waits (the frame loop must not): if a poller is testing it at that instant, the next frame takes it. An empty
/// path does nothing (a kiosk without a site file, a test).
class VisitLock {
public:
    explicit VisitLock(std::string path) : m_path(std::move(path)) {}
    ~VisitLock();
    VisitLock(const VisitLock&) = delete;
    VisitLock& operator=(const VisitLock&) = delete;

    void visit(bool open);
    bool held() const { return m_held; }
    /// Why the lock could not be had (the file cannot be made), once, for the journal; empty otherwise.
    const std::string& error() const { return m_error; }

private:
    std::string m_path;
    int m_fd = -1;
    bool m_held = false;
    std::string m_error;
};

/// The pollers' side: whether a visit holds the lock now. No file: no visit since the app first ran with it.
/// A file that cannot be opened is an error naming it (then the caller waits rather than install blind).
storage::Result<bool> visit_in_progress(const std::string& path);

}  // namespace borne::fleet
