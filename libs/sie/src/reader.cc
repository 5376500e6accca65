#include "tertial/sie/reader.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "reader_impl.h"
#include "tertial/base/strings.h"
#include "tertial/sie/cp437.h"

namespace tertial::sie {
namespace internal {
namespace {

struct LabelName {
  std::string_view name;
  Label label;
};
constexpr LabelName kLabels[] = {
    {"#FLAGGA", Label::kFlagga},
    {"#FORMAT", Label::kFormat},
    {"#SIETYP", Label::kSietyp},
    {"#PROGRAM", Label::kProgram},
    {"#GEN", Label::kGen},
    {"#FNAMN", Label::kFnamn},
    {"#FNR", Label::kFnr},
    {"#ORGNR", Label::kOrgnr},
    {"#ADRESS", Label::kAdress},
    {"#TAXAR", Label::kTaxar},
    {"#KPTYP", Label::kKptyp},
    {"#VALUTA", Label::kValuta},
    {"#RAR", Label::kRar},
    {"#KONTO", Label::kKonto},
    {"#KTYP", Label::kKtyp},
    {"#ENHET", Label::kEnhet},
    {"#SRU", Label::kSru},
    {"#DIM", Label::kDim},
    {"#UNDERDIM", Label::kUnderdim},
    {"#OBJEKT", Label::kObjekt},
    {"#IB", Label::kIb},
    {"#UB", Label::kUb},
    {"#RES", Label::kRes},
    {"#OIB", Label::kOib},
    {"#OUB", Label::kOub},
    {"#PSALDO", Label::kPsaldo},
    {"#PBUDGET", Label::kPbudget},
    {"#VER", Label::kVer},
    {"#TRANS", Label::kTrans},
    {"#RTRANS", Label::kRtrans},
    {"#BTRANS", Label::kBtrans},
    {"#KSUMMA", Label::kKsumma},
    {"#PROSA", Label::kProsa},
    {"#FTYP", Label::kFtyp},
    {"#BKOD", Label::kBkod},
    {"#OMFATTN", Label::kOmfattn},
};
// Labels by length, each as its bytes after the '#' (at most 8) packed into a word, so that
// a lookup compares a few words and calls nothing.
constexpr size_t kMaxLabel = 9;
constexpr uint64_t Packed(std::string_view s) {
  uint64_t word = 0;
  for (size_t i = 1; i < s.size(); ++i) {
    word |= static_cast<uint64_t>(static_cast<unsigned char>(s[i])) << (8 * (i - 1));
  }
  return word;
}
struct PackedLabel {
  uint64_t word;
  Label label;
};
struct LabelIndex {
  std::array<std::vector<PackedLabel>, kMaxLabel + 1> by_length;
  LabelIndex() {
    for (const LabelName& l : kLabels)
      by_length[l.name.size()].push_back({Packed(l.name), l.label});
  }
};
static_assert([] {
  for (const LabelName& l : kLabels) {
    if (l.name.size() < 2 || l.name.size() > kMaxLabel || l.name[0] != '#') return false;
  }
  return true;
}());

}  // namespace

Label LabelOf(std::string_view s) {
  // #TRANS is by far the most common: six bytes compared as two words.
  if (s.size() == 6) {
    uint32_t head;
    uint16_t tail;
    std::memcpy(&head, s.data(), 4);
    std::memcpy(&tail, s.data() + 4, 2);
    uint32_t trans_head;
    uint16_t trans_tail;
    std::memcpy(&trans_head, "#TRANS", 4);
    std::memcpy(&trans_tail, "NS", 2);
    if (head == trans_head && tail == trans_tail) return Label::kTrans;
  }
  if (s.size() > kMaxLabel || s.empty() || s[0] != '#') return Label::kUnknown;
  static const LabelIndex* const kIndex = new LabelIndex();
  const uint64_t word = Packed(s);
  for (const PackedLabel& l : kIndex->by_length[s.size()]) {
    if (l.word == word) return l.label;
  }
  return Label::kUnknown;
}
std::string Shown(std::string_view bytes) {
  std::string out;
  AppendCp437AsUtf8(bytes.substr(0, 40), &out);
  if (bytes.size() > 40) out += "...";
  return StrCat("'", out, "'");
}

}  // namespace internal

// ---------------------------------------------------------------------------------------
// Diagnostics

void Reader::Impl::Error(int line, std::string_view field, std::string message) {
  ++error_count_;
  if (errors_.size() < static_cast<size_t>(std::max(options_.max_errors, 0))) {
    errors_.push_back({file_, line, std::string(field), std::move(message)});
  } else {
    ++errors_not_listed_;
  }
  if (error_count_ > options_.max_errors && fatal_.ok()) {
    fatal_ =
        absl::InvalidArgumentError(StrCat(file_, ":", line, ": more than ", options_.max_errors,
                                          " errors; stopped reading (the first ones are listed)"));
  }
}

void Reader::Impl::Warning(int line, std::string_view field, std::string message) {
  if (warnings_.size() < static_cast<size_t>(std::max(options_.max_errors, 1))) {
    warnings_.push_back({file_, line, std::string(field), std::move(message)});
  } else {
    ++warnings_not_listed_;
  }
}

void Reader::Impl::Fatal(int line, std::string_view field, std::string message) {
  Issue d{file_, line, std::string(field), std::move(message)};
  ++error_count_;
  fatal_ = absl::InvalidArgumentError(FormatIssue(d));
  errors_.push_back(std::move(d));
}

// ---------------------------------------------------------------------------------------
// The loop

Reader::Impl::Produced Reader::Impl::Advance(Item* record) {
  // The voucher returned last may go: its views were valid until this call. (A voucher is
  // always read whole within one call, so no voucher is in progress here.)
  lines_.Release();
  for (;;) {
    if (!fatal_.ok()) return Produced::kFailed;
    if (done_) return Produced::kEnd;
    if (lines_.retained_bytes() > lines_.retain_limit()) [[unlikely]] {
      SpillViews();
    }
    LineReader::Line line;
    const bool more = lines_.Next(&line);
    if (!more && !lines_.status().ok()) [[unlikely]] {
      fatal_ = lines_.status();
      return Produced::kFailed;
    }
    if (lines_.shift() != 0 && lines_.retaining()) [[unlikely]] {
      RebaseViews(lines_.shift());
    }
    if (!more) {
      AtEnd();
      done_ = true;
      return fatal_.ok() ? Produced::kEnd : Produced::kFailed;
    }
    const Produced produced = HandleLine(line, record);
    if (!fatal_.ok()) return Produced::kFailed;
    if (produced != Produced::kNothing) return produced;
    // A voucher dropped for its errors need not be retained any longer.
    if (state_ == State::kTop) lines_.Release();
  }
}

absl::StatusOr<bool> Reader::Impl::Next(Item* item) {
  switch (Advance(item)) {
    case Produced::kFailed:
      return fatal_;
    case Produced::kNothing:
    case Produced::kEnd:
      return false;
    case Produced::kVoucher:
      TakeVoucher(item);
      return true;
    case Produced::kRecord:
      return true;
  }
  return false;
}

absl::StatusOr<bool> Reader::Impl::Next(ItemView* item) {
  switch (Advance(&record_)) {
    case Produced::kFailed:
      return fatal_;
    case Produced::kNothing:
    case Produced::kEnd:
      return false;
    case Produced::kVoucher: {
      VoucherView* out = std::get_if<VoucherView>(item);
      if (out == nullptr) out = &item->emplace<VoucherView>();
      *out = header_;
      out->transactions = std::span<const TransactionView>(slots_.data(), used_);
      return true;
    }
    case Produced::kRecord:
      std::visit(
          [item](auto& record) {
            // Records are never vouchers (those come back in header_ and slots_).
            if constexpr (!std::is_same_v<std::decay_t<decltype(record)>, Voucher>) {
              *item = std::move(record);
            }
          },
          record_);
      return true;
  }
  return false;
}

Reader::Impl::Produced Reader::Impl::HandleLine(const LineReader::Line& line, Item* item) {
  line_ = line.number;
  label_text_ = {};
  if (line.too_long) {
    std::string message =
        StrCat("line is longer than ", options_.max_line_bytes, " bytes; not a SIE record");
    if (!seen_record_) {
      Fatal(line_, "", StrCat(message, " (is this a SIE file?)"));
    } else {
      Error(line_, "", std::move(message));
      if (state_ != State::kTop) voucher_bad_ = true;
    }
    return Produced::kNothing;
  }
  std::string_view text = line.text;
  if (line_ == 1 && text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3);
    encoding_ = Encoding::kUtf8;
    Warning(line_, "", "the file starts with a UTF-8 byte order mark: read as UTF-8, not PC8");
  }

