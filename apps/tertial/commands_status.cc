// tertial status: are the services (in-process, one tertiald, or four apart) up and
// healthy? Asks each service's grpc.health.v1 status at the address it is routed to.

#include <grpcpp/client_context.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>

#include "../host/host.h"
#include "cli.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "output.h"
#include "tertial/base/strings.h"

namespace tertial::cli {
namespace {

// The gRPC service each service name stands for, as its server reports health for it.
std::string_view GrpcServiceName(std::string_view service) {
  if (service == "ledger") return "tertial.ledger.v1.LedgerService";
  if (service == "forecast") return "tertial.forecast.v1.ForecastService";
  if (service == "goals") return "tertial.goals.v1.GoalService";
  if (service == "reporting") return "tertial.reporting.v1.ReportService";
  return "";
}

struct Health {
  std::string service;
  std::string where;
  std::string status;  // SERVING, NOT_SERVING, ..., or the call's error
  bool serving = false;
};

Health Ask(Connection& connection, const std::string& service) {
  Health health{.service = service, .where = connection.where(service)};
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = connection.channel(service);
  if (!channel.ok()) {
    health.status = std::string(channel.status().message());
    return health;
  }
  auto stub = grpc::health::v1::Health::NewStub(*channel);
  grpc::ClientContext context;
  connection.Decorate(context);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(std::string(GrpcServiceName(service)));
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) {
    health.status = status.error_message();
  } else {
    health.status = grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status());
    health.serving = response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
  }
  return health;
}

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
  // Remote: the services that have an address (all four with --server); in-process: all.
  std::vector<std::string> services;
  for (const std::string& service : host::AllServices()) {
    if (!IsRemote(global) || (*connection)->channel(service).ok()) services.push_back(service);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds);
  std::vector<Health> answers;
  for (;;) {
    answers.clear();
    bool healthy = true;
    for (const std::string& service : services) {
      answers.push_back(Ask(**connection, service));
      healthy = healthy && answers.back().serving;
    }
    if (healthy || std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  Table table({{"service", "Tjänst"}, {"address", "Adress"}, {"status", "Status"}});
  int unhealthy = 0;
  for (const Health& h : answers) {
    table.AddRow({Cell::Text(h.service), Cell::Text(h.where), Cell::Text(h.status)});
    unhealthy += h.serving ? 0 : 1;
  }
  table.Print(global.format, std::cout);
  if (unhealthy > 0) {
    std::fprintf(stderr, "tertial: %d of %zu services not healthy\n", unhealthy, answers.size());
    return 1;
  }
  return 0;
}

}  // namespace

std::vector<Command> StatusCommands() {
  return {
      {"status", "check that every service is up and healthy where it is routed to", RunStatus}};
}

}  // namespace tertial::cli
