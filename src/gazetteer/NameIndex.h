// conflictmap gazetteer: the name index — every name and variant of every entry under three
// keys (as written, folded, consonant skeleton) plus a deletion index over skeletons for fuzzy
// lookups (SymSpell's idea: two strings within k edits share a string reachable by <= k
// deletions from each), so a fuzzy lookup costs a few dozen hash probes, not a scan.
//
// All four tables are flat open-addressing tables from a 64-bit hash of the key to a run of
// ids; keys are not stored — hits are checked against the names themselves (and fuzzy hits by
// edit distance), so a hash collision can never produce a wrong match.
#pragma once
#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
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

/// Open-addressing table from 64-bit key hashes to runs of 32-bit ids.
class HashRuns {
public:
    /// Builds from (hash, id) pairs; ids of one hash keep their order of arrival.
    void build(std::vector<std::pair<std::uint64_t, std::uint32_t>> pairs);
    /// The ids stored under h (empty if none).
    std::span<const std::uint32_t> find(std::uint64_t h) const;
    std::size_t keys() const { return m_keys; }

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t begin = 0;
        std::uint32_t count = 0;  // 0: empty slot
    };
    std::vector<Slot> m_slots;
    std::vector<std::uint32_t> m_ids;
    std::uint64_t m_mask = 0;
    std::size_t m_keys = 0;
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
    /// Room for this many names (saves reallocation while adding).
    void reserve(std::size_t n) { m_names.reserve(n); }
    /// Builds the tables. The fuzzy deletion index (the costly part: ~20 hashes per skeleton)
    /// is built on the first fuzzy lookup, once, thread-safely, so that a process that only
    /// needs exact and folded lookups ("geocode Saraqib") never pays for it.
    void build();
    /// All hits for a query, best kind first; fuzzy hits only if allow_fuzzy and the skeleton is
    /// long enough for edits to be meaningful (4+ letters for 1 edit, 7+ for 2).
    void lookup(std::string_view query, bool allow_fuzzy, std::vector<NameHit>& out) const;
    /// The same, for a query already folded (saves the folding when the caller has it).
    /// `written` is compared ignoring ASCII case.
    void lookup_folded(std::string_view written, std::string_view folded, std::string_view skel,
                       bool allow_fuzzy, std::vector<NameHit>& out) const;

    const Name& name(std::uint32_t i) const { return m_names[i]; }
    std::size_t size() const { return m_names.size(); }
    std::size_t fuzzy_keys() const {
        ensure_fuzzy();
        return m_deletes.keys();
    }

private:
    std::vector<Name> m_names;
    std::size_t m_entry_count = 0;  // entries are 0 .. m_entry_count-1
    std::vector<std::uint32_t> m_name_entry;  // name id -> entry, compact
    HashRuns m_exact, m_folded, m_skeleton;  // -> name ids
    void ensure_fuzzy() const;
    void build_fuzzy() const;
    mutable std::vector<std::uint32_t> m_skel_first;  // per distinct skeleton: a name id that has it
    mutable HashRuns m_deletes;                       // deletion variant -> distinct skeleton ids
    mutable std::once_flag m_fuzzy_once;
};

}  // namespace cm::gaz
