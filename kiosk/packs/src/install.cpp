// Installing a verified pack into the data folder, the atomic switch, the status file, and the choice of
// rules at start-up. Layout (image/UPDATES.md): <data>/rules/<version>/{manifest.yaml,manifest.yaml.p7s,rules/},
// <data>/rules/current → <version> (a symlink replaced by rename), <data>/rules/status.
#include "internal.hpp"

#include "borne/engine/files.hpp"
#include "borne/engine/rules_tests.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <fmt/format.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

namespace fs = std::filesystem;

namespace borne::packs {

namespace {

fs::path rules_root(const std::string& data_dir) { return fs::path(data_dir) / "rules"; }

/// Written and flushed to the disk: after a power cut the file is whole or the rename never happened.
Status write_synced(const fs::path& path, std::string_view content) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return Status::failure(fmt::format("{} : écriture impossible ({})", path.string(), std::strerror(errno)));
    std::size_t done = 0;
    while (done < content.size()) {
        ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ::close(fd);
            return Status::failure(fmt::format("{} : écriture impossible ({})", path.string(), std::strerror(errno)));
        }
        done += static_cast<std::size_t>(n);
    }
    bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!synced) return Status::failure(fmt::format("{} : écriture impossible ({})", path.string(), std::strerror(errno)));
    return Status::success();
}

/// A rename is durable once its folder is flushed.
void sync_folder(const fs::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

Status write_tree(const fs::path& dir, const VerifiedPack& pack) {
    std::error_code ec;
    fs::create_directories(dir / "rules", ec);
    if (ec) return Status::failure(fmt::format("{} : création impossible ({})", dir.string(), ec.message()));
    for (const auto& [path, content] : pack.files) {
        fs::path target = dir / "rules" / path;
        fs::create_directories(target.parent_path(), ec);
        if (ec) return Status::failure(fmt::format("{} : création impossible ({})", target.parent_path().string(), ec.message()));
        if (auto s = write_synced(target, content); !s.ok()) return s;
    }
    if (auto s = write_synced(dir / detail::manifest_name, pack.manifest_text); !s.ok()) return s;
    return write_synced(dir / detail::signature_name, pack.signature);
}

/// The version `current` points at, or empty.
std::string current_version(const std::string& data_dir) {
    std::error_code ec;
    fs::path target = fs::read_symlink(rules_root(data_dir) / "current", ec);
    return ec ? std::string() : target.filename().string();
}

Status write_status(const std::string& data_dir, const PackStatus& status) {
    YAML::Emitter out;
    out << YAML::BeginMap << YAML::Key << "installed" << YAML::Value << status.installed << YAML::Key << "version" << YAML::Value
        << YAML::DoubleQuoted << status.version << YAML::Key << "date" << YAML::Value << status.date << YAML::Key << "reason" << YAML::Value
        << YAML::DoubleQuoted << status.reason << YAML::EndMap;
    fs::path root = rules_root(data_dir);
    std::error_code ec;
    fs::create_directories(root, ec);
    fs::path temporary = root / ".status.new";
    if (auto s = write_synced(temporary, std::string(out.c_str()) + "\n"); !s.ok()) return s;
    fs::rename(temporary, root / "status", ec);
    if (ec) return Status::failure(fmt::format("{} : écriture impossible ({})", (root / "status").string(), ec.message()));
    sync_folder(root);
    return Status::success();
}

/// Keeps the pack in service and the one before it (a way back); older versions and leftovers of an
/// interrupted install go.
void remove_old_versions(const std::string& data_dir, const std::string& keep, const std::string& previous) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(rules_root(data_dir), ec)) {
        std::string name = entry.path().filename().string();
        bool leftover = name.starts_with(".incoming-");
        if (!leftover && (name.starts_with(".") || name == keep || name == previous || !entry.is_directory() || entry.is_symlink())) continue;
        fs::remove_all(entry.path(), ec);
    }
}

}  // namespace

Status stage_pack(const VerifiedPack& pack, const std::string& data_dir, engine::Date today) {
    const std::string& version = pack.manifest.version;
    fs::path root = rules_root(data_dir);
    fs::path incoming = root / (".incoming-" + version);
    fs::path target = root / version;
    if (current_version(data_dir) == version) return Status::failure(fmt::format("paquet {} déjà en service", version));
    std::error_code ec;
    fs::remove_all(incoming, ec);  // what an interrupted install left
    if (auto s = write_tree(incoming, pack); !s.ok()) return s;
    auto loaded = engine::load_rules((incoming / "rules").string(), {.tests = true}, {.today = today});
    auto fail = [&](std::string why) {
        fs::remove_all(incoming, ec);
        return Status::failure(std::move(why));
    };
    if (std::string expired = detail::first_out_of_force(loaded.diagnostics, (incoming / "rules").string()); !expired.empty())
        return fail(fmt::format("paquet {} : un paquet local ou une aide locale n'est pas en vigueur le {} ; {}", version, today.iso(), expired));
    if (!loaded.rules) {
        std::string first;
        for (const auto& d : loaded.diagnostics.items())
            if (d.severity == engine::Severity::Error) { first = d.to_string(); break; }
        return fail(fmt::format("paquet {} : règles refusées par le moteur ({} erreur(s)) ; première : {}", version, loaded.diagnostics.error_count(), first));
    }
    int failed = 0;
    std::string first_failure;
    for (const auto& outcome : engine::run_rules_tests(*loaded.rules))
        if (!outcome.passed() && failed++ == 0)
            first_failure = fmt::format("« {} » ({}) : {}", outcome.test->name, outcome.test->source, outcome.failures.front());
    if (failed) return fail(fmt::format("paquet {} : {} de ses propres tests en échec ; premier : {}", version, failed, first_failure));
    fs::remove_all(target, ec);  // an earlier copy of this version, not in service
    fs::rename(incoming, target, ec);
    if (ec) return fail(fmt::format("{} : renommage impossible ({})", target.string(), ec.message()));
    sync_folder(root);
    return Status::success();
}

