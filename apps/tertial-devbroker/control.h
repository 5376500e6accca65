#ifndef TERTIAL_APPS_DEVBROKER_CONTROL_H_
#define TERTIAL_APPS_DEVBROKER_CONTROL_H_

// tertial-devbroker's control channel: one command per line in, one answer per line out
// (`ok` or `error: <why>`), so that a test or a developer injects faults into the running
// mock cluster. The commands (tokens separated by spaces; BROKER is 1..brokers):
//
//   broker down BROKER|all        disconnect the broker's clients, refuse new ones
//   broker up BROKER|all          accept them again
//   leader TOPIC PARTITION BROKER make BROKER the partition's leader (an election)
//   produce-errors COUNT [ERROR]  the next COUNT produce requests fail with ERROR
//   fetch-errors COUNT [ERROR]    the next COUNT fetch requests fail with ERROR
//   list-offsets-errors COUNT [ERROR], metadata-errors COUNT [ERROR]   likewise
//   clear-errors                  forget the errors queued and not yet returned
//   rtt BROKER MS                 delay the broker's answers by MS (0: none)
//   help                          the commands, on one line
//
// ERROR is a librdkafka error name without RD_KAFKA_RESP_ERR_ (NOT_LEADER_FOR_PARTITION,
// REQUEST_TIMED_OUT, _TRANSPORT: the broker drops the connection); without it, retriable
// errors in turn (KafkaMockCluster::FailRequests). Empty lines and lines starting with `#`
// are ignored (no answer). The faults themselves are KafkaMockCluster's methods; this is
// only their spelling.

#include <string>
#include <string_view>

#include "tertial/eventlog/kafka_mock_cluster.h"

namespace tertial::devbroker {

// Longest line read; a longer one is answered with an error and skipped whole.
inline constexpr size_t kMaxControlLine = 1024;

// The answer to one line (without its newline): "ok", "error: ...", the help text, or ""
// for a line that asks nothing (empty, a comment).
std::string Execute(eventlog::KafkaMockCluster& cluster, std::string_view line);

// Reads lines from `in_fd` and writes each answer to `out_fd`, until `in_fd` ends or
// `stop_fd` becomes readable (a pipe the caller writes to when it stops). Lines longer than
// kMaxControlLine are answered with an error and skipped.
void Serve(eventlog::KafkaMockCluster& cluster, int in_fd, int out_fd, int stop_fd);

}  // namespace tertial::devbroker

#endif  // TERTIAL_APPS_DEVBROKER_CONTROL_H_
