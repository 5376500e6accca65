// Writing a log dump (ExportLog): every topic's committed records, batch by batch, framed
// as log_dump_format.h describes.

#include "tertial/eventlog/log_dump.h"

#include <algorithm>
#include <ctime>
#include <optional>
#include <ostream>
#include <utility>

#include "log_dump_format.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/key_coding.h"

namespace tertial::eventlog {
namespace {

using dump::DefaultTopics;
using dump::FaithfulEnvelope;
using dump::FrameWriter;
using dump::HexToBytes;
using dump::kMagic;
using dump::kMagicBytes;
using dump::kMaxPartitions;
using dump::PutString;

std::string NowRfc3339() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace

absl::StatusOr<DumpSummary> ExportLog(EventLog& log, const ExportOptions& options,
                                      std::ostream& out) {
  const bool named = !options.topics.empty();
  struct Source {
    std::string name;
    int partitions = 0;
    std::vector<int64_t> ends;
  };
  std::vector<Source> sources;
  for (const std::string& topic : named ? options.topics : DefaultTopics()) {
    absl::StatusOr<int> partitions = log.Partitions(topic);
    if (absl::IsNotFound(partitions.status()) && !named) continue;
    if (!partitions.ok()) {
      return absl::Status(partitions.status().code(),
                          StrCat("topic ", topic, ": ", partitions.status().message()));
    }
    if (*partitions < 1 || *partitions > static_cast<int>(kMaxPartitions)) {
      return absl::OutOfRangeError(StrCat("topic ", topic, " has ", *partitions, " partitions"));
    }
    sources.push_back({.name = topic, .partitions = *partitions});
  }
  // Ends downstream first: reporting's end is taken before the topics it is derived from,
  // so that the dump never holds a derived event without its cause.
  for (auto source = sources.rbegin(); source != sources.rend(); ++source) {
    for (int p = 0; p < source->partitions; ++p) {
      absl::StatusOr<int64_t> end = log.EndOffset(source->name, p);
      if (!end.ok()) return end.status();
      source->ends.push_back(*end);
    }
  }

  DumpSummary summary{.version = kDumpVersion};
  summary.header = {
      {"writer", options.writer}, {"source", options.source}, {"created_at", NowRfc3339()}};
  FrameWriter writer(out);
  std::string head(kMagic, kMagicBytes);
  PutBigEndian32(&head, kDumpVersion);
  if (absl::Status s = writer.Raw(head); !s.ok()) return s;
  std::string header;
  PutBigEndian32(&header, static_cast<uint32_t>(summary.header.size()));
  for (const auto& [name, value] : summary.header) {
    PutString(&header, name);
    PutString(&header, value);
  }
  if (absl::Status s = writer.Frame('H', header); !s.ok()) return s;
  for (const Source& source : sources) {
    std::string body;
    PutString(&body, source.name);
    PutBigEndian32(&body, static_cast<uint32_t>(source.partitions));
    if (absl::Status s = writer.Frame('T', body); !s.ok()) return s;
    summary.topics.push_back({.name = source.name, .partitions = source.partitions});
  }

  uint64_t batch = 0;
  for (size_t t = 0; t < sources.size(); ++t) {
    const Source& source = sources[t];
    DumpTopic& topic = summary.topics[t];
    for (int p = 0; p < source.partitions; ++p) {
      const int64_t end = source.ends[p];
      int64_t from = 0;
      int64_t dumped = 0;
      // What tells this batch from the next: the commit offset, or where the log does not
      // know it (old embedded logs) the key and the correlation id of the command.
      std::optional<std::string> batch_identity;
      bool done = end == 0;
      int64_t batch_bytes = 0;
      while (!done) {
        absl::StatusOr<std::vector<Record>> records = log.Read(source.name, p, from, 1000);
        if (!records.ok()) {
          return absl::Status(
              records.status().code(),
              StrCat(source.name, "/", p, " at offset ", from, ": ", records.status().message()));
        }
        if (records->empty()) break;
        for (const Record& record : *records) {
          // A batch committed after the export began is left out whole: it lies at or past
          // the end taken then, or its commit point does. (Kafka's end is the last commit
          // marker's offset when that marker is the partition's last record, so a commit
          // point at `end` itself was there.)
          if (record.offset >= end || record.commit_offset > end) {
            done = true;
            break;
          }
          absl::StatusOr<Envelope> envelope = FaithfulEnvelope(record.value);
          if (!envelope.ok()) {
            return absl::DataLossError(StrCat(source.name, "/", p, " offset ", record.offset, ": ",
                                              envelope.status().message()));
          }
          std::string identity =
              record.commit_offset >= 0
                  ? StrCat("c", record.commit_offset)
                  : StrCat("k", record.key.size(), ":", record.key, envelope->correlation_id());
          if (!batch_identity || identity != *batch_identity) {
            batch_identity = std::move(identity);
            ++batch;
            ++topic.batches;
            ++summary.batches;
            batch_bytes = 0;
          }
          batch_bytes += static_cast<int64_t>(record.value.size());
          summary.largest_batch_bytes = std::max(summary.largest_batch_bytes, batch_bytes);
          std::string body;
          PutBigEndian32(&body, static_cast<uint32_t>(t));
          PutBigEndian32(&body, static_cast<uint32_t>(p));
          PutBigEndian64(&body, static_cast<uint64_t>(record.offset));
          PutBigEndian64(&body, batch);
          PutString(&body, record.key);
          PutString(&body, record.value);
          if (absl::Status s = writer.Frame('R', body); !s.ok()) return s;
          ++dumped;
          from = record.offset + 1;
        }
      }
      topic.records += dumped;
      summary.records += dumped;
      if (options.progress) options.progress(source.name, p, dumped);
    }
  }
  summary.sha256 = writer.FinishHash();
  std::string trailer;
  PutBigEndian32(&trailer, static_cast<uint32_t>(summary.topics.size()));
  PutBigEndian64(&trailer, static_cast<uint64_t>(summary.records));
  PutBigEndian64(&trailer, static_cast<uint64_t>(summary.batches));
  trailer.append(HexToBytes(summary.sha256));
  if (absl::Status s = writer.Frame('E', trailer, /*hashed=*/false); !s.ok()) return s;
  out.flush();
  if (!out) return absl::UnavailableError("cannot write the dump (disk full?)");
  summary.bytes = writer.bytes();
  return summary;
}

}  // namespace tertial::eventlog
