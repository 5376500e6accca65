#ifndef TERTIAL_APPS_TERTIAL_CLIENT_H_
#define TERTIAL_APPS_TERTIAL_CLIENT_H_

// The one way the CLI calls a service. Every call, unary or streaming, runs through
// Invoke (client.cc), which gives it its deadline and its metadata
// (Connection::Decorate: the bearer token, x-tertial-fresh, the actor when asked), turns
// a failure into an absl::Status, and after an answer from a projection that could not be
// confirmed current (trailer x-tertial-stale) warns on stderr. A command therefore cannot
// forget any of them:
//
//   auto client = Client<ledger::v1::LedgerService>::Open(global, "ledger");
//   if (!client.ok()) return Fail(client.status());
//   v1::ListUnitsResponse response;
//   if (absl::Status s = client->Call(&Stub::ListUnits, request, &response); !s.ok())
//     return Fail(s);

#include <grpcpp/client_context.h>
#include <grpcpp/support/sync_stream.h>

#include <chrono>
#include <memory>
#include <string_view>
#include <type_traits>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cli.h"

namespace tertial::cli {

// How long a call may take before the CLI gives up on it (DEADLINE_EXCEEDED). A server
// bounds its own waits for the log (30 s at the most, docs/deploy.md); these bound the
// whole call, its work and the network included.
inline constexpr std::chrono::seconds kCallDeadline{120};
// A stream whose length grows with its input or the log (an import, a report rendered,
// projections rebuilt).
inline constexpr std::chrono::seconds kLongCallDeadline{3600};

struct CallOptions {
  std::chrono::milliseconds deadline = kCallDeadline;
  // Name the actor in x-tertial-actor metadata, for a request that has no actor field.
  bool send_actor = false;
};

// Runs `call` with a context made for it: deadline and metadata first; after it, a failed
// status as absl::Status, or the stale-answer warning when the trailers carry one.
absl::Status Invoke(const Connection& connection, const CallOptions& options,
                    absl::FunctionRef<grpc::Status(grpc::ClientContext&)> call);

// A service's stub over a connection, every call through Invoke. `Service` is the
// generated service class (ledger::v1::LedgerService).
template <typename Service>
class Client {
 public:
  using Stub = typename Service::Stub;

  // Opens the connection `global` names and the channel to `service` ("ledger",
  // "forecast", "goals", "reporting").
  static absl::StatusOr<Client> Open(const GlobalOptions& global, std::string_view service) {
    absl::StatusOr<std::unique_ptr<Connection>> connection = Connection::Open(global);
    if (!connection.ok()) return connection.status();
    return On(std::shared_ptr<Connection>(std::move(*connection)), service);
  }

  // Over a connection already open (one command asking several services).
  static absl::StatusOr<Client> On(std::shared_ptr<Connection> connection,
                                   std::string_view service) {
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = connection->channel(service);
    if (!channel.ok()) return channel.status();
    return Client(std::move(connection), Service::NewStub(*channel));
  }

  // A unary call.
  template <typename Request, typename Response>
  absl::Status Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                    const Request& request, Response* response, const CallOptions& options = {}) {
    return Invoke(*connection_, options, [&](grpc::ClientContext& context) {
      return ((*stub_).*method)(&context, request, response);
    });
  }

  // A server stream: `each` is called with every message as it arrives.
  template <typename Request, typename Message>
  absl::Status Read(std::unique_ptr<grpc::ClientReader<Message>> (Stub::*method)(
                        grpc::ClientContext*, const Request&),
                    const Request& request,
                    std::type_identity_t<absl::FunctionRef<void(const Message&)>> each,
                    const CallOptions& options = {}) {
    return Invoke(*connection_, options, [&](grpc::ClientContext& context) {
      std::unique_ptr<grpc::ClientReader<Message>> reader = ((*stub_).*method)(&context, request);
      Message message;
      while (reader->Read(&message)) each(message);
      return reader->Finish();
    });
  }

  // Any other call (a bidirectional stream): `call` uses stub() with the context given.
  absl::Status Stream(const CallOptions& options,
                      absl::FunctionRef<grpc::Status(Stub&, grpc::ClientContext&)> call) {
    return Invoke(*connection_, options,
                  [&](grpc::ClientContext& context) { return call(*stub_, context); });
  }

  Connection& connection() const { return *connection_; }

 private:
  Client(std::shared_ptr<Connection> connection, std::unique_ptr<Stub> stub)
      : connection_(std::move(connection)), stub_(std::move(stub)) {}

  std::shared_ptr<Connection> connection_;
  std::shared_ptr<Stub> stub_;
};

}  // namespace tertial::cli

#endif  // TERTIAL_APPS_TERTIAL_CLIENT_H_
