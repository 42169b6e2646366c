#include "borne/printing/escpos_status.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

namespace borne::printing {

namespace {

constexpr char DLE = 0x10, EOT = 0x04;

// Every status byte of DLE EOT has bit 0 = 0, bit 1 = 1, bit 4 = 1 and bit 7 = 0.
bool status_byte(std::uint8_t b) { return (b & 0x93) == 0x12; }

struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

void set_error(std::string* error, std::string message) {
    if (error) *error = std::move(message);
}

}  // namespace

std::optional<EscposStatus> decode_escpos_status(std::uint8_t printer, std::uint8_t offline_cause, std::uint8_t paper) {
    if (!status_byte(printer) || !status_byte(offline_cause) || !status_byte(paper)) return std::nullopt;
    EscposStatus s;
    s.offline = printer & 0x08;
    s.cover_open = offline_cause & 0x04;
    s.error = offline_cause & 0x40;
    s.paper_out = (paper & 0x60) != 0 || (offline_cause & 0x20) != 0;
    s.paper_near_end = (paper & 0x0C) != 0;
    return s;
}

std::vector<std::string> escpos_problems(const EscposStatus& s) {
    std::vector<std::string> out;
    if (s.paper_out) out.push_back("media-empty");
    else if (s.paper_near_end) out.push_back("media-low");
    if (s.cover_open) out.push_back("cover-open");
    if (s.offline) out.push_back("offline");
    if (s.error) out.push_back("other");
    return out;
}

std::string escpos_status_query() { return {DLE, EOT, 1, DLE, EOT, 2, DLE, EOT, 4}; }

std::optional<EscposStatus> read_escpos_status(const std::string& device, std::chrono::milliseconds timeout, std::string* error) {
    Fd port;
    port.fd = ::open(device.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (port.fd < 0) return set_error(error, fmt::format("{} : {}", device, std::strerror(errno))), std::nullopt;
    termios tio{};
    if (::isatty(port.fd) && ::tcgetattr(port.fd, &tio) == 0) {
        // Raw bytes both ways: a status byte 0x13 must not be taken for XOFF, nor a 0x12 echoed.
        speed_t in = cfgetispeed(&tio), out = cfgetospeed(&tio);
        cfmakeraw(&tio);
        cfsetispeed(&tio, in);
        cfsetospeed(&tio, out);
        tio.c_cflag |= CLOCAL | CREAD;
        ::tcsetattr(port.fd, TCSANOW, &tio);
        ::tcflush(port.fd, TCIFLUSH);  // an answer left from before is not this one
    }
    std::uint8_t answers[3] = {};
    const std::string query = escpos_status_query();
    for (int i = 0; i < 3; ++i) {
        if (::write(port.fd, query.data() + 3 * i, 3) != 3)
            return set_error(error, fmt::format("{} : écriture impossible ({})", device, std::strerror(errno))), std::nullopt;
        pollfd p{port.fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0 || ::read(port.fd, &answers[i], 1) != 1)
            return set_error(error, fmt::format("{} : l'imprimante ne répond pas (DLE EOT {})", device, i == 2 ? 4 : i + 1)), std::nullopt;
    }
    auto status = decode_escpos_status(answers[0], answers[1], answers[2]);
    if (!status) set_error(error, fmt::format("{} : réponse illisible ({:02x} {:02x} {:02x})", device, answers[0], answers[1], answers[2]));
    return status;
}

}  // namespace borne::printing
