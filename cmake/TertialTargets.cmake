# Helpers that keep every target's build settings in one place.

# Warnings for our own code (never for generated code). GCC 12's -Wmaybe-uninitialized
# reports false positives through absl::StatusOr and std::optional at -O2, so it is off.
function(tertial_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local
                                           -Wnon-virtual-dtor -Wno-unused-parameter
                                           -Wno-missing-field-initializers
                                           -Wno-maybe-uninitialized)
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")  # the fuzz build: the GCC-only flags above
    target_compile_options(${target} PRIVATE -Wno-unknown-warning-option)
  endif()
  if(TERTIAL_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# tertial_library(NAME name SOURCES ... DEPS ...)
# A static library named tertial_<name> with alias tertial::<name>; public headers live in
# include/ beside it.
function(tertial_library)
  cmake_parse_arguments(L "" "NAME" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(tertial_${L_NAME} STATIC ${L_SOURCES})
  add_library(tertial::${L_NAME} ALIAS tertial_${L_NAME})
  target_include_directories(tertial_${L_NAME} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
  target_link_libraries(tertial_${L_NAME} PUBLIC tertial::base ${L_DEPS} PRIVATE ${L_PRIVATE_DEPS})
  tertial_warnings(tertial_${L_NAME})
endfunction()

# tertial_test(NAME name SOURCES ... DEPS ... [LABELS ...] [TIMEOUT s])
# A GoogleTest binary registered with ctest. Tests run with the repository root as working
# directory, so that ../shared/... and data/... resolve the same way for every test.
function(tertial_test)
  if(NOT TERTIAL_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE tertial::base ${T_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_definitions(${T_NAME} PRIVATE TERTIAL_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
                                               TERTIAL_BINARY_DIR="${CMAKE_BINARY_DIR}")
  tertial_warnings(${T_NAME})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  # Temporary data of every test under the build tree, so that the suite's last test
  # (tests/no_leftover_processes.sh, the fixture's cleanup) finds what a test left running.
  file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/test-tmp)
  set(properties TIMEOUT ${T_TIMEOUT} ENVIRONMENT "TMPDIR=${CMAKE_BINARY_DIR}/test-tmp"
                 FIXTURES_REQUIRED tertial_suite)
  if(T_LABELS)  # an empty value would shift every property after it by one
    list(APPEND properties LABELS "${T_LABELS}")
  endif()
  gtest_discover_tests(${T_NAME} WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
                       PROPERTIES ${properties}
                       DISCOVERY_TIMEOUT 60)
endfunction()

# tertial_proto_library(NAME name PROTOS a.proto ... [GRPC_PROTOS service.proto ...] [DEPS ...])
# Generates C++ from proto/ files given relative to proto/ (and gRPC stubs for GRPC_PROTOS)
# into the build tree. Generated code is never committed.
function(tertial_proto_library)
  cmake_parse_arguments(P "" "NAME" "PROTOS;GRPC_PROTOS;DEPS" ${ARGN})
  set(proto_root ${CMAKE_SOURCE_DIR}/proto)
  set(gen_root ${CMAKE_BINARY_DIR}/gen)
  set(sources)
  foreach(proto ${P_PROTOS} ${P_GRPC_PROTOS})
    get_filename_component(dir ${proto} DIRECTORY)
    get_filename_component(base ${proto} NAME_WE)
    set(outs ${gen_root}/${dir}/${base}.pb.cc ${gen_root}/${dir}/${base}.pb.h)
    set(args --proto_path=${proto_root} --cpp_out=${gen_root})
    if(proto IN_LIST P_GRPC_PROTOS)
      list(APPEND outs ${gen_root}/${dir}/${base}.grpc.pb.cc ${gen_root}/${dir}/${base}.grpc.pb.h)
      list(APPEND args --grpc_out=${gen_root} --plugin=protoc-gen-grpc=${GRPC_CPP_PLUGIN})
    endif()
    add_custom_command(
      OUTPUT ${outs}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${gen_root}
      COMMAND protobuf::protoc ${args} ${proto_root}/${proto}
      DEPENDS ${proto_root}/${proto} protobuf::protoc
      COMMENT "protoc ${proto}"
      VERBATIM)
    list(APPEND sources ${outs})
  endforeach()
  add_library(${P_NAME} STATIC ${sources})
  target_include_directories(${P_NAME} PUBLIC ${gen_root})
  target_link_libraries(${P_NAME} PUBLIC protobuf::libprotobuf gRPC::grpc++ ${P_DEPS})
endfunction()
