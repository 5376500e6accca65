#include "line_reader.h"

#include <algorithm>
#include <cstring>

namespace tertial::sie::internal {
namespace {

constexpr size_t kMinBuffer = 1 << 20;

}  // namespace

LineReader::LineReader(ByteSource* source, size_t max_line_bytes)
    : source_(source),
      max_line_bytes_(std::max<size_t>(max_line_bytes, 1)),
      capacity_(std::max(kMinBuffer, max_line_bytes_ + (64 << 10))),
      buffer_(new char[capacity_]) {}

absl::StatusOr<bool> LineReader::Fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
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
  bool skipping = false;  // inside a line that was too long
  for (;;) {
    const char* base = buffer_.get();
    const void* nl = std::memchr(base + begin_ + scanned_, '\n', end_ - begin_ - scanned_);
    if (nl != nullptr) {
      size_t stop = static_cast<const char*>(nl) - base;
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
      begin_ = stop + 1;
      scanned_ = 0;
      return true;
    }
    scanned_ = end_ - begin_;
    if (scanned_ > max_line_bytes_) {
      // Too long to keep: drop what we have and look for the end of the line.
      consumed_ += static_cast<int64_t>(scanned_);
      begin_ = end_ = scanned_ = 0;
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
      }
      begin_ = end_;
      scanned_ = 0;
      return true;
    }
  }
}

}  // namespace tertial::sie::internal
