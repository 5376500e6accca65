// Restoring a log dump (ImportLog): verified first, then appended batch by batch into
// topics with the dump's partitions, and read back to compare.

#include <map>
#include <memory>
#include <set>
#include <utility>

#include "log_dump_format.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/eventlog/key_coding.h"
#include "tertial/eventlog/log_dump.h"

namespace tertial::eventlog {
namespace {

using dump::DefaultTopics;
using dump::DumpRecord;
using dump::ScanDump;

// What was written to one partition, to compare with what reads back.
struct PartitionDigest {
  int64_t records = 0;
  std::unique_ptr<Sha256> hash = std::make_unique<Sha256>();
  void Add(std::string_view key, std::string_view value) {
    std::string sizes;
    PutBigEndian32(&sizes, static_cast<uint32_t>(key.size()));
    PutBigEndian32(&sizes, static_cast<uint32_t>(value.size()));
    hash->Update(sizes);
    hash->Update(key);
    hash->Update(value);
    ++records;
  }
};

}  // namespace

absl::StatusOr<DumpSummary> ImportLog(EventLog& log, const std::string& path,
                                      const ImportOptions& options) {
  absl::StatusOr<DumpSummary> verified = VerifyDump(path);
  if (!verified.ok()) return verified.status();
  if (options.max_batch_bytes > 0 &&
      verified->largest_batch_bytes > static_cast<int64_t>(options.max_batch_bytes)) {
    return absl::ResourceExhaustedError(
        StrCat(path, ": its largest batch holds ", verified->largest_batch_bytes,
               " bytes, more than the log accepts in one batch (", options.max_batch_bytes,
               "; TERTIAL_KAFKA_MAX_BATCH_BYTES). A batch is never split: restore it into a "
               "log that takes it (a real Kafka cluster, or the embedded log)"));
  }

  // The embedded log creates topics; Kafka's are the deployment's (KafkaTopic).
  auto* embedded = dynamic_cast<EmbeddedLog*>(&log);
  std::vector<const DumpTopic*> to_create;
  for (const DumpTopic& topic : verified->topics) {
    if (topic.records == 0) continue;  // nothing to restore: it need not exist, nor match
    if (embedded != nullptr && !embedded->HasTopic(topic.name)) {
      to_create.push_back(&topic);
      continue;
    }
    absl::StatusOr<int> partitions = log.Partitions(topic.name);
    if (absl::IsNotFound(partitions.status())) {
      return absl::FailedPreconditionError(
          StrCat("topic ", topic.name, " does not exist: create it with ", topic.partitions,
                 " partitions (a KafkaTopic) before restoring"));
    }
    if (!partitions.ok()) return partitions.status();
    if (*partitions != topic.partitions) {
      return absl::FailedPreconditionError(StrCat(
          "topic ", topic.name, " has ", *partitions, " partitions and the dump ", topic.partitions,
          ": every key would land elsewhere. Restore into a topic "
          "with ",
          topic.partitions, " partitions"));
    }
  }
  // Empty: the dump's topics and tertial's four, where they exist.
  std::set<std::string> check;
  for (const DumpTopic& topic : verified->topics) check.insert(topic.name);
  for (const std::string& topic : DefaultTopics()) check.insert(topic);
  for (const std::string& topic : check) {
    if (embedded != nullptr && !embedded->HasTopic(topic)) continue;
    absl::StatusOr<int> partitions = log.Partitions(topic);
    if (absl::IsNotFound(partitions.status())) continue;
    if (!partitions.ok()) return partitions.status();
    for (int p = 0; p < *partitions; ++p) {
      absl::StatusOr<int64_t> end = log.EndOffset(topic, p);
      if (!end.ok()) return end.status();
      if (*end != 0) {
        return absl::FailedPreconditionError(
            StrCat("the log is not empty: ", topic, "/", p, " ends at offset ", *end,
                   ". A restore writes into an empty log only (a new data directory, or "
                   "topics deleted and created again); nothing was written"));
      }
    }
  }
  for (const DumpTopic* topic : to_create) {
    if (absl::Status s = embedded->CreateTopic(topic->name, topic->partitions); !s.ok()) return s;
  }

  // Write, batch by batch.
  std::map<std::pair<std::string, int>, PartitionDigest> written;
  std::unique_ptr<BatchWriter> batch_writer;
  uint64_t batch = 0;
  int64_t count = 0;
  auto commit = [&]() -> absl::Status {
    if (batch_writer == nullptr) return absl::OkStatus();
    absl::StatusOr<AppendResult> result = batch_writer->Commit();
    batch_writer.reset();
    if (!result.ok()) {
      return absl::Status(result.status().code(),
                          StrCat("batch ", batch, ": ", result.status().message(),
                                 " (the log is now partly restored: start again on an empty one)"));
    }
    return absl::OkStatus();
  };
  absl::StatusOr<DumpSummary> scanned =
      ScanDump(path, [&](const DumpRecord& record) -> absl::Status {
        if (record.batch != batch) {
          if (absl::Status s = commit(); !s.ok()) return s;
          batch = record.batch;
          absl::StatusOr<std::unique_ptr<BatchWriter>> begun =
              log.BeginBatch(record.topic->name, record.key);
          if (!begun.ok()) return begun.status();
          batch_writer = *std::move(begun);
        }
        if (absl::Status s = batch_writer->Add(*record.envelope); !s.ok()) return s;
        written[{record.topic->name, record.partition}].Add(record.key, record.value);
        if (++count % 5000 == 0 && options.progress) options.progress(count, verified->records);
        return absl::OkStatus();
      });
  if (!scanned.ok()) return scanned.status();
  if (absl::Status s = commit(); !s.ok()) return s;
  if (scanned->sha256 != verified->sha256) {
    return absl::DataLossError(StrCat(path, " changed while it was restored"));
  }
  if (options.progress) options.progress(count, verified->records);

  // Read every partition back.
  for (const DumpTopic& topic : verified->topics) {
    if (topic.records == 0) continue;
    for (int p = 0; p < topic.partitions; ++p) {
      PartitionDigest back;
      int64_t from = 0;
      for (;;) {
        absl::StatusOr<std::vector<Record>> records = log.Read(topic.name, p, from, 1000);
        if (!records.ok()) return records.status();
        if (records->empty()) break;
        for (const Record& r : *records) {
          back.Add(r.key, r.value);
          from = r.offset + 1;
        }
      }
      PartitionDigest& expected = written[{topic.name, p}];
      std::string back_hash = back.hash->FinishHex();
      std::string expected_hash = expected.hash->FinishHex();
      if (back.records != expected.records || back_hash != expected_hash) {
        return absl::DataLossError(StrCat("read back, ", topic.name, "/", p, " holds ",
                                          back.records, " records, not the ", expected.records,
                                          " written, or other bytes"));
      }
    }
  }
  return verified;
}

}  // namespace tertial::eventlog
