// conflictmap core: phase timings for performance work. With CONFLICTMAP_TRACE set in the
// environment, `trace("what")` prints one line on stderr: milliseconds since the process began
// (wall clock, so the dynamic loader's share before main shows), the CPU milliseconds of all
// threads so far, and the resident memory. Without it, a call costs one branch.
#pragma once

namespace cm {

bool trace_enabled();
void trace(const char* what);

}  // namespace cm
