#include "readiness.h"

#include <chrono>

#include "tertial/base/strings.h"
#include "tertial/log/log.h"
#include "tertial/projection/runner.h"

namespace tertial::host {

absl::Status ServiceReadiness(const HostedService& service) {
  for (projection::Runner* runner : RunnersOf(service)) {
    if (absl::Status s = runner->log_error(); !s.ok()) {
      return absl::UnavailableError(StrCat(runner->name(), ": ", s.message()));
    }
    if (absl::Status s = runner->last_error(); !s.ok() && projection::IsRecordError(s)) {
      return absl::FailedPreconditionError(StrCat(runner->name(), " is stopped: ", s.message()));
    }
  }
  return absl::OkStatus();
}

Readiness::Readiness(grpcutil::Server* server, const std::vector<grpcutil::Component*>& components,
                     const std::vector<HostedService>& hosted)
    : server_(server) {
  for (const HostedService& service : hosted) {
    Watched watched{.service = service};
    for (grpcutil::Component* component : components) {
      if (component->name() != service.name) continue;
      for (std::string_view name : component->service_names()) {
        watched.health_names.emplace_back(name);
      }
    }
    watched_.push_back(std::move(watched));
  }
  thread_ = std::thread([this] { Loop(); });
}

Readiness::~Readiness() {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    stop_ = true;
  }
  stop_cv_.notify_all();
  thread_.join();
}

void Readiness::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    for (Watched& watched : watched_) {
      absl::Status ready = ServiceReadiness(watched.service);
      if (ready.ok() == watched.serving) continue;
      watched.serving = ready.ok();
      for (const std::string& name : watched.health_names) {
        server_->SetServing(name, watched.serving);
      }
      if (watched.serving) {
        log::Info("ready again", {{"service", watched.service.name}});
      } else {
        log::Warning("not ready", {{"service", watched.service.name}, {"why", ready}});
      }
    }
    stop_cv_.wait_for(lock, std::chrono::milliseconds(250), [&] { return stop_; });
  }
}

}  // namespace tertial::host
