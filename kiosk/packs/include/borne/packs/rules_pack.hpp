// A rules pack: the rules a kiosk runs, updated twice a year (and for a new local aid) without a new image.
// One file (tar + gzip) holding manifest.yaml (version, validity dates, every file with its size and
// SHA-256), manifest.yaml.p7s (detached CMS signature of the manifest, DER) and rules/…. image/UPDATES.md
// describes the format and the install steps. Errors are values: a sentence in French naming the cause.
#pragma once

#include "borne/engine/date.hpp"
#include "borne/engine/loader.hpp"
#include "borne/storage/result.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace borne::packs {

using storage::Result;
using storage::Status;

struct PackFile {
    std::string path;  // relative to the rules folder, '/'-separated
    std::uint64_t size = 0;
    std::string sha256;  // lower-case hex
};

struct Manifest {
    std::string version;  // "2027.04": letters, digits, . _ + -
    engine::Date valid_from, valid_until;
    std::string fingerprint;  // the rules' fingerprint as the engine computes it, for the status line
    std::vector<PackFile> files;
};

/// A pack whose signature, files and dates were checked: its rules files in memory.
struct VerifiedPack {
    Manifest manifest;
    std::string manifest_text, signature;      // as signed, kept beside the installed rules
    std::map<std::string, std::string> files;  // path (as in the manifest) → content
};

struct BuildRequest {
    std::string rules_dir, version, key, cert;  // key/cert: PEM signing key and its certificate
    engine::Date valid_from, valid_until;
    engine::Date today;  // the build day; with valid_from, the first day the pack can be installed
};

/// Reads every regular file of `rules_dir`, checks the rules load and their tests pass and that every local pack
/// and aid is in force on the first day the pack can be installed (else it names the file, line and field, R032),
/// writes the signed pack.
Status build_pack(const BuildRequest& request, const std::string& out_path);

/// Signature against `ca_cert` (PEM), every file against the manifest, nothing unlisted, `today` within the dates.
Result<VerifiedPack> verify_pack(const std::string& pack_path, const std::string& ca_cert, engine::Date today);

/// What the last install attempt did: written to <data>/rules/status, shown by the agent tools.
struct PackStatus {
    bool installed = false;   // false: refused, the previous pack (or the bundled rules) stays
    std::string version;      // the pack tried
    std::string date;         // AAAA-MM-JJ of the attempt
    std::string reason;       // refused: why; installed: "N tests passés"
};
Result<PackStatus> read_status(const std::string& data_dir);
/// One line for people: « Règles 2027.04 installées le … » or « Paquet de règles 2027.04 refusé le … : cause ».
std::string status_line(const PackStatus& status);
/// The rules in service, for the line after a refusal (the agent tools' USB screen says both): « en service :
/// règles 2027.01 (valable jusqu'au 2027-10-31) », or « en service : les règles livrées avec le logiciel ».
std::string in_service_line(const std::string& data_dir);

/// The manifest of the pack <data>/rules/current points at (verified when installed): version and dates, for
/// the fleet's gauges (days until it expires).
Result<Manifest> installed_manifest(const std::string& data_dir);

struct InstallRequest {
    std::string pack_path, data_dir, ca_cert;
    engine::Date today;
};
/// Verify, unpack, load, run the pack's tests, then switch <data>/rules/current atomically; the status file
/// records the outcome either way. On failure the previous `current` is untouched.
Result<PackStatus> install_pack(const InstallRequest& request);

// The install's steps, exposed so that tests can stop between them (a power cut between two steps).
/// Unpacks into <data>/rules/.incoming-<version>, loads it, runs its tests, renames it to <data>/rules/<version>.
/// A local pack or local aid out of force on `today` (R032) refuses the whole pack, naming its file: the
/// kiosk would silently drop it, so a pack carrying one was published without being brought up to date.
Status stage_pack(const VerifiedPack& pack, const std::string& data_dir, engine::Date today);
/// Points <data>/rules/current at <version> with one rename (atomic).
Status switch_current(const std::string& data_dir, const std::string& version);

/// Which rules a kiosk runs: <data>/rules/current/rules when the installed pack still verifies (signature,
/// files, dates) and loads, else the bundled folder; `message` says which and why, for start-up.
struct ChosenRules {
    engine::LoadResult loaded;
    std::string folder;
    std::string message;
    bool from_pack = false;
};
/// `local`: the local packs and aids to read (the site's choice), in the pack and in the bundled rules alike.
ChosenRules load_rules_preferring_pack(const std::string& data_dir, const std::string& bundled_dir, const std::string& ca_cert,
                                       engine::Date today, engine::LoadOptions options, const engine::LocalChoice& local = {});

}  // namespace borne::packs
