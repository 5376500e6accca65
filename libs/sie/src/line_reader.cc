#include "line_reader.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "fields.h"

namespace tertial::sie::internal {
namespace {

constexpr size_t kMinBuffer = 1 << 20;
using internal::kSplitPadding;

// The first LF in [p, p + n), or nullptr. Lines are short, so an inline 16-byte loop beats
// a call to memchr; it may read up to 15 bytes past p + n (the buffer has that padding).
inline const char* FindNewline(const char* p, size_t n) {
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n');
  for (size_t i = 0; i < n; i += 16) {
    unsigned bits = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), lf)));
    if (n - i < 16) bits &= (1u << (n - i)) - 1;
    if (bits != 0) return p + i + static_cast<unsigned>(__builtin_ctz(bits));
  }
  return nullptr;
#else
  return static_cast<const char*>(std::memchr(p, '\n', n));
#endif
}

}  // namespace

LineReader::LineReader(ByteSource* source, size_t max_line_bytes)
    : source_(source),
      max_line_bytes_(std::max<size_t>(max_line_bytes, 1)),
      capacity_(std::max(kMinBuffer, max_line_bytes_ + (64 << 10))),
      // Zeroed, with padding past the end for the field splitter's 16-byte loads.
      buffer_(new char[capacity_ + kSplitPadding]()) {}

absl::StatusOr<bool> LineReader::Fill() {
  if (eof_) return false;
  // Everything before the first byte still wanted goes; the rest moves to the front.
  const size_t from = retaining() ? keep_ : begin_;
  if (from > 0) {
    std::memmove(buffer_.get(), buffer_.get() + from, end_ - from);
    end_ -= from;
    begin_ -= from;
    if (retaining()) keep_ = 0;
    shift_ += from;
  }
  if (end_ == capacity_) return true;  // full: the caller handles the long line
  absl::StatusOr<size_t> n = source_->Read(buffer_.get() + end_, capacity_ - end_);
  if (!n.ok()) return n.status();
  if (*n == 0) {
    eof_ = true;
    return false;
  }
  end_ += *n;
  return true;
}

absl::StatusOr<bool> LineReader::Next(Line* line) {
  static_assert(kPadding == kSplitPadding);
  bool skipping = false;  // inside a line that was too long
  shift_ = 0;
  for (;;) {
    const char* base = buffer_.get();
    const char* nl = FindNewline(base + begin_ + scanned_, end_ - begin_ - scanned_);
    if (nl != nullptr) {
      size_t stop = static_cast<size_t>(nl - base);
      size_t length = stop - begin_;
      line->number = ++number_;
      consumed_ += static_cast<int64_t>(length + 1);
      if (skipping || length > max_line_bytes_) {
        line->text = {};
        line->too_long = true;
        line->had_cr = false;
      } else {
        line->had_cr = length > 0 && base[stop - 1] == '\r';
        line->text = std::string_view(base + begin_, length - (line->had_cr ? 1 : 0));
        line->too_long = false;
      }
      last_ = begin_;
      begin_ = stop + 1;
      scanned_ = 0;
      return true;
    }
    scanned_ = end_ - begin_;
    if (scanned_ > max_line_bytes_) {
      // Too long to keep: drop what we have of it and look for the end of the line.
      consumed_ += static_cast<int64_t>(scanned_);
      end_ = begin_;
      scanned_ = 0;
      skipping = true;
    }
    absl::StatusOr<bool> more = Fill();
    if (!more.ok()) return more.status();
    if (!*more) {
      // End of input: a last line without LF still counts.
      if (begin_ == end_ && !skipping) return false;
      size_t length = end_ - begin_;
      line->number = ++number_;
      consumed_ += static_cast<int64_t>(length);
      if (skipping || length > max_line_bytes_) {
        line->text = {};
        line->too_long = true;
        line->had_cr = false;
      } else {
        line->had_cr = length > 0 && base[end_ - 1] == '\r';
        line->text = std::string_view(buffer_.get() + begin_, length - (line->had_cr ? 1 : 0));
        line->too_long = false;
        buffer_[end_] = '\n';  // the terminator the line lacks (the padding has room)
      }
      last_ = begin_;
      begin_ = end_;
      scanned_ = 0;
      return true;
    }
  }
}

}  // namespace tertial::sie::internal
