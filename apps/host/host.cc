#include "host.h"

#include <filesystem>

#include "admin_service.h"
#include "log_factory.h"
#include "tertial/base/strings.h"
#include "tertial/log/log.h"

// Services join the host as they land; apps/CMakeLists.txt defines TERTIAL_HAS_<SERVICE>
// for each service library that exists.
#ifdef TERTIAL_HAS_LEDGER
#include "tertial/ledger/component.h"
#endif
#ifdef TERTIAL_HAS_FORECAST
#include "tertial/forecast/component.h"
#endif
#ifdef TERTIAL_HAS_GOALS
#include "tertial/goals/component.h"
#endif
#ifdef TERTIAL_HAS_REPORTING
#include "tertial/reporting/component.h"
#endif

namespace tertial::host {
namespace {

using Factory = absl::StatusOr<std::unique_ptr<grpcutil::Component>> (*)(
    const grpcutil::ComponentOptions&);

Factory FactoryFor(std::string_view name) {
#ifdef TERTIAL_HAS_LEDGER
  if (name == "ledger") return &ledger::MakeComponent;
#endif
#ifdef TERTIAL_HAS_FORECAST
  if (name == "forecast") return &forecast::MakeComponent;
#endif
#ifdef TERTIAL_HAS_GOALS
  if (name == "goals") return &goals::MakeComponent;
#endif
#ifdef TERTIAL_HAS_REPORTING
  if (name == "reporting") return &reporting::MakeComponent;
#endif
  return nullptr;
}

}  // namespace

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
        StrCat("cannot create data directory ", options.data_dir, ": ", error.message()));
  }
  std::unique_ptr<Host> host(new Host());
  host->remote_peers_ = std::make_unique<PeerChannels>(options.peers);
  auto log = OpenLog(options.data_dir, options.kafka_bootstrap);
  if (!log.ok()) return log.status();
  host->log_ = std::move(*log);
  std::vector<HostedService> hosted;
  for (const std::string& name : options.services.empty() ? AllServices() : options.services) {
    bool known = false;
    for (const std::string& candidate : AllServices()) known = known || candidate == name;
    if (!known) return absl::InvalidArgumentError(StrCat("no service called ", name));
    Factory factory = FactoryFor(name);
    if (factory == nullptr) continue;  // not built yet
    Host* raw = host.get();
    grpcutil::ComponentOptions component_options{
        .log = host->log_.get(),
        .data_dir = options.data_dir + "/" + name,
        .peer = [raw](std::string_view service) { return raw->PeerChannel(service); },
        .authorizer = options.authorizer ? options.authorizer : grpcutil::Authorizer::Open()};
    auto component = factory(component_options);
    if (!component.ok()) {
      return absl::Status(component.status().code(),
                          StrCat(name, ": ", component.status().message()));
    }
    host->components_.push_back(std::move(*component));
    hosted.push_back({name, component_options.data_dir});
  }
  host->components_.push_back(
      MakeAdminComponent(host->log_.get(), std::move(hosted), options.authorizer));
  return host;
}

void Host::SetLocalChannel(std::shared_ptr<grpc::Channel> channel) {
  std::lock_guard<std::mutex> guard(mutex_);
  local_channel_ = std::move(channel);
}

std::shared_ptr<grpc::Channel> Host::PeerChannel(std::string_view service) {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    for (auto& component : components_) {
      if (component->name() == service) return local_channel_;
    }
  }
  // Deployed apart: $FORECAST_ADDR and so on.
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = remote_peers_->Get(service);
  if (!channel.ok()) {
    log::Error("no channel to a peer service", {{"service", service}, {"error", channel.status()}});
    return nullptr;
  }
  return *channel;
}

std::vector<grpcutil::Component*> Host::components() {
  std::vector<grpcutil::Component*> out;
  for (auto& component : components_) out.push_back(component.get());
  return out;
}

absl::Status Host::Start() {
  for (auto& component : components_) {
    if (absl::Status s = component->Start(); !s.ok()) {
      return absl::Status(s.code(), StrCat(component->name(), ": ", s.message()));
    }
  }
  return absl::OkStatus();
}

void Host::Stop() {
  for (auto it = components_.rbegin(); it != components_.rend(); ++it) (*it)->Stop();
}

}  // namespace tertial::host
