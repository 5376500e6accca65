#include "in_process.h"

namespace tertial::host {

absl::StatusOr<std::unique_ptr<InProcess>> InProcess::Start(const HostOptions& host,
                                                            const grpcutil::ServerOptions& server) {
  std::unique_ptr<InProcess> in_process(new InProcess());
  absl::StatusOr<std::unique_ptr<Host>> opened = Host::Open(host);
  if (!opened.ok()) return opened.status();
  in_process->host_ = std::move(*opened);
  if (absl::Status s = in_process->host_->Start(); !s.ok()) return s;
  absl::StatusOr<std::unique_ptr<grpcutil::Server>> serving =
      grpcutil::Server::Start(server, in_process->host_->components());
  if (!serving.ok()) return serving.status();
  in_process->server_ = std::move(*serving);
  in_process->channel_ = in_process->server_->InProcessChannel();
  in_process->host_->SetLocalChannel(in_process->channel_);
  return in_process;
}

InProcess::~InProcess() {
  channel_.reset();
  if (server_) server_->Shutdown();
  server_.reset();
  if (host_) host_->Stop();
}

}  // namespace tertial::host
