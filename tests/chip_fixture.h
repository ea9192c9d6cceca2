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

#include "decouple/temp_dir.h"
#include "../fuzz/eto_input.h"

// The folder holding inputs.csv, providers.csv, provision.csv and
// sequence.csv; written once per test run.
inline const std::string& chip_fixture_dir() {
  using decouple::testing::TempDir;
  static TempDir dir;
  static const bool written = [] {
    std::string text = TempDir::read(std::string(DECOUPLE_SOURCE_DIR) + "/tests/data/chip-fixture.txt");
    auto tables = decouple::fuzz::split_eto_tables(text);
    REQUIRE_MESSAGE(tables, "tests/data/chip-fixture.txt: want four tables separated by =====");
    for (size_t i = 0; i < tables->size(); ++i)
      dir.write(decouple::fuzz::kEtoTableNames[i], std::string((*tables)[i]));
    return true;
  }();
  (void)written;
  return dir.path();
}

#endif  // DECOUPLE_TESTS_CHIP_FIXTURE_H_
