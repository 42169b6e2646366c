#include "borne/storage/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <vector>

namespace borne::storage {

namespace {

/// Writes all of `text` to `fd`, then flushes it to the disk; false with errno set otherwise.
bool write_all_and_sync(int fd, const std::string& text) {
    for (std::size_t at = 0; at < text.size();) {
        ssize_t n = ::write(fd, text.data() + at, text.size() - at);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        at += static_cast<std::size_t>(n);
    }
    return ::fsync(fd) == 0;
}

}  // namespace

std::string write_file_atomically(const std::string& path, const std::string& text, mode_t mode) {
    // « .nouveau.XXXXXX »: never a name a reader takes for the file (node-exporter reads only *.prom).
    std::string name = path + ".nouveau.XXXXXX";
    std::vector<char> part(name.begin(), name.end());
    part.push_back('\0');
    int fd = ::mkostemp(part.data(), O_CLOEXEC);
    if (fd < 0) return fmt::format("{} : {}", name, std::strerror(errno));
    bool ok = ::fchmod(fd, mode) == 0 && write_all_and_sync(fd, text);
    int saved = errno;
    if (::close(fd) != 0 && ok) ok = false, saved = errno;
    if (!ok || std::rename(part.data(), path.c_str()) != 0) {
        if (ok) saved = errno;
        std::remove(part.data());
        return fmt::format("{} : {}", path, std::strerror(saved));
    }
    // The rename itself is on the disk once the folder is.
    std::string folder = std::filesystem::path(path).parent_path().string();
    int dir = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return {};
}

}  // namespace borne::storage
