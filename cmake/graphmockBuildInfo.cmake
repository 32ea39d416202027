# What `graph-mock --version` and GET /_mock/health report: the project
# version, the git commit of the source tree ("unknown" outside a git checkout)
# and the Graph metadata snapshot schemas/ is generated from, read from the
# table of metadata/csdl/SOURCE.md (the files the generator reads, not v1.0/).
# Written into build_info.cc at configure time; a commit reconfigures.

set(GRAPHMOCK_COMMIT unknown)
# rev-parse prints the options' answers before the revision's.
execute_process(COMMAND git rev-parse --show-toplevel --absolute-git-dir --short=12 HEAD
                WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE git_out
                RESULT_VARIABLE git_rc OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(git_rc EQUAL 0)
  string(REPLACE "\n" ";" git_out "${git_out}")
  list(GET git_out 0 git_top)
  # A tarball unpacked inside another repository is not that repository's commit.
  file(REAL_PATH ${PROJECT_SOURCE_DIR} source_dir)
  if(git_top STREQUAL source_dir)
    list(GET git_out 1 git_dir)
    list(GET git_out 2 GRAPHMOCK_COMMIT)
    set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
                 ${git_dir}/logs/HEAD)
  endif()
endif()

set(source_md ${PROJECT_SOURCE_DIR}/metadata/csdl/SOURCE.md)
set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${source_md})
file(STRINGS ${source_md} rows REGEX "^\\| `[^/`]+\\.xml` \\| `[^`]+` @ `[0-9a-f]+`")
set(snapshots "")
foreach(row ${rows})
  string(REGEX REPLACE "^\\| `[^`]+` \\| `([^`]+)` @ `([0-9a-f]+)`.*" "\\1;\\2" parts "${row}")
  list(GET parts 0 file)
  list(GET parts 1 commit)
  string(SUBSTRING "${commit}" 0 12 commit)
  list(APPEND snapshots "${file}@${commit}")
endforeach()
list(REMOVE_DUPLICATES snapshots)
list(JOIN snapshots ", " GRAPHMOCK_METADATA_SNAPSHOT)
set(GRAPHMOCK_METADATA_SNAPSHOT "microsoftgraph/msgraph-metadata ${GRAPHMOCK_METADATA_SNAPSHOT}")

configure_file(${PROJECT_SOURCE_DIR}/mock/core/build_info.cc.in
               ${CMAKE_CURRENT_BINARY_DIR}/build_info.cc @ONLY)
