# The case log and batch triage (issue 10), included from tests/CMakeLists.txt.

# Unit test of host/cases: save, search, delete, damaged files, exports
# read back with the CSV reader of `lurewatch batch --csv`.
if(NOT SQLITE3_FOUND)
  return()
endif()
add_executable(test_caselog unit/test_caselog.c
  ${PROJECT_SOURCE_DIR}/host/cli/batch_csv.c)
target_link_libraries(test_caselog PRIVATE lurewatch_caselog PkgConfig::SQLITE3)
target_include_directories(test_caselog PRIVATE ${PROJECT_SOURCE_DIR}/host/cli)
target_compile_options(test_caselog PRIVATE ${LW_WARNINGS})
add_test(NAME unit_caselog COMMAND test_caselog)

# The case log survives the real host being killed (SIGKILL) mid-write.
add_executable(caselog_kill host/caselog_kill.c)
target_link_libraries(caselog_kill PRIVATE lurewatch_caselog lurewatch_nmshared)
target_compile_options(caselog_kill PRIVATE ${LW_WARNINGS})
add_test(NAME host_caselog_kill
  COMMAND caselog_kill $<TARGET_FILE:lurewatch-host> ${PROJECT_SOURCE_DIR}/rules)
# Alone: it fsyncs hundreds of saves and would slow the host cases' timed-out
# checks when run beside them.
set_tests_properties(host_caselog_kill PROPERTIES RUN_SERIAL TRUE)

# Sharding `lurewatch batch` with GNU parallel and split gives the same bytes
# as one run (docs/triage.md).
# Output identity only: not repeated in the sanitizer build.
if(NOT LW_SANITIZE)
  add_test(NAME batch_shards
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/triage/shards.sh $<TARGET_FILE:lurewatch>
            ${PROJECT_SOURCE_DIR})
  # Alone: it runs four batches at once, which would starve timed host cases.
  set_tests_properties(batch_shards PROPERTIES RUN_SERIAL TRUE)
endif()
