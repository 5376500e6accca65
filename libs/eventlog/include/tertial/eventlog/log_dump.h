#ifndef TERTIAL_EVENTLOG_LOG_DUMP_H_
#define TERTIAL_EVENTLOG_LOG_DUMP_H_

// Export and import of an event log (`tertial log export` / `tertial log import`): the
// topics are tertial's system of record, and a dump is how they are backed up, moved
// between the embedded log and Kafka, and restored.
//
// The dump format, version 1. DO NOT CHANGE what a version means: dumps are kept for
// years. A change is a new version number; readers keep reading every older version.
//
//   file    := magic version frame*              (the last frame is the trailer 'E')
//   magic   := "TERTDUMP"                        8 bytes
//   version := u32                               1
//   frame   := type:u8 length:u32 body:length crc:u32
//              crc is the CRC-32C (tertial/base/crc32c.h) of type, length and body
//   Integers are big-endian; a string is u32 length + bytes.
//
//   'H' header   u32 count, then count pairs of strings (name, value): what wrote the dump
//                ("writer"), from where ("source"), when ("created_at", RFC 3339 UTC).
//                Informational; readers ignore names they do not know. Exactly one, first.
//   'T' topic    string name, u32 partitions. One per topic, after the header and before
//                any record; records name a topic by its index in this order (0, 1, ...).
//   'R' record   u32 topic index, u32 partition, i64 offset (in the source log; for
//                people), u64 batch, string key, string value (a serialized Envelope).
//                Records come topic by topic, partition by partition, in offset order.
//                `batch` numbers the batches of the dump from 1: the records of one batch
//                are consecutive, share topic, partition and key, and a new batch takes the
//                next number. A batch was committed whole in the source and is appended
//                whole (one BeginBatch/Commit) on import.
//   'E' trailer  u32 topics, u64 records, u64 batches, and 32 bytes: the SHA-256 of every
//                byte of the file before this frame. Nothing follows it; a file without it
//                is truncated and refused.
//
// Limits a reader enforces (a damaged length must not make it allocate gigabytes): a
// frame's body at most 64 MiB, a key at most 1 MiB, a topic name at most 249 bytes (Kafka's
// limit), 1 to 1024 partitions, at most 64 header pairs.

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "tertial/eventlog/event_log.h"

namespace tertial::eventlog {

inline constexpr uint32_t kDumpVersion = 1;

struct DumpTopic {
  std::string name;
  int partitions = 0;
  int64_t records = 0;
  int64_t batches = 0;
};

// What a dump holds.
struct DumpSummary {
  uint32_t version = 0;
  std::map<std::string, std::string> header;
  std::vector<DumpTopic> topics;
  int64_t records = 0;
  int64_t batches = 0;
  int64_t bytes = 0;                // of the whole file
  int64_t largest_batch_bytes = 0;  // serialized envelopes of the largest batch
  std::string sha256;               // the trailer's hash, hex
};

struct ExportOptions {
  // Topics to dump; empty: tertial's four (kLedgerTopic, ...), those that exist. A topic
  // named here that does not exist is NOT_FOUND.
  std::vector<std::string> topics;
  // Recorded in the header: where the dump comes from ("embedded /srv/tertial/log",
  // "kafka tertial-kafka-bootstrap:9093") and what wrote it ("tertial log export").
  std::string source;
  std::string writer = "tertial log export";
  // Called after each partition: topic, partition, records dumped from it.
  std::function<void(std::string_view topic, int partition, int64_t records)> progress;
};

// Dumps every committed record of the topics to `out`. Each partition is dumped up to the
// end it had when the export began (ends are taken downstream first: reporting, goals,
// forecast, ledger, so that an event derived from another never lands in the dump without
// it); a batch committed after that is left out whole. Every record must be an Envelope
// that serializes back to the same bytes, or the export fails (a backup that cannot be
// restored is found out now, not on the day it is needed).
absl::StatusOr<DumpSummary> ExportLog(EventLog& log, const ExportOptions& options,
                                      std::ostream& out);

// Reads the dump at `path` whole and checks it: every frame's CRC, the limits, the
// batches, that each record's key hashes to its partition, that each value is an Envelope
// that serializes back to the same bytes, and the trailer's counts and hash. Errors name
// the file, the byte offset and the frame.
absl::StatusOr<DumpSummary> VerifyDump(const std::string& path);

struct ImportOptions {
  // Refuse the dump, before writing anything, when one of its batches is larger than this
  // (KafkaLogOptions::max_batch_bytes of the log written to); 0: no limit.
  size_t max_batch_bytes = 0;
  // Called every few thousand records and at the end: records written so far, of total.
  std::function<void(int64_t written, int64_t total)> progress;
};

// Restores the dump at `path` into `log`, which must be empty:
//   1. VerifyDump: a damaged or truncated dump is refused and nothing is written;
//   2. the dump's topics that hold records must have its partition counts (Kafka: created
//      by the deployment; the embedded log creates them), and they and tertial's four
//      topics must hold no record: FAILED_PRECONDITION otherwise, and nothing is written;
//   3. each batch is appended as one batch, under its key, to the partition it came from;
//   4. every partition is read back and compared (records and their bytes) with the dump.
// A failure in 3 or 4 leaves a partly restored log: start again on an empty one.
absl::StatusOr<DumpSummary> ImportLog(EventLog& log, const std::string& path,
                                      const ImportOptions& options = {});

}  // namespace tertial::eventlog

#endif  // TERTIAL_EVENTLOG_LOG_DUMP_H_
