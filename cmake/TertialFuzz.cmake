# Sanitizers and libFuzzer targets (docs/fuzzing.md).
#
#   TERTIAL_SANITIZE=ON   everything built with ASan and UBSan (scripts/test --sanitize,
#                         build-asan/); any finding stops the test that hit it.
#   TERTIAL_LIBFUZZER=ON  a Clang build of the fuzz targets (scripts/fuzz, build/fuzz/):
#                         every library they link is instrumented for coverage, ASan and UBSan.
#   neither               each fuzz target is linked with a replay main instead, and ctest
#                         runs its seed corpus through it (<name>_corpus), plus one bounded
#                         libFuzzer run of all targets (fuzz_bounded, scripts/fuzz).

if(TERTIAL_LIBFUZZER AND TERTIAL_SANITIZE)
  message(FATAL_ERROR "TERTIAL_LIBFUZZER builds with the sanitizers already; set only one of the two")
endif()
set(tertial_sanitizer_flags -fno-omit-frame-pointer -fno-sanitize-recover=all)
if(TERTIAL_LIBFUZZER)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "TERTIAL_LIBFUZZER needs Clang (CC=clang CXX=clang++); scripts/fuzz sets it up")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined ${tertial_sanitizer_flags})
  add_link_options(-fsanitize=address,undefined)
endif()
if(TERTIAL_SANITIZE)
  add_compile_options(-fsanitize=address,undefined ${tertial_sanitizer_flags})
  add_link_options(-fsanitize=address,undefined)
endif()

# tertial_fuzzer(NAME name SOURCES ... DEPS ... CORPUS dir [INCLUDES dir...])
# A libFuzzer target (a file defining LLVMFuzzerTestOneInput) with its seed corpus: a folder
# of small inputs beside the parser it tests. In a TERTIAL_LIBFUZZER build it is a fuzzer
# that scripts/fuzz runs. In every other build it is linked with a replay main, and the
# ctest `<name>_corpus` feeds it every file of the corpus: the target keeps compiling with
# the project's warnings, and an input that once crashed (kept in the corpus) stays a test.
function(tertial_fuzzer)
  cmake_parse_arguments(F "" "NAME;CORPUS" "SOURCES;DEPS;INCLUDES" ${ARGN})
  get_filename_component(corpus ${F_CORPUS} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
  if(TERTIAL_LIBFUZZER)
    add_executable(${F_NAME} ${F_SOURCES})
    target_link_options(${F_NAME} PRIVATE -fsanitize=fuzzer)
    set_property(GLOBAL APPEND PROPERTY TERTIAL_FUZZERS ${F_NAME})
    set_property(GLOBAL PROPERTY TERTIAL_FUZZER_CORPUS_${F_NAME} ${corpus})
  elseif(TERTIAL_BUILD_TESTS)
    add_executable(${F_NAME} ${F_SOURCES})
    target_link_libraries(${F_NAME} PRIVATE tertial_fuzz_replay)
    add_test(NAME ${F_NAME}_corpus COMMAND ${F_NAME} ${corpus}
             WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    set_tests_properties(${F_NAME}_corpus PROPERTIES TIMEOUT 120 LABELS fuzz)
  else()
    return()
  endif()
  target_link_libraries(${F_NAME} PRIVATE ${F_DEPS})
  if(F_INCLUDES)
    target_include_directories(${F_NAME} PRIVATE ${F_INCLUDES})
  endif()
  tertial_warnings(${F_NAME})
endfunction()

# Called once at the end of the top-level CMakeLists.txt, when every target is known.
function(tertial_fuzz_finish)
  if(TERTIAL_LIBFUZZER)
    # fuzzers.txt: "<name> <binary> <seed corpus>" per line, for scripts/fuzz.
    get_property(fuzzers GLOBAL PROPERTY TERTIAL_FUZZERS)
    set(lines "")
    foreach(name ${fuzzers})
      get_property(corpus GLOBAL PROPERTY TERTIAL_FUZZER_CORPUS_${name})
      string(APPEND lines "${name} $<TARGET_FILE:${name}> ${corpus}\n")
    endforeach()
    file(GENERATE OUTPUT ${CMAKE_BINARY_DIR}/fuzzers.txt CONTENT "${lines}")
    add_custom_target(tertial_fuzzers DEPENDS ${fuzzers})
    return()
  endif()
  # The bounded run: every fuzzer for a few seconds, in a Clang build of its own beside this
  # one (only the parsers and their fuzz targets are compiled). Skipped (exit 77) where
  # Clang or its libFuzzer runtime is missing; scripts/test installs both. Not registered in
  # the sanitizer build, which would only repeat it.
  if(TERTIAL_BUILD_TESTS AND TERTIAL_FUZZ_TESTS AND NOT TERTIAL_SANITIZE)
    add_test(NAME fuzz_bounded
             COMMAND ${CMAKE_SOURCE_DIR}/scripts/fuzz --build-dir ${CMAKE_BINARY_DIR}/fuzz
                     --time 20 --jobs 2
             WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    # Both runs build into the same directory: never at once.
    set_tests_properties(fuzz_bounded PROPERTIES TIMEOUT 900 LABELS fuzz SKIP_RETURN_CODE 77
                         RESOURCE_LOCK tertial_fuzz_build)
    if(TERTIAL_LONG_TESTS)
      add_test(NAME fuzz_long
               COMMAND ${CMAKE_SOURCE_DIR}/scripts/fuzz --build-dir ${CMAKE_BINARY_DIR}/fuzz
                       --time 600 --jobs 2
               WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
      set_tests_properties(fuzz_long PROPERTIES TIMEOUT 7200 LABELS long SKIP_RETURN_CODE 77
                           RESOURCE_LOCK tertial_fuzz_build)
    endif()
  endif()
endfunction()
