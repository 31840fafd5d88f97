// scim-bridge: wiring only (the verbs are added as their layers land).
#include <cstdio>

int main()
{
    std::puts("scim-bridge: not wired yet");
    return 0;
}
