#include "shutdown_signals.h"

#include <pthread.h>
#include <signal.h>

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
  }
  if (waiting) pthread_kill(watcher_.native_handle(), SIGTERM);
  watcher_.join();
}

void ShutdownSignals::Watch() {
  sigset_t signals = ShutdownSet();
  int received = 0;
  sigwait(&signals, &received);
  std::lock_guard<std::mutex> guard(mutex_);
  received_ = received;
  if (starting_) projection::Runner::InterruptAll();
  received_cv_.notify_all();
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
