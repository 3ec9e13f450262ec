// conflictmap gazetteer: name index.
#include "gazetteer/NameIndex.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <functional>
#include <thread>

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

constexpr std::size_t kMaxFuzzyLen = 48;  // longer skeletons get exact/folded/skeleton matches only

int max_edits(std::size_t skeleton_len) {
    return skeleton_len > kMaxFuzzyLen ? 0 : skeleton_len >= 7 ? 2 : skeleton_len >= 4 ? 1 : 0;
}

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


/// Hash of a key that may differ in ASCII case from the stored name (the as-written table):
/// FNV-1a over lower-cased bytes.
std::uint64_t hash_nocase(std::string_view s) {
    std::uint64_t h = 1469598103934665603ull;
    for (char c : s) h = (h ^ static_cast<unsigned char>(ascii_lower(c))) * 1099511628211ull;
    return h ^ (h >> 29);
}

/// Hash of keys that are already canonical (folded, skeletons, deletions): the library's
/// word-at-a-time hash.
std::uint64_t hash64(std::string_view s) { return std::hash<std::string_view>{}(s); }

bool equals_ignoring_ascii_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

}  // namespace

void HashRuns::build(std::vector<std::pair<std::uint64_t, std::uint32_t>> pairs) {
    m_ids.clear();
    // Ids arrive in non-decreasing order. A repeat of an id under one hash (a deletion variant
    // reached twice from one skeleton) is dropped; each hash's ids keep their order of arrival.
    if (pairs.size() <= (1u << 18)) {
        // Small tables (the name tables, built at every start): counted into place, no sort.
        const std::size_t cap = std::bit_ceil(std::max<std::size_t>(16, pairs.size() * 2));
        m_slots.assign(cap, Slot{});
        m_mask = cap - 1;
        auto slot_of = [&](std::uint64_t h) {
            std::size_t slot = h & m_mask;
            while (m_slots[slot].count && m_slots[slot].hash != h) slot = (slot + 1) & m_mask;
            return slot;
        };
        std::size_t groups = 0;
        for (const auto& [h, id] : pairs) {  // count; `begin` holds the last id seen meanwhile
            Slot& sl = m_slots[slot_of(h)];
            if (!sl.count) {
                sl = {h, id, 1};
                ++groups;
            } else if (sl.begin != id) {
                sl.begin = id;
                ++sl.count;
            }
        }
        std::uint32_t at = 0;
        for (Slot& sl : m_slots)
            if (sl.count) {
                sl.begin = at;
                at += sl.count;
            }
        m_ids.resize(at);
        std::vector<std::uint32_t> filled(cap, 0);
        for (const auto& [h, id] : pairs) {
            std::size_t slot = h & m_mask;
            while (!m_slots[slot].count || m_slots[slot].hash != h) slot = (slot + 1) & m_mask;
            const Slot& sl = m_slots[slot];
            std::uint32_t& n = filled[slot];
            if (n && m_ids[sl.begin + n - 1] == id) continue;
            m_ids[sl.begin + n++] = id;
        }
        m_keys = groups;
        return;
    }
    std::sort(pairs.begin(), pairs.end());
    m_ids.reserve(pairs.size());
    std::size_t groups = 0;
    for (std::size_t i = 0; i < pairs.size(); ++i) groups += (i == 0 || pairs[i].first != pairs[i - 1].first);
    m_keys = groups;
    const std::size_t cap = std::bit_ceil(std::max<std::size_t>(16, groups * 2));
    m_slots.assign(cap, Slot{});
    m_mask = cap - 1;
    for (std::size_t i = 0; i < pairs.size();) {
        const std::uint64_t h = pairs[i].first;
        const auto begin = static_cast<std::uint32_t>(m_ids.size());
        std::uint32_t last = UINT32_MAX;
        for (; i < pairs.size() && pairs[i].first == h; ++i)
            if (pairs[i].second != last) m_ids.push_back(last = pairs[i].second);  // drop adjacent repeats
        std::size_t slot = h & m_mask;
        while (m_slots[slot].count) slot = (slot + 1) & m_mask;
        m_slots[slot] = {h, begin, static_cast<std::uint32_t>(m_ids.size()) - begin};
    }
}

