# Included by the top-level CMakeLists.txt once the libraries it names exist:
# what makes the bridge operable (issue 10) builds here.
#
#   build_info      the version and git commit (generated at every build)
#   observability   metrics (src/observability): no dependency but build_info
#   admin           the admin listener's handler (src/admin)
#   cli             gets Boost.Program_options, its parser

# program_options is compiled (the rest of Boost we use is header-only or
# built from sources in boost_parts); it ships with libboost1.81-all-dev.
find_package(Boost 1.81 REQUIRED COMPONENTS program_options)

# Rewritten only when the version or commit changes (cmake/build_info.cmake),
# so that an unchanged tree relinks nothing.
set(build_info_source ${PROJECT_BINARY_DIR}/generated/build_info.cpp)
file(MAKE_DIRECTORY ${PROJECT_BINARY_DIR}/generated)
add_custom_target(build_info_source BYPRODUCTS ${build_info_source}
  COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DVERSION=${PROJECT_VERSION}
          -DOUTPUT=${build_info_source} -P ${PROJECT_SOURCE_DIR}/cmake/build_info.cmake
  VERBATIM)
add_library(build_info STATIC ${build_info_source})
add_dependencies(build_info build_info_source)
target_include_directories(build_info PUBLIC ${PROJECT_SOURCE_DIR}/src)

scim_bridge_library(observability src/observability build_info Threads::Threads)
scim_bridge_library(admin         src/admin         server observability config)
target_link_libraries(app PUBLIC observability admin)
target_link_libraries(cli PUBLIC observability Boost::program_options)
target_precompile_headers(admin REUSE_FROM scim)
# The transport records requests and connections; the store may record its
# transactions (observability::process_metrics().store_transaction).
target_link_libraries(server PUBLIC observability)
target_link_libraries(store PUBLIC observability)