  // Lines that are only "{" or "}" open and close a voucher's block.
  size_t first = 0;
  while (first < text.size() && (text[first] == ' ' || text[first] == '\t')) ++first;
  if (first == text.size()) return Produced::kNothing;  // blank lines are ignored
  // Most lines of a ledger: a plain transaction or #VER, which the fast path takes whole.
  // It leaves the #TRANS copy of an #RTRANS, and the lines past the limits, to the
  // general path.
  if (text[first] == '#' && fast_ && !sum_closed_) {
    if (state_ == State::kInBlock) {
      if (pending_rtrans_ < 0 && used_ < options_.max_voucher_transactions &&
          FastTransaction(text.substr(first))) {
        return Produced::kNothing;
      }
    } else if (state_ == State::kTop && seen_record_ && FastVoucher(text.substr(first))) {
      return Produced::kNothing;
    }
  }
  if (text[first] == '{' || text[first] == '}') {
    size_t last = text.size();
    while (last > first + 1 && (text[last - 1] == ' ' || text[last - 1] == '\t')) --last;
    if (last == first + 1) {
      if (!seen_record_) {
        Fatal(line_, "", "the file starts with a brace, not a #label: is this a SIE file?");
        return Produced::kNothing;
      }
      if (text[first] == '{') {
        if (state_ == State::kAfterVer) {
          state_ = State::kInBlock;
        } else if (state_ == State::kInBlock) {
          Error(line_, "{",
                StrCat("a second { in the block of the #VER on line ", header_.line,
                       "; expected #TRANS records or }"));
          voucher_bad_ = true;
        } else {
          Error(line_, "{", "{ without a #VER before it");
        }
        return Produced::kNothing;
      }
      if (state_ == State::kInBlock) return CloseBlock() ? Produced::kVoucher : Produced::kNothing;
      if (state_ == State::kAfterVer) {
        Error(line_, "}", StrCat("} without { after the #VER on line ", header_.line));
        state_ = State::kTop;
        return Produced::kNothing;
      }
      Error(line_, "}", "} without a #VER block to close");
      return Produced::kNothing;
    }
  }

