#ifndef TERTIAL_GRPCUTIL_READ_CALL_H_
#define TERTIAL_GRPCUTIL_READ_CALL_H_

// How long a call's reads wait for the projections, and how a caller learns that an answer
// came from a projection that could not be confirmed current (docs/deploy.md, "When the
// log is away").
//
// A handler opens a ReadCall first; every Runner::AwaitRead on its thread then waits
//   - for a query: --read-wait-ms (default 1000 ms), less if the call's deadline is
//     nearer, for a log that does not answer; while the projection is catching up it
//     waits on, up to the call's deadline (at most 30 s). Then the query answers from what
//     the projection holds. A caller that sends the header `x-tertial-fresh: 1` gets
//     UNAVAILABLE instead.
//   - for a command: the call's deadline (at most 30 s); a command never decides on a
//     state it could not confirm current: UNAVAILABLE naming the log's state, and nothing
//     appended.
// When the ReadCall ends, the call's trailing metadata says what the reads found:
//   x-tertial-behind: <log positions known and not applied; 0 when every read was current>
//   x-tertial-stale:  <why, when it was not>  (printable ASCII, at most 300 characters)

#include <string_view>

#include "tertial/projection/read_wait.h"

namespace grpc {
class ServerContext;
}

namespace tertial::grpcutil {

inline constexpr std::string_view kFreshHeader = "x-tertial-fresh";
inline constexpr std::string_view kBehindTrailer = "x-tertial-behind";
inline constexpr std::string_view kStaleTrailer = "x-tertial-stale";

class ReadCall {
 public:
  enum Kind { kQuery, kCommand };
  explicit ReadCall(grpc::ServerContext* context, Kind kind = kQuery);
  ~ReadCall();
  ReadCall(const ReadCall&) = delete;
  ReadCall& operator=(const ReadCall&) = delete;

  // The ReadWait a call of `kind` gets (exposed for tests).
  static projection::ReadWait WaitFor(const grpc::ServerContext& context, Kind kind);

 private:
  grpc::ServerContext* context_;
  projection::ScopedReadWait scope_;
};

}  // namespace tertial::grpcutil

#endif  // TERTIAL_GRPCUTIL_READ_CALL_H_
