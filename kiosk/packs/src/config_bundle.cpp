// Site configuration bundles (config_bundle.hpp): built, verified and installed with the rules packs' own
// archive, manifest and CMS signature code, and the kiosk's own site file reader.
#include "borne/packs/config_bundle.hpp"

#include "internal.hpp"

#include "borne/engine/files.hpp"
#include "borne/storage/atomic_file.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace fs = std::filesystem;

namespace borne::packs {

namespace {

constexpr const char* site_name_in_bundle = "site.yaml";

/// Every error of the site file, each naming `file`, its line and field, joined for one message.
std::string site_errors(const storage::ParsedConfig& parsed, const std::string& file) {
    std::string why;
    for (const auto& e : parsed.errors) why += (why.empty() ? "" : " ; ") + e.to_string(file);
    return why;
}

Status write_config_status(const std::string& data_dir, const ConfigStatus& s) {
    YAML::Emitter out;
    out << YAML::BeginMap << YAML::Key << "installed" << YAML::Value << s.installed << YAML::Key << "bundle" << YAML::Value << YAML::DoubleQuoted
        << s.bundle << YAML::Key << "version" << YAML::Value << YAML::DoubleQuoted << s.version << YAML::Key << "date" << YAML::Value << s.date
        << YAML::Key << "reason" << YAML::Value << YAML::DoubleQuoted << s.reason << YAML::EndMap;
    std::string error = storage::write_file_atomically(config_status_file_of(data_dir), std::string(out.c_str()) + "\n");
    return error.empty() ? Status::success() : Status::failure(error);
}

}  // namespace

std::string site_file_of(const std::string& data_dir) { return (fs::path(data_dir) / "site.yaml").string(); }
std::string previous_site_file_of(const std::string& data_dir) { return (fs::path(data_dir) / "site.yaml.precedent").string(); }
std::string config_status_file_of(const std::string& data_dir) { return (fs::path(data_dir) / "site.status").string(); }

Status build_config_bundle(const ConfigBuildRequest& request, const std::string& out_path) {
    if (!detail::valid_version(request.version)) return Status::failure(fmt::format("--version « {} » : lettres, chiffres, . _ + - seulement", request.version));
    if (request.valid_until < request.valid_from) return Status::failure("--valid-until est avant --valid-from");
    auto text = engine::read_file(request.site_file);
    if (!text) return Status::failure(fmt::format("{} : illisible ou absent", request.site_file));
    // A file the kiosk would refuse is refused here first, with its line and field.
    if (auto parsed = storage::parse_site_config(*text); !parsed.config) return Status::failure(site_errors(parsed, request.site_file));
    // The manifest's fingerprint is the rules' in a rules pack; here, the site file's own digest.
    Manifest manifest{request.version, request.valid_from, request.valid_until, detail::sha256_hex(*text),
                      {{site_name_in_bundle, text->size(), detail::sha256_hex(*text)}}};
    return detail::write_signed_archive(out_path, manifest, {{site_name_in_bundle, *text}}, request.key, request.cert);
}

Result<VerifiedConfig> verify_config_bundle(const std::string& bundle_path, const std::string& ca_cert, engine::Date today) {
    using R = Result<VerifiedConfig>;
    auto entries = detail::read_archive(bundle_path);
    if (!entries.ok()) return R::failure(entries.error);
    std::string manifest, signature;
    detail::Entries files;
    for (auto& [path, content] : *entries.value) {
        if (path == detail::manifest_name) manifest = std::move(content);
        else if (path == detail::signature_name) signature = std::move(content);
        else if (path == site_name_in_bundle) files.emplace(path, std::move(content));
        else return R::failure(fmt::format("{} : « {} » n'a rien à faire dans une configuration de site", bundle_path, path));
    }
    if (manifest.empty() || signature.empty() || files.empty())
        return R::failure(fmt::format("{} : manifest.yaml, sa signature ou site.yaml manque (est-ce une configuration de site ?)", bundle_path));
    // The rules packs' checks, in the same order: signature, manifest, the file against it, the dates.
    auto verified = detail::verify_contents(manifest, signature, std::move(files), ca_cert, today);
    if (!verified.ok()) return R::failure(fmt::format("{} : {}", bundle_path, verified.error));
    std::string text = verified.value->files.at(site_name_in_bundle);
    auto parsed = storage::parse_site_config(text);
    if (!parsed.config) return R::failure(site_errors(parsed, bundle_path + ":" + site_name_in_bundle));
    return R::success(VerifiedConfig{std::move(verified.value->manifest), std::move(text), std::move(*parsed.config)});
}

Result<ConfigStatus> install_config_bundle(const ConfigInstallRequest& request) {
    ConfigStatus status{false, fs::path(request.bundle_path).filename().string(), {}, request.today.iso(), {}};
    auto finish = [&](bool installed, std::string reason) {
        status.installed = installed;
        status.reason = std::move(reason);
        if (auto s = write_config_status(request.data_dir, status); !s.ok()) return Result<ConfigStatus>::failure(status.reason + " ; " + s.error);
        return installed ? Result<ConfigStatus>::success(status) : Result<ConfigStatus>::failure(status.reason);
    };
    auto bundle = verify_config_bundle(request.bundle_path, request.ca_cert, request.today);
    if (!bundle.ok()) return finish(false, bundle.error);
    status.version = bundle.value->manifest.version;
    const std::string site = site_file_of(request.data_dir);
    std::optional<std::string> before = engine::read_file(site);
    // The same stick inserted twice: nothing to write, and the previous file stays the one before it.
    if (before && *before == bundle.value->text) return finish(true, "déjà en place");
    // The file in place is kept first: a power cut between the two writes leaves it both kept and in place.
    if (before)
        if (std::string error = storage::write_file_atomically(previous_site_file_of(request.data_dir), *before); !error.empty()) return finish(false, error);
    if (std::string error = storage::write_file_atomically(site, bundle.value->text); !error.empty()) return finish(false, error);
    const auto& m = bundle.value->manifest;
    return finish(true, fmt::format("« {} », valable du {} au {}", bundle.value->config.site_name, m.valid_from.iso(), m.valid_until.iso()));
}

Result<ConfigStatus> read_config_status(const std::string& data_dir) {
    using R = Result<ConfigStatus>;
    const std::string path = config_status_file_of(data_dir);
    try {
        YAML::Node node = YAML::LoadFile(path);
        return R::success(ConfigStatus{node["installed"].as<bool>(), node["bundle"].as<std::string>(), node["version"].as<std::string>(),
                                       node["date"].as<std::string>(), node["reason"].as<std::string>()});
    } catch (const YAML::BadFile&) {
        return R::failure(fmt::format("{} : aucune configuration de site essayée", path));
    } catch (const YAML::Exception& e) {
        return R::failure(fmt::format("{}, ligne {} : illisible ({})", path, e.mark.line + 1, e.msg));
    }
}

std::string config_status_line(const ConfigStatus& s) {
    if (s.installed) return fmt::format("Configuration {} ({}) installée le {} : {}", s.version, s.bundle, s.date, s.reason);
    return fmt::format("Configuration {} refusée le {}, le fichier du site est inchangé : {}", s.bundle, s.date, s.reason);
}

}  // namespace borne::packs
