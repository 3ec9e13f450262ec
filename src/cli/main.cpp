// conflictmap: entry point. Everything happens in run_cli (cli/Cli.h), which tests call too.
#include <malloc.h>

#include <iostream>

#include "cli/Cli.h"
#include "core/Trace.h"

int main(int argc, char** argv) {
    cm::trace("main");
    // glibc raises its mmap threshold as big blocks are freed, up to 32 MiB, after which the
    // large vectors of a load (rows read in batches, then a table built from them) live in the
    // arenas of the threads that made them and stay resident after they are freed. A fixed
    // trim threshold keeps the default 128 KiB mmap threshold (big blocks go back to the system
    // when freed) and trims an arena's free top above 4 MiB: a million-event briefing's peak
    // went from 628 to 470 MiB (bench/bench_briefing.sh), with no measurable change in time.
    mallopt(M_TRIM_THRESHOLD, 4 << 20);
    std::vector<std::string> args(argv + 1, argv + argc);
    return cm::cli::run_cli(args, {std::cout, std::cerr, std::cin});
}
