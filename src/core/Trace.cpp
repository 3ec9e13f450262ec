#include "core/Trace.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>

#include <unistd.h>

namespace cm {

namespace {

/// The process's start, in CLOCK_BOOTTIME seconds (the clock /proc/PID/stat's starttime counts).
double process_start_s() {
    std::FILE* f = std::fopen("/proc/self/stat", "r");
    if (!f) return -1;
    char buf[1024];
    const std::size_t n = std::fread(buf, 1, sizeof buf - 1, f);
    std::fclose(f);
    buf[n] = 0;
    // Fields after the command name (in parentheses, which may hold spaces): starttime is the 22nd.
    const char* p = buf;
    for (const char* q = buf; *q; ++q)
        if (*q == ')') p = q + 1;
    unsigned long long start = 0;
    int field = 2;
    for (const char* q = p; *q && field < 22; ++q)
        if (*q == ' ') {
            ++field;
            if (field == 22) start = std::strtoull(q + 1, nullptr, 10);
        }
    return static_cast<double>(start) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

long resident_kib() {
    std::FILE* f = std::fopen("/proc/self/statm", "r");
    if (!f) return 0;
    long size = 0, resident = 0;
    if (std::fscanf(f, "%ld %ld", &size, &resident) != 2) resident = 0;
    std::fclose(f);
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

}  // namespace

bool trace_enabled() {
    static const bool on = [] {
        const char* v = std::getenv("CONFLICTMAP_TRACE");
        return v && *v && *v != '0';
    }();
    return on;
}

void trace(const char* what) {
    if (!trace_enabled()) return;
    static const double start = process_start_s();
    timespec now{}, cpu{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
    const double wall_ms = (static_cast<double>(now.tv_sec) + now.tv_nsec * 1e-9 - start) * 1000.0;
    const double cpu_ms = (static_cast<double>(cpu.tv_sec) + cpu.tv_nsec * 1e-9) * 1000.0;
    std::fprintf(stderr, "[trace] %8.1f ms wall %8.1f ms cpu %7ld KiB  %s\n", start < 0 ? 0.0 : wall_ms, cpu_ms,
                 resident_kib(), what);
}

}  // namespace cm
