# Fails when a test program has a test name that catch_discover_tests cannot
# carry through CTest intact. Such a test does not fail: it silently runs
# nothing (or the wrong tests), because the name reaches CTest split, merged
# with its neighbour, or as a Catch filter that means something else.
#
#   cmake -DTEST_PROGRAM=<test program> -P check_test_names.cmake
#   cmake -DNAMES_FILE=<one name a line> -P check_test_names.cmake
#
# What breaks, as tried with Catch 2.13 and CMake 3.25 (a probe program with
# one always-failing TEST_CASE per kind of name; the "passing" ones ran nothing):
#   ';'              CMake's list of names splits there: two tests, each running nothing
#   '\'              Catch's filter reads it as an escape and matches nothing; a
#                    trailing one also joins the name to the next (CMake reads "\;")
#   '[' ']' unpaired CMake's list reading does not split inside brackets: the
#                    names after it become part of this one
#   leading '~' or 'exclude:'   Catch reads an exclusion: every other test runs instead
#   leading '"'      Catch reads a quoted name: matches nothing
# Fine: ',' and paired '[…]' (catch_discover_tests escapes them), '"' inside
# a name, a leading '#' (Catch quotes it itself), '$', tabs, UTF-8. A '*' at
# either end is a wildcard to Catch: the test runs, with any other test whose
# name it matches, so nothing is lost and it is let through.
# SECTION names never reach CTest (it runs whole test cases), so they are free.

if(DEFINED NAMES_FILE)
  file(READ "${NAMES_FILE}" listing)
  set(source "${NAMES_FILE}")
else()
  execute_process(COMMAND "${TEST_PROGRAM}" --list-test-names-only
                  OUTPUT_VARIABLE listing RESULT_VARIABLE result)
  # Catch exits with the number of tests listed; only a crash is negative
  # or not a number.
  if(NOT result MATCHES "^[0-9]+$")
    message(FATAL_ERROR "${TEST_PROGRAM} --list-test-names-only failed: ${result}")
  endif()
  set(source "${TEST_PROGRAM}")
endif()

# Line by line with string(FIND)/string(SUBSTRING), never as a CMake list:
# a list would mangle exactly the names this looks for.
set(problems "")
string(LENGTH "${listing}" remaining)
while(remaining GREATER 0)
  string(FIND "${listing}" "\n" end)
  if(end EQUAL -1)
    set(name "${listing}")
    set(listing "")
  else()
    string(SUBSTRING "${listing}" 0 ${end} name)
    math(EXPR next "${end} + 1")
    string(SUBSTRING "${listing}" ${next} -1 listing)
  endif()
  string(LENGTH "${listing}" remaining)

  set(why "")
  string(FIND "${name}" ";" at)
  if(NOT at EQUAL -1)
    string(APPEND why " contains ';' (CTest splits the name in two, each part runs nothing);")
  endif()
  string(FIND "${name}" "\\" at)
  if(NOT at EQUAL -1)
    string(APPEND why " contains '\\' (Catch reads it as an escape: the test's filter matches nothing);")
  endif()
  # Pair the brackets off; whatever is left is unpaired.
  string(REGEX REPLACE "[^][]" "" brackets "${name}")
  set(before "")
  while(NOT before STREQUAL brackets)
    set(before "${brackets}")
    string(REPLACE "[]" "" brackets "${brackets}")
  endwhile()
  if(NOT brackets STREQUAL "")
    string(APPEND why " has an unpaired '[' or ']' (CMake joins the names after it to this one);")
  endif()
  if(name MATCHES "^(~|exclude:)")
    string(APPEND why " starts with '~' or 'exclude:' (Catch reads an exclusion and runs every other test);")
  endif()
  # Catch itself prints a name that starts with '#' in quotes.
  if(name MATCHES "^\"" AND NOT name MATCHES "^\"#.*\"$")
    string(APPEND why " starts with '\"' (Catch reads a quoted name and matches nothing);")
  endif()
  if(NOT why STREQUAL "")
    string(APPEND problems "\n  \"${name}\":${why}")
  endif()
endwhile()

if(NOT problems STREQUAL "")
  message(FATAL_ERROR "${source}: test names that CTest would not run as written; rename these TEST_CASEs:"
                      "${problems}")
endif()
