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

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tertial/sie/reader.h"

namespace tertial::sie::internal {

// The LFs among the 64 bytes at p, as bits (bit i: p[i]).
inline uint64_t NewlinesOf64(const char* p) {
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n');
  const auto bits16 = [&lf](const char* q) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
    return static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, lf))));
  };
  return bits16(p) | bits16(p + 16) << 16 | bits16(p + 32) << 32 | bits16(p + 48) << 48;
#else
  uint64_t bits = 0;
  for (int i = 0; i < 64; ++i) bits |= static_cast<uint64_t>(p[i] == '\n') << i;
  return bits;
#endif
}

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

  // The next line, or false at the end of the input or on an I/O error (then status() says
  // which). Most lines are found in the mask of line ends already searched, inline.
  bool Next(Line* line) {
    shift_ = 0;
    // While 64 more bytes have been read, their line ends are found here; the last bytes
    // of what was read take NextSlow.
    while (newlines_ == 0 && end_ - searched_ >= 64) {
      window_ = searched_;
      newlines_ = NewlinesOf64(buffer_.get() + window_);
      searched_ += 64;
    }
    if (newlines_ != 0) [[likely]] {
      const size_t stop = window_ + static_cast<size_t>(__builtin_ctzll(newlines_));
      newlines_ &= newlines_ - 1;
      const size_t length = stop - begin_;
      if (length <= max_line_bytes_) [[likely]] {
        const char* base = buffer_.get();
        line->number = ++number_;
        consumed_ += static_cast<int64_t>(length + 1);
        line->had_cr = length > 0 && base[stop - 1] == '\r';
        line->text = std::string_view(base + begin_, length - (line->had_cr ? 1 : 0));
        line->too_long = false;
        last_ = begin_;
        begin_ = stop + 1;
        return true;
      }
      return LineAt(stop, false, line);
    }
    return NextSlow(line);
  }
  const absl::Status& status() const { return status_; }

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
  // The offset of the next LF at or after begin_ and before end_, or kNone.
  size_t FindNewline();
  // Next when the mask has no line end: searches on, refills.
  bool NextSlow(Line* line);
  // Returns the line that ends (with its LF) at `stop`.
  bool LineAt(size_t stop, bool skipping, Line* line);

  static constexpr size_t kNotKept = ~size_t{0};
  static constexpr size_t kNone = ~size_t{0};
  // Past the end of the buffer: the 64-byte line search and kSplitPadding.
  static constexpr size_t kPadding = 64;

  ByteSource* source_;
  size_t max_line_bytes_;
  size_t capacity_;
  std::unique_ptr<char[]> buffer_;
  size_t begin_ = 0;  // first unconsumed byte
  size_t end_ = 0;    // one past the last byte read
  // The line search: LFs of [window_, searched_) not yet handed out, as bits from window_;
  // there is no other LF in [begin_, searched_).
  size_t window_ = 0;
  size_t searched_ = 0;
  uint64_t newlines_ = 0;
  size_t last_ = 0;  // start of the line last returned
  size_t keep_ = kNotKept;
  size_t shift_ = 0;
  bool eof_ = false;
  absl::Status status_;
  int number_ = 0;
  int64_t consumed_ = 0;
};

}  // namespace tertial::sie::internal

#endif  // TERTIAL_SIE_SRC_LINE_READER_H_
