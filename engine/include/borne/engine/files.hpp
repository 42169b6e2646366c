// Reading a file whole: the one helper every module uses (the engine, the kiosk's parts, the tools), so
// that none writes its own ifstream loop. The engine is the bottom of the arrows, so it lives here.
#pragma once

#include <optional>
#include <string>

namespace borne::engine {

/// The bytes of the file at `path`, as they are (binary: no newline conversion); nothing when it cannot
/// be opened or read to the end.
std::optional<std::string> read_file(const std::string& path);

}  // namespace borne::engine
