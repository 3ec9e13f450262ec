// conflictmap gazetteer: gazetteer packs — the user's own place files (a GeoNames country dump
// such as SY.txt, or a CSV/GeoJSON/GeoPackage of their places) kept in the user's data folder
// and loaded on every run after the bundled gazetteer.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/Error.h"

namespace cm::gaz {

class Gazetteer;

/// One installed pack.
struct PackInfo {
    std::string name;
    std::filesystem::path file;  ///< the kept copy
    std::string original;        ///< where it was added from
    std::string added;           ///< UTC time it was added (ISO 8601)
    std::size_t entries = 0;     ///< entries loaded when it was added
    std::size_t skipped = 0;     ///< rows skipped when it was added
};

/// The packs folder inside a user data folder.
std::filesystem::path packs_dir(const std::filesystem::path& user_data);
/// The installed packs, sorted by name.
std::vector<PackInfo> list_packs(const std::filesystem::path& packs);
/// Checks file by loading it (bad rows reported to diag), then keeps a copy under packs as `name`
/// (default: the file's stem). Refuses, with cm::Error, a file that loads no entry, or a name
/// already taken unless replace is set — an existing pack is never overwritten silently.
PackInfo add_pack(const std::filesystem::path& packs, const std::filesystem::path& file,
                  std::string name, bool replace, Diagnostics& diag);
/// Writes an already checked pack (its bytes and what is known of it) into packs as a pack folder
/// holds it — how the packs a store keeps are handed to the loader. Throws cm::Error.
void write_pack(const std::filesystem::path& packs, const PackInfo& info, const std::string& bytes);
/// The bytes of a file (a pack to keep elsewhere). Throws cm::Error.
std::string read_pack_bytes(const std::filesystem::path& file);
/// Removes a pack; false if there was none of that name.
bool remove_pack(const std::filesystem::path& packs, const std::string& name);
/// Loads every installed pack into g. from_store: the packs a store keeps (written out by
/// write_pack), named "store pack:NAME" with ids "sp:NAME:..." so they never clash with the user's.
void load_packs(Gazetteer& g, const std::filesystem::path& packs, Diagnostics& diag, bool from_store = false);

}  // namespace cm::gaz
