#include "client.h"

#include <cstdio>
#include <string>

#include "tertial/grpcutil/read_call.h"
#include "tertial/grpcutil/status.h"

namespace tertial::cli {
namespace {

// When the server answered from a projection it could not confirm current (trailer
// x-tertial-stale), says so on stderr, with how far behind it is. The answer is still
// printed; --fresh refuses such answers instead.
void WarnIfStale(const grpc::ClientContext& context) {
  const auto& trailers = context.GetServerTrailingMetadata();
  auto stale = trailers.find(std::string(grpcutil::kStaleTrailer));
  if (stale == trailers.end()) return;
  auto behind = trailers.find(std::string(grpcutil::kBehindTrailer));
  std::string behind_text =
      behind == trailers.end() ? "?" : std::string(behind->second.data(), behind->second.size());
  std::fprintf(stderr,
               "tertial: warning: this answer may be out of date (%s log positions known and "
               "not applied): %s\n",
               behind_text.c_str(),
               std::string(stale->second.data(), stale->second.size()).c_str());
}

}  // namespace

absl::Status Invoke(const Connection& connection, const CallOptions& options,
                    absl::FunctionRef<grpc::Status(grpc::ClientContext&)> call) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + options.deadline);
  connection.Decorate(context, options.send_actor);
  grpc::Status status = call(context);
  if (!status.ok()) return grpcutil::FromGrpc(status);
  WarnIfStale(context);
  return absl::OkStatus();
}

}  // namespace tertial::cli
