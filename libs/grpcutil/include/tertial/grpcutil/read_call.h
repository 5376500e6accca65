#ifndef TERTIAL_GRPCUTIL_READ_CALL_H_
#define TERTIAL_GRPCUTIL_READ_CALL_H_

// What a call's reads wait for and how long, how a caller learns that an answer came from a
// projection that could not be confirmed current (docs/deploy.md, "When the log is away"),
// and how a command tells its caller where its effect landed (docs/deploy.md, "Read your
// writes").
//
// A handler opens a ReadCall first; every Runner::AwaitRead on its thread then waits
//   - for a query: by its header x-tertial-after (projection::ReadMode, read_wait.h)
//       absent or `latest`  for every record committed when it was called (read your
//                           writes across processes without a token; the default);
//       TOKEN               for the positions a command returned (eventlog::LogPositions,
//                           TOPIC/PARTITION:OFFSET[,...]) on the partitions the projection
//                           follows, and nothing else;
//       `snapshot`          for nothing: it answers from what is applied.
//     Anything else (or the header twice) fails every read of the call with
//     INVALID_ARGUMENT saying what was expected, before anything is read.
//     It waits --read-wait-ms (default 1000 ms), less if the call's deadline is nearer, for
//     a log that does not answer; while the projection is catching up it waits on, up to
//     the call's deadline (at most 30 s). Then the query answers from what the projection
//     holds. A caller that sends the header `x-tertial-fresh: 1` gets UNAVAILABLE instead
//     (not for `snapshot`, which never waits and never fails for being behind).
//   - for a command: every record committed when it was called, whatever x-tertial-after
//     says (a malformed one is refused as for a query), up to the call's deadline (at most
//     30 s); a command never decides on a state it could not confirm current: UNAVAILABLE
//     naming the log's state, and nothing appended.
// When the ReadCall ends, the call's trailing metadata says what the reads found:
//   x-tertial-behind: <log positions known and not applied; 0 when every read was current
//                     (for `latest`); what the projections knew for a token or `snapshot`>
//   x-tertial-stale:  <why, when it was not>  (printable ASCII, at most 300 characters)
// and, for a command, where its effect is:
//   x-tertial-position: <TOKEN>  the batches it committed; for a command that committed
//                       nothing (a duplicate import, a month closed already), the positions
//                       its reads confirmed applied, which hold the effect it found. Absent
//                       when the command read nothing and committed nothing.
// A caller passes the token on as x-tertial-after to see the command's effect in a query,
// in any service and process, without waiting for the rest of the log.

#include <memory>
#include <string_view>

#include "absl/status/status.h"
#include "tertial/eventlog/log_positions.h"
#include "tertial/projection/read_wait.h"

namespace grpc {
class ServerContext;
}

namespace tertial::grpcutil {

inline constexpr std::string_view kFreshHeader = "x-tertial-fresh";
inline constexpr std::string_view kBehindTrailer = "x-tertial-behind";
inline constexpr std::string_view kStaleTrailer = "x-tertial-stale";
inline constexpr std::string_view kAfterHeader = "x-tertial-after";
inline constexpr std::string_view kPositionTrailer = "x-tertial-position";
inline constexpr std::string_view kAfterLatest = "latest";
inline constexpr std::string_view kAfterSnapshot = "snapshot";

class ReadCall {
 public:
  enum Kind { kQuery, kCommand };
  explicit ReadCall(grpc::ServerContext* context, Kind kind = kQuery);
  ~ReadCall();
  ReadCall(const ReadCall&) = delete;
  ReadCall& operator=(const ReadCall&) = delete;

  // The ReadWait a call of `kind` gets (exposed for tests).
  static projection::ReadWait WaitFor(const grpc::ServerContext& context, Kind kind);
  // Sets `wait`'s mode (and positions) from a value of x-tertial-after; INVALID_ARGUMENT
  // naming the header and what it expects for anything else.
  static absl::Status ParseAfter(std::string_view value, projection::ReadWait* wait);

 private:
  grpc::ServerContext* context_;
  Kind kind_;
  projection::ScopedReadWait scope_;
  // A command's: the batches it commits (eventlog::ScopedCommits).
  std::unique_ptr<eventlog::ScopedCommits> commits_;
};

}  // namespace tertial::grpcutil

#endif  // TERTIAL_GRPCUTIL_READ_CALL_H_
