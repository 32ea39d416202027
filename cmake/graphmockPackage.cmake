# Debian packages (scripts/package: cpack -G DEB), from the install rules of
# graphmockInstall.cmake:
#   graph-mock_<version>_<arch>.deb      /usr/bin/graph-mock, /usr/share/graphmock/{fixtures,schemas}
#                                        (the binary finds them beside itself: ../share/graphmock)
#   graph-mock-dev_<version>_<arch>.deb  headers, the static library, the CMake package
set(CPACK_PACKAGE_NAME graph-mock)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(GRAPHMOCK_MAINTAINER "graph-mock maintainers <graph-mock@example.org>")
set(CPACK_PACKAGE_CONTACT ${GRAPHMOCK_MAINTAINER})
# The synopsis (under 80 characters) and each package's extended description, lines under 80
# characters (what lintian wants; cpack puts the summary before each).
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "Fake Microsoft Graph beta API for tests: Teams devices, Intune log collection")
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION
  "graph-mock serves Microsoft Graph beta endpoints (Teams devices, Intune log
collection, JSON batching) from fixtures, with scenarios, fault injection, a virtual
clock, JSON Schema validation, record/replay and a dashboard: Graph clients
are tested without a tenant.")
set(CPACK_COMPONENT_DEV_DESCRIPTION
  "The graphmock C++ library, its headers and CMake package (find_package), to
run the mock inside a C++ test process, with its GoogleTest fixture.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# Depends of the binary from its shared libraries (dpkg-shlibdeps, from dpkg-dev).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME graph-mock)
set(CPACK_DEBIAN_DEV_PACKAGE_NAME graph-mock-dev)
# graphmockConfig.cmake finds these (the dev package has no shared object to compute them from).
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
  "libcpp-httplib-dev, nlohmann-json3-dev, libvalijson-dev, libssl-dev, pkg-config")
set(CPACK_DEBIAN_DEV_PACKAGE_SUGGESTS "libgtest-dev")
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)
set(CPACK_COMPONENT_DEV_DEPENDS runtime)  # the CMake package points at the runtime's data
# What Debian wants in every package's /usr/share/doc/<package>/: copyright, and (the version
# being native) changelog.gz, compressed as gzip -9n.
configure_file(${CMAKE_CURRENT_LIST_DIR}/debian/changelog.in ${PROJECT_BINARY_DIR}/debian/changelog @ONLY)
execute_process(COMMAND gzip -9nf ${PROJECT_BINARY_DIR}/debian/changelog COMMAND_ERROR_IS_FATAL ANY)
foreach(component runtime dev)
  string(TOUPPER ${component} upper)
  install(FILES ${CMAKE_CURRENT_LIST_DIR}/debian/copyright ${PROJECT_BINARY_DIR}/debian/changelog.gz
    DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${CPACK_DEBIAN_${upper}_PACKAGE_NAME} COMPONENT ${component})
endforeach()
include(CPack)

# scripts/test builds the packages and checks them (file lists, Depends, the unpacked binary).
if(GRAPHMOCK_BUILD_TESTS)
  add_test(NAME package_deb COMMAND ${PROJECT_SOURCE_DIR}/scripts/package --build-dir ${PROJECT_BINARY_DIR} --check)
  set_tests_properties(package_deb PROPERTIES TIMEOUT 300 LABELS install)
endif()
