// The database a storage command works on: --db FILE, or the `base:` of --config FILE, or $BORNE_DB.
#pragma once

#include "cli_common.hpp"

#include "borne/storage/database.hpp"
#include "borne/storage/site_config.hpp"

#include <memory>
#include <optional>

namespace borne::cli {

struct StorageArgs {
    std::optional<storage::SiteConfig> config;  // when --config was given
    std::unique_ptr<storage::Database> database;
};

/// Opens the database named by the arguments; prints why on failure (and any notice, e.g. a corrupt
/// file moved aside) and returns nothing.
std::optional<StorageArgs> open_storage_or_report(const Args& args);

storage::UnixTime unix_now();

}  // namespace borne::cli
