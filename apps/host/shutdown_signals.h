#ifndef TERTIAL_APPS_HOST_SHUTDOWN_SIGNALS_H_
#define TERTIAL_APPS_HOST_SHUTDOWN_SIGNALS_H_

// SIGINT and SIGTERM for a server binary: they stop it promptly at any time, also while
// its projections catch up at start (a replay after a lost volume may take long), when
// they interrupt the catch-up between two steps (projection::Runner::InterruptAll). What
// was applied stays; the next start continues from there.

#include <condition_variable>
#include <mutex>
#include <thread>

namespace tertial::host {

class ShutdownSignals {
 public:
  // Blocks SIGINT and SIGTERM in this thread and every thread started after (construct it
  // first in main), and starts a thread that waits for them.
  ShutdownSignals();
  ~ShutdownSignals();
  ShutdownSignals(const ShutdownSignals&) = delete;
  ShutdownSignals& operator=(const ShutdownSignals&) = delete;

  // Call once the components have started: from now on a signal no longer interrupts
  // catch-ups (Stop lets the components finish what they publish). Returns the signal
  // received during start-up, 0 if none.
  int Started();
  // Blocks until a signal arrives; returns it.
  int Wait();

 private:
  void Watch();

  std::mutex mutex_;
  std::condition_variable received_cv_;
  bool starting_ = true;
  int received_ = 0;
  std::thread watcher_;
};

}  // namespace tertial::host

#endif  // TERTIAL_APPS_HOST_SHUTDOWN_SIGNALS_H_
