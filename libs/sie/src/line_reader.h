#ifndef TERTIAL_SIE_SRC_LINE_READER_H_
#define TERTIAL_SIE_SRC_LINE_READER_H_

// Splits a ByteSource into lines through one fixed buffer, so that memory does not grow
// with the file. Lines end at LF; a CR before it is dropped. A line longer than the limit
// is reported (as too long) and skipped without being held.

#include <cstdint>
#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "tertial/sie/reader.h"

namespace tertial::sie::internal {

class LineReader final {
 public:
  // `source` must outlive the reader.
  LineReader(ByteSource* source, size_t max_line_bytes);
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  struct Line {
    std::string_view text;  // valid until the next call; empty if too_long
    int number = 0;         // 1-based
    bool too_long = false;
    bool had_cr = false;  // ended in CR LF
  };

  // The next line, or false at the end of the input. Fails only on I/O errors.
  absl::StatusOr<bool> Next(Line* line);

  int64_t bytes_consumed() const { return consumed_; }
  int line_number() const { return number_; }

 private:
  // Reads more input behind the unconsumed bytes; false at end of input.
  absl::StatusOr<bool> Fill();

  ByteSource* source_;
  size_t max_line_bytes_;
  size_t capacity_;
  std::unique_ptr<char[]> buffer_;
  size_t begin_ = 0;    // first unconsumed byte
  size_t end_ = 0;      // one past the last byte read
  size_t scanned_ = 0;  // bytes from begin_ known to hold no LF
  bool eof_ = false;
  int number_ = 0;
  int64_t consumed_ = 0;
};

}  // namespace tertial::sie::internal

#endif  // TERTIAL_SIE_SRC_LINE_READER_H_
