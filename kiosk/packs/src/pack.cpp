// Building a pack from a rules folder, and verifying one: signature, manifest, files, dates.
#include "internal.hpp"

#include "borne/engine/files.hpp"
#include "borne/engine/loader.hpp"
#include "borne/engine/rules_tests.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <optional>
#include <sstream>

namespace fs = std::filesystem;

namespace borne::packs {

namespace {

/// Every regular, non-hidden file under `dir`, by '/'-separated relative path.
Result<detail::Entries> read_folder(const std::string& dir) {
    using R = Result<detail::Entries>;
    detail::Entries files;
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, ec), end;
    if (ec) return R::failure(fmt::format("{} : dossier illisible ({})", dir, ec.message()));
    for (; it != end; it.increment(ec)) {
        if (ec) return R::failure(fmt::format("{} : dossier illisible ({})", dir, ec.message()));
        std::string name = it->path().filename().string();
        if (!name.empty() && name.front() == '.') {
            if (it->is_directory()) it.disable_recursion_pending();
            continue;
        }
        if (!it->is_regular_file()) continue;
        auto content = engine::read_file(it->path().string());
        if (!content) return R::failure(fmt::format("{} : lecture impossible", it->path().string()));
        files.emplace(fs::relative(it->path(), dir).generic_string(), std::move(*content));
    }
    return R::success(std::move(files));
}

}  // namespace

namespace detail {

std::string first_out_of_force(const engine::Diagnostics& diagnostics, const std::string& rules_dir) {
    for (const auto& d : diagnostics.items()) {
        if (d.code != "R032") continue;
        std::string text = d.to_string();
        std::string prefix = fs::path(rules_dir).lexically_normal().string();
        if (!prefix.ends_with('/')) prefix += '/';
        if (text.starts_with(prefix)) text.erase(0, prefix.size());
        return text;
    }
    return {};
}

Result<VerifiedPack> verify_contents(const std::string& manifest_text, const std::string& signature, Entries rules_files,
                                     const std::string& ca_file, engine::Date today) {
    using R = Result<VerifiedPack>;
    // The signature first: nothing of an unsigned manifest is believed, not even its version.
    if (auto s = cms_verify(manifest_text, signature, ca_file); !s.ok()) return R::failure(s.error);
    auto manifest = parse_manifest(manifest_text);
    if (!manifest.ok()) return R::failure(manifest.error);
    if (auto s = check_files(*manifest.value, rules_files); !s.ok()) return R::failure(s.error);
    if (auto s = check_dates(*manifest.value, today); !s.ok()) return R::failure(s.error);
    return R::success(VerifiedPack{std::move(*manifest.value), manifest_text, signature, std::move(rules_files)});
}

Result<VerifiedPack> verify_installed(const std::string& pack_dir, const std::string& ca_file, engine::Date today) {
    using R = Result<VerifiedPack>;
    auto manifest = engine::read_file(pack_dir + "/" + manifest_name);
    auto signature = engine::read_file(pack_dir + "/" + signature_name);
    if (!manifest || !signature) return R::failure(fmt::format("{} : manifeste ou signature absent", pack_dir));
    auto rules = read_folder(pack_dir + "/rules");
    if (!rules.ok()) return R::failure(rules.error);
    return verify_contents(*manifest, *signature, std::move(*rules.value), ca_file, today);
}

}  // namespace detail

Status build_pack(const BuildRequest& request, const std::string& out_path) {
    if (!detail::valid_version(request.version)) return Status::failure(fmt::format("--version « {} » : lettres, chiffres, . _ + - seulement", request.version));
    if (request.valid_until < request.valid_from) return Status::failure("--valid-until est avant --valid-from");
    // A pack that would be refused at the kiosk is refused here first: it must load and pass its tests, and
    // every local pack and aid it carries must be in force on the first day it can be installed (the later of
    // the build day and --valid-from), as install checks on its own day (R032).
    engine::Date first_day = std::max(request.today, request.valid_from);
    auto loaded = engine::load_rules(request.rules_dir, {.tests = true}, {.today = first_day});
    if (std::string expired = detail::first_out_of_force(loaded.diagnostics, request.rules_dir); !expired.empty())
        return Status::failure(fmt::format("{} : un paquet local ou une aide locale ne serait pas en vigueur le {}, premier jour où ce paquet peut "
                                           "s'installer ; {}",
                                           request.rules_dir, first_day.iso(), expired));
    if (!loaded.rules) {
        std::string first = loaded.diagnostics.items().empty() ? "" : loaded.diagnostics.items().front().to_string();
        return Status::failure(fmt::format("{} : règles refusées ({} erreur(s)) ; première : {}", request.rules_dir, loaded.diagnostics.error_count(), first));
    }
    for (const auto& outcome : engine::run_rules_tests(*loaded.rules))
        if (!outcome.passed())
            return Status::failure(fmt::format("test « {} » ({}) en échec : {}", outcome.test->name, outcome.test->source, outcome.failures.front()));
    auto files = read_folder(request.rules_dir);
    if (!files.ok()) return Status::failure(files.error);
    Manifest manifest{request.version, request.valid_from, request.valid_until, loaded.rules->fingerprint, {}};
    detail::Entries entries;
    for (const auto& [path, content] : *files.value) {
        manifest.files.push_back({path, content.size(), detail::sha256_hex(content)});
        entries.emplace(detail::rules_prefix + path, content);
    }
    return detail::write_signed_archive(out_path, manifest, std::move(entries), request.key, request.cert);
}

Status detail::write_signed_archive(const std::string& out_path, const Manifest& manifest, Entries entries, const std::string& key_file,
                                    const std::string& cert_file) {
    std::string text = write_manifest(manifest);
    auto signature = cms_sign(text, key_file, cert_file);
    if (!signature.ok()) return Status::failure(signature.error);
    entries.emplace(manifest_name, text);
    entries.emplace(signature_name, *signature.value);
    std::string temporary = out_path + ".tmp";
    if (auto s = write_archive(temporary, entries); !s.ok()) return s;
    std::error_code ec;
    fs::rename(temporary, out_path, ec);
    if (ec) return Status::failure(fmt::format("{} : écriture impossible ({})", out_path, ec.message()));
    return Status::success();
}

Result<VerifiedPack> verify_pack(const std::string& pack_path, const std::string& ca_cert, engine::Date today) {
    using R = Result<VerifiedPack>;
    auto entries = detail::read_archive(pack_path);
    if (!entries.ok()) return R::failure(entries.error);
    std::string manifest, signature;
    detail::Entries rules;
    for (auto& [path, content] : *entries.value) {
        if (path == detail::manifest_name) manifest = std::move(content);
        else if (path == detail::signature_name) signature = std::move(content);
        else if (path.starts_with(detail::rules_prefix)) rules.emplace(path.substr(std::string_view(detail::rules_prefix).size()), std::move(content));
        else return R::failure(fmt::format("{} : « {} » n'a rien à faire dans un paquet de règles", pack_path, path));
    }
    if (manifest.empty() || signature.empty()) return R::failure(fmt::format("{} : manifest.yaml ou sa signature manque", pack_path));
    auto verified = detail::verify_contents(manifest, signature, std::move(rules), ca_cert, today);
    if (!verified.ok()) verified.error = fmt::format("{} : {}", pack_path, verified.error);
    return verified;
}

}  // namespace borne::packs
