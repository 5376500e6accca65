#include "shutdown_signals.h"

#include <pthread.h>
#include <signal.h>

#include <cstdlib>

#include "tertial/log/log.h"
#include "tertial/projection/runner.h"

namespace tertial::host {
namespace {

sigset_t ShutdownSet() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

}  // namespace

ShutdownSignals::ShutdownSignals() {
  sigset_t signals = ShutdownSet();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  watcher_ = std::thread([this] { Watch(); });
}

ShutdownSignals::~ShutdownSignals() {
  // The watcher sits in sigwait: wake it with a signal of its own set, meant for it alone.
  bool waiting;
  {
    std::lock_guard<std::mutex> guard(mutex_);
    waiting = received_ == 0;
    finished_ = true;
  }
  received_cv_.notify_all();
  if (waiting) pthread_kill(watcher_.native_handle(), SIGTERM);
  watcher_.join();
}

void ShutdownSignals::Watch() {
  sigset_t signals = ShutdownSet();
  int received = 0;
  sigwait(&signals, &received);
  std::unique_lock<std::mutex> lock(mutex_);
  received_ = received;
  if (finished_) return;  // the destructor's own wake-up
  if (starting_) projection::Runner::InterruptAll();
  received_cv_.notify_all();
  if (received_cv_.wait_for(lock, kStopWithin, [&] { return finished_; })) return;
  log::Warning(
      "did not stop in time after the signal; exiting now (what was applied and "
      "committed stays)",
      {{"signal", received}, {"waited_ms", static_cast<int64_t>(kStopWithin.count())}});
  std::_Exit(0);
}

int ShutdownSignals::Started() {
  std::lock_guard<std::mutex> guard(mutex_);
  starting_ = false;
  return received_;
}

int ShutdownSignals::Wait() {
  std::unique_lock<std::mutex> lock(mutex_);
  received_cv_.wait(lock, [&] { return received_ != 0; });
  return received_;
}

}  // namespace tertial::host
