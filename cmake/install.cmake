# `cmake --install`: the newsdeal program, the public headers, libnewsdeal as a
# shared and a static library, a CMake package (find_package(newsdeal), target
# newsdeal::newsdeal) and newsdeal.pc. Included from the top CMakeLists.txt.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# What the library links, for the static archive's users: pkg-config modules
# (imported as PkgConfig::<PREFIX>) and CMake packages with their targets and
# pkg-config names. A dependency added to a layer in CMakeLists.txt must be added
# here too; the check below names any that is missing.
set(NEWSDEAL_DEP_PKGCONFIG "ICU=icu-uc,icu-i18n" "RE2=re2" "GUMBO=gumbo" "ZSTD=libzstd" "HTTPLIB=cpp-httplib"
    "BROTLIDEC=libbrotlidec" "SIMDJSON=simdjson")
set(NEWSDEAL_DEP_PACKAGES "ZLIB=ZLIB::ZLIB=zlib" "OpenSSL=OpenSSL::SSL,OpenSSL::Crypto=openssl"
    "pugixml=pugixml::pugixml=pugixml" "TBB=TBB::tbb=tbb" "nlohmann_json=nlohmann_json::nlohmann_json=nlohmann_json")
set(NEWSDEAL_DEP_TARGETS "")
set(NEWSDEAL_DEP_PC "")
set(NEWSDEAL_STATIC_FIND "")
foreach(dep IN LISTS NEWSDEAL_DEP_PKGCONFIG)
  string(REPLACE "=" ";" parts "${dep}")
  list(GET parts 0 prefix)
  list(GET parts 1 mods)
  string(REPLACE "," " " mods "${mods}")
  list(APPEND NEWSDEAL_DEP_TARGETS PkgConfig::${prefix})
  string(APPEND NEWSDEAL_DEP_PC " ${mods}")
  string(APPEND NEWSDEAL_STATIC_FIND "  pkg_check_modules(${prefix} REQUIRED IMPORTED_TARGET ${mods})\n")
endforeach()
foreach(dep IN LISTS NEWSDEAL_DEP_PACKAGES)
  string(REPLACE "=" ";" parts "${dep}")
  list(GET parts 0 package)
  list(GET parts 1 targets)
  list(GET parts 2 pc)
  string(REPLACE "," ";" targets "${targets}")
  list(APPEND NEWSDEAL_DEP_TARGETS ${targets})
  if(NOT package STREQUAL "nlohmann_json")  # a public dependency: Requires, found always
    string(APPEND NEWSDEAL_DEP_PC " ${pc}")
    string(APPEND NEWSDEAL_STATIC_FIND "  find_dependency(${package})\n")
  endif()
endforeach()
foreach(layer newsdeal_lang newsdeal_extractors newsdeal_pipeline)
  get_target_property(links ${layer} INTERFACE_LINK_LIBRARIES)
  foreach(l IN LISTS links)
    if(NOT l MATCHES "^newsdeal_" AND NOT l IN_LIST NEWSDEAL_DEP_TARGETS)
      message(WARNING "${layer} links ${l}, which cmake/install.cmake does not list for the installed static "
                      "library (NEWSDEAL_DEP_PKGCONFIG / NEWSDEAL_DEP_PACKAGES): add it there")
    endif()
  endforeach()
endforeach()
set(NEWSDEAL_STATIC_LINK "${NEWSDEAL_DEP_TARGETS}")

# The shared library: the layers' position-independent objects, their
# dependencies private (only nlohmann/json shows in the public headers), so a
# program that links it needs no other -dev package.
add_library(newsdeal_shared SHARED)
target_link_libraries(newsdeal_shared PRIVATE newsdeal_pipeline newsdeal_extractors newsdeal_lang
                                      PUBLIC nlohmann_json::nlohmann_json)
target_include_directories(newsdeal_shared INTERFACE $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/newsdeal>)
target_compile_features(newsdeal_shared INTERFACE cxx_std_20)
set_target_properties(newsdeal_shared PROPERTIES
  OUTPUT_NAME newsdeal
  EXPORT_NAME newsdeal
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})

install(TARGETS newsdeal_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS newsdeal_shared EXPORT newsdealTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
# The static archive is the one the program links; its dependencies are named
# by hand in newsdealConfig.cmake (component `static`) and by newsdeal.pc
# (Requires.private, for pkg-config --static).
install(TARGETS newsdeal ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})

# Public headers: these, and every project header they include, found when
# installing (so a header that gains an include cannot leave the installed set
# short), under include/newsdeal/ with the repository's paths.
set(NEWSDEAL_PUBLIC_HEADERS pipeline/pipeline.h pipeline/article.h pipeline/record.h pipeline/model.h
    pipeline/json_writer.h pipeline/readers/input.h)
install(CODE "
  cmake_policy(SET CMP0057 NEW)  # if(IN_LIST)
  set(todo \"${NEWSDEAL_PUBLIC_HEADERS}\")
  set(done \"\")
  while(todo)
    list(POP_FRONT todo h)
    if(h IN_LIST done)
      continue()
    endif()
    list(APPEND done \${h})
    file(STRINGS \"${PROJECT_SOURCE_DIR}/\${h}\" includes REGEX \"^#include \\\"\")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE \"^#include \\\"([^\\\"]+)\\\".*\" \"\\\\1\" inc \"\${line}\")
      if(EXISTS \"${PROJECT_SOURCE_DIR}/\${inc}\")
        list(APPEND todo \${inc})
      endif()
    endforeach()
  endwhile()
  foreach(h IN LISTS done)
    get_filename_component(dir \"\${h}\" DIRECTORY)
    file(INSTALL \"${PROJECT_SOURCE_DIR}/\${h}\"
         DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_INCLUDEDIR}/newsdeal/\${dir}\")
  endforeach()
")

set(NEWSDEAL_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/newsdeal)
install(EXPORT newsdealTargets NAMESPACE newsdeal:: DESTINATION ${NEWSDEAL_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/newsdealConfig.cmake.in
  ${PROJECT_BINARY_DIR}/newsdealConfig.cmake
  INSTALL_DESTINATION ${NEWSDEAL_CMAKE_DIR}
  PATH_VARS CMAKE_INSTALL_LIBDIR CMAKE_INSTALL_INCLUDEDIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/newsdealConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/newsdealConfig.cmake ${PROJECT_BINARY_DIR}/newsdealConfigVersion.cmake
  DESTINATION ${NEWSDEAL_CMAKE_DIR})

# Relocatable: the prefix is found from where the .pc file lies.
file(RELATIVE_PATH NEWSDEAL_PC_TO_PREFIX /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" NEWSDEAL_PC_TO_PREFIX "${NEWSDEAL_PC_TO_PREFIX}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/newsdeal.pc.in ${PROJECT_BINARY_DIR}/newsdeal.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/newsdeal.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
