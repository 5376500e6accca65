// The path most lines of a ledger take: a #TRANS (or #RTRANS, #BTRANS) in a voucher block,
// or a #VER, whose fields need no unescaping and are all well-formed. It reads the line in one
// pass, without splitting it into a field list first, and takes its fields straight into the
// voucher. Anything else - an escape, a control character, an unusual amount or date, a
// missing object list, extra fields, an #RTRANS copy to compare - makes it return false
// before it has changed anything, and the general path (Split, HandleTransaction) reads the
// line instead, with its diagnostics. The two give the same result for every line the fast
// path takes; reader_fast_test.cc compares them.

#include <atomic>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "reader_impl.h"
#include "scan.h"
#include "values.h"

namespace tertial::sie {
namespace internal {
namespace {

std::atomic<bool> fast_paths{true};

}  // namespace

void SetFastPathsForTesting(bool enabled) { fast_paths = enabled; }
bool FastPathsEnabled() { return fast_paths; }

}  // namespace internal

namespace {

using Token = internal::RawField;

enum class Lexed : uint8_t { kValue, kOpen, kClose, kEnd, kGiveUp };

// Fields of one line, by the rules of FieldSplitter::Split; gives up (kGiveUp) where Split
// would fail, warn or have to unescape. The line must end in its CR or LF (LineReader's
// lines do): the scans stop there.
class Lexer {
 public:
  // `p` must not be a blank (the caller has skipped them).
  Lexer(const char* p, const char* end) : p_(p), end_(end) {}

  // Between calls the lexer stands on the first byte after the blanks that follow a field.
  [[gnu::always_inline]] Lexed Next(Token* t) {
    if (p_ >= end_) return in_list_ ? Lexed::kGiveUp : Lexed::kEnd;
    const unsigned char c = static_cast<unsigned char>(*p_);
    if (c == '"') return Quoted(t);
    if (c == '{') {
      if (in_list_) return Lexed::kGiveUp;
      in_list_ = true;
      ++p_;
      SkipBlanks();
      return Lexed::kOpen;
    }
    if (c == '}') {
      if (!in_list_) return Lexed::kGiveUp;
      in_list_ = false;
      ++p_;
      SkipBlanks();
      return Lexed::kClose;
    }
    if (c < 0x20 || c == 0x7F) return Lexed::kGiveUp;
    return Bare(t);
  }

 private:
  void SkipBlanks() {
    while (*p_ == ' ' || *p_ == '\t') ++p_;
  }

  // A bare field: where it ends and where the next one starts, from one 16-byte load when
  // both are within it (fields are short, and one blank between them is usual).
  [[gnu::always_inline]] Lexed Bare(Token* t) {
#if defined(__SSE2__)
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p_));
    const __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x20)), x);
    const __m128i stop = _mm_or_si128(
        _mm_or_si128(low, _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F))),
        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('{')), _mm_cmpeq_epi8(x, _mm_set1_epi8('}'))));
    const unsigned stops = static_cast<unsigned>(_mm_movemask_epi8(stop));
    if (stops != 0) [[likely]] {
      const unsigned n = static_cast<unsigned>(__builtin_ctz(stops));
      const unsigned high = static_cast<unsigned>(_mm_movemask_epi8(x)) & ((1u << n) - 1);
      *t = {p_, n, high != 0};
      const __m128i blank = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')),
                                         _mm_cmpeq_epi8(x, _mm_set1_epi8('\t')));
      const unsigned after = ~static_cast<unsigned>(_mm_movemask_epi8(blank)) & (0xFFFFu << n);
      if (after != 0) [[likely]] {
        p_ += __builtin_ctz(after);
      } else {
        p_ += 16;
        SkipBlanks();
      }
      return Lexed::kValue;
    }
#endif
    bool high = false;
    const size_t n = internal::ScanBareToEnd(p_, &high);
    *t = {p_, static_cast<uint32_t>(n), high};
    p_ += n;
    SkipBlanks();
    return Lexed::kValue;
  }

  [[gnu::always_inline]] Lexed Quoted(Token* t) {
    const char* const start = ++p_;
    bool high = false;
    for (;;) {
      p_ += internal::ScanQuotedToEnd(p_, &high);
      if (p_ >= end_) return Lexed::kGiveUp;  // no closing quote
      if (*p_ == '"') break;
      if (*p_ != '\\') return Lexed::kGiveUp;  // a control character
      // \" and \\ are escapes, to be undone by Split; any other backslash is itself.
      if (p_ + 1 < end_ && (p_[1] == '"' || p_[1] == '\\')) return Lexed::kGiveUp;
      ++p_;
    }
    *t = {start, static_cast<uint32_t>(p_ - start), high};
    ++p_;
    SkipBlanks();
    return Lexed::kValue;
  }

  const char* p_;
  const char* const end_;
  bool in_list_ = false;
};

