# Install rules and the CMake package, so another project can write
#   find_package(decouple 0.1 REQUIRED)
#   target_link_libraries(app PRIVATE decouple::decouple)
# against `cmake --install` output. Included from the top-level CMakeLists.txt
# after the targets exist. Layout (GNUInstallDirs):
#   bin/decouple, lib/libdecouple_<layer>.a, include/decouple/*.h,
#   lib/cmake/decouple/ (package config, version, targets),
#   share/decouple/models/ (bundled models), share/doc/decouple/ (docs).
include(CMakePackageConfigHelpers)

set(DECOUPLE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/decouple)

set_target_properties(decouple PROPERTIES EXPORT_NAME decouple)
install(TARGETS decouple ${DECOUPLE_LAYER_TARGETS} EXPORT decoupleTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The public headers: lib/<layer>/decouple/*.h of every installed layer,
# into one include/decouple/ (users include "decouple/x.h" whatever the
# layer). Not lib/<layer>/internal/ (third-party headers behind the wall)
# nor lib/testing/ (test oracles).
foreach(layer IN LISTS DECOUPLE_LAYERS)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/lib/${layer}/decouple/
          DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/decouple
          FILES_MATCHING PATTERN "*.h")
endforeach()

if(TARGET decouple_app)
  install(TARGETS decouple_app RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/models/ DESTINATION ${CMAKE_INSTALL_DATADIR}/decouple/models)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# A static libdecouple carries its private yaml-cpp dependency to whoever
# links it; the config finds yaml-cpp then (a shared one does not need it).
get_target_property(DECOUPLE_LIBRARY_TYPE decouple_base TYPE)
if(DECOUPLE_LIBRARY_TYPE STREQUAL "STATIC_LIBRARY")
  set(DECOUPLE_STATIC ON)
else()
  set(DECOUPLE_STATIC OFF)
endif()

install(EXPORT decoupleTargets NAMESPACE decouple:: DESTINATION ${DECOUPLE_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/decoupleConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/decoupleConfig.cmake
                              INSTALL_DESTINATION ${DECOUPLE_CMAKE_DIR})
# 0.x: a minor version may break the API, so only the same minor matches.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/decoupleConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/decoupleConfig.cmake ${PROJECT_BINARY_DIR}/decoupleConfigVersion.cmake
        DESTINATION ${DECOUPLE_CMAKE_DIR})
