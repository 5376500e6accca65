#include "host.h"

#include <filesystem>

#include "admin_service.h"
#include "log_factory.h"
#include "tertial/base/strings.h"

namespace tertial::host {

Host::~Host() { Stop(); }

absl::StatusOr<std::unique_ptr<Host>> Host::Open(const HostOptions& options) {
  if (options.data_dir.empty()) return absl::InvalidArgumentError("--data-dir is required");
  if (options.services.empty()) return absl::InvalidArgumentError("no service to host");
  std::error_code error;
  std::filesystem::create_directories(options.data_dir, error);
  if (error) {
    return absl::UnavailableError(
        StrCat("cannot create data directory ", options.data_dir, ": ", error.message()));
  }
  std::unique_ptr<Host> host(new Host());
  host->remote_peers_ = std::make_unique<PeerChannels>(options.peers);
  auto log = OpenLog(options.data_dir, options.kafka);
  if (!log.ok()) return log.status();
  host->log_ = std::move(*log);
  std::vector<HostedService> hosted;
  for (const ServiceSpec& service : options.services) {
    if (service.factory == nullptr) {
      return absl::InvalidArgumentError(StrCat("no factory for the ", service.name, " service"));
    }
    Host* raw = host.get();
    grpcutil::ComponentOptions component_options{
        .log = host->log_.get(),
        .data_dir = options.data_dir + "/" + service.name,
        .peer = [raw](std::string_view peer) { return raw->PeerChannel(peer); },
        .authorizer = options.authorizer ? options.authorizer : grpcutil::Authorizer::Open(),
        .http_listen = service.name == "reporting" ? options.reporting_http : "",
        .http = options.reporting_http_settings,
        .max_import_bytes = options.max_import_bytes};
    auto component = service.factory(component_options);
    if (!component.ok()) {
      return absl::Status(component.status().code(),
                          StrCat(service.name, ": ", component.status().message()));
    }
    host->components_.push_back(std::move(*component));
    hosted.push_back({service.name, component_options.data_dir});
  }
  host->hosted_ = hosted;
  host->components_.push_back(
      MakeAdminComponent(host->log_.get(), std::move(hosted), options.authorizer));
  return host;
}

void Host::SetLocalChannel(std::shared_ptr<grpc::Channel> channel) {
  std::lock_guard<std::mutex> guard(mutex_);
  local_channel_ = std::move(channel);
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> Host::PeerChannel(std::string_view service) {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    for (auto& component : components_) {
      if (component->name() != service) continue;
      if (local_channel_ == nullptr) {
        return absl::UnavailableError(
            StrCat("the ", service, " service is hosted here but not serving yet"));
      }
      return local_channel_;
    }
  }
  // Deployed apart: $FORECAST_ADDR and so on.
  return remote_peers_->Get(service);
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