// The same fields for a line of fewer than 64 bytes, from masks of the whole line computed
// at once: finding where a field ends and the next begins is then a shift and a count of
// zeros on a register, not a load that waits for the field before it.
class LineLexer {
 public:
  static constexpr size_t kMaxBytes = 63;

  // `line` (at most kMaxBytes, its first byte not a blank) is followed by its CR or LF and
  // by 64 readable bytes.
  explicit LineLexer(std::string_view line)
      : p_(line.data()), size_(static_cast<unsigned>(line.size())) {
#if defined(__SSE2__)
    uint64_t stops = 0;
    uint64_t blanks = 0;
    uint64_t quoted_stops = 0;
    uint64_t high = 0;
    for (int i = 0; i < 4; ++i) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p_ + 16 * i));
      const __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x20)), x);
      const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1F)), x);
      const __m128i del = _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F));
      const __m128i brace = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('{')),
                                         _mm_cmpeq_epi8(x, _mm_set1_epi8('}')));
      const __m128i quote = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
                                         _mm_cmpeq_epi8(x, _mm_set1_epi8('\\')));
      const __m128i blank = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')),
                                         _mm_cmpeq_epi8(x, _mm_set1_epi8('\t')));
      const auto bits = [](__m128i m) {
        return static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(m)));
      };
      stops |= bits(_mm_or_si128(_mm_or_si128(low, del), brace)) << (16 * i);
      quoted_stops |= bits(_mm_or_si128(_mm_or_si128(control, del), quote)) << (16 * i);
      blanks |= bits(blank) << (16 * i);
      high |= bits(x) << (16 * i);
    }
#else
    uint64_t stops = 0, blanks = 0, quoted_stops = 0, high = 0;
    for (unsigned i = 0; i < 64; ++i) {
      const unsigned char c = static_cast<unsigned char>(p_[i]);
      const uint64_t bit = uint64_t{1} << i;
      if (c <= 0x20 || c == '{' || c == '}' || c == 0x7F) stops |= bit;
      if (c < 0x20 || c == '"' || c == '\\' || c == 0x7F) quoted_stops |= bit;
      if (c == ' ' || c == '\t') blanks |= bit;
      if (c >= 0x80) high |= bit;
    }
#endif
    // Only the line counts; its end stops every field.
    const uint64_t line_bits = (uint64_t{1} << size_) - 1;
    const uint64_t end = uint64_t{1} << size_;
    stops_ = (stops & line_bits) | end;
    quoted_stops_ = (quoted_stops & line_bits) | end;
    not_blank_ = ~(blanks & line_bits);
    high_ = high & line_bits;
  }

  [[gnu::always_inline]] Lexed Next(Token* t) {
    if (at_ >= size_) return in_list_ ? Lexed::kGiveUp : Lexed::kEnd;
    const unsigned char c = static_cast<unsigned char>(p_[at_]);
    if (c == '"') return Quoted(t);
    if (c == '{') {
      if (in_list_) return Lexed::kGiveUp;
      in_list_ = true;
      at_ = NotBlank(at_ + 1);
      return Lexed::kOpen;
    }
    if (c == '}') {
      if (!in_list_) return Lexed::kGiveUp;
      in_list_ = false;
      at_ = NotBlank(at_ + 1);
      return Lexed::kClose;
    }
    if (c < 0x20 || c == 0x7F) return Lexed::kGiveUp;
    const unsigned end = at_ + static_cast<unsigned>(__builtin_ctzll(stops_ >> at_));
    *t = {p_ + at_, end - at_, High(at_, end)};
    at_ = NotBlank(end);
    return Lexed::kValue;
  }

 private:
  // The first position at or after `from` (at most size_) that is not a blank.
  unsigned NotBlank(unsigned from) const {
    return from + static_cast<unsigned>(__builtin_ctzll(not_blank_ >> from));
  }
  bool High(unsigned from, unsigned to) const {
    return ((high_ >> from) & ((uint64_t{1} << (to - from)) - 1)) != 0;
  }

  [[gnu::always_inline]] Lexed Quoted(Token* t) {
    const unsigned start = at_ + 1;
    unsigned end = start;
    for (;;) {
      end += static_cast<unsigned>(__builtin_ctzll(quoted_stops_ >> end));
      if (end >= size_) return Lexed::kGiveUp;  // no closing quote
      if (p_[end] == '"') break;
      if (p_[end] != '\\') return Lexed::kGiveUp;  // a control character
      // \" and \\ are escapes, to be undone by Split; any other backslash is itself.
      if (end + 1 < size_ && (p_[end + 1] == '"' || p_[end + 1] == '\\')) return Lexed::kGiveUp;
      ++end;
    }
    *t = {p_ + start, end - start, High(start, end)};
    at_ = NotBlank(end + 1);
    return Lexed::kValue;
  }

  const char* p_;
  unsigned size_;
  unsigned at_ = 0;
  uint64_t stops_;         // where a bare field ends
  uint64_t quoted_stops_;  // where the plain part of a quoted one ends
  uint64_t not_blank_;
  uint64_t high_;
  bool in_list_ = false;
};

