// The pack's file format: a tar archive (pax), gzip-compressed, read and written with libarchive.
#include "internal.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <memory>

namespace borne::packs::detail {

namespace {

constexpr std::uint64_t max_total = 64ull << 20;  // a rules folder is ~1.5 MiB; more is not a pack

struct ArchiveDeleter {
    void operator()(archive* a) const { archive_write_free(a); }
};
struct ReaderDeleter {
    void operator()(archive* a) const { archive_read_free(a); }
};
struct EntryDeleter {
    void operator()(archive_entry* e) const { archive_entry_free(e); }
};

std::string archive_error(archive* a) {
    const char* why = archive_error_string(a);
    return why ? why : "erreur inconnue";
}

}  // namespace

Status write_archive(const std::string& path, const Entries& entries) {
    std::unique_ptr<archive, ArchiveDeleter> out(archive_write_new());
    if (archive_write_set_format_pax_restricted(out.get()) != ARCHIVE_OK || archive_write_add_filter_gzip(out.get()) != ARCHIVE_OK ||
        archive_write_set_filter_option(out.get(), "gzip", "timestamp", nullptr) != ARCHIVE_OK ||
        archive_write_open_filename(out.get(), path.c_str()) != ARCHIVE_OK)
        return Status::failure(fmt::format("{} : écriture impossible ({})", path, archive_error(out.get())));
    for (const auto& [name, content] : entries) {
        std::unique_ptr<archive_entry, EntryDeleter> entry(archive_entry_new());
        archive_entry_set_pathname(entry.get(), name.c_str());
        archive_entry_set_size(entry.get(), static_cast<la_int64_t>(content.size()));
        archive_entry_set_filetype(entry.get(), AE_IFREG);
        archive_entry_set_perm(entry.get(), 0644);
        archive_entry_set_mtime(entry.get(), 0, 0);
        if (archive_write_header(out.get(), entry.get()) != ARCHIVE_OK ||
            archive_write_data(out.get(), content.data(), content.size()) != static_cast<la_ssize_t>(content.size()))
            return Status::failure(fmt::format("{} : écriture de {} impossible ({})", path, name, archive_error(out.get())));
    }
    if (archive_write_close(out.get()) != ARCHIVE_OK)
        return Status::failure(fmt::format("{} : écriture impossible ({})", path, archive_error(out.get())));
    return Status::success();
}

Result<Entries> read_archive(const std::string& path) {
    using R = Result<Entries>;
    std::unique_ptr<archive, ReaderDeleter> in(archive_read_new());
    archive_read_support_filter_gzip(in.get());
    archive_read_support_format_tar(in.get());
    if (archive_read_open_filename(in.get(), path.c_str(), 64 * 1024) != ARCHIVE_OK)
        return R::failure(fmt::format("{} : paquet illisible ({})", path, archive_error(in.get())));
    Entries entries;
    std::uint64_t total = 0;
    archive_entry* entry = nullptr;
    for (;;) {
        int r = archive_read_next_header(in.get(), &entry);
        if (r == ARCHIVE_EOF) break;
        if (r != ARCHIVE_OK) return R::failure(fmt::format("{} : paquet abîmé ({})", path, archive_error(in.get())));
        const char* raw_name = archive_entry_pathname(entry);
        std::string name = raw_name ? raw_name : "";
        if (archive_entry_filetype(entry) != AE_IFREG)
            return R::failure(fmt::format("{} : « {} » n'est pas un fichier ordinaire (refusé)", path, name));
        if (!safe_relative_path(name)) return R::failure(fmt::format("{} : chemin refusé « {} »", path, name));
        if (entries.contains(name)) return R::failure(fmt::format("{} : « {} » y est deux fois", path, name));
        auto size = archive_entry_size(entry);
        total += static_cast<std::uint64_t>(size < 0 ? 0 : size);
        if (size < 0 || total > max_total) return R::failure(fmt::format("{} : plus de {} Mio, ce n'est pas un paquet de règles", path, max_total >> 20));
        std::string content(static_cast<std::size_t>(size), '\0');
        la_ssize_t got = content.empty() ? 0 : archive_read_data(in.get(), content.data(), content.size());
        if (got != static_cast<la_ssize_t>(content.size()))
            return R::failure(fmt::format("{} : paquet abîmé dans « {} » ({})", path, name, archive_error(in.get())));
        entries.emplace(std::move(name), std::move(content));
    }
    return R::success(std::move(entries));
}

}  // namespace borne::packs::detail
