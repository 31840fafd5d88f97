// scim-bridge: the command line. Wiring only; each verb lives in src/cli/.

#include "cli/commands.hpp"

#include <cstdio>
#include <exception>
#include <string_view>

int main(int argc, char** argv)
{
    try {
        return cli::run(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "scim-bridge: %s\n", e.what());
        return 1;
    }
}