  FieldSplitter::Result split = splitter_.Split(text);
  if (split != FieldSplitter::Result::kOk) {
    std::string message;
    const int column = splitter_.error_column();
    switch (split) {
      case FieldSplitter::Result::kControlCharacter:
        message = absl::StrFormat(
            "control character 0x%02X at column %d; SIE text may not contain control characters",
            splitter_.control_character(), column);
        break;
      case FieldSplitter::Result::kNestedList:
        message = StrCat("{ inside an object list at column ", column);
        break;
      case FieldSplitter::Result::kUnclosedList:
        message = StrCat("the object list at column ", column, " has no closing }");
        break;
      case FieldSplitter::Result::kStrayClose:
        message = StrCat("} at column ", column, " closes no object list");
        break;
      case FieldSplitter::Result::kOk:
        break;
    }
    if (!seen_record_) {
      Fatal(line_, "", StrCat(message, " (is this a SIE file?)"));
    } else {
      Error(line_, "", std::move(message));
      if (state_ != State::kTop) voucher_bad_ = true;
    }
    return Produced::kNothing;
  }
  const FieldList& fields = splitter_.fields();
  if (fields.size() == 0) return Produced::kNothing;
  const Field& head = fields[0];
  if (head.quoted || head.is_list || head.text.empty() || head.text[0] != '#') {
    if (!seen_record_) {
      Fatal(line_, "", "the file does not start with a #label: is this a SIE file?");
    } else {
      Error(line_, "",
            StrCat("expected a record label (#...) at column ", head.column, ", found ",
                   head.is_list ? "an object list" : Shown(head.text)));
      if (state_ != State::kTop) voucher_bad_ = true;
    }
    return Produced::kNothing;
  }
  seen_record_ = true;
  label_text_ = head.text;
  const Label label = LabelOf(head.text);
  if (splitter_.unterminated_quote() && !warned_unterminated_) {
    warned_unterminated_ = true;
    Warning(line_, label_text_,
            StrCat("the quoted field at column ", splitter_.error_column(),
                   " has no closing quote; read to the end of the line (it is the last field)"));
  }
  if (splitter_.repaired_final_backslash() && !warned_backslash_) {
    warned_backslash_ = true;
    Warning(line_, label_text_,
            "a quoted field ends in a backslash written as \\\" at the end of the line; read "
            "as a backslash and the closing quote");
  }
  if (summing_ && label != Label::kKsumma) Checksum(head.text, text.size());
  if (sum_closed_) {
    Error(line_, label_text_,
          "record after the closing #KSUMMA, which the checksum does not cover");
    return Produced::kNothing;
  }

