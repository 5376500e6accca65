#ifndef TERTIAL_SERVICES_REPORTING_SRC_RENDER_WORKERS_H_
#define TERTIAL_SERVICES_REPORTING_SRC_RENDER_WORKERS_H_

// Threads that render reports for the HTTP page. civetweb's worker threads have the stack
// its build gave them (Debian's libcivetweb 1.15: 100 KiB, CIVETWEB_THREAD_STACK_SIZE, with
// no run-time option to change it), and libxlsxwriter's zip writer needs more than that: an
// .xlsx rendered on a civetweb thread overflowed its stack and killed the process. Renders
// therefore run here, on threads whose stack size is set when they are made, while the
// civetweb thread waits.

#include <pthread.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/status/statusor.h"

namespace tertial::reporting {

class RenderWorkers {
 public:
  struct Options {
    int threads = 2;                       // renders at once; more wait their turn
    size_t stack_bytes = size_t{8} << 20;  // as a main thread gets on Linux
  };
  // UNAVAILABLE when a thread cannot be made.
  static absl::StatusOr<std::unique_ptr<RenderWorkers>> Start(const Options& options);
  // Finishes the tasks already queued, then joins the threads. No Run may be in progress
  // or start during destruction (stop the HTTP server first).
  ~RenderWorkers();
  RenderWorkers(const RenderWorkers&) = delete;
  RenderWorkers& operator=(const RenderWorkers&) = delete;

  // Runs `task` on one of the threads and returns when it has finished. Thread-safe.
  void Run(const std::function<void()>& task);

  // The stack size of the threads, as the system reports it (for tests).
  size_t stack_bytes() const { return stack_bytes_; }

 private:
  struct Task;
  RenderWorkers() = default;
  static void* Loop(void* self);

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Task*> queue_;  // guarded by mutex_
  bool stopping_ = false;    // guarded by mutex_
  std::vector<pthread_t> threads_;
  size_t stack_bytes_ = 0;
};

}  // namespace tertial::reporting

#endif  // TERTIAL_SERVICES_REPORTING_SRC_RENDER_WORKERS_H_
