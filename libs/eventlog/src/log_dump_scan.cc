// Reading a log dump back: every frame, checksum and limit checked (VerifyDump), each
// record handed on (ImportLog).

#include <fstream>
#include <optional>
#include <set>

#include "log_dump_format.h"
#include "tertial/base/crc32c.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/key_coding.h"

namespace tertial::eventlog {
namespace dump {

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

}  // namespace dump

absl::StatusOr<DumpSummary> VerifyDump(const std::string& path) {
  return dump::ScanDump(path, nullptr);
}

}  // namespace tertial::eventlog
