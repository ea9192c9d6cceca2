// DECOUPLE_SKIP(reason): the test case cannot run here (a tool or data it
// needs is missing); it says why and returns. doctest has no run-time
// skip, so the case would show as passed: the marker it prints makes
// CTest report it as skipped instead (SKIP_REGULAR_EXPRESSION on the
// unit.* tests in CMakeLists.txt). Use it only before the first check.
// doctest-bound: for tests/*_test.cpp only.
#ifndef DECOUPLE_TESTING_SKIP_H_
#define DECOUPLE_TESTING_SKIP_H_

#include <doctest/doctest.h>

#define DECOUPLE_SKIP(reason)                 \
  do {                                        \
    MESSAGE("[decouple-skip] " << reason);    \
    return;                                   \
  } while (false)

#endif  // DECOUPLE_TESTING_SKIP_H_