std::span<const std::uint32_t> HashRuns::find(std::uint64_t h) const {
    if (m_slots.empty()) return {};
    for (std::size_t slot = h & m_mask;; slot = (slot + 1) & m_mask) {
        const Slot& s = m_slots[slot];
        if (!s.count) return {};
        if (s.hash == h) return {m_ids.data() + s.begin, s.count};
    }
}

void NameIndex::add(std::uint32_t entry, std::string_view text, bool primary) {
    const std::string_view t = trim(text);
    if (t.empty()) return;
    m_names.push_back(Name{std::string(t), {}, {}, entry, primary});  // folded in build()
}

namespace {

/// Folds names [from, to) in place.
void fold_range(std::vector<NameIndex::Name>& names, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
        names[i].folded = fold_name(names[i].text);
        names[i].skeleton = skeleton_of_folded(names[i].folded);
    }
}

}  // namespace

void NameIndex::build() {
    // One entry may list the same spelling twice (name and variant); index it once. Names
    // come grouped by entry (the gazetteer adds them entry by entry), so each small group is
    // ordered on its own — primary first, then by text — rather than sorting all of them.
    const auto by_entry = [](const Name& a, const Name& b) { return a.entry < b.entry; };
    const auto order = [](const Name& a, const Name& b) {
        return a.entry != b.entry ? a.entry < b.entry : a.primary != b.primary ? a.primary : a.text < b.text;
    };
    if (!std::is_sorted(m_names.begin(), m_names.end(), by_entry)) {
        std::sort(m_names.begin(), m_names.end(), order);
    } else {
        for (auto it = m_names.begin(); it != m_names.end();) {
            auto end = std::find_if(it, m_names.end(), [&](const Name& n) { return n.entry != it->entry; });
            if (end - it > 1) std::sort(it, end, order);
            it = end;
        }
    }
    m_names.erase(std::unique(m_names.begin(), m_names.end(),
                              [](const Name& a, const Name& b) { return a.entry == b.entry && a.text == b.text; }),
                  m_names.end());
    // Folding is most of the work of loading: split it over the cores (at most 4 threads).
    const std::size_t n = m_names.size();
    const std::size_t threads = n < 20000 ? 1 : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t)
        pool.emplace_back(fold_range, std::ref(m_names), n * t / threads, n * (t + 1) / threads);
    fold_range(m_names, 0, n / threads);
    for (auto& th : pool) th.join();
    std::erase_if(m_names, [](const Name& nm) { return nm.folded.empty(); });
    m_entry_count = 0;
    m_name_entry.resize(m_names.size());
    for (std::size_t i = 0; i < m_names.size(); ++i) {
        m_name_entry[i] = m_names[i].entry;
        m_entry_count = std::max<std::size_t>(m_entry_count, m_names[i].entry + 1);
    }
    std::vector<std::pair<std::uint64_t, std::uint32_t>> exact, folded, skel;
    exact.reserve(m_names.size());
    folded.reserve(m_names.size());
    skel.reserve(m_names.size());
    for (std::uint32_t i = 0; i < m_names.size(); ++i) {
        const Name& name = m_names[i];
        exact.push_back({hash_nocase(name.text), i});
        folded.push_back({hash64(name.folded), i});
        if (!name.skeleton.empty()) skel.push_back({hash64(name.skeleton), i});
    }
    // The three tables are independent: build two of them beside this thread.
    std::thread t_exact([&] { m_exact.build(std::move(exact)); });
    std::thread t_folded([&] { m_folded.build(std::move(folded)); });
    m_skeleton.build(std::move(skel));
    t_exact.join();
    t_folded.join();
}

void NameIndex::ensure_fuzzy() const { std::call_once(m_fuzzy_once, [this] { build_fuzzy(); }); }

