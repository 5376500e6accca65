#include "tertial/grpcutil/read_call.h"

#include <grpcpp/server_context.h>

#include <algorithm>
#include <chrono>
#include <string>

namespace tertial::grpcutil {
namespace {

using Clock = std::chrono::steady_clock;

// The call's deadline on the steady clock, a little early so that the answer still gets
// back in time; `fallback` when the call has none.
Clock::time_point CallDeadline(const grpc::ServerContext& context, Clock::time_point fallback) {
  auto system_deadline = context.deadline();
  if (system_deadline >= std::chrono::system_clock::time_point::max() - std::chrono::hours(24)) {
    return fallback;
  }
  auto left = system_deadline - std::chrono::system_clock::now();
  auto margin =
      std::min<std::chrono::system_clock::duration>(std::chrono::milliseconds(100), left / 10);
  auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(left - margin);
  return std::min(until, fallback);
}

bool AsksForFresh(const grpc::ServerContext& context) {
  auto it = context.client_metadata().find(std::string(kFreshHeader));
  if (it == context.client_metadata().end()) return false;
  std::string_view value(it->second.data(), it->second.size());
  return value == "1" || value == "true" || value == "yes";
}

std::string Printable(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 300)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  return out;
}

}  // namespace

projection::ReadWait ReadCall::WaitFor(const grpc::ServerContext& context, Kind kind) {
  auto latest = CallDeadline(context, Clock::now() + projection::kLongestCatchUpWait);
  if (kind == kCommand) return {.deadline = latest, .require_fresh = true, .latest = latest};
  return {.deadline = CallDeadline(context, Clock::now() + projection::DefaultReadWait()),
          .require_fresh = AsksForFresh(context),
          .latest = latest};
}

ReadCall::ReadCall(grpc::ServerContext* context, Kind kind)
    : context_(context), scope_(WaitFor(*context, kind)) {}

ReadCall::~ReadCall() {
  if (!scope_.outermost()) return;  // the enclosing call says it, once
  const projection::ReadFreshness& found = scope_.freshness();
  context_->AddTrailingMetadata(std::string(kBehindTrailer), std::to_string(found.behind));
  if (found.stale)
    context_->AddTrailingMetadata(std::string(kStaleTrailer), Printable(found.reason));
}

}  // namespace tertial::grpcutil
