// conflictmap gazetteer: name index.
#include "gazetteer/NameIndex.h"

#include <algorithm>
#include <cstring>

#include "core/Utf8.h"
#include "gazetteer/Fold.h"

namespace cm::gaz {

const char* match_kind_name(MatchKind k) {
    switch (k) {
        case MatchKind::Exact: return "exact";
        case MatchKind::Folded: return "folded";
        case MatchKind::Skeleton: return "skeleton";
        case MatchKind::Fuzzy: return "fuzzy";
    }
    return "?";
}

namespace {

int max_edits(std::size_t skeleton_len) { return skeleton_len >= 7 ? 2 : skeleton_len >= 4 ? 1 : 0; }

constexpr std::size_t kMaxFuzzyLen = 48;  // longer skeletons get exact/folded/skeleton matches only

/// Calls f(d) for every string reachable from s by deleting up to k characters (s itself
/// included), without allocating. Some strings come more than once; callers tolerate it.
template <class F>
void for_each_deletion(std::string_view s, int k, F&& f) {
    f(s);
    if (k == 0 || s.empty() || s.size() > kMaxFuzzyLen) return;
    char buf[kMaxFuzzyLen];
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i > 0 && s[i] == s[i - 1]) continue;  // same result as deleting s[i-1]
        std::memcpy(buf, s.data(), i);
        std::memcpy(buf + i, s.data() + i + 1, s.size() - i - 1);
        for_each_deletion(std::string_view(buf, s.size() - 1), k - 1, f);
    }
}

/// FNV-1a: the deletion index stores hashes, not strings; a collision only adds a candidate
/// that the edit-distance check then rejects.
std::uint64_t hash64(std::string_view s) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h;
}

}  // namespace

void NameIndex::add(std::uint32_t entry, std::string_view text, bool primary) {
    const std::string t(trim(text));
    if (t.empty()) return;
    Name n{t, fold_name(t), {}, entry, primary};
    n.skeleton = skeleton_of_folded(n.folded);
    if (n.folded.empty()) return;
    m_names.push_back(std::move(n));
}

void NameIndex::build() {
    m_exact.clear();
    m_folded.clear();
    m_skeleton.clear();
    m_skels.clear();
    m_skel_names.clear();
    m_deletes.clear();
    // One entry may list the same spelling twice (name and variant); index it once.
    std::sort(m_names.begin(), m_names.end(), [](const Name& a, const Name& b) {
        return a.entry != b.entry ? a.entry < b.entry : a.primary != b.primary ? a.primary : a.text < b.text;
    });
    m_names.erase(std::unique(m_names.begin(), m_names.end(),
                              [](const Name& a, const Name& b) { return a.entry == b.entry && a.text == b.text; }),
                  m_names.end());
    std::unordered_map<std::string, std::uint32_t> skel_id;
    for (std::uint32_t i = 0; i < m_names.size(); ++i) {
        const Name& n = m_names[i];
        m_exact[ascii_lower(n.text)].push_back(i);
        m_folded[n.folded].push_back(i);
        if (n.skeleton.empty()) continue;
        m_skeleton[n.skeleton].push_back(i);
        auto [it, fresh] = skel_id.emplace(n.skeleton, static_cast<std::uint32_t>(m_skels.size()));
        if (fresh) {
            m_skels.push_back(n.skeleton);
            m_skel_names.emplace_back();
        }
        m_skel_names[it->second].push_back(i);
    }
    m_deletes.reserve(m_skels.size() * 24);
    for (std::uint32_t s = 0; s < m_skels.size(); ++s)
        for_each_deletion(m_skels[s], max_edits(m_skels[s].size()),
                          [&](std::string_view d) { m_deletes.push_back({hash64(d), s}); });
    std::sort(m_deletes.begin(), m_deletes.end());
    m_deletes.erase(std::unique(m_deletes.begin(), m_deletes.end()), m_deletes.end());
}

void NameIndex::probe(const Table& t, std::string_view key, std::vector<std::uint32_t>*& out) {
    auto it = t.find(key);
    out = it == t.end() ? nullptr : const_cast<std::vector<std::uint32_t>*>(&it->second);
}

void NameIndex::lookup(std::string_view query, bool allow_fuzzy, std::vector<NameHit>& out) const {
    const std::string folded = fold_name(query);
    lookup_folded(ascii_lower(trim(query)), folded, skeleton_of_folded(folded), allow_fuzzy, out);
}

void NameIndex::lookup_folded(std::string_view lowered, std::string_view folded, std::string_view skel,
                              bool allow_fuzzy, std::vector<NameHit>& out) const {
    out.clear();
    if (folded.empty()) return;
    auto push = [&](const std::vector<std::uint32_t>* ids, MatchKind kind, int dist) {
        if (!ids) return;
        for (std::uint32_t id : *ids) {
            const std::uint32_t e = m_names[id].entry;
            // Keep only the best hit per entry (kinds arrive best first).
            if (std::any_of(out.begin(), out.end(), [&](const NameHit& h) { return h.entry == e; })) continue;
            out.push_back({e, id, kind, dist});
        }
    };
    std::vector<std::uint32_t>* ids = nullptr;
    probe(m_exact, lowered, ids);
    push(ids, MatchKind::Exact, 0);
    probe(m_folded, folded, ids);
    push(ids, MatchKind::Folded, 0);
    if (skel.size() < 2) return;  // one consonant says too little
    probe(m_skeleton, skel, ids);
    push(ids, MatchKind::Skeleton, 0);
    const int k = max_edits(skel.size());
    if (!allow_fuzzy || k == 0) return;

    std::vector<std::uint32_t> seen;
    for_each_deletion(skel, k, [&](std::string_view d) {
        const std::uint64_t h = hash64(d);
        auto it = std::lower_bound(m_deletes.begin(), m_deletes.end(), DeletionKey{h, 0});
        for (; it != m_deletes.end() && it->hash == h; ++it) {
            const std::uint32_t s = it->skeleton;
            if (std::find(seen.begin(), seen.end(), s) != seen.end()) continue;
            seen.push_back(s);
            const int kk = std::min(k, max_edits(m_skels[s].size()));
            const int dist = edit_distance(skel, m_skels[s], kk);
            if (dist == 0 || dist > kk) continue;
            push(&m_skel_names[s], MatchKind::Fuzzy, dist);
        }
    });
}

}  // namespace cm::gaz
