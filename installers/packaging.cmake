# Packages made with cpack: a .deb (for /usr, with the system-wide
# native-messaging manifests for Chromium, Chrome and Firefox) and a
# relocatable .tar.gz (programs and rule pack only: a manifest needs the
# host's absolute path, which an archive cannot know). Included from the
# top-level CMakeLists.txt. docs/install.md says how to build them.
#
#   cmake -S . -B build-pkg -DCMAKE_BUILD_TYPE=Release -DLW_SYSTEM_MANIFESTS=ON
#   cmake --build build-pkg && (cd build-pkg && cpack)

# The system-wide manifests are install rules with absolute destinations
# (/etc/..., /usr/lib/mozilla), so they exist only when asked for: a plain
# `cmake --install --prefix ~/.local` (installers/install.sh) must never
# write into /etc.
option(LW_SYSTEM_MANIFESTS
       "Install the system-wide browser manifests (for the .deb)" OFF)


# The fixed ids from extension/ids.json, shared with the extension and
# installers/install.sh.
file(READ ${PROJECT_SOURCE_DIR}/extension/ids.json LW_IDS_JSON)
foreach(key chromium firefox host_name)
  string(REGEX MATCH "\"${key}\": *\"([^\"]*)\"" _ "${LW_IDS_JSON}")
  string(TOUPPER "${key}" upper)
  set(LW_${upper}_ID "${CMAKE_MATCH_1}")
endforeach()
set(LW_HOST_NAME "${LW_HOST_NAME_ID}")

if(LW_SYSTEM_MANIFESTS)
  # The .deb installs under /usr whatever CMAKE_INSTALL_PREFIX says.
  set(LW_HOST_PATH /usr/${CMAKE_INSTALL_BINDIR}/lurewatch-host)
  set(manifest_dir ${PROJECT_BINARY_DIR}/manifests)
  foreach(family chromium firefox)
    configure_file(${PROJECT_SOURCE_DIR}/installers/manifests/${family}.json.in
                   ${manifest_dir}/${family}/${LW_HOST_NAME}.json @ONLY)
  endforeach()
  # Fixed paths the browsers read (../shared/reference/native-messaging.md);
  # Firefox's is /usr/lib/mozilla, not GNUInstallDirs' LIBDIR.
  foreach(dest /etc/chromium/native-messaging-hosts
               /etc/opt/chrome/native-messaging-hosts)
    install(FILES ${manifest_dir}/chromium/${LW_HOST_NAME}.json
            DESTINATION ${dest} COMPONENT manifests)
  endforeach()
  install(FILES ${manifest_dir}/firefox/${LW_HOST_NAME}.json
          DESTINATION /usr/lib/mozilla/native-messaging-hosts
          COMPONENT manifests)
  set(LW_CONFFILES
      "/etc/chromium/native-messaging-hosts/${LW_HOST_NAME}.json\n/etc/opt/chrome/native-messaging-hosts/${LW_HOST_NAME}.json\n")
  file(WRITE ${PROJECT_BINARY_DIR}/debian/conffiles "${LW_CONFFILES}")
  set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${PROJECT_BINARY_DIR}/debian/conffiles)
endif()

set(CPACK_PACKAGE_NAME lurewatch)
set(CPACK_PACKAGE_VENDOR "lurewatch")
set(CPACK_PACKAGE_CONTACT "lurewatch maintainers <maintainers@lurewatch.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Warns about trafficking job lures, on your own device")
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://lurewatch.org")
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libc6, libjansson4, libpcre2-8-0, libunistring2")
# Per-generator settings (the .tar.gz keeps the programs component only).
configure_file(${PROJECT_SOURCE_DIR}/installers/cpack-options.cmake.in
               ${PROJECT_BINARY_DIR}/cpack-options.cmake @ONLY)
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_BINARY_DIR}/cpack-options.cmake)
include(CPack)
