#include "host.h"

#include <filesystem>

#include "tertial/base/strings.h"
#include "tertial/eventlog/embedded_log.h"

namespace tertial::host {

const std::vector<std::string>& AllServices() {
  static const std::vector<std::string> kAll = {"ledger", "forecast", "goals", "reporting"};
  return kAll;
}

Host::~Host() { Stop(); }

absl::StatusOr<std::unique_ptr<Host>> Host::Open(const HostOptions& options) {
  if (options.data_dir.empty()) return absl::InvalidArgumentError("--data-dir is required");
  std::error_code error;
  std::filesystem::create_directories(options.data_dir, error);
  if (error) {
    return absl::UnavailableError(
        tertial::StrCat("cannot create data directory ", options.data_dir, ": ", error.message()));
  }
  std::unique_ptr<Host> host(new Host());
  if (!options.kafka_bootstrap.empty()) {
    return absl::UnimplementedError("the Kafka event log is not wired into the host yet");
  }
  auto log = eventlog::EmbeddedLog::Open(options.data_dir + "/log");
  if (!log.ok()) return log.status();
  host->log_ = std::move(*log);
  for (const std::string& name : options.services.empty() ? AllServices() : options.services) {
    bool known = false;
    for (const std::string& candidate : AllServices()) known = known || candidate == name;
    if (!known) return absl::InvalidArgumentError(tertial::StrCat("no service called ", name));
  }
  return host;
}

std::vector<grpcutil::Component*> Host::components() {
  std::vector<grpcutil::Component*> out;
  for (auto& component : components_) out.push_back(component.get());
  return out;
}

absl::Status Host::Start() {
  for (auto& component : components_) {
    if (absl::Status s = component->Start(); !s.ok()) {
      return absl::Status(s.code(), tertial::StrCat(component->name(), ": ", s.message()));
    }
  }
  return absl::OkStatus();
}

void Host::Stop() {
  for (auto it = components_.rbegin(); it != components_.rend(); ++it) (*it)->Stop();
}

}  // namespace tertial::host
