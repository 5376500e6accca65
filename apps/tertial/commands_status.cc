// tertial status and tertial rebuild: the operator's commands. Status asks each service,
// where it is routed (in-process, one tertiald, or four apart), for its grpc.health.v1
// status and its projections' progress (tertial.admin.v1.AdminService/Status); rebuild
// asks a service to delete its projections and replay them from the log.

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <future>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "../host/service_table.h"
#include "cli.h"
#include "client.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "output.h"
#include "tertial/admin/v1/service.grpc.pb.h"
#include "tertial/base/strings.h"
#include "tertial/projection/quarantine.h"

namespace tertial::cli {
namespace {

namespace admin = ::tertial::admin::v1;
using AdminClient = Client<admin::AdminService>;
using HealthClient = Client<grpc::health::v1::Health>;

struct Health {
  std::string service;
  std::string where;
  std::string status;  // SERVING, NOT_SERVING, ..., or the call's error
  bool serving = false;
};

// Every question status asks has this long: `tertial status` answers within 3 s whatever
// the services and their log are doing (an unready service answers NOT_SERVING at once;
// one that hangs is reported as such).
constexpr std::chrono::milliseconds kAskWithin{1200};

Health Ask(const std::shared_ptr<Connection>& connection, const std::string& service) {
  Health health{.service = service, .where = connection->where(service)};
  absl::StatusOr<HealthClient> client = HealthClient::On(connection, service);
  if (!client.ok()) {
    health.status = std::string(client.status().message());
    return health;
  }
  grpc::health::v1::HealthCheckRequest request;
  const host::ServiceRow* row = host::FindService(service);
  request.set_service(row != nullptr ? std::string(row->grpc_service) : "");
  grpc::health::v1::HealthCheckResponse response;
  absl::Status status =
      client->Call(&HealthClient::Stub::Check, request, &response, {.deadline = kAskWithin});
  if (!status.ok()) {
    health.status = std::string(status.message());
  } else {
    health.status = grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status());
    health.serving = response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
  }
  return health;
}

absl::StatusOr<admin::StatusResponse> AskProgress(const std::shared_ptr<Connection>& connection,
                                                  const std::string& service) {
  absl::StatusOr<AdminClient> client = AdminClient::On(connection, service);
  if (!client.ok()) return client.status();
  admin::StatusRequest request;
  request.set_service(service);
  admin::StatusResponse response;
  if (absl::Status s =
          client->Call(&AdminClient::Stub::Status, request, &response, {.deadline = kAskWithin});
      !s.ok()) {
    return s;
  }
  return response;
}

// "tertial::ledger::LedgerProjection" -> "LedgerProjection", for people.
std::string ShortName(const std::string& name) {
  size_t colon = name.rfind("::");
  return colon == std::string::npos ? name : name.substr(colon + 2);
}

// RFC 3339 in UTC, to the second.
std::string FormatTime(const google::protobuf::Timestamp& time) {
  std::time_t seconds = static_cast<std::time_t>(time.seconds());
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// One row of the status table: a topic of a projection (summed over its partitions), or
// one partition with --partitions.
struct Position {
  std::string topic;
  int partitions = 0;
  int64_t consumed = 0;
  int64_t end = 0;
  int64_t lag = 0;
  google::protobuf::Timestamp last_event;
};

std::vector<std::pair<std::string, Position>> Positions(const admin::ProjectionStatus& projection,
                                                        bool per_partition) {
  std::vector<std::pair<std::string, Position>> out;
  std::map<std::string, size_t> index;
  for (const admin::PartitionStatus& p : projection.partitions()) {
    std::string key = per_partition ? StrCat(p.topic(), "/", p.partition()) : p.topic();
    auto [it, added] = index.emplace(key, out.size());
    if (added) out.push_back({key, Position{.topic = p.topic()}});
    Position& position = out[it->second].second;
    position.partitions += 1;
    position.consumed += p.consumed_offset();
    position.end += p.end_offset();
    position.lag += p.lag();
    if (p.has_last_event_time() && p.last_event_time().seconds() > position.last_event.seconds()) {
      position.last_event = p.last_event_time();
    }
  }
  return out;
}

struct Answer {
  Health health;
  absl::StatusOr<admin::StatusResponse> progress = absl::UnknownError("not asked");
};

// Health and progress of every service at once, each question bounded by kAskWithin.
std::vector<Answer> AskAll(const std::shared_ptr<Connection>& connection,
                           const std::vector<std::string>& services) {
  std::vector<std::future<Answer>> pending;
  for (const std::string& service : services) {
    pending.push_back(std::async(std::launch::async, [&connection, service] {
      Answer answer{.health = Ask(connection, service)};
      answer.progress = AskProgress(connection, service);
      return answer;
    }));
  }
  std::vector<Answer> answers;
  for (std::future<Answer>& f : pending) answers.push_back(f.get());
  return answers;
}

// Whether a failed progress question is a problem of the service (it did not answer), not
// of the caller (no admin token, a server without the admin service).
bool ProgressFailureDegrades(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kUnauthenticated:
    case absl::StatusCode::kUnimplemented:
      return false;
    default:
      return true;
  }
}

int PrintStatus(const std::vector<Answer>& answers, bool per_partition, const std::string& format) {
  Table table({{"service", "Tjänst"},
               {"address", "Adress"},
               {"status", "Status"},
               {"projection", "Projektion"},
               {"topic", "Topic"},
               {"partitions", "Partitioner"},
               {"consumed_offset", "Konsumerad offset"},
               {"end_offset", "Loggens slut"},
               {"lag", "Eftersläpning"},
               {"last_event_time", "Senaste händelse"},
               {"note", "Anmärkning"}});
  int degraded = 0;
  for (const Answer& answer : answers) {
    const Health& h = answer.health;
    bool ok = h.serving;
    auto health_cells = [&] {
      return std::vector<Cell>{Cell::Text(h.service), Cell::Text(h.where), Cell::Text(h.status)};
    };
    auto note_row = [&](std::string note) {
      std::vector<Cell> row = health_cells();
      for (int i = 0; i < 7; ++i) row.push_back(Cell::Empty());
      row.push_back(note.empty() ? Cell::Empty() : Cell::Text(std::move(note)));
      table.AddRow(std::move(row));
    };
    const absl::StatusOr<admin::StatusResponse>& progress = answer.progress;
    if (!progress.ok()) {
      // Health is what status checks; progress needs an admin token and a server that
      // has the admin service.
      if (ProgressFailureDegrades(progress.status()) && h.serving) ok = false;
      note_row(StrCat("no projection progress: ", progress.status().message()));
      degraded += ok ? 0 : 1;
      continue;
    }
    if (progress->projections().empty()) note_row("no projections");
    for (const admin::ProjectionStatus& projection : progress->projections()) {
      std::string note = projection.rebuilding() ? "rebuilding" : "";
      if (!projection.log_error().empty()) {
        ok = false;
        StrAppend(&note, note.empty() ? "" : "; ", "log unreachable: ", projection.log_error());
      }
      if (!projection.last_error().empty()) {
        ok = false;
        StrAppend(&note, note.empty() ? "" : "; ", "last error: ", projection.last_error());
      }
      for (const auto& [key, position] : Positions(projection, per_partition)) {
        std::vector<Cell> row = health_cells();
        row.push_back(Cell::Text(ShortName(projection.projection()), projection.projection()));
        row.push_back(Cell::Text(key));
        row.push_back(Cell::Int(position.partitions));
        row.push_back(Cell::Int(position.consumed));
        row.push_back(Cell::Int(position.end));
        row.push_back(Cell::Int(position.lag));
        row.push_back(position.last_event.seconds() > 0
                          ? Cell::Text(FormatTime(position.last_event))
                          : Cell::Empty());
        row.push_back(note.empty() ? Cell::Empty() : Cell::Text(note));
        table.AddRow(std::move(row));
      }
    }
    degraded += ok ? 0 : 1;
  }
  table.Print(format, std::cout);
  if (degraded > 0) {
    std::fprintf(stderr,
                 "tertial: %d of %zu services degraded (not serving, log unreachable "
                 "or a projection stopped)\n",
                 degraded, answers.size());
    return 1;
  }
  return 0;
}

int StatusOnce(const GlobalOptions& global, int64_t wait_seconds, bool per_partition) {
  absl::StatusOr<std::unique_ptr<Connection>> opened = Connection::Open(global);
  if (!opened.ok()) return Fail(opened.status());
  std::shared_ptr<Connection> connection = std::move(*opened);
  // Remote: the services that have an address (all four with --server); in-process: all.
  std::vector<std::string> services;
  for (const host::ServiceRow& row : host::kServiceTable) {
    const std::string service(row.name);
    if (!IsRemote(global) || connection->channel(service).ok()) services.push_back(service);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds);
  std::vector<Answer> answers;
  for (;;) {
    answers = AskAll(connection, services);
    bool healthy = true;
    for (const Answer& a : answers) healthy = healthy && a.health.serving;
    if (healthy || std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return PrintStatus(answers, per_partition, global.format);
}

int RunStatus(const std::vector<std::string>& args) {
  GlobalOptions global;
  int64_t wait_seconds = 0;
  bool per_partition = false;
  config::FlagSet flags("tertial status");
  AddGlobalFlags(flags, &global);
  flags.Int("wait", &wait_seconds, "keep asking for up to this many seconds until healthy");
  flags.Bool("partitions", &per_partition, "one row per partition instead of per topic");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  // In-process, the services are this command's own and start by catching up with the
  // log: that is work, not a question, and may take long.
  if (!IsRemote(global)) return StatusOnce(global, wait_seconds, per_partition);
  // Asking running services: the whole command has 3 s beyond --wait (a channel that
  // cannot connect, TLS that hangs), then says so and exits non-zero.
  auto within = std::chrono::seconds(wait_seconds) + std::chrono::milliseconds(2800);
  std::mutex mutex;
  std::condition_variable finished;
  std::optional<int> code;
  std::thread worker([&] {
    int result = StatusOnce(global, wait_seconds, per_partition);
    std::lock_guard<std::mutex> guard(mutex);
    code = result;
    finished.notify_all();
  });
  std::unique_lock<std::mutex> lock(mutex);
  if (!finished.wait_for(lock, within, [&] { return code.has_value(); })) {
    std::fprintf(stderr,
                 "tertial: status: no answer within %lld ms; the services or their log "
                 "do not respond\n",
                 static_cast<long long>(
                     std::chrono::duration_cast<std::chrono::milliseconds>(within).count()));
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(1);
  }
  lock.unlock();
  worker.join();
  return *code;
}

// Rebuilds one service's projections, progress on stderr; the last progress message of
// each projection.
absl::StatusOr<std::vector<admin::RebuildProgress>> RebuildService(
    const std::shared_ptr<Connection>& connection, const std::string& service) {
  absl::StatusOr<AdminClient> client = AdminClient::On(connection, service);
  if (!client.ok()) return client.status();
  admin::RebuildRequest request;
  request.set_service(service);
  std::vector<admin::RebuildProgress> done;
  absl::Status status =
      client->Read(&AdminClient::Stub::Rebuild, request,
                   [&](const admin::RebuildProgress& progress) {
                     if (progress.done()) {
                       done.push_back(progress);
                       return;
                     }
                     std::fprintf(stderr, "tertial: rebuilding %s %s: %lld of %lld\n",
                                  service.c_str(), ShortName(progress.projection()).c_str(),
                                  static_cast<long long>(progress.consumed_offset()),
                                  static_cast<long long>(progress.end_offset()));
                   },
                   {.deadline = kLongCallDeadline});
  if (!status.ok()) return status;
  if (done.empty()) {
    return absl::UnknownError(
        StrCat("the ", service, " service ended the rebuild without saying it was done"));
  }
  return done;
}

int RunRebuild(const std::vector<std::string>& args) {
  GlobalOptions global;
  std::string which;
  config::FlagSet flags("tertial rebuild");
  AddGlobalFlags(flags, &global);
  flags.String("service", &which,
               "whose projections to delete and replay from the log: ledger, forecast, goals, "
               "reporting or all",
               {.required = true});
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (!rest->empty()) {
    return Fail(absl::InvalidArgumentError(StrCat("unexpected argument ", rest->front())));
  }
  std::vector<std::string> services;
  std::string expected;  // "ledger, forecast, goals, reporting or all"
  for (const host::ServiceRow& row : host::kServiceTable) {
    if (which == "all" || which == row.name) services.emplace_back(row.name);
    StrAppend(&expected, row.name, ", ");
  }
  if (services.empty()) {
    return Fail(absl::InvalidArgumentError(StrCat(
        "--service ", which, ": expected ", expected.substr(0, expected.size() - 2), " or all")));
  }
  absl::StatusOr<std::unique_ptr<Connection>> opened = Connection::Open(global);
  if (!opened.ok()) return Fail(opened.status());
  std::shared_ptr<Connection> connection = std::move(*opened);
  Table table({{"service", "Tjänst"},
               {"projection", "Projektion"},
               {"consumed_offset", "Konsumerad offset"},
               {"elapsed_ms", "Tid (ms)"}});
  for (const std::string& service : services) {
    absl::StatusOr<std::vector<admin::RebuildProgress>> done = RebuildService(connection, service);
    if (!done.ok()) {
      return Fail(absl::Status(done.status().code(),
                               StrCat("rebuild of ", service, " at ", connection->where(service),
                                      ": ", done.status().message())));
    }
    for (const admin::RebuildProgress& projection : *done) {
      table.AddRow({Cell::Text(service),
                    Cell::Text(ShortName(projection.projection()), projection.projection()),
                    Cell::Int(projection.consumed_offset()), Cell::Int(projection.elapsed_ms())});
    }
  }
  table.Print(global.format, std::cout);
  return 0;
}

// Quarantines one record that stops projections (AdminService.Quarantine): every
// projection of every service skips it from then on.
int RunQuarantine(const std::vector<std::string>& args) {
  GlobalOptions global;
  std::string reason;
  bool force = false;
  config::FlagSet flags("tertial quarantine");
  AddGlobalFlags(flags, &global);
  flags.String("reason", &reason, "why the record is skipped; kept in the log", {.required = true});
  flags.Bool("force", &force,
             "quarantine a record that reads back (one whose apply fails for good)");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (rest->size() != 1) {
    return Fail(absl::InvalidArgumentError(
        "usage: tertial quarantine TOPIC/PARTITION@OFFSET --reason TEXT (the place a "
        "projection's error names, e.g. tertial.ledger.v1/2@17)"));
  }
  absl::StatusOr<projection::RecordRef> ref = projection::ParseRecordPlace(rest->front());
  if (!ref.ok()) return Fail(ref.status());
  absl::StatusOr<std::unique_ptr<Connection>> opened = Connection::Open(global);
  if (!opened.ok()) return Fail(opened.status());
  std::shared_ptr<Connection> connection = std::move(*opened);
  // Every host serves the admin API over the one log: the first service with an address.
  absl::StatusOr<AdminClient> client =
      absl::NotFoundError("no service address; give --server or --<service>-server");
  for (const host::ServiceRow& row : host::kServiceTable) {
    client = AdminClient::On(connection, row.name);
    if (client.ok()) break;
  }
  if (!client.ok()) return Fail(client.status());
  admin::QuarantineRequest request;
  request.set_topic(ref->topic);
  request.set_partition(ref->partition);
  request.set_offset(ref->offset);
  request.set_reason(reason);
  request.set_force(force);
  request.set_actor(global.actor);
  admin::QuarantineResponse response;
  if (absl::Status s = client->Call(&AdminClient::Stub::Quarantine, request, &response); !s.ok()) {
    return Fail(s);
  }
  Table table({{"record", "Post"},
               {"key", "Nyckel"},
               {"event_type", "Händelsetyp"},
               {"problem", "Fel"},
               {"quarantine_offset", "Karantän (offset i tertial.admin.v1)"}});
  table.AddRow(
      {Cell::Text(rest->front()), Cell::Text(response.record_key()),
       Cell::Text(response.event_type()),
       Cell::Text(response.problem().empty() ? "reads back (--force)" : response.problem()),
       Cell::Int(response.offset())});
  table.Print(global.format, std::cout);
  return 0;
}

}  // namespace

std::vector<Command> StatusCommands() {
  return {
      {"status", "health of every service where it is routed, and its projections' lag", RunStatus},
      {"rebuild", "delete a service's projections and replay them from the log (admin)",
       RunRebuild},
      {"quarantine",
       "make every projection skip one record that cannot be applied (admin; "
       "TOPIC/PARTITION@OFFSET --reason TEXT)",
       RunQuarantine},
  };
}

}  // namespace tertial::cli
