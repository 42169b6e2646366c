#include "borne/fleet/visit_lock.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

namespace borne::fleet {

std::string visit_lock_path(const std::string& data_dir) { return (std::filesystem::path(data_dir) / "fleet" / "visit.lock").string(); }

VisitLock::~VisitLock() {
    if (m_fd >= 0) ::close(m_fd);  // closing releases the lock
}

void VisitLock::visit(bool open) {
    if (m_path.empty() || open == m_held) return;
    if (!open) {
        ::flock(m_fd, LOCK_UN);
        m_held = false;
        return;
    }
    if (m_fd < 0) {
        std::error_code ec;
        std::filesystem::create_directories(std::filesystem::path(m_path).parent_path(), ec);
        // Read-only is enough for flock; the pollers (one runs as root) open it the same way.
        m_fd = ::open(m_path.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0644);
        if (m_fd < 0) {
            if (m_error.empty()) m_error = fmt::format("{} : {}", m_path, std::strerror(errno));
            return;
        }
    }
    m_held = ::flock(m_fd, LOCK_EX | LOCK_NB) == 0;  // busy: a poller is testing it; the next frame tries again
}

storage::Result<bool> visit_in_progress(const std::string& path) {
    using R = storage::Result<bool>;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return R::success(false);
        return R::failure(fmt::format("{} : {}", path, std::strerror(errno)));
    }
    // Shared: two pollers testing at once do not see each other as a visit; the app's exclusive lock excludes both.
    bool free = ::flock(fd, LOCK_SH | LOCK_NB) == 0;
    int err = errno;
    ::close(fd);
    if (!free && err != EWOULDBLOCK) return R::failure(fmt::format("{} : {}", path, std::strerror(err)));
    return R::success(!free);
}

}  // namespace borne::fleet
