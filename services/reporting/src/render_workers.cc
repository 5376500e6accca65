#include "render_workers.h"

#include <cstring>

#include "tertial/base/strings.h"

namespace tertial::reporting {

struct RenderWorkers::Task {
  const std::function<void()>* run = nullptr;
  bool done = false;  // guarded by RenderWorkers::mutex_
  std::condition_variable finished;
};

absl::StatusOr<std::unique_ptr<RenderWorkers>> RenderWorkers::Start(const Options& options) {
  std::unique_ptr<RenderWorkers> workers(new RenderWorkers());
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  int error = pthread_attr_setstacksize(&attributes, options.stack_bytes);
  for (int i = 0; error == 0 && i < (options.threads < 1 ? 1 : options.threads); ++i) {
    pthread_t thread;
    error = pthread_create(&thread, &attributes, &RenderWorkers::Loop, workers.get());
    if (error == 0) workers->threads_.push_back(thread);
  }
  pthread_attr_destroy(&attributes);
  if (error != 0) {
    // The destructor joins the threads already made.
    return absl::UnavailableError(StrCat("reporting: cannot start a render thread with a stack of ",
                                         options.stack_bytes, " bytes: ", std::strerror(error)));
  }
  workers->stack_bytes_ = options.stack_bytes;
  return workers;
}

RenderWorkers::~RenderWorkers() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (pthread_t thread : threads_) pthread_join(thread, nullptr);
}

void RenderWorkers::Run(const std::function<void()>& task) {
  Task t;
  t.run = &task;
  std::unique_lock<std::mutex> lock(mutex_);
  queue_.push_back(&t);
  wake_.notify_one();
  t.finished.wait(lock, [&t] { return t.done; });
}

void* RenderWorkers::Loop(void* self) {
  auto* workers = static_cast<RenderWorkers*>(self);
  std::unique_lock<std::mutex> lock(workers->mutex_);
  for (;;) {
    workers->wake_.wait(lock, [workers] { return workers->stopping_ || !workers->queue_.empty(); });
    if (workers->queue_.empty()) return nullptr;  // stopping, nothing left
    Task* task = workers->queue_.front();
    workers->queue_.pop_front();
    lock.unlock();
    (*task->run)();
    lock.lock();
    task->done = true;
    task->finished.notify_one();
  }
}

}  // namespace tertial::reporting
