# The Debian package (issue 12): `cpack -G DEB` in a configured build folder
# builds the binary if needed and writes scim-bridge_<version>_<arch>.deb.
#
#   /usr/bin/scim-bridge                 a two-line launcher that points the binary at
#                                        the installed schemas, then execs it
#   /usr/lib/scim-bridge/scim-bridge     the binary (stripped)
#   /usr/lib/scim-bridge/healthcheck     GET /healthz with bash only (the container HEALTHCHECK)
#   /usr/share/scim-bridge/schemas/      SCIM schemas, read at start
#   /usr/share/scim-bridge/mappings/     the shipped mapping files (copy one to /etc)
#   /etc/scim-bridge/config.yaml         conffile: the configuration
#   /etc/scim-bridge/mappings/           the site's own mapping files
#   /lib/systemd/system/scim-bridge.service
#   /var/lib/scim-bridge/                the store (created by the maintainer scripts
#                                        and by systemd's StateDirectory)
#
# The layout is the package's; `cmake --install` to another prefix is not
# supported (the launcher and the unit name /usr paths).

install(TARGETS scim-bridge RUNTIME DESTINATION lib/scim-bridge)
install(PROGRAMS deploy/debian/scim-bridge DESTINATION bin)
install(PROGRAMS deploy/debian/healthcheck DESTINATION lib/scim-bridge)
install(DIRECTORY schemas/ DESTINATION share/scim-bridge/schemas FILES_MATCHING PATTERN "*.json")
install(DIRECTORY mappings/ DESTINATION share/scim-bridge/mappings FILES_MATCHING PATTERN "*.yaml" PATTERN "*.md")
install(FILES deploy/config.example.yaml README.md DESTINATION share/doc/scim-bridge)
install(FILES deploy/debian/copyright DESTINATION share/doc/scim-bridge)
# Debian wants the changelog compressed (gzip -9n, no name or time stamp).
execute_process(COMMAND gzip -9nc ${PROJECT_SOURCE_DIR}/deploy/debian/changelog
                OUTPUT_FILE ${PROJECT_BINARY_DIR}/changelog.gz COMMAND_ERROR_IS_FATAL ANY)
install(FILES ${PROJECT_BINARY_DIR}/changelog.gz DESTINATION share/doc/scim-bridge)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/deploy/debian/changelog)
install(DIRECTORY docs/ DESTINATION share/doc/scim-bridge/docs FILES_MATCHING PATTERN "*.md")
install(FILES deploy/debian/config.yaml DESTINATION /etc/scim-bridge)
install(DIRECTORY DESTINATION /etc/scim-bridge/mappings)
install(FILES deploy/scim-bridge.service DESTINATION /lib/systemd/system)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME scim-bridge)
set(CPACK_PACKAGE_VENDOR "scim-bridge")
set(CPACK_PACKAGE_CONTACT "scim-bridge maintainers <dev@scim-bridge.local>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "SCIM 2.0 provisioning bridge for identity providers")
set(CPACK_PACKAGE_DESCRIPTION "A SCIM 2.0 server for Microsoft Entra ID, Okta and other identity providers\nthat provisions users and groups into products without a SCIM endpoint of\ntheir own, each described by a declarative mapping file. State in SQLite.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/scim-bridge/scim-bridge")
# Shared libraries found by dpkg-shlibdeps (libssl3, libsqlite3-0,
# libyaml-cpp0.7, libicu72, libdate-tz3, libstdc++6, libc6), plus what the
# maintainer scripts run and tzdata, the time zones the mapping transforms
# read from /usr/share/zoneinfo at run time (no library links to it).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, tzdata")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "sqlite3, curl")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${PROJECT_SOURCE_DIR}/deploy/debian/conffiles
  ${PROJECT_SOURCE_DIR}/deploy/debian/postinst
  ${PROJECT_SOURCE_DIR}/deploy/debian/prerm
  ${PROJECT_SOURCE_DIR}/deploy/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
