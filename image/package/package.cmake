# The Debian package borne_<version>_amd64.deb (CPack's DEB generator), built by image/package/build
# from a build configured with -DBORNE_PACKAGE=ON: its executables read /usr/share/borne, installed here.
include(GNUInstallDirs)
set(borne_pkg ${CMAKE_SOURCE_DIR}/image/package)

install(TARGETS borne borne-kiosk RUNTIME DESTINATION bin)
# The rules the executables load by default (BORNE_RUNTIME_RULES_DIR), with their own tests (borne rules test).
install(DIRECTORY ${CMAKE_SOURCE_DIR}/rules/ DESTINATION share/borne/rules)
install(FILES ${BORNE_COMMUNES_CSV} DESTINATION share/borne)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/assets/pictograms/ DESTINATION share/borne/pictograms FILES_MATCHING PATTERN "*.svg")
# The shipped catalogues (not the tests' pseudo-language), the speech normaliser's data, the update CA
# rules packs must be signed by (BORNE_UPDATE_CA: the TEST one unless the build names the production CA).
foreach(lang ${BORNE_LANGUAGES})
  install(FILES ${BORNE_LOCALE_DIR}/${lang}/LC_MESSAGES/borne.mo ${BORNE_LOCALE_DIR}/${lang}/LC_MESSAGES/borne-regles.mo DESTINATION share/borne/locale/${lang}/LC_MESSAGES)
  # The spoken variants (Arabic vowelled for espeak-ng), where the language has some (i18n/CMakeLists.txt).
  if(EXISTS "${BORNE_LOCALE_SOURCE_DIR}/${lang}/parole.po")
    install(FILES ${BORNE_LOCALE_DIR}/${lang}/LC_MESSAGES/parole.mo DESTINATION share/borne/locale/${lang}/LC_MESSAGES)
  endif()
endforeach()
install(DIRECTORY ${CMAKE_SOURCE_DIR}/assets/speech/ DESTINATION share/borne/speech FILES_MATCHING PATTERN "*.yaml")
install(FILES ${BORNE_UPDATE_CA} DESTINATION share/borne RENAME update-ca.crt)
install(PROGRAMS ${CMAKE_SOURCE_DIR}/image/install-update DESTINATION libexec/borne)
# systemd: the kiosk's unit, its user, its data folder. Debian 12 keeps units in /lib (lintian says so).
install(FILES ${borne_pkg}/borne-kiosk.service DESTINATION /lib/systemd/system)
install(FILES ${borne_pkg}/sysusers.conf DESTINATION lib/sysusers.d RENAME borne.conf)
install(FILES ${borne_pkg}/tmpfiles.conf DESTINATION lib/tmpfiles.d RENAME borne.conf)
install(FILES ${borne_pkg}/copyright DESTINATION share/doc/borne)
# A native package's changelog, compressed without a timestamp so two builds give the same bytes.
set(borne_changelog ${CMAKE_BINARY_DIR}/package/changelog.gz)
add_custom_command(OUTPUT ${borne_changelog}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/package
  COMMAND sh -c "gzip -9n < \"$1\" > \"$2\"" sh ${borne_pkg}/changelog ${borne_changelog}
  DEPENDS ${borne_pkg}/changelog VERBATIM)
add_custom_target(borne_changelog ALL DEPENDS ${borne_changelog})
install(FILES ${borne_changelog} DESTINATION share/doc/borne)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME borne)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Borne maintainers <maintainers@borne.example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "self-service kiosk finding the social aids a household may claim")
# CPack writes the summary as the description's first line; this is the rest, as in debian/control.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Borne is a touch-screen kiosk for French public counters. A visitor answers
large-button questions; the kiosk runs the rules of French social benefits
locally, with no network, and prints a slip listing the aids the household is
likely entitled to, the amounts, how to claim each one and the documents to
bring. The package holds the kiosk (borne-kiosk), the command line (borne),
the rules, the communes table, the pictograms and a systemd unit.")
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://borne.example.org/")
# Libraries from dpkg-shlibdeps; what is used without being linked: systemd (sysusers, tmpfiles), the
# fonts (platform.cpp), and for kmsdrm the Mesa drivers SDL loads at run time.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "systemd, fonts-dejavu-core, fonts-dejavu-extra, fonts-hosny-amiri, espeak-ng-data")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "cups, libgl1-mesa-dri, libegl1, libgbm1, libgl1, swupdate, grub-common, cpio")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${borne_pkg}/postinst;${borne_pkg}/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