  if (state_ == State::kAfterVer) {
    Error(header_.line, "#VER",
          StrCat("expected { on the line after the #VER; found ", label_text_, " on line ", line_));
    state_ = State::kTop;
  }
  if (state_ == State::kInBlock) {
    if (IsTransaction(label)) {
      HandleTransaction(label);
      return Produced::kNothing;
    }
    if (label == Label::kUnknown) {
      if (unknown_labels_.size() < kMaxUnknownLabels &&
          unknown_labels_.insert(std::string(label_text_)).second) {
        Warning(line_, label_text_, "unknown label inside a #VER block; its records are skipped");
      }
      return Produced::kNothing;
    }
    Error(header_.line, "#VER",
          StrCat("the block of the #VER has no closing }: ", label_text_, " on line ", line_,
                 " follows it (is the file truncated or joined?)"));
    state_ = State::kTop;
  }
  if (IsTransaction(label)) {
    Error(line_, label_text_, "transaction outside a #VER { } block");
    return Produced::kNothing;
  }
  return HandleRecord(label, item) ? Produced::kRecord : Produced::kNothing;
}

void Reader::Impl::Checksum(std::string_view label, size_t line_bytes) {
  // The covered bytes (never more than the line) are gathered over many records, so that
  // the CRC runs over long stretches instead of a few bytes at a time.
  if (!sum_buffer_) sum_buffer_.reset(new char[kSumFlushBytes + options_.max_line_bytes + 16]);
  if (sum_used_ + line_bytes > kSumFlushBytes) FlushChecksum();
  char* out = sum_buffer_.get() + sum_used_;
  const auto put = [&out](std::string_view bytes) {
    std::memcpy(out, bytes.data(), bytes.size());
    out += bytes.size();
  };
  put(label);
  const FieldList& fields = splitter_.fields();
  const FieldList& items = splitter_.list_items();
  for (size_t i = 1; i < fields.size(); ++i) {
    const Field& f = fields[i];
    if (f.is_list) {
      for (uint32_t k = f.first; k < f.first + f.count; ++k) put(items[k].text);
    } else {
      put(f.text);
    }
  }
  sum_used_ = static_cast<size_t>(out - sum_buffer_.get());
}

void Reader::Impl::FlushChecksum() {
  crc_.Update(std::string_view(sum_buffer_.get(), sum_used_));
  sum_used_ = 0;
}

void Reader::Impl::AtEnd() {
  line_ = lines_.line_number();
  if (!seen_record_) {
    Error(line_, "", "the file is empty: no SIE records");
    return;
  }
  if (state_ != State::kTop) {
    Error(header_.line, "#VER",
          state_ == State::kAfterVer
              ? "the file ends after the #VER, before its { } block: it is truncated"
              : "the block of the #VER is never closed with }: the file is truncated");
    state_ = State::kTop;
  }
  if (summing_ && !sum_closed_) {
    Error(sum_opened_line_, "#KSUMMA",
          "the file opens a checksum but has no closing #KSUMMA with the sum: it is truncated");
  }
  if (!seen_rar_) {
    Warning(0, "#RAR",
            "the file has no #RAR: fiscal years are not given (year index 0 is "
            "the current year)");
  }
  if (!seen_sietyp_) Warning(0, "#SIETYP", "the file has no #SIETYP: the file type is not given");
  if (warnings_not_listed_ > 0) {
    warnings_.push_back(
        {file_, 0, "", StrCat(warnings_not_listed_, " more warnings were not listed")});
  }
}

// ---------------------------------------------------------------------------------------
// ---------------------------------------------------------------------------------------

Reader::Reader(ByteSource* source, std::string file_name, ReaderOptions options)
    : impl_(std::make_unique<Impl>(source, std::move(file_name), options)) {}
Reader::~Reader() = default;
absl::StatusOr<bool> Reader::Next(Item* item) { return impl_->Next(item); }
absl::StatusOr<bool> Reader::Next(ItemView* item) { return impl_->Next(item); }
const std::vector<Issue>& Reader::errors() const { return impl_->errors(); }
const std::vector<Issue>& Reader::warnings() const { return impl_->warnings(); }
int Reader::errors_not_listed() const { return impl_->errors_not_listed(); }
int64_t Reader::bytes_read() const { return impl_->bytes_read(); }
int Reader::line() const { return impl_->line(); }
bool Reader::checksum_verified() const { return impl_->checksum_verified(); }

bool CountsTowardsBalance(const Transaction& t) {
  return t.kind == TransactionKind::kRtrans ||
         (t.kind == TransactionKind::kTrans && !t.repeats_rtrans);
}

bool CountsTowardsBalance(const TransactionView& t) {
  return t.kind == TransactionKind::kRtrans ||
         (t.kind == TransactionKind::kTrans && !t.repeats_rtrans);
}

}  // namespace tertial::sie
