#ifndef TERTIAL_SIE_WRITER_H_
#define TERTIAL_SIE_WRITER_H_

// Writes SIE files (types 1-4 and 4I, SIE 4B) from the same typed items the reader returns.
//
// Text in the items is UTF-8; the writer encodes it as CP437 ("PC8") and fails on a
// character CP437 does not have, rather than writing something else. Amounts are integer
// öre written as kronor with two decimals ("-1234.50"). Text fields are always quoted,
// codes and numbers only when they have to be; a quote inside a field is written \".
// With `checksum`, the writer adds the opening #KSUMMA (right after #FLAGGA, or first) and
// the closing #KSUMMA with the CRC-32 the specification defines.
//
//   std::string out;
//   auto sink = sie::StringSink(&out);
//   sie::Writer writer(sink.get(), {.checksum = true});
//   writer.Write(sie::Flagga{});
//   writer.Write(sie::SieTyp{"4"});
//   ...
//   absl::Status status = writer.Finish();
//
// The caller writes the records in the order the specification gives (flag, identification,
// chart of accounts, balances/vouchers); the writer checks each record, not the order.
// Memory does not grow with the file: output goes to the sink in blocks.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tertial/sie/checksum.h"
#include "tertial/sie/reader.h"

namespace tertial::sie {

// Where bytes go: a file, a string in a test, a gRPC stream.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual absl::Status Write(std::string_view data) = 0;
  // Flushes and releases the destination; called once by Writer::Finish.
  virtual absl::Status Close() { return absl::OkStatus(); }
};

// Creates (or truncates) `path`. Close() fails if any write or the final flush failed.
absl::StatusOr<std::unique_ptr<ByteSink>> CreateFile(const std::string& path);
// Appends to `*out`, which must outlive the sink.
std::unique_ptr<ByteSink> StringSink(std::string* out);

struct WriterOptions {
  // Add #KSUMMA records with the file's CRC-32.
  bool checksum = false;
  // End lines with CR LF instead of LF (both are valid SIE).
  bool crlf = false;
  // Refuse a #VER whose transactions do not sum to zero (the specification requires
  // balance). Off only to write deliberately broken files for tests.
  bool require_balanced_vouchers = true;
};

class Writer final {
 public:
  // `sink` must outlive the writer.
  explicit Writer(ByteSink* sink, WriterOptions options = {});
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Writes one record (a Voucher with its { } block). Fails, writing nothing of the record,
  // if a field cannot be written: a character outside CP437, a control character in text,
  // an empty account, an unbalanced voucher. A Ksumma item is refused: use
  // WriterOptions::checksum. A #FORMAT other than PC8 is refused.
  //
  // In a voucher, each #RTRANS is followed by its #TRANS copy, as the specification
  // requires; transactions marked `repeats_rtrans` are therefore not written again.
  absl::Status Write(const Item& item);

  // Writes the closing #KSUMMA (with `checksum`), flushes and closes the sink. Call once;
  // no Write afterwards.
  absl::Status Finish();

  // Bytes handed to the sink so far plus those buffered.
  int64_t bytes_written() const { return flushed_ + static_cast<int64_t>(buffer_.size()); }
  // Records written (a voucher counts its #VER and each transaction line).
  int64_t records_written() const { return records_; }

 private:
  class Record;
  absl::Status Emit(const Record& record);
  absl::Status FlushIfFull();

  ByteSink* sink_;
  WriterOptions options_;
  std::string buffer_;
  int64_t flushed_ = 0;
  int64_t records_ = 0;
  Crc32 crc_;
  bool started_ = false;  // the first record has been written
  bool summing_ = false;  // the opening #KSUMMA has been written
  bool finished_ = false;
  absl::Status sink_status_;
};

}  // namespace tertial::sie

#endif  // TERTIAL_SIE_WRITER_H_
