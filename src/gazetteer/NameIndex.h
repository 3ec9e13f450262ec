// conflictmap gazetteer: the name index — every name and variant of every entry under three
// keys (as written, folded, consonant skeleton) plus a deletion index over skeletons for fuzzy
// lookups (SymSpell's idea: two strings within k edits share a string reachable by <= k
// deletions from each), so a fuzzy lookup costs a few dozen hash probes, not a scan.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cm::gaz {

enum class MatchKind : std::uint8_t { Exact, Folded, Skeleton, Fuzzy };
const char* match_kind_name(MatchKind k);

/// A name of an entry that matched a query.
struct NameHit {
    std::uint32_t entry;
    std::uint32_t name;  ///< index into NameIndex::name()
    MatchKind kind;
    int distance;        ///< edits between skeletons (fuzzy), else 0
};

class NameIndex {
public:
    struct Name {
        std::string text;      ///< as written in the data
        std::string folded;
        std::string skeleton;
        std::uint32_t entry;
        bool primary;
    };

    /// Adds a name of an entry (call before build()).
    void add(std::uint32_t entry, std::string_view text, bool primary);
    /// Builds the hash tables and the fuzzy deletion index.
    void build();
    /// All hits for a query, best kind first; fuzzy hits only if allow_fuzzy and the skeleton is
    /// long enough for edits to be meaningful (4+ letters for 1 edit, 7+ for 2).
    void lookup(std::string_view query, bool allow_fuzzy, std::vector<NameHit>& out) const;
    /// The same, for a query already folded (saves the folding when the caller has it).
    void lookup_folded(std::string_view lowered, std::string_view folded, std::string_view skel,
                       bool allow_fuzzy, std::vector<NameHit>& out) const;

    const Name& name(std::uint32_t i) const { return m_names[i]; }
    std::size_t size() const { return m_names.size(); }
    std::size_t fuzzy_keys() const { return m_deletes.size(); }

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    using Table = std::unordered_map<std::string, std::vector<std::uint32_t>, Hash, std::equal_to<>>;
    static void probe(const Table& t, std::string_view key, std::vector<std::uint32_t>*& out);

    std::vector<Name> m_names;
    Table m_exact, m_folded, m_skeleton;
    std::vector<std::string> m_skels;            // distinct skeletons
    std::vector<std::vector<std::uint32_t>> m_skel_names;
    struct DeletionKey {
        std::uint64_t hash;      // of a deletion variant of a skeleton
        std::uint32_t skeleton;  // index into m_skels
        auto operator<=>(const DeletionKey&) const = default;
    };
    std::vector<DeletionKey> m_deletes;          // sorted: the fuzzy index
};

}  // namespace cm::gaz
