# Precompiled headers: nlohmann/json and the standard headers most files use are
# parsed once per build instead of once per translation unit (about a third of a
# file's compile time). Every module library reuses one header compiled by
# graphmock_pch; each test binary compiles one that adds GoogleTest and
# cpp-httplib. -DGRAPHMOCK_PCH=OFF builds without them.
option(GRAPHMOCK_PCH "Precompile nlohmann/json, GoogleTest and common standard headers" ON)

set(GRAPHMOCK_PCH_STD <algorithm> <atomic> <chrono> <cstdint> <filesystem> <functional> <map>
    <memory> <mutex> <optional> <set> <string> <string_view> <thread> <unordered_map> <utility>
    <vector>)

if(GRAPHMOCK_PCH AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC does not keep a header loaded from a precompiled header marked as a
  # system header, so libstdc++'s memcpy false positives on std::string at -O2
  # and a variant's string freed "on an unallocated object"
  # (GCC bugs 105329, 105651), silent without the precompiled header, show in
  # our files. clang, which builds the sanitizer tree, keeps these checks, and
  # ASan checks the same bounds at run time.
  add_compile_options(-Wno-array-bounds -Wno-stringop-overflow -Wno-stringop-overread
                      -Wno-free-nonheap-object)
endif()

if(GRAPHMOCK_PCH)
  add_library(graphmock_pch STATIC ${CMAKE_CURRENT_LIST_DIR}/pch/base_pch.cc)
  target_link_libraries(graphmock_pch PRIVATE nlohmann_json::nlohmann_json)
  target_precompile_headers(graphmock_pch PRIVATE <nlohmann/json.hpp> ${GRAPHMOCK_PCH_STD})
endif()

# graphmock_use_pch(TARGET): TARGET's files include the shared header first.
function(graphmock_use_pch target)
  if(GRAPHMOCK_PCH)
    target_precompile_headers(${target} REUSE_FROM graphmock_pch)
  endif()
endfunction()

# graphmock_test_pch(TARGET): a test binary's own header (GCC refuses a header
# compiled with macros the using file lacks, and each test binary defines its
# own data paths).
function(graphmock_test_pch target)
  if(GRAPHMOCK_PCH)
    target_precompile_headers(${target} PRIVATE <nlohmann/json.hpp> <gtest/gtest.h> <httplib.h>
                              ${GRAPHMOCK_PCH_STD})
  endif()
endfunction()