void NameIndex::build_fuzzy() const {
    // Distinct skeletons (one representative name each), then their deletion variants.
    std::vector<std::uint32_t> by_skel;
    for (std::uint32_t i = 0; i < m_names.size(); ++i)
        if (!m_names[i].skeleton.empty()) by_skel.push_back(i);
    std::stable_sort(by_skel.begin(), by_skel.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return m_names[a].skeleton < m_names[b].skeleton; });
    m_skel_first.clear();
    for (std::size_t i = 0; i < by_skel.size(); ++i)
        if (i == 0 || m_names[by_skel[i]].skeleton != m_names[by_skel[i - 1]].skeleton) m_skel_first.push_back(by_skel[i]);
    std::vector<std::pair<std::uint64_t, std::uint32_t>> dels;
    dels.reserve(m_skel_first.size() * 24);
    for (std::uint32_t s = 0; s < m_skel_first.size(); ++s) {
        const std::string& sk = m_names[m_skel_first[s]].skeleton;
        for_each_deletion(sk, max_edits(sk.size()), [&](std::string_view d) { dels.push_back({hash64(d), s}); });
    }
    m_deletes.build(std::move(dels));
}

void NameIndex::lookup(std::string_view query, bool allow_fuzzy, std::vector<NameHit>& out) const {
    const std::string folded = fold_name(query);
    lookup_folded(trim(query), folded, skeleton_of_folded(folded), allow_fuzzy, out);
}

void NameIndex::lookup_folded(std::string_view written, std::string_view folded, std::string_view skel,
                              bool allow_fuzzy, std::vector<NameHit>& out) const {
    out.clear();
    if (folded.empty()) return;
    // Hits arrive best kind first; an entry keeps only its first (best) hit. A per-thread stamp
    // per entry says which entries this lookup has seen: O(1) per hit however many namesakes
    // share a key (a common skeleton can have hundreds).
    thread_local std::vector<std::uint32_t> stamp;
    thread_local std::uint32_t epoch = 0;
    if (stamp.size() < m_entry_count) stamp.assign(m_entry_count, 0);
    if (++epoch == 0) {
        std::fill(stamp.begin(), stamp.end(), 0);
        epoch = 1;
    }
    auto push = [&](std::uint32_t id, MatchKind kind, int dist) {
        const std::uint32_t e = m_names[id].entry;
        if (stamp[e] == epoch) return;
        stamp[e] = epoch;
        out.push_back({e, id, kind, dist});
    };
    // An entry already hit needs no string check (m_name_entry is compact: no Name touched).
    auto seen = [&](std::uint32_t id) { return stamp[m_name_entry[id]] == epoch; };
    for (std::uint32_t id : m_exact.find(hash_nocase(written)))
        if (!seen(id) && equals_ignoring_ascii_case(m_names[id].text, written)) push(id, MatchKind::Exact, 0);
    for (std::uint32_t id : m_folded.find(hash64(folded)))
        if (!seen(id) && m_names[id].folded == folded) push(id, MatchKind::Folded, 0);
    if (skel.size() < 2) return;  // one consonant says too little
    for (std::uint32_t id : m_skeleton.find(hash64(skel)))
        if (!seen(id) && m_names[id].skeleton == skel) push(id, MatchKind::Skeleton, 0);
    const int k = max_edits(skel.size());
    if (!allow_fuzzy || k == 0) return;
    ensure_fuzzy();

    std::vector<std::uint32_t> tried;
    for_each_deletion(skel, k, [&](std::string_view d) {
        for (std::uint32_t s : m_deletes.find(hash64(d))) {
            if (std::find(tried.begin(), tried.end(), s) != tried.end()) continue;
            tried.push_back(s);
            const std::string& cand = m_names[m_skel_first[s]].skeleton;
            const int kk = std::min(k, max_edits(cand.size()));
            const int dist = edit_distance(skel, cand, kk);
            if (dist == 0 || dist > kk) continue;
            for (std::uint32_t id : m_skeleton.find(hash64(cand)))
                if (m_names[id].skeleton == cand) push(id, MatchKind::Fuzzy, dist);
        }
    });
}

}  // namespace cm::gaz
