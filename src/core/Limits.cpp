// conflictmap core: the limits in force, and the helpers their messages use.
#include "core/Limits.h"

#include <cstdio>

namespace cm {

namespace {
Limits& current() {
    static Limits l;
    return l;
}
}  // namespace

const Limits& limits() { return current(); }

ScopedLimits::ScopedLimits(const Limits& l) : m_saved(current()) { current() = l; }
ScopedLimits::~ScopedLimits() { current() = m_saved; }

std::string byte_size_text(std::uint64_t bytes) {
    static const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    double v = static_cast<double>(bytes);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    char buf[48];
    if (u == 0) std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(bytes));
    else if (v == static_cast<double>(static_cast<long long>(v))) std::snprintf(buf, sizeof buf, "%lld %s", static_cast<long long>(v), units[u]);
    else std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
    return buf;
}

std::string rows_over_limit_message(std::uint64_t last_row) {
    const std::uint64_t max_rows = limits().features_per_file;
    return "rows " + std::to_string(max_rows + 1) + " to " + std::to_string(last_row) + " (" + std::to_string(last_row - max_rows) +
           " rows) not read: over the limit of " + std::to_string(max_rows) + " rows per file";
}

int json_nesting_depth(std::string_view text, int stop_above) {
    int depth = 0, deepest = 0;
    bool in_string = false, escaped = false;
    for (const char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == '{' || c == '[') {
            if (++depth > deepest) deepest = depth;
            if (deepest > stop_above) return deepest;
        } else if (c == '}' || c == ']') {
            if (depth > 0) --depth;
        }
    }
    return deepest;
}

}  // namespace cm