// The label "#TRANS", compared as two words.
inline bool IsTrans(const Token& t) {
  if (t.size != 6) return false;
  uint32_t head;
  uint16_t tail;
  std::memcpy(&head, t.data, 4);
  std::memcpy(&tail, t.data + 4, 2);
  return head == ('#' | 'T' << 8 | 'R' << 16 | static_cast<uint32_t>('A') << 24) &&
         tail == ('N' | 'S' << 8);
}

// More objects on one transaction than this take the general path.
constexpr size_t kMaxObjects = 8;

}  // namespace

bool Reader::Impl::FastTransaction(std::string_view text) {
  if (text.size() <= LineLexer::kMaxBytes) {
    LineLexer lexer(text);
    return ReadTransactionLine(lexer, text);
  }
  Lexer lexer(text.data(), text.data() + text.size());
  return ReadTransactionLine(lexer, text);
}

bool Reader::Impl::FastVoucher(std::string_view text) {
  if (text.size() <= LineLexer::kMaxBytes) {
    LineLexer lexer(text);
    return ReadVoucherLine(lexer, text);
  }
  Lexer lexer(text.data(), text.data() + text.size());
  return ReadVoucherLine(lexer, text);
}

template <typename Lexer>
bool Reader::Impl::ReadTransactionLine(Lexer& lexer, std::string_view text) {
  // Every value field in order (label, account, object list items, amount, date, text,
  // quantity, signature): what the checksum covers.
  Token tokens[2 * kMaxObjects + 8];
  size_t n = 0;
  Token unused;
  if (lexer.Next(&tokens[n]) != Lexed::kValue) return false;
  const Label label = IsTrans(tokens[n]) ? Label::kTrans : LabelOf(tokens[n].view());
  ++n;
  if (!IsTransaction(label)) return false;
  const size_t account = n;
  if (lexer.Next(&tokens[n++]) != Lexed::kValue || tokens[account].size == 0) return false;
  if (lexer.Next(&unused) != Lexed::kOpen) return false;
  const size_t first_object = n;
  for (;;) {
    const Lexed lexed = lexer.Next(&tokens[n]);
    if (lexed == Lexed::kClose) break;
    if (lexed != Lexed::kValue || n == first_object + 2 * kMaxObjects) return false;
    ++n;
  }
  const size_t objects = (n - first_object) / 2;
  if ((n - first_object) % 2 != 0) return false;
  int dimensions[kMaxObjects];
  for (size_t k = 0; k < objects; ++k) {
    const std::string_view d = tokens[first_object + 2 * k].view();
    if (d.size() == 1 && d[0] >= '1' && d[0] <= '9') {
      dimensions[k] = d[0] - '0';
    } else if (!internal::ParseInt(d, &dimensions[k]) || dimensions[k] < 1) {
      return false;
    }
    if (tokens[first_object + 2 * k + 1].size == 0) return false;
  }
  int64_t amount_ore;
  if (lexer.Next(&tokens[n]) != Lexed::kValue ||
      internal::ParseAmountPadded(tokens[n].view(), &amount_ore) != internal::AmountForm::kOk) {
    return false;
  }
  ++n;
  // The optional fields: date, text, quantity, signature; nothing after them.
  const size_t date = n;
  size_t present = 0;
  Lexed lexed;
  while ((lexed = lexer.Next(&tokens[n])) == Lexed::kValue && present < 4) {
    ++n;
    ++present;
  }
  if (lexed != Lexed::kEnd) return false;
  Date date_value;
  const bool has_date = present > 0 && tokens[date].size > 0;
  if (has_date &&
      internal::ParseDate(tokens[date].view(), &date_value) != internal::DateForm::kOk) {
    return false;
  }
  const bool has_quantity = present > 2 && tokens[date + 2].size > 0;
  if (has_quantity && !internal::IsDecimalNumber(tokens[date + 2].view())) return false;

  // The line is good: from here on it is taken, in the order the general path takes it (the
  // first text with high bytes decides the encoding, and may warn).
  descriptive_ = false;
  label_text_ = tokens[0].view();
  if (summing_) SumFields(tokens, n, text.size());
  if (used_ == slots_.size()) slots_.emplace_back();
  TransactionView& t = slots_[used_];
  t.kind = KindOf(label);
  t.line = line_;
  t.repeats_rtrans = false;
  t.account = KeptFast(tokens[account]);
  ObjectRefView* refs = arena_.Allocate<ObjectRefView>(objects);
  for (size_t k = 0; k < objects; ++k) {
    refs[k].dimension = dimensions[k];
    refs[k].object_id = KeptFast(tokens[first_object + 2 * k + 1]);
  }
  t.objects = std::span<const ObjectRefView>(refs, objects);
  t.amount_ore = amount_ore;
  if (has_date) {
    t.date.emplace(date_value);
  } else {
    t.date.reset();
  }
  t.text = present > 1 ? KeptFast(tokens[date + 1]) : std::string_view();
  t.quantity = has_quantity ? arena_.CopyPadded(tokens[date + 2].view()) : std::string_view();
  t.signature = present > 3 ? KeptFast(tokens[date + 3]) : std::string_view();
  EndTransaction(t);
  return true;
}

