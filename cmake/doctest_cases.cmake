# Registers each doctest case of a test binary as a CTest test. Run after
# each build of the binary (POST_BUILD, see CMakeLists.txt) as
#   cmake -D TEST_EXECUTABLE=... -D TEST_WORKING_DIR=... -D TEST_PREFIX=...
#         -D TEST_SKIP_MARKER=... -D CTEST_FILE=... -P doctest_cases.cmake
# and writes CTEST_FILE, which CTest includes. A case whose output holds
# [TEST_SKIP_MARKER] is reported as skipped.
#
# Why not doctest's own doctest_discover_tests: it splits the binary's list
# of cases into a CMake list, so a case whose name holds ';' ("a BOM and
# CRLF line endings load; Chinese names survive") became two tests that
# each matched no case, and doctest passes a filter that matches nothing:
# those cases were silently never run. Here names keep their ';', a name
# doctest's filter would read as a pattern (* ? or a leading space) is an
# error, and so is an empty list.
execute_process(COMMAND "${TEST_EXECUTABLE}" --list-test-cases
                OUTPUT_VARIABLE output RESULT_VARIABLE result
                WORKING_DIRECTORY "${TEST_WORKING_DIR}")
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${TEST_EXECUTABLE} --list-test-cases failed (${result}):\n${output}")
endif()
# Lines become list elements only after each ';' inside a name is set
# aside as a byte no name holds.
string(ASCII 1 semicolon)
string(REPLACE ";" "${semicolon}" output "${output}")
string(REPLACE "\n" ";" lines "${output}")
set(script "")
set(count 0)
foreach(line IN LISTS lines)
  if(line STREQUAL "" OR line MATCHES "^=+$" OR line MATCHES "^\\[doctest\\] ")
    continue()
  endif()
  string(REPLACE "${semicolon}" ";" name "${line}")
  if(name MATCHES "[*?]" OR name MATCHES "^ " OR name MATCHES "]==]")
    message(FATAL_ERROR "test case '${name}': doctest would read its name as a pattern; rename it")
  endif()
  # doctest splits --test-case on ','; a '\,' is a literal comma.
  string(REPLACE "," "\\," filter "${name}")
  string(APPEND script
    "add_test([==[${TEST_PREFIX}${name}]==] [==[${TEST_EXECUTABLE}]==] [==[--test-case=${filter}]==])\n"
    "set_tests_properties([==[${TEST_PREFIX}${name}]==] PROPERTIES WORKING_DIRECTORY [==[${TEST_WORKING_DIR}]==]"
    " SKIP_REGULAR_EXPRESSION [==[\\[${TEST_SKIP_MARKER}\\]]==])\n")
  math(EXPR count "${count} + 1")
endforeach()
if(count EQUAL 0)
  message(FATAL_ERROR "${TEST_EXECUTABLE} lists no test cases")
endif()
file(WRITE "${CTEST_FILE}" "${script}")
