#pragma once
// The data the executables read when no option or environment variable names another place: the source
// tree in a development build, /usr/share/borne in the Debian package (kiosk/runtime/CMakeLists.txt).

namespace borne::runtime {

const char* rules_dir();   // the national rules (and their tests)
const char* communes();    // the communes table (communes.csv)
const char* pictograms();  // the SVG pictograms
const char* speech_dir();  // the speech data (pronunciations)
/// The CA that rules packs and bundles must be signed by: $BORNE_UPDATE_CA when set (the tests' CA, a site's
/// own), else the build's.
const char* update_ca();

}  // namespace borne::runtime