template <typename Lexer>
bool Reader::Impl::ReadVoucherLine(Lexer& lexer, std::string_view text) {
  // Label, series, number, date, and up to text, registration date and signature.
  Token tokens[8];
  size_t n = 0;
  Lexed lexed;
  while ((lexed = lexer.Next(&tokens[n])) == Lexed::kValue && n < 7) ++n;
  if (lexed != Lexed::kEnd || n < 4) return false;
  const std::string_view label = tokens[0].view();
  if (label.size() != 4 || std::memcmp(label.data(), "#VER", 4) != 0) return false;
  Date date;
  if (internal::ParseDate(tokens[3].view(), &date) != internal::DateForm::kOk) return false;
  Date registered;
  const bool has_registered = n > 5 && tokens[5].size > 0;
  if (has_registered &&
      internal::ParseDate(tokens[5].view(), &registered) != internal::DateForm::kOk) {
    return false;
  }

  // Taken: as HandleRecord takes a #VER, in the same order.
  descriptive_ = false;
  label_text_ = label;
  if (summing_) SumFields(tokens, n, text.size());
  arena_.Reset();
  lines_.RetainLast();
  VoucherView& v = header_;
  used_ = 0;
  voucher_bad_ = false;
  pending_rtrans_ = -1;
  v.line = line_;
  state_ = State::kAfterVer;
  v.series = KeptFast(tokens[1]);
  v.number = KeptFast(tokens[2]);
  v.date = date;
  v.text = n > 4 ? KeptFast(tokens[4]) : std::string_view();
  if (has_registered) {
    v.registered = registered;
  } else {
    v.registered.reset();
  }
  v.signature = n > 6 ? KeptFast(tokens[6]) : std::string_view();
  return true;
}

void Reader::Impl::SumFields(const internal::RawField* tokens, size_t count, size_t line_bytes) {
  if (!sum_buffer_) sum_buffer_.reset(new char[kSumFlushBytes + options_.max_line_bytes + 16]);
  if (sum_used_ + line_bytes > kSumFlushBytes) FlushChecksum();
  char* out = sum_buffer_.get() + sum_used_;
  // The fields are in the line buffer, followed by readable bytes, and the sum buffer has
  // 16 bytes to spare: short fields are copied as 16 bytes, without a call.
  for (size_t i = 0; i < count; ++i) {
    if (tokens[i].size <= 16) {
      std::memcpy(out, tokens[i].data, 16);
    } else {
      std::memcpy(out, tokens[i].data, tokens[i].size);
    }
    out += tokens[i].size;
  }
  sum_used_ = static_cast<size_t>(out - sum_buffer_.get());
}

}  // namespace tertial::sie
