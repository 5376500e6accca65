#ifndef TERTIAL_PROJECTION_QUARANTINE_H_
#define TERTIAL_PROJECTION_QUARANTINE_H_

// Quarantined records: records of a topic that every projection skips instead of stopping
// at them (a poison event written before the log refused such records, or one whose apply
// fails for good). The operator quarantines a record with `tertial quarantine
// TOPIC/PARTITION@OFFSET --reason TEXT` (AdminService.Quarantine), which appends a
// tertial.admin.v1.RecordQuarantined event to eventlog::kAdminTopic. Every Runner reads
// that topic (embedded log and Kafka alike), so every service of every deployment learns
// of the quarantine from the log itself, as it learns of any other fact.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "absl/status/statusor.h"
#include "tertial/admin/v1/events.pb.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/eventlog/event_log.h"

namespace tertial::projection {

// "tertial.ledger.v1/2@17", as errors and the CLI write a record's place.
std::string RecordPlace(std::string_view topic, int partition, int64_t offset);
struct RecordRef {
  std::string topic;
  int partition = 0;
  int64_t offset = 0;
};
absl::StatusOr<RecordRef> ParseRecordPlace(std::string_view text);

// Why `record` of `topic` cannot be read back (its envelope or, where this process knows its
// type, its payload does not parse), or "" if it reads back.
std::string ReadBackProblem(std::string_view topic, const eventlog::Record& record);

// The quarantined records of a log, as read from kAdminTopic so far. Not thread-safe (each
// Runner keeps its own, under its apply lock).
class QuarantineList {
 public:
  // Reads the RecordQuarantined events appended since the last call. A log without the
  // topic (a Kafka cluster where it was not created yet) has none; it is looked for again
  // at most every 30 seconds.
  absl::Status Refresh(eventlog::EventLog& log);
  // The quarantine of the record at `offset` of topic/partition, if there is one and the
  // record's value is the one quarantined (its SHA-256).
  const admin::v1::RecordQuarantined* Find(std::string_view topic, int partition,
                                           const eventlog::Record& record) const;
  size_t size() const { return records_.size(); }

 private:
  std::map<std::tuple<std::string, int, int64_t>, admin::v1::RecordQuarantined> records_;
  std::vector<int64_t> next_;  // per partition of kAdminTopic
  std::chrono::steady_clock::time_point look_again_{};
};

// Quarantines the record at `ref`: checks it exists and (unless `force`) that it does not
// read back, then appends a RecordQuarantined event under `context` (the operator).
// NOT_FOUND, FAILED_PRECONDITION, ALREADY_EXISTS as AdminService.Quarantine says.
struct QuarantineResult {
  int64_t offset = 0;  // of the event on kAdminTopic
  admin::v1::RecordQuarantined event;
  std::string problem;  // why the record does not read back; empty if it does
};
absl::StatusOr<QuarantineResult> Quarantine(eventlog::EventLog& log, const RecordRef& ref,
                                            std::string_view reason, bool force,
                                            const eventlog::EventContext& context);

}  // namespace tertial::projection

#endif  // TERTIAL_PROJECTION_QUARANTINE_H_
