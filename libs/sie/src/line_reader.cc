#include "line_reader.h"

#include <algorithm>
#include <cstring>

#include "fields.h"

namespace tertial::sie::internal {
namespace {

constexpr size_t kMinBuffer = 1 << 20;

}  // namespace

LineReader::LineReader(ByteSource* source, size_t max_line_bytes)
    : source_(source),
      max_line_bytes_(std::max<size_t>(max_line_bytes, 1)),
      capacity_(std::max(kMinBuffer, max_line_bytes_ + (64 << 10))),
      // Zeroed, with padding past the end for the 64-byte line search and the field
      // splitter's 16-byte loads.
      buffer_(new char[capacity_ + kPadding]()) {}

size_t LineReader::FindNewline() {
  for (;;) {
    if (newlines_ != 0) {
      const size_t at = window_ + static_cast<size_t>(__builtin_ctzll(newlines_));
      newlines_ &= newlines_ - 1;
      return at;
    }
    if (searched_ >= end_) return kNone;
    window_ = searched_;
    const size_t n = std::min<size_t>(64, end_ - window_);
    newlines_ =
        NewlinesOf64(buffer_.get() + window_) & (n == 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1);
    searched_ = window_ + n;
  }
}

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
  // [begin_, end_) has no LF (that is why it is filled): the search goes on from end_.
  newlines_ = 0;
  searched_ = end_;
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

bool LineReader::LineAt(size_t stop, bool skipping, Line* line) {
  const char* base = buffer_.get();
  const size_t length = stop - begin_;
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
  return true;
}

bool LineReader::NextSlow(Line* line) {
  static_assert(kPadding >= kSplitPadding);
  bool skipping = false;  // inside a line that was too long
  for (;;) {
    const size_t stop = FindNewline();
    if (stop != kNone) return LineAt(stop, skipping, line);
    if (end_ - begin_ > max_line_bytes_) {
      // Too long to keep: drop what we have of it and look for the end of the line.
      consumed_ += static_cast<int64_t>(end_ - begin_);
      end_ = begin_;
      searched_ = end_;
      skipping = true;
    }
    absl::StatusOr<bool> more = Fill();
    if (!more.ok()) {
      status_ = more.status();
      return false;
    }
    if (!*more) {
      // End of input: a last line without LF still counts.
      if (begin_ == end_ && !skipping) return false;
      const size_t length = end_ - begin_;
      line->number = ++number_;
      consumed_ += static_cast<int64_t>(length);
      if (skipping || length > max_line_bytes_) {
        line->text = {};
        line->too_long = true;
        line->had_cr = false;
      } else {
        line->had_cr = length > 0 && buffer_[end_ - 1] == '\r';
        line->text = std::string_view(buffer_.get() + begin_, length - (line->had_cr ? 1 : 0));
        line->too_long = false;
        buffer_[end_] = '\n';  // the terminator the line lacks (the padding has room)
      }
      last_ = begin_;
      begin_ = end_;
      searched_ = end_;
      return true;
    }
  }
}

}  // namespace tertial::sie::internal
