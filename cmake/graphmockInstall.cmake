# Install rules: the graphmock library (its module archives) with the public
# headers of include/graphmock/ only, the graph-mock binary, the fixtures and
# schemas (share/graphmock/), and a CMake package so another project can
# find_package(graphmock) and link graphmock::graphmock.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(GRAPHMOCK_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/graphmock)

install(TARGETS graphmock ${GRAPHMOCK_MODULE_TARGETS} EXPORT graphmockTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
install(TARGETS graph-mock RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
install(FILES ${PROJECT_BINARY_DIR}/mock/graph-mock.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
  COMPONENT runtime)
install(FILES ${PROJECT_BINARY_DIR}/mock/graph-mock.bash-completion
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME graph-mock
  COMPONENT runtime)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/graphmock DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  COMPONENT dev)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/fixtures ${PROJECT_SOURCE_DIR}/schemas
  DESTINATION ${CMAKE_INSTALL_DATADIR}/graphmock COMPONENT runtime)

install(EXPORT graphmockTargets NAMESPACE graphmock:: DESTINATION ${GRAPHMOCK_CMAKE_DIR}
  COMPONENT dev)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/graphmockConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/graphmockConfig.cmake
  INSTALL_DESTINATION ${GRAPHMOCK_CMAKE_DIR}
  PATH_VARS CMAKE_INSTALL_DATADIR)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/graphmockConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/graphmockConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/graphmockConfigVersion.cmake
  DESTINATION ${GRAPHMOCK_CMAKE_DIR} COMPONENT dev)
# A stripping install (cmake --install --strip, cpack's CPACK_STRIP_FILES) drops the archives'
# debug info too: install(TARGETS) strips executables only.
string(CONFIGURE [[
  if(CMAKE_INSTALL_DO_STRIP)
    file(GLOB archives "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/@CMAKE_INSTALL_LIBDIR@/libgraphmock_*.a")
    execute_process(COMMAND "@CMAKE_STRIP@" --strip-debug ${archives} COMMAND_ERROR_IS_FATAL ANY)
  endif()]] strip_archives @ONLY)
install(CODE "${strip_archives}" COMPONENT dev)
