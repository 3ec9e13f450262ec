// conflictmap gazetteer: name index.
#include "gazetteer/NameIndex.h"

#include <algorithm>

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

/// All strings reachable from s by deleting up to k characters (s itself included).
void deletions(const std::string& s, int k, std::vector<std::string>& out) {
    out.push_back(s);
    std::size_t begin = 0;
    for (int level = 0; level < k; ++level) {
        const std::size_t end = out.size();
        for (std::size_t i = begin; i < end; ++i) {
            const std::string cur = out[i];
            for (std::size_t j = 0; j < cur.size(); ++j) {
                std::string d = cur;
                d.erase(j, 1);
                out.push_back(std::move(d));
            }
        }
        begin = end;
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
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
    std::vector<std::string> dels;
    for (std::uint32_t s = 0; s < m_skels.size(); ++s) {
        dels.clear();
        deletions(m_skels[s], max_edits(m_skels[s].size()), dels);
        for (auto& d : dels) m_deletes[d].push_back(s);
    }
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

    std::vector<std::string> dels;
    deletions(std::string(skel), k, dels);
    std::vector<std::uint32_t> seen;
    for (const auto& d : dels) {
        auto it = m_deletes.find(d);
        if (it == m_deletes.end()) continue;
        for (std::uint32_t s : it->second) {
            if (std::find(seen.begin(), seen.end(), s) != seen.end()) continue;
            seen.push_back(s);
            const int kk = std::min(k, max_edits(m_skels[s].size()));
            const int dist = edit_distance(skel, m_skels[s], kk);
            if (dist == 0 || dist > kk) continue;
            push(&m_skel_names[s], MatchKind::Fuzzy, dist);
        }
    }
}

}  // namespace cm::gaz
