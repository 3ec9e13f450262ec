// conflictmap: entry point. Everything happens in run_cli (cli/Cli.h), which tests call too.
#include <iostream>

#include "cli/Cli.h"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    return cm::cli::run_cli(args, {std::cout, std::cerr, std::cin});
}
