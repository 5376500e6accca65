#include "tertial/eventlog/log_dump.h"

#include <algorithm>
#include <ctime>
#include <fstream>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <utility>

#include "tertial/base/crc32c.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/eventlog/key_coding.h"

namespace tertial::eventlog {
namespace {

constexpr char kMagic[] = "TERTDUMP";
constexpr size_t kMagicBytes = 8;
constexpr uint32_t kMaxBodyBytes = 64u << 20;
constexpr uint32_t kMaxKeyBytes = 1u << 20;
constexpr uint32_t kMaxTopicBytes = 249;
constexpr uint32_t kMaxPartitions = 1024;
constexpr uint32_t kMaxHeaderPairs = 64;
constexpr size_t kFrameOverhead = 9;  // type, length, crc

const std::vector<std::string>& DefaultTopics() {
  static const std::vector<std::string> kTopics = {
      std::string(kLedgerTopic), std::string(kForecastTopic), std::string(kGoalsTopic),
      std::string(kReportingTopic)};
  return kTopics;
}

void PutString(std::string* out, std::string_view s) {
  PutBigEndian32(out, static_cast<uint32_t>(s.size()));
  out->append(s);
}

std::string HexToBytes(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    out.push_back(static_cast<char>(nibble(hex[i]) << 4 | nibble(hex[i + 1])));
  }
  return out;
}

std::string BytesToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xf]);
  }
  return out;
}

std::string NowRfc3339() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// Whether `value` is an Envelope that serializes back to exactly these bytes: what a
// restore writes (BatchWriter::Add serializes the parsed envelope) is then what was dumped.
absl::StatusOr<Envelope> FaithfulEnvelope(std::string_view value) {
  Envelope envelope;
  if (!envelope.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    return absl::DataLossError("the value is not an Envelope");
  }
  std::string again;
  if (!envelope.SerializeToString(&again) || again != value) {
    return absl::DataLossError(
        "the Envelope does not serialize back to the same bytes, so a restore would change it");
  }
  return envelope;
}

// Writes frames and keeps the hash of everything written for the trailer.
class FrameWriter {
 public:
  explicit FrameWriter(std::ostream& out) : out_(out) {}

  absl::Status Raw(std::string_view bytes, bool hashed = true) {
    out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out_) return absl::UnavailableError("cannot write the dump (disk full?)");
    if (hashed) hash_.Update(bytes);
    bytes_ += static_cast<int64_t>(bytes.size());
    return absl::OkStatus();
  }

  absl::Status Frame(char type, std::string_view body, bool hashed = true) {
    std::string frame(1, type);
    PutBigEndian32(&frame, static_cast<uint32_t>(body.size()));
    frame.append(body);
    PutBigEndian32(&frame, Crc32c(frame));
    return Raw(frame, hashed);
  }

  std::string FinishHash() { return hash_.FinishHex(); }
  int64_t bytes() const { return bytes_; }

 private:
  std::ostream& out_;
  Sha256 hash_;
  int64_t bytes_ = 0;
};

// Reads the fields of one frame's body; false when it is too short.
class BodyReader {
 public:
  explicit BodyReader(std::string_view body) : body_(body) {}
  bool U32(uint32_t* v) {
    if (body_.size() < 4) return false;
    *v = GetBigEndian32(body_.data());
    body_.remove_prefix(4);
    return true;
  }
  bool U64(uint64_t* v) {
    if (body_.size() < 8) return false;
    *v = GetBigEndian64(body_.data());
    body_.remove_prefix(8);
    return true;
  }
  bool String(uint32_t max, std::string_view* s) {
    uint32_t size = 0;
    if (!U32(&size) || size > max || size > body_.size()) return false;
    *s = body_.substr(0, size);
    body_.remove_prefix(size);
    return true;
  }
  bool Bytes(size_t size, std::string_view* s) {
    if (body_.size() < size) return false;
    *s = body_.substr(0, size);
    body_.remove_prefix(size);
    return true;
  }
  bool done() const { return body_.empty(); }

 private:
  std::string_view body_;
};

// One record of a dump, as the scan hands it on.
struct DumpRecord {
  const DumpTopic* topic = nullptr;
  int partition = 0;
  int64_t offset = 0;
  uint64_t batch = 0;
  std::string_view key;
  std::string_view value;
  const Envelope* envelope = nullptr;
};

using RecordFn = std::function<absl::Status(const DumpRecord&)>;