Status switch_current(const std::string& data_dir, const std::string& version) {
    fs::path root = rules_root(data_dir);
    fs::path temporary = root / ".current.new";
    std::error_code ec;
    fs::remove(temporary, ec);
    // Relative, so that the data partition can be mounted anywhere.
    fs::create_directory_symlink(version, temporary, ec);
    if (ec) return Status::failure(fmt::format("{} : lien impossible ({})", temporary.string(), ec.message()));
    fs::rename(temporary, root / "current", ec);  // rename(2) replaces the old link in one step
    if (ec) return Status::failure(fmt::format("{} : bascule impossible ({})", (root / "current").string(), ec.message()));
    sync_folder(root);
    return Status::success();
}

Result<PackStatus> install_pack(const InstallRequest& request) {
    PackStatus status{false, {}, request.today.iso(), {}};  // the version is known once the signature is
    auto refuse = [&](std::string why) {
        status.reason = std::move(why);
        if (auto s = write_status(request.data_dir, status); !s.ok()) status.reason += " ; " + s.error;
        return Result<PackStatus>::failure(status.reason);
    };
    auto pack = verify_pack(request.pack_path, request.ca_cert, request.today);
    if (!pack.ok()) return refuse(pack.error);
    status.version = pack.value->manifest.version;
    std::string previous = current_version(request.data_dir);
    if (previous == status.version) {
        // The same stick inserted twice: nothing to do, and the status must not turn into a refusal.
        status.installed = true;
        status.reason = "déjà en service";
        if (auto s = write_status(request.data_dir, status); !s.ok()) return Result<PackStatus>::failure(s.error);
        return Result<PackStatus>::success(status);
    }
    if (auto s = stage_pack(*pack.value, request.data_dir, request.today); !s.ok()) return refuse(s.error);
    if (auto s = switch_current(request.data_dir, status.version); !s.ok()) return refuse(s.error);
    remove_old_versions(request.data_dir, status.version, previous);
    status.installed = true;
    status.reason = fmt::format("valable du {} au {}", pack.value->manifest.valid_from.iso(), pack.value->manifest.valid_until.iso());
    if (auto s = write_status(request.data_dir, status); !s.ok()) return Result<PackStatus>::failure(s.error);
    return Result<PackStatus>::success(status);
}

Result<PackStatus> read_status(const std::string& data_dir) {
    using R = Result<PackStatus>;
    fs::path path = rules_root(data_dir) / "status";
    try {
        YAML::Node node = YAML::LoadFile(path.string());
        return R::success(PackStatus{node["installed"].as<bool>(), node["version"].as<std::string>(), node["date"].as<std::string>(),
                                     node["reason"].as<std::string>()});
    } catch (const YAML::BadFile&) {
        return R::failure(fmt::format("{} : aucun paquet de règles essayé", path.string()));
    } catch (const YAML::Exception& e) {
        return R::failure(fmt::format("{}, ligne {} : illisible ({})", path.string(), e.mark.line + 1, e.msg));
    }
}

Result<Manifest> installed_manifest(const std::string& data_dir) {
    fs::path path = rules_root(data_dir) / "current" / "manifest.yaml";
    auto text = engine::read_file(path.string());
    if (!text) return Result<Manifest>::failure(fmt::format("{} : aucun paquet de règles installé", path.string()));
    return detail::parse_manifest(*text);
}

std::string status_line(const PackStatus& s) {
    if (s.installed) return fmt::format("Règles {} installées le {} ({})", s.version, s.date, s.reason);
    if (s.version.empty()) return fmt::format("Paquet de règles refusé le {} : {}", s.date, s.reason);
    return fmt::format("Paquet de règles {} refusé le {} : {}", s.version, s.date, s.reason);
}

std::string in_service_line(const std::string& data_dir) {
    auto in_service = installed_manifest(data_dir);
    if (!in_service.ok()) return "en service : les règles livrées avec le logiciel";
    return fmt::format("en service : règles {} (valable jusqu'au {})", in_service.value->version, in_service.value->valid_until.iso());
}

ChosenRules load_rules_preferring_pack(const std::string& data_dir, const std::string& bundled_dir, const std::string& ca_cert,
                                       engine::Date today, engine::LoadOptions options, const engine::LocalChoice& local) {
    fs::path current = rules_root(data_dir) / "current";
    std::string why;
    std::error_code ec;
    if (!fs::exists(current, ec)) {
        why = fmt::format("aucun paquet installé dans {}", rules_root(data_dir).string());
    } else if (auto pack = detail::verify_installed(current.string(), ca_cert, today); !pack.ok()) {
        why = fmt::format("paquet en service écarté : {}", pack.error);
    } else {
        std::string folder = (current / "rules").string();
        auto loaded = engine::load_rules(folder, options, local);
        const auto& m = pack.value->manifest;
        if (loaded.rules)
            return {std::move(loaded), folder, fmt::format("règles du paquet {} (valable jusqu'au {})", m.version, m.valid_until.iso()), true};
        why = fmt::format("paquet {} écarté : le moteur le refuse ({} erreur(s))", m.version, loaded.diagnostics.error_count());
    }
    return {engine::load_rules(bundled_dir, options, local), bundled_dir, fmt::format("règles livrées {} ({})", bundled_dir, why), false};
}

}  // namespace borne::packs
