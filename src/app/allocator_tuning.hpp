#pragma once
// glibc's allocator, tuned for a server whose store threads allocate and
// free in bursts.

namespace app {

// Keeps up to 16 MiB of freed memory per allocator arena for reuse instead
// of handing it back to the kernel after every burst. Measured on the PATCH
// benchmark: without it the store writer's arena shrank and regrew on every
// group commit, and each shrink cost a TLB shootdown on every core
// (smp_call_function_many_cond, clear_page and page faults: about 4 % of the
// process's CPU). Memory stays bounded by the peak of the bursts.
void tune_allocator_for_serving();

} // namespace app