// Reads the dump at `path` from the start, checking everything VerifyDump promises, and
// hands each record to `on_record` (which may stop the scan with an error).
absl::StatusOr<DumpSummary> ScanDump(const std::string& path, const RecordFn& on_record) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat("cannot open ", path));
  DumpSummary summary;
  int64_t position = 0;
  int64_t frame_number = 0;
  auto damaged = [&](std::string_view what) {
    return absl::DataLossError(
        StrCat(path, ": frame ", frame_number, " at byte ", position, ": ", what));
  };
  Sha256 hash;
  std::string head(kMagicBytes + 4, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  if (in.gcount() != static_cast<std::streamsize>(head.size()) ||
      head.compare(0, kMagicBytes, kMagic) != 0) {
    return absl::InvalidArgumentError(
        StrCat(path, ": not a tertial log dump (it does not start with ", kMagic, ")"));
  }
  summary.version = GetBigEndian32(head.data() + kMagicBytes);
  if (summary.version != kDumpVersion) {
    return absl::FailedPreconditionError(
        StrCat(path, ": dump format version ", summary.version, "; this tertial reads version ",
               kDumpVersion, (summary.version > kDumpVersion ? " (use a newer tertial)" : "")));
  }
  hash.Update(head);
  position = static_cast<int64_t>(head.size());

  std::set<std::string> topic_names;
  bool header_seen = false;
  bool trailer_seen = false;
  // The previous record, for the ordering and batch rules.
  std::optional<std::pair<uint32_t, uint32_t>> last_place;  // topic index, partition
  int64_t last_offset = 0;
  uint64_t last_batch = 0;
  std::string batch_key;
  int64_t batch_bytes = 0;
  std::string body;
  while (!trailer_seen) {
    ++frame_number;
    std::string frame_head(5, '\0');
    in.read(frame_head.data(), 5);
    if (in.gcount() == 0) return damaged("the file ends without a trailer: it is truncated");
    if (in.gcount() != 5) return damaged("the file ends inside a frame: it is truncated");
    const char type = frame_head[0];
    const uint32_t length = GetBigEndian32(frame_head.data() + 1);
    if (length > kMaxBodyBytes) {
      return damaged(StrCat("a frame of ", length, " bytes (at most ", kMaxBodyBytes,
                            "): the file is damaged"));
    }
    body.resize(length);
    in.read(body.data(), length);
    std::string crc_bytes(4, '\0');
    if (in.gcount() == static_cast<std::streamsize>(length)) in.read(crc_bytes.data(), 4);
    if (!in) return damaged("the file ends inside a frame: it is truncated");
    const uint32_t stored = GetBigEndian32(crc_bytes.data());
    const uint32_t computed = Crc32c(body, Crc32c(frame_head));
    if (stored != computed) {
      return damaged(StrCat("checksum mismatch (stored ", stored, ", computed ", computed,
                            "): the file is damaged"));
    }
    if (type != 'E') {
      hash.Update(frame_head);
      hash.Update(body);
      hash.Update(crc_bytes);
    }
    BodyReader reader(body);
    if (!header_seen && type != 'H') return damaged("expected the header frame 'H' first");
    switch (type) {
      case 'H': {
        if (header_seen) return damaged("a second header frame");
        header_seen = true;
        uint32_t pairs = 0;
        if (!reader.U32(&pairs) || pairs > kMaxHeaderPairs) return damaged("bad header frame");
        for (uint32_t i = 0; i < pairs; ++i) {
          std::string_view name, value;
          if (!reader.String(4096, &name) || !reader.String(4096, &value)) {
            return damaged("bad header frame");
          }
          summary.header[std::string(name)] = std::string(value);
        }
        break;
      }
      case 'T': {
        if (last_place) return damaged("a topic frame after the first record");
        std::string_view name;
        uint32_t partitions = 0;
        if (!reader.String(kMaxTopicBytes, &name) || !reader.U32(&partitions) || name.empty() ||
            name.find('\0') != std::string_view::npos) {
          return damaged("bad topic frame");
        }
        if (partitions < 1 || partitions > kMaxPartitions) {
          return damaged(StrCat("topic ", name, " with ", partitions, " partitions (1 to ",
                                kMaxPartitions, ")"));
        }
        if (!topic_names.insert(std::string(name)).second) {
          return damaged(StrCat("topic ", name, " twice"));
        }
        summary.topics.push_back(
            {.name = std::string(name), .partitions = static_cast<int>(partitions)});
        break;
      }
      case 'R': {
        uint32_t topic_index = 0, partition = 0;
        uint64_t offset = 0, batch = 0;
        std::string_view key, value;
        if (!reader.U32(&topic_index) || !reader.U32(&partition) || !reader.U64(&offset) ||
            !reader.U64(&batch) || !reader.String(kMaxKeyBytes, &key) ||
            !reader.String(kMaxBodyBytes, &value) || !reader.done()) {
          return damaged("bad record frame");
        }
        if (topic_index >= summary.topics.size()) {
          return damaged(StrCat("a record of topic index ", topic_index, ", of ",
                                summary.topics.size(), " topics"));
        }
        DumpTopic& topic = summary.topics[topic_index];
        if (partition >= static_cast<uint32_t>(topic.partitions)) {
          return damaged(StrCat("a record of ", topic.name, " partition ", partition, ", of ",
                                topic.partitions));
        }
        if (KeyHash(key) % static_cast<uint32_t>(topic.partitions) != partition) {
          return damaged(StrCat("key '", key, "' belongs to partition ",
                                KeyHash(key) % static_cast<uint32_t>(topic.partitions), " of ",
                                topic.name, ", not ", partition));
        }
        std::pair<uint32_t, uint32_t> place{topic_index, partition};
        if (last_place && place < *last_place) {
          return damaged(
              StrCat("a record of ", topic.name, "/", partition, " after a later partition's"));
        }
        if (last_place && place == *last_place && static_cast<int64_t>(offset) <= last_offset) {
          return damaged(StrCat("offset ", offset, " of ", topic.name, "/", partition,
                                " after offset ", last_offset));
        }
        const bool new_batch = batch != last_batch;
        if (new_batch) {
          if (batch != last_batch + 1) {
            return damaged(StrCat("batch ", batch, " follows batch ", last_batch));
          }
          batch_key.assign(key);
          batch_bytes = 0;
          ++topic.batches;
          ++summary.batches;
        } else if (place != *last_place || key != batch_key) {
          return damaged(StrCat("batch ", batch, " spans two partitions or keys"));
        }
        absl::StatusOr<Envelope> envelope = FaithfulEnvelope(value);
        if (!envelope.ok()) {
          return damaged(StrCat(topic.name, "/", partition, " offset ", offset, ": ",
                                envelope.status().message()));
        }
        batch_bytes += static_cast<int64_t>(value.size());
        summary.largest_batch_bytes = std::max(summary.largest_batch_bytes, batch_bytes);
        last_place = place;
        last_offset = static_cast<int64_t>(offset);
        last_batch = batch;
        ++topic.records;
        ++summary.records;
        if (on_record) {
          absl::Status s = on_record({.topic = &topic,
                                      .partition = static_cast<int>(partition),
                                      .offset = static_cast<int64_t>(offset),
                                      .batch = batch,
                                      .key = key,
                                      .value = value,
                                      .envelope = &*envelope});
          if (!s.ok()) return s;
        }
        break;
      }
      case 'E': {
        uint32_t topics = 0;
        uint64_t records = 0, batches = 0;
        std::string_view digest;
        if (!reader.U32(&topics) || !reader.U64(&records) || !reader.U64(&batches) ||
            !reader.Bytes(32, &digest) || !reader.done()) {
          return damaged("bad trailer frame");
        }
        if (topics != summary.topics.size() || static_cast<int64_t>(records) != summary.records ||
            static_cast<int64_t>(batches) != summary.batches) {
          return damaged(StrCat("the trailer counts ", topics, " topics, ", records,
                                " records and ", batches, " batches; the file holds ",
                                summary.topics.size(), ", ", summary.records, " and ",
                                summary.batches));
        }
        summary.sha256 = BytesToHex(digest);
        std::string file_hash = hash.FinishHex();
        if (file_hash != summary.sha256) {
          return damaged(
              StrCat("the trailer's SHA-256 ", summary.sha256, " is not the file's ", file_hash));
        }
        trailer_seen = true;
        break;
      }
      default:
        return damaged(
            StrCat("unknown frame type ", static_cast<int>(static_cast<unsigned char>(type))));
    }
    if (!reader.done()) return damaged("trailing bytes in a frame");
    position += static_cast<int64_t>(kFrameOverhead + length);
  }
  char extra;
  if (in.read(&extra, 1); in.gcount() != 0) {
    ++frame_number;
    return damaged("bytes after the trailer");
  }
  summary.bytes = position;
  return summary;
}

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

absl::StatusOr<DumpSummary> VerifyDump(const std::string& path) { return ScanDump(path, nullptr); }

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
