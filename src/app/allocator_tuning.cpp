#include "app/allocator_tuning.hpp"

#include <malloc.h>

namespace app {

void tune_allocator_for_serving()
{
    constexpr int keep_bytes = 16 << 20;
    // Also fixes the mmap threshold (glibc stops adapting it once the trim
    // threshold is set): large blocks are still mapped and unmapped alone.
    mallopt(M_TRIM_THRESHOLD, keep_bytes);
}

} // namespace app
