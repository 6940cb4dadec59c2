// How this process's heap is set up before any command runs.
#pragma once

namespace app {

// A run allocates tens of megabytes that live for the whole process (metrics rows, event storage, the outputs' text)
// and frees little. On a virtual machine a first touch of a 4 KiB page costs microseconds (a page fault through the
// hypervisor): SimFaaS's 10^6-second example took 3,800 of them, a tenth of its 0.12 s. So, before anything is
// allocated: glibc keeps freed memory instead of returning it to the system (no second fault on reuse), serves large
// blocks from the heap instead of a fresh mapping each time, and the first 64 MiB of the heap are marked for
// transparent huge pages (one fault per 2 MiB). Only where memory lies changes: no effect on any output. Elsewhere
// than glibc on Linux, or where the kernel declines huge pages, it does nothing.
void prepare_heap();

}  // namespace app
