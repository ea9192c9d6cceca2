// The invented chip-supply fixture, written out as the folder `import eto`
// reads. The repository keeps its four tables in one file,
// tests/data/chip-fixture.txt, separated by lines of "=====" (the input
// format of fuzz/eto_import_fuzz.cpp, so the file is also that fuzzer's
// seed); the folder with the importer's file names exists only at test
// time, so nothing tracked looks like a copy of the real dataset.
#ifndef DECOUPLE_TESTS_CHIP_FIXTURE_H_
#define DECOUPLE_TESTS_CHIP_FIXTURE_H_

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "temp_dir.h"

// The folder holding inputs.csv, providers.csv, provision.csv and
// sequence.csv; written once per test run.
inline const std::string& chip_fixture_dir() {
  static TempDir dir;
  static const bool written = [] {
    std::string text = TempDir::read(std::string(DECOUPLE_SOURCE_DIR) + "/tests/data/chip-fixture.txt");
    static const char* kNames[] = {"inputs.csv", "providers.csv", "provision.csv", "sequence.csv"};
    constexpr std::string_view kSeparator = "\n=====\n";
    std::string_view rest = text;
    for (int i = 0; i < 3; ++i) {
      size_t at = rest.find(kSeparator);
      REQUIRE_MESSAGE(at != std::string_view::npos, "tests/data/chip-fixture.txt: missing a ===== line");
      // The newline before the separator ends the table's last line.
      dir.write(kNames[i], std::string(rest.substr(0, at + 1)));
      rest.remove_prefix(at + kSeparator.size());
    }
    dir.write(kNames[3], std::string(rest));
    return true;
  }();
  (void)written;
  return dir.path();
}

#endif  // DECOUPLE_TESTS_CHIP_FIXTURE_H_
