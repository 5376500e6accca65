#ifndef TERTIAL_APPS_HOST_SHUTDOWN_SIGNALS_H_
#define TERTIAL_APPS_HOST_SHUTDOWN_SIGNALS_H_

// SIGINT and SIGTERM for a server binary: they stop it promptly at any time, also while
// its projections catch up at start (a replay after a lost volume may take long), when
// they interrupt the catch-up between two steps (projection::Runner::InterruptAll). What
// was applied stays; the next start continues from there.
//
// Whatever the process is doing when the signal comes (a Kafka client waiting out its
// request timeout with the brokers away, an import in flight, a catch-up), it stops
// within kStopWithin: if the ShutdownSignals is not destroyed by then (main returns), the
// watcher says so and ends the process. That is safe: projections are offset-atomic, and
// a batch not committed is never visible (event_log.h).

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace tertial::host {

class ShutdownSignals {
 public:
  static constexpr std::chrono::milliseconds kStopWithin{1200};

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
  bool finished_ = false;  // the destructor runs: main is done
  int received_ = 0;
  std::thread watcher_;
};

}  // namespace tertial::host

#endif  // TERTIAL_APPS_HOST_SHUTDOWN_SIGNALS_H_
