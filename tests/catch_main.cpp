// Catch2's runner (its main and reporters), compiled once for every test program (tests/CMakeLists.txt,
// borne_catch_main): each program compiling its own copy was a quarter of the sanitized build's compile time.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
