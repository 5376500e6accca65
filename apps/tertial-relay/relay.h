#ifndef TERTIAL_APPS_TERTIAL_RELAY_RELAY_H_
#define TERTIAL_APPS_TERTIAL_RELAY_RELAY_H_

// The relay: committed events of tertial's topics, published as their public JSON form
// (contract/public_event.h) to tertial.public.<context>.v1, for systems outside tertial.
//
// Source partition p of a topic goes to partition p of its public topic (both have the same
// count), one public record per event, keyed as the source record (the organisation), in
// source order. Records are published in transactions of the public log (Publisher) that
// hold whole source batches only: a consumer reading committed records sees a batch whole
// or not at all. Every public record says where it came from (PublicRecord::source_offset),
// and the relay resumes after the last source offset it finds committed in each public
// partition, so a relay stopped at any point (also SIGKILL mid-transaction) and started
// again publishes no event twice and skips none.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tertial/contract/catalogue.h"
#include "tertial/eventlog/event_log.h"

namespace tertial::relay {

// Header names of a public record. DO NOT CHANGE: consumers and the relay's resume rely on
// them. Values are decimal ASCII.
inline constexpr std::string_view kSourcePartitionHeader = "tertial-source-partition";
inline constexpr std::string_view kSourceOffsetHeader = "tertial-source-offset";
// The source batch's commit point (eventlog::Record::commit_offset): records with the same
// value were committed together.
inline constexpr std::string_view kSourceBatchHeader = "tertial-source-batch";

struct PublicRecord {
  std::string topic;  // the public topic
  int partition = 0;
  std::string key;
  std::string value;  // one PublicEventJson line, without newline
  int64_t source_offset = 0;
  int64_t source_batch = 0;
};

// Where public records go: a transactional log. Not thread-safe; the relay uses it from one
// thread.
class Publisher {
 public:
  virtual ~Publisher() = default;
  // Partition count of a public topic, created with `partitions` where the log allows;
  // FAILED_PRECONDITION when it exists with another count or cannot be created.
  virtual absl::Status EnsureTopic(const std::string& topic, int partitions) = 0;
  // The source offset of the last committed record in the public partition; nullopt when
  // it holds none from the relay.
  virtual absl::StatusOr<std::optional<int64_t>> LastRelayed(const std::string& topic,
                                                             int partition) = 0;
  virtual absl::Status Begin() = 0;
  virtual absl::Status Produce(const PublicRecord& record) = 0;
  // OK: every record produced since Begin is committed. Otherwise none of them is (the
  // transaction is aborted), and FAILED_PRECONDITION means the publisher cannot go on
  // (another relay with the same transactional id took over).
  virtual absl::Status Commit() = 0;
  virtual void Abort() = 0;
};

struct RelayOptions {
  // Source batches are grouped into one transaction until it holds this many events (a
  // batch larger than that is one transaction alone).
  int64_t transaction_events = 5000;
  // Records read from the source at a time.
  size_t read_records = 1000;
  // How long the relay waits for new source records before it looks again.
  std::chrono::milliseconds idle_wait{500};
  // After a failure on a partition, how long before it is tried again.
  std::chrono::milliseconds retry_after{2000};
};

struct RelayCounts {
  int64_t events = 0;
  int64_t transactions = 0;
};

class Relay final {
 public:
  // Every topic of `topics` with a public topic is followed. `source` and `publisher`
  // outlive the relay.
  Relay(eventlog::EventLog* source, Publisher* publisher,
        std::vector<const contract::TopicContract*> topics, RelayOptions options = {});
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  // Checks the public topics and finds where each partition resumes. Call once, first.
  absl::Status Start();
  // Publishes what is committed in the source now, and returns when every partition is
  // caught up (for tests and benchmarks). Errors as Run's.
  absl::Status CatchUp();
  // Publishes until Stop (OK) or until the publisher cannot go on (its error). Failures of
  // one partition (the source away, a record that cannot be made public) are logged and
  // retried after retry_after, other partitions go on.
  absl::Status Run();
  // Makes Run return soon (an open transaction is aborted); callable from any thread.
  void Stop();

  RelayCounts counts() const { return {events_.load(), transactions_.load()}; }

 private:
  struct Route {
    const contract::TopicContract* topic = nullptr;
    int partition = 0;
    int64_t committed_next = 0;  // the next source offset not yet committed to the public log
    std::chrono::steady_clock::time_point retry_at{};
    std::string last_error;
  };

  // Publishes the route's committed records from committed_next on, in transactions of
  // whole batches, until the source has no more now (or stopping). Returns the events
  // published.
  absl::StatusOr<int64_t> Drain(Route& route);
  // One pass over every route; the events published.
  absl::StatusOr<int64_t> Pass();

  eventlog::EventLog* source_;
  Publisher* publisher_;
  std::vector<const contract::TopicContract*> topics_;
  RelayOptions options_;
  std::vector<Route> routes_;
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> events_{0};
  std::atomic<int64_t> transactions_{0};
};

}  // namespace tertial::relay

#endif  // TERTIAL_APPS_TERTIAL_RELAY_RELAY_H_
