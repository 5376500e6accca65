#include "tertial/grpcutil/read_call.h"

#include <grpcpp/server_context.h>

#include <algorithm>
#include <chrono>
#include <iterator>
#include <string>

#include "tertial/base/strings.h"

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

// Applies the call's x-tertial-after header to `wait`.
void ApplyAfterHeader(const grpc::ServerContext& context, projection::ReadWait* wait) {
  auto [first, last] = context.client_metadata().equal_range(std::string(kAfterHeader));
  if (first == last) return;
  if (std::next(first) != last) {
    wait->invalid = absl::InvalidArgumentError(
        StrCat(kAfterHeader, ": give it once (latest, snapshot or one command's token)"));
    return;
  }
  wait->invalid =
      ReadCall::ParseAfter(std::string_view(first->second.data(), first->second.size()), wait);
}

std::string Printable(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 300)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  return out;
}

}  // namespace

absl::Status ReadCall::ParseAfter(std::string_view value, projection::ReadWait* wait) {
  if (value == kAfterLatest) {
    wait->mode = projection::ReadMode::kLatest;
    return absl::OkStatus();
  }
  if (value == kAfterSnapshot) {
    wait->mode = projection::ReadMode::kSnapshot;
    return absl::OkStatus();
  }
  absl::StatusOr<eventlog::LogPositions> positions = eventlog::LogPositions::ParseToken(value);
  if (!positions.ok()) {
    return absl::InvalidArgumentError(StrCat(
        kAfterHeader, ": expected ", kAfterLatest, ", ", kAfterSnapshot,
        " or a command's token (its ", kPositionTrailer, "): ", positions.status().message()));
  }
  wait->mode = projection::ReadMode::kAfter;
  wait->after = std::move(*positions);
  return absl::OkStatus();
}

projection::ReadWait ReadCall::WaitFor(const grpc::ServerContext& context, Kind kind) {
  auto latest = CallDeadline(context, Clock::now() + projection::kLongestCatchUpWait);
  projection::ReadWait wait;
  if (kind == kCommand) {
    wait = {.deadline = latest, .require_fresh = true, .latest = latest, .note_applied = true};
    ApplyAfterHeader(context, &wait);  // refused when malformed, else not heeded
    wait.mode = projection::ReadMode::kLatest;
    wait.after = {};
    return wait;
  }
  wait = {.deadline = CallDeadline(context, Clock::now() + projection::DefaultReadWait()),
          .require_fresh = AsksForFresh(context),
          .latest = latest};
  ApplyAfterHeader(context, &wait);
  return wait;
}

ReadCall::ReadCall(grpc::ServerContext* context, Kind kind)
    : context_(context), kind_(kind), scope_(WaitFor(*context, kind)) {
  if (kind_ == kCommand) commits_ = std::make_unique<eventlog::ScopedCommits>();
}

ReadCall::~ReadCall() {
  // What the command committed is the enclosing scope's too (a handler's ReadCall inside
  // another's): the scope ends first.
  eventlog::LogPositions committed;
  if (commits_ != nullptr) {
    committed = commits_->committed();
    commits_.reset();
  }
  if (!scope_.outermost()) return;  // the enclosing call says it, once
  const projection::ReadFreshness& found = scope_.freshness();
  context_->AddTrailingMetadata(std::string(kBehindTrailer), std::to_string(found.behind));
  if (found.stale)
    context_->AddTrailingMetadata(std::string(kStaleTrailer), Printable(found.reason));
  if (kind_ == kCommand) {
    const eventlog::LogPositions& position = committed.empty() ? found.applied : committed;
    if (!position.empty()) {
      context_->AddTrailingMetadata(std::string(kPositionTrailer), position.ToToken());
    }
  }
}

}  // namespace tertial::grpcutil
