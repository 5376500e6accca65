// tertial status: is the daemon (or are the in-process services) up and healthy?

#include <chrono>
#include <cstdio>
#include <thread>

#include <grpcpp/client_context.h>

#include "tertial/base/strings.h"
#include "cli.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace tertial::cli {
namespace {

int RunStatus(const std::vector<std::string>& args) {
  GlobalOptions global;
  int64_t wait_seconds = 0;
  config::FlagSet flags("tertial status");
  AddGlobalFlags(flags, &global);
  flags.Int("wait", &wait_seconds, "keep asking for up to this many seconds until healthy");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  auto connection = Connection::Open(global);
  if (!connection.ok()) return Fail(connection.status());
  auto stub = grpc::health::v1::Health::NewStub((*connection)->channel());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds);
  for (;;) {
    grpc::ClientContext context;
    (*connection)->Decorate(context);
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    grpc::Status status = stub->Check(&context, request, &response);
    if (status.ok() && response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      std::printf("healthy: %s\n",
                  global.server.empty() ? tertial::StrCat("in-process on ", global.data_dir).c_str()
                                        : global.server.c_str());
      return 0;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      std::fprintf(stderr, "tertial: not healthy: %s\n",
                   status.ok() ? "NOT_SERVING" : status.error_message().c_str());
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

}  // namespace

std::vector<Command> StatusCommands() {
  return {{"status", "check that the services are up and healthy", RunStatus}};
}

}  // namespace tertial::cli
