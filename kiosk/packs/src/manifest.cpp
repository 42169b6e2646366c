// manifest.yaml: what the signature covers. Written with yaml-cpp's emitter, read back with every error
// naming its line and field.
#include "internal.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace borne::packs::detail {

namespace {

constexpr int format_version = 1;

std::string at(const YAML::Node& node, const std::string& field) {
    return fmt::format("manifest.yaml, ligne {}, {}", node.Mark().line + 1, field);
}

bool is_hex64(const std::string& s) {
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

bool valid_version(std::string_view version) {
    if (version.empty() || version.size() > 64 || version.front() == '.') return false;
    return std::all_of(version.begin(), version.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_' || c == '+' || c == '-';
    });
}

bool safe_relative_path(std::string_view path) {
    if (path.empty() || path.front() == '/' || path.back() == '/') return false;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        std::string_view part = path.substr(start, end - start);
        if (part.empty() || part.front() == '.' || part.find('\\') != std::string_view::npos || part.find('\0') != std::string_view::npos) return false;
        start = end + 1;
    }
    return true;
}

std::string write_manifest(const Manifest& m) {
    YAML::Emitter out;
    out << YAML::BeginMap;
    out << YAML::Key << "format" << YAML::Value << format_version;
    out << YAML::Key << "version" << YAML::Value << YAML::DoubleQuoted << m.version;
    out << YAML::Key << "valid_from" << YAML::Value << m.valid_from.iso();
    out << YAML::Key << "valid_until" << YAML::Value << m.valid_until.iso();
    out << YAML::Key << "fingerprint" << YAML::Value << YAML::DoubleQuoted << m.fingerprint;
    out << YAML::Key << "files" << YAML::Value << YAML::BeginSeq;
    for (const auto& f : m.files)
        out << YAML::Flow << YAML::BeginMap << YAML::Key << "path" << YAML::Value << YAML::DoubleQuoted << f.path << YAML::Key << "size"
            << YAML::Value << f.size << YAML::Key << "sha256" << YAML::Value << f.sha256 << YAML::EndMap;
    out << YAML::EndSeq << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

Result<Manifest> parse_manifest(const std::string& text) {
    using R = Result<Manifest>;
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        return R::failure(fmt::format("manifest.yaml, ligne {} : YAML illisible ({})", e.mark.line + 1, e.msg));
    }
    if (!root.IsMap()) return R::failure("manifest.yaml : une table (clé: valeur) est attendue");
    Manifest m;
    try {
        auto need = [&](const char* key) -> YAML::Node {
            YAML::Node n = root[key];
            if (!n || !n.IsScalar()) throw std::runtime_error(fmt::format("{} : absent ou pas une valeur simple", at(root, key)));
            return n;
        };
        if (need("format").as<int>() != format_version)
            return R::failure(fmt::format("{} : format {} inconnu (cette borne lit le format {})", at(root["format"], "format"), root["format"].as<std::string>(),
                                          format_version));
        m.version = need("version").as<std::string>();
        if (!valid_version(m.version)) return R::failure(fmt::format("{} : « {} » (lettres, chiffres, . _ + -)", at(root["version"], "version"), m.version));
        for (auto [key, date] : {std::pair{"valid_from", &m.valid_from}, std::pair{"valid_until", &m.valid_until}}) {
            auto parsed = engine::Date::parse(need(key).as<std::string>());
            if (!parsed) return R::failure(fmt::format("{} : date illisible (AAAA-MM-JJ)", at(root[key], key)));
            *date = *parsed;
        }
        if (m.valid_until < m.valid_from) return R::failure(fmt::format("{} : avant valid_from", at(root["valid_until"], "valid_until")));
        m.fingerprint = need("fingerprint").as<std::string>();
        YAML::Node files = root["files"];
        if (!files || !files.IsSequence() || files.size() == 0) return R::failure(fmt::format("{} : la liste des fichiers manque", at(root, "files")));
        for (std::size_t i = 0; i < files.size(); ++i) {
            YAML::Node f = files[i];
            std::string field = fmt::format("files[{}]", i);
            if (!f.IsMap() || !f["path"] || !f["size"] || !f["sha256"]) return R::failure(fmt::format("{} : path, size et sha256 attendus", at(f, field)));
            PackFile file{f["path"].as<std::string>(), f["size"].as<std::uint64_t>(), f["sha256"].as<std::string>()};
            if (!safe_relative_path(file.path)) return R::failure(fmt::format("{} : chemin refusé « {} »", at(f, field + ".path"), file.path));
            if (!is_hex64(file.sha256)) return R::failure(fmt::format("{} : 64 chiffres hexadécimaux attendus", at(f, field + ".sha256")));
            m.files.push_back(std::move(file));
        }
    } catch (const YAML::Exception& e) {
        return R::failure(fmt::format("manifest.yaml, ligne {} : {}", e.mark.line + 1, e.msg));
    } catch (const std::runtime_error& e) {
        return R::failure(e.what());
    }
    return R::success(std::move(m));
}

Status check_files(const Manifest& manifest, const Entries& files) {
    std::size_t listed = 0;
    for (const auto& f : manifest.files) {
        auto it = files.find(f.path);
        if (it == files.end()) return Status::failure(fmt::format("{} : fichier du manifeste absent du paquet", f.path));
        if (it->second.size() != f.size || sha256_hex(it->second) != f.sha256)
            return Status::failure(fmt::format("{} : contenu différent de celui que le manifeste signé décrit (modifié ou abîmé)", f.path));
        ++listed;
    }
    if (listed != files.size())
        for (const auto& [path, content] : files)
            if (std::none_of(manifest.files.begin(), manifest.files.end(), [&](const PackFile& f) { return f.path == path; }))
                return Status::failure(fmt::format("{} : fichier absent du manifeste signé (refusé)", path));
    return Status::success();
}

Status check_dates(const Manifest& m, engine::Date today) {
    if (today < m.valid_from)
        return Status::failure(fmt::format("paquet {} valable seulement à partir du {} (nous sommes le {})", m.version, m.valid_from.iso(), today.iso()));
    if (m.valid_until < today)
        return Status::failure(fmt::format("paquet {} expiré : valable jusqu'au {} (nous sommes le {})", m.version, m.valid_until.iso(), today.iso()));
    return Status::success();
}

}  // namespace borne::packs::detail
