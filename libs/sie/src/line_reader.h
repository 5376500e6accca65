#ifndef TERTIAL_SIE_SRC_LINE_READER_H_
#define TERTIAL_SIE_SRC_LINE_READER_H_

// Splits a ByteSource into lines through one fixed buffer, so that memory does not grow
// with the file. Lines end at LF; a CR before it is dropped. A line longer than the limit
// is reported (as too long) and skipped without being held.
//
// The reader may ask for the lines of a voucher to be retained, so that views into them
// outlive the next call: the retained bytes stay in the buffer, but a refill moves them to
// its front (by shift()), and the caller rebases its views.

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
    // Valid until the next call; empty if too_long. The byte after it is the line's CR or
    // LF (a LF is written after a last line that has none), and kSplitPadding bytes after
    // it are readable: scanners may run to the terminator without checking the length.
    std::string_view text;
    int number = 0;  // 1-based
    bool too_long = false;
    bool had_cr = false;  // ended in CR LF
  };

  // The next line, or false at the end of the input. Fails only on I/O errors.
  absl::StatusOr<bool> Next(Line* line);

  int64_t bytes_consumed() const { return consumed_; }
  int line_number() const { return number_; }

  // Keeps the bytes from the start of the line last returned (RetainLast) or of the next
  // one (RetainNext) in the buffer, until Release. The caller must keep retained_bytes()
  // below retain_limit() before each Next, or the buffer could not take a line.
  void RetainLast() { keep_ = last_; }
  void RetainNext() { keep_ = begin_; }
  void Release() { keep_ = kNotKept; }
  bool retaining() const { return keep_ != kNotKept; }
  size_t retained_bytes() const { return retaining() ? begin_ - keep_ : 0; }
  size_t retain_limit() const { return (capacity_ - max_line_bytes_) / 2; }
  // How far the last Next moved the retained bytes towards the front of the buffer (0 if
  // it did not): a view p into them is now at p - shift().
  size_t shift() const { return shift_; }
  // Whether `p` points into the buffer (a view of a line, retained or not).
  bool Holds(const char* p) const {
    return p >= buffer_.get() && p < buffer_.get() + capacity_ + kPadding;
  }

 private:
  // Reads more input behind the unconsumed bytes; false at end of input.
  absl::StatusOr<bool> Fill();

  static constexpr size_t kNotKept = ~size_t{0};
  static constexpr size_t kPadding = 16;  // kSplitPadding

  ByteSource* source_;
  size_t max_line_bytes_;
  size_t capacity_;
  std::unique_ptr<char[]> buffer_;
  size_t begin_ = 0;    // first unconsumed byte
  size_t end_ = 0;      // one past the last byte read
  size_t scanned_ = 0;  // bytes from begin_ known to hold no LF
  size_t last_ = 0;     // start of the line last returned
  size_t keep_ = kNotKept;
  size_t shift_ = 0;
  bool eof_ = false;
  int number_ = 0;
  int64_t consumed_ = 0;
};

}  // namespace tertial::sie::internal

#endif  // TERTIAL_SIE_SRC_LINE_READER_H_
