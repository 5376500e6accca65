#ifndef TERTIAL_EVENTLOG_LOG_DUMP_FORMAT_H_
#define TERTIAL_EVENTLOG_LOG_DUMP_FORMAT_H_

// The framing of a log dump (tertial/eventlog/log_dump.h) that its writer (ExportLog,
// log_dump.cc), its reader (ScanDump, log_dump_scan.cc) and its restore (ImportLog,
// log_dump_import.cc) share: the limits, the frames and the walk over a dump's records.
// Internal to libs/eventlog.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tertial/base/hash.h"
#include "tertial/eventlog/log_dump.h"

namespace tertial::eventlog::dump {

inline constexpr char kMagic[] = "TERTDUMP";
inline constexpr size_t kMagicBytes = 8;
inline constexpr uint32_t kMaxBodyBytes = 64u << 20;
inline constexpr uint32_t kMaxKeyBytes = 1u << 20;
inline constexpr uint32_t kMaxTopicBytes = 249;
inline constexpr uint32_t kMaxPartitions = 1024;
inline constexpr uint32_t kMaxHeaderPairs = 64;
inline constexpr size_t kFrameOverhead = 9;  // type, length, crc

// The four services' topics: what a dump holds when no topic is named.
const std::vector<std::string>& DefaultTopics();

// A big-endian 32-bit length, then the bytes.
void PutString(std::string* out, std::string_view s);
std::string HexToBytes(std::string_view hex);
std::string BytesToHex(std::string_view bytes);

// Whether `value` is an Envelope that serializes back to exactly these bytes: what a
// restore writes (BatchWriter::Add serializes the parsed envelope) is then what was dumped.
absl::StatusOr<Envelope> FaithfulEnvelope(std::string_view value);

// Writes frames and keeps the hash of everything written for the trailer. `out` must
// outlive the writer.
class FrameWriter {
 public:
  explicit FrameWriter(std::ostream& out) : out_(out) {}

  absl::Status Raw(std::string_view bytes, bool hashed = true);
  absl::Status Frame(char type, std::string_view body, bool hashed = true);

  std::string FinishHash() { return hash_.FinishHex(); }
  int64_t bytes() const { return bytes_; }

 private:
  std::ostream& out_;
  Sha256 hash_;
  int64_t bytes_ = 0;
};

// Reads the fields of one frame's body; false when it is too short. The body must outlive
// the reader.
class BodyReader {
 public:
  explicit BodyReader(std::string_view body) : body_(body) {}
  bool U32(uint32_t* v);
  bool U64(uint64_t* v);
  bool String(uint32_t max, std::string_view* s);
  bool Bytes(size_t size, std::string_view* s);
  bool done() const { return body_.empty(); }

 private:
  std::string_view body_;
};

// One record of a dump, as the scan hands it on; valid during the call.
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
// hands each record to `on_record` (null: none; it may stop the scan with an error).
absl::StatusOr<DumpSummary> ScanDump(const std::string& path, const RecordFn& on_record);

}  // namespace tertial::eventlog::dump

#endif  // TERTIAL_EVENTLOG_LOG_DUMP_FORMAT_H_
