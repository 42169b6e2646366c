// A site configuration bundle: the site file (kiosk/storage/STOCKAGE.md) written once by a département's IT and
// signed with the update key, so that a kiosk can take its configuration from a USB stick instead of the
// first-boot setup screens. The same format and the same checks as a rules pack (rules_pack.hpp): a tar + gzip
// holding manifest.yaml (version, validity dates, the one file with its size and SHA-256), manifest.yaml.p7s
// (detached CMS signature of the manifest, DER) and site.yaml. image/UPDATES.md describes it.
#pragma once

#include "borne/packs/rules_pack.hpp"
#include "borne/storage/site_config.hpp"

#include <string>

namespace borne::packs {

struct ConfigBuildRequest {
    std::string site_file, version, key, cert;  // key/cert: PEM signing key and its certificate
    engine::Date valid_from, valid_until;
};
/// Checks the site file as the kiosk reads it (every error with the file, line and field), then writes the
/// signed bundle.
Status build_config_bundle(const ConfigBuildRequest& request, const std::string& out_path);

/// A bundle whose signature, file and dates were checked, and whose site file the kiosk's own reader accepts.
struct VerifiedConfig {
    Manifest manifest;
    std::string text;  // site.yaml as signed: installed byte for byte
    storage::SiteConfig config;
};
/// Signature against `ca_cert` (PEM), site.yaml against the signed manifest, nothing else in the bundle,
/// `today` within the dates, and site.yaml parsed (errors name « BUNDLE:site.yaml:line : field »).
Result<VerifiedConfig> verify_config_bundle(const std::string& bundle_path, const std::string& ca_cert, engine::Date today);

/// What the last bundle tried did: <data>/site.status, read by the first-boot setup screen.
struct ConfigStatus {
    bool installed = false;  // false: refused, the site file is as it was
    std::string bundle;      // the bundle's file name
    std::string version;     // the bundle's version, once its signature is known good
    std::string date;        // AAAA-MM-JJ of the attempt
    std::string reason;      // refused: why
};

struct ConfigInstallRequest {
    std::string bundle_path, data_dir, ca_cert;
    engine::Date today;
};
/// Verifies the bundle, keeps the site file in place as <data>/site.yaml.precedent, then writes <data>/site.yaml
/// atomically; the status file records the outcome either way. A refused bundle changes no site file.
Result<ConfigStatus> install_config_bundle(const ConfigInstallRequest& request);
Result<ConfigStatus> read_config_status(const std::string& data_dir);
/// « Configuration 2027-01 installée le … » or « Configuration refusée le … : cause ».
std::string config_status_line(const ConfigStatus& status);

/// <data>/site.yaml, <data>/site.yaml.precedent, <data>/site.status.
std::string site_file_of(const std::string& data_dir);
std::string previous_site_file_of(const std::string& data_dir);
std::string config_status_file_of(const std::string& data_dir);

}  // namespace borne::packs
