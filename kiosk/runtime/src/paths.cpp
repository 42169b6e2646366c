#include "borne/runtime/paths.hpp"

#include <cstdlib>

namespace borne::runtime {

const char* rules_dir() { return BORNE_RUNTIME_RULES_DIR; }
const char* communes() { return BORNE_RUNTIME_COMMUNES; }
const char* pictograms() { return BORNE_RUNTIME_PICTOGRAMS; }
const char* speech_dir() { return BORNE_RUNTIME_SPEECH_DIR; }
const char* update_ca() {
    const char* env = std::getenv("BORNE_UPDATE_CA");
    return env && *env ? env : BORNE_RUNTIME_UPDATE_CA;
}

}  // namespace borne::runtime
