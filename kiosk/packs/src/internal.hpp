// The pack's pieces shared between its source files: the archive, the signature, the manifest.
#pragma once

#include "borne/packs/rules_pack.hpp"

#include <map>
#include <string>
#include <string_view>

namespace borne::packs::detail {

inline constexpr const char* manifest_name = "manifest.yaml";
inline constexpr const char* signature_name = "manifest.yaml.p7s";
inline constexpr const char* rules_prefix = "rules/";

using Entries = std::map<std::string, std::string>;  // path in the archive → content

/// A tar + gzip archive of regular files (mode 0644, owner 0, time 0: the same input gives the same bytes).
Status write_archive(const std::string& path, const Entries& entries);
/// A signed bundle (rules pack or site configuration): `entries` with the manifest and its signature by the PEM key
/// and certificate, written beside `out_path` then renamed onto it (a failed build leaves no half-written bundle).
Status write_signed_archive(const std::string& out_path, const Manifest& manifest, Entries entries, const std::string& key_file,
                            const std::string& cert_file);
/// Refuses anything but regular files with safe relative paths, duplicates, and more than 64 MiB in all.
Result<Entries> read_archive(const std::string& path);

std::string sha256_hex(std::string_view data);
/// Detached CMS signature (DER) of `data` by the PEM key and certificate files.
Result<std::string> cms_sign(std::string_view data, const std::string& key_file, const std::string& cert_file);
/// Checks a detached DER CMS signature of `data` against the CA certificate(s) of the PEM file `ca_file`.
Status cms_verify(std::string_view data, std::string_view signature, const std::string& ca_file);

std::string write_manifest(const Manifest& manifest);
/// Every error names the manifest's line and field.
Result<Manifest> parse_manifest(const std::string& text);
/// `files` (paths relative to the rules folder) are exactly the manifest's, with its sizes and digests.
Status check_files(const Manifest& manifest, const Entries& files);
Status check_dates(const Manifest& manifest, engine::Date today);
/// "aides/rsa.yaml": relative, no "..", no empty or hidden component.
bool safe_relative_path(std::string_view path);
bool valid_version(std::string_view version);

/// The first local pack or aid the loader left out as out of force (R032), in words naming its file (by its
/// path under `rules_dir`), line and field; empty if none. Build and install both refuse such a pack.
std::string first_out_of_force(const engine::Diagnostics& diagnostics, const std::string& rules_dir);

/// Signature, manifest, files and dates: what install and start-up both check.
Result<VerifiedPack> verify_contents(const std::string& manifest_text, const std::string& signature, Entries rules_files,
                                     const std::string& ca_file, engine::Date today);
/// The same checks on an installed pack (<data>/rules/<version>: manifest, signature, rules/).
Result<VerifiedPack> verify_installed(const std::string& pack_dir, const std::string& ca_file, engine::Date today);

}  // namespace borne::packs::detail
