// conflictmap core: files kept between runs to skip work that gives the same result every time
// (the basemap's places, the font atlas). A cache file is named by a key over what it was made
// from (files' paths, sizes and times; the program itself; settings), written beside its place
// and renamed in, refused when damaged, and the folder keeps only the last few of each kind.
#pragma once
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>

namespace cm::cache {

/// The cache folder: $CONFLICTMAP_CACHE_HOME, else $XDG_CACHE_HOME/conflictmap, else
/// ~/.cache/conflictmap. Empty if none is known. Not created here.
std::filesystem::path dir();

/// A 64-bit FNV-1a hash over strings and files, for a cache file's name.
class Key {
public:
    Key& add(const std::string& s);
    /// A file, or every regular file under a folder: path, size and time of change, in path order.
    Key& add_files(const std::filesystem::path& root);
    /// The running program's file (another build may make the content differently).
    Key& add_program();
    std::uint64_t value() const { return m_h; }

private:
    std::uint64_t m_h = 14695981039346656037ull;
};

/// dir()/KIND-<key in hex>.bin, or empty when there is no cache folder.
std::filesystem::path file(const std::string& kind, const Key& key);

/// Writes bytes beside path and renames them into place, then removes all but the `keep` most
/// recently used files of the same kind from its folder. Throws cm::Error naming the file.
void write(const std::filesystem::path& path, const std::string& bytes, std::size_t keep = 4);
/// The file's bytes, or nullopt when it is missing, unreadable or larger than max_bytes. A file
/// read is marked used (its time set to now), so that pruning keeps it.
std::optional<std::string> read(const std::filesystem::path& path, std::size_t max_bytes);

/// Appends a value's bytes as this machine lays them out (a cache file is read where it was made;
/// one that is not fails the reader's checks and is made again).
template <class T>
void put(std::string& out, const T& v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

/// Reads back what put() wrote, each call false once the bytes run out.
class Reader {
public:
    explicit Reader(const std::string& bytes) : m_p(bytes.data()), m_end(bytes.data() + bytes.size()) {}
    template <class T>
    bool get(T& v) {
        return get_bytes(&v, sizeof v);
    }
    bool get(std::string& s, std::size_t n);
    bool get_bytes(void* to, std::size_t n);
    std::size_t left() const { return static_cast<std::size_t>(m_end - m_p); }

private:
    const char* m_p;
    const char* m_end;
};

}  // namespace cm::cache
