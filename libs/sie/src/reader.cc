#include "tertial/sie/reader.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "fields.h"
#include "line_reader.h"
#include "tertial/base/strings.h"
#include "tertial/sie/checksum.h"
#include "tertial/sie/cp437.h"
#include "values.h"

namespace tertial::sie {
namespace {

using internal::Field;
using internal::FieldSplitter;
using internal::LineReader;

enum class Label : uint8_t {
  kUnknown,
  kFlagga,
  kFormat,
  kSietyp,
  kProgram,
  kGen,
  kFnamn,
  kFnr,
  kOrgnr,
  kAdress,
  kTaxar,
  kKptyp,
  kValuta,
  kRar,
  kKonto,
  kKtyp,
  kEnhet,
  kSru,
  kDim,
  kUnderdim,
  kObjekt,
  kIb,
  kUb,
  kRes,
  kOib,
  kOub,
  kPsaldo,
  kPbudget,
  kVer,
  kTrans,
  kRtrans,
  kBtrans,
  kKsumma,
  // In SIE 4B, but not returned as items (the contract has no use for them): read, checked
  // where they have a form, and skipped without a warning.
  kProsa,
  kFtyp,
  kBkod,
  kOmfattn,
};

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

Label LabelOf(std::string_view s) {
  if (s == "#TRANS") return Label::kTrans;  // by far the most common
  for (const LabelName& l : kLabels) {
    if (l.name.size() == s.size() && l.name == s) return l.label;
  }
  return Label::kUnknown;
}

bool IsTransaction(Label l) {
  return l == Label::kTrans || l == Label::kRtrans || l == Label::kBtrans;
}

TransactionKind KindOf(Label l) {
  return l == Label::kRtrans   ? TransactionKind::kRtrans
         : l == Label::kBtrans ? TransactionKind::kBtrans
                               : TransactionKind::kTrans;
}

// At most this many diagnostics of one kind are listed (warnings are counted beyond).
constexpr size_t kMaxUnknownLabels = 64;
constexpr size_t kMaxSpareTransactions = 4096;

// A field's bytes shown in a message: decoded, cut short, quoted.
std::string Shown(std::string_view bytes) {
  std::string out;
  AppendCp437AsUtf8(bytes.substr(0, 40), &out);
  if (bytes.size() > 40) out += "...";
  return StrCat("'", out, "'");
}

}  // namespace

class Reader::Impl {
 public:
  Impl(ByteSource* source, std::string file, ReaderOptions options)
      : file_(std::move(file)), options_(options), lines_(source, options.max_line_bytes) {}

  absl::StatusOr<bool> Next(Item* item);

  const std::vector<Diagnostic>& errors() const { return errors_; }
  const std::vector<Diagnostic>& warnings() const { return warnings_; }
  int errors_not_listed() const { return errors_not_listed_; }
  int64_t bytes_read() const { return lines_.bytes_consumed(); }
  int line() const { return lines_.line_number(); }
  bool checksum_verified() const { return checksum_verified_; }

 private:
  enum class State { kTop, kAfterVer, kInBlock };
  enum class Encoding { kUndecided, kCp437, kUtf8 };

  // A record's fields after its label: at(1) is the first.
  struct Args {
    const std::vector<Field>* fields;
    size_t size() const { return fields->size() - 1; }
    const Field* at(size_t i) const { return i < fields->size() ? &(*fields)[i] : nullptr; }
    // Present and not "" (an object list counts as present).
    bool has(size_t i) const {
      return i < fields->size() && ((*fields)[i].is_list || !(*fields)[i].text.empty());
    }
  };

  bool HandleLine(const LineReader::Line& line, Item* item);
  bool HandleRecord(Label label, Item* item);
  void HandleTransaction(Label label);
  bool CloseBlock(Item* item);
  void AtEnd();
  void Checksum(std::string_view label);

  // Diagnostics. `field` names the label and field, e.g. "#TRANS belopp".
  void Error(int line, std::string_view field, std::string message);
  void Warning(int line, std::string_view field, std::string message);
  void Fatal(int line, std::string_view field, std::string message);
  std::string FieldName(std::string_view name) const { return StrCat(label_text_, " ", name); }

  // Field readers: false (with the error reported) when the field is missing or malformed.
  bool Require(const Args& a, size_t i, std::string_view name, const Field** out);
  void Text(const Field& f, std::string* out);
  // A text field that may be missing; false (reported) if an object list stands there.
  bool OptionalText(const Args& a, size_t i, std::string_view name, std::string* out) {
    const Field* f = a.at(i);
    if (f == nullptr) {
      out->clear();
      return true;
    }
    if (f->is_list) return Require(a, i, name, &f);
    Text(*f, out);
    return true;
  }
  bool Code(const Args& a, size_t i, std::string_view name, std::string* out);
  bool Int(const Args& a, size_t i, std::string_view name, int* out);
  bool YearIndex(const Args& a, size_t i, int* out);
  bool Amount(const Field& f, std::string_view name, int64_t* out);
  bool DateAt(const Field& f, std::string_view name, Date* out);
  bool Objects(const Field& f, std::vector<ObjectRef>* out);
  bool Quantity(const Args& a, size_t i, std::string* out);
  // The amount and quantity after an optional object list at position i.
  bool ObjectsAmountQuantity(const Args& a, size_t i, bool list_required,
                             std::vector<ObjectRef>* objects, int64_t* amount,
                             std::string* quantity);

  template <typename T>
  T& Emplace(Item* item) {
    if (auto* v = std::get_if<Voucher>(item); v != nullptr && !have_spare_voucher_) {
      spare_voucher_ = std::move(*v);  // keep its buffers for the next voucher
      have_spare_voucher_ = true;
    }
    return item->emplace<T>();
  }

  std::string file_;
  ReaderOptions options_;
  LineReader lines_;
  FieldSplitter splitter_;
  std::vector<Diagnostic> errors_;
  std::vector<Diagnostic> warnings_;
  int error_count_ = 0;
  int errors_not_listed_ = 0;
  int warnings_not_listed_ = 0;
  absl::Status fatal_;
  bool done_ = false;

  int line_ = 0;  // of the record being read
  std::string_view label_text_;
  bool descriptive_ = false;  // the record describes (no amounts): see Require
  bool seen_record_ = false;
  bool seen_rar_ = false;
  bool seen_sietyp_ = false;
  Encoding encoding_ = Encoding::kUndecided;
  bool warned_mixed_encoding_ = false;
  bool warned_replacement_ = false;
  bool warned_plus_ = false;
  bool warned_decimals_ = false;
  bool warned_dashed_date_ = false;
  bool warned_backslash_ = false;
  bool warned_unterminated_ = false;
  std::unordered_set<std::string> unknown_labels_;

  // #KSUMMA.
  bool summing_ = false;
  bool sum_closed_ = false;
  int sum_opened_line_ = 0;
  Crc32 crc_;
  bool checksum_verified_ = false;

  // The voucher being read.
  State state_ = State::kTop;
  Voucher voucher_;
  size_t used_ = 0;  // transactions filled in voucher_
  bool voucher_bad_ = false;
  int pending_rtrans_ = -1;  // index of an #RTRANS waiting for its #TRANS copy
  std::vector<Transaction> spare_;
  Voucher spare_voucher_;
  bool have_spare_voucher_ = false;
  std::string scratch_;
};

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
  Diagnostic d{file_, line, std::string(field), std::move(message)};
  ++error_count_;
  fatal_ = absl::InvalidArgumentError(FormatDiagnostic(d));
  errors_.push_back(std::move(d));
}

// ---------------------------------------------------------------------------------------
// The loop

absl::StatusOr<bool> Reader::Impl::Next(Item* item) {
  for (;;) {
    if (!fatal_.ok()) return fatal_;
    if (done_) return false;
    LineReader::Line line;
    absl::StatusOr<bool> more = lines_.Next(&line);
    if (!more.ok()) {
      fatal_ = more.status();
      return fatal_;
    }
    if (!*more) {
      AtEnd();
      done_ = true;
      if (!fatal_.ok()) return fatal_;
      return false;
    }
    const bool produced = HandleLine(line, item);
    if (!fatal_.ok()) return fatal_;
    if (produced) return true;
  }
}

bool Reader::Impl::HandleLine(const LineReader::Line& line, Item* item) {
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
    return false;
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
  if (first == text.size()) return false;  // blank lines are ignored
  if (text[first] == '{' || text[first] == '}') {
    size_t last = text.size();
    while (last > first + 1 && (text[last - 1] == ' ' || text[last - 1] == '\t')) --last;
    if (last == first + 1) {
      if (!seen_record_) {
        Fatal(line_, "", "the file starts with a brace, not a #label: is this a SIE file?");
        return false;
      }
      if (text[first] == '{') {
        if (state_ == State::kAfterVer) {
          state_ = State::kInBlock;
        } else if (state_ == State::kInBlock) {
          Error(line_, "{",
                StrCat("a second { in the block of the #VER on line ", voucher_.line,
                       "; expected #TRANS records or }"));
          voucher_bad_ = true;
        } else {
          Error(line_, "{", "{ without a #VER before it");
        }
        return false;
      }
      if (state_ == State::kInBlock) return CloseBlock(item);
      if (state_ == State::kAfterVer) {
        Error(line_, "}", StrCat("} without { after the #VER on line ", voucher_.line));
        state_ = State::kTop;
        return false;
      }
      Error(line_, "}", "} without a #VER block to close");
      return false;
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
    return false;
  }
  const std::vector<Field>& fields = splitter_.fields();
  if (fields.empty()) return false;
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
    return false;
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
  if (summing_ && label != Label::kKsumma) Checksum(head.text);
  if (sum_closed_) {
    Error(line_, label_text_,
          "record after the closing #KSUMMA, which the checksum does not cover");
    return false;
  }

  if (state_ == State::kAfterVer) {
    Error(voucher_.line, "#VER",
          StrCat("expected { on the line after the #VER; found ", label_text_, " on line ", line_));
    state_ = State::kTop;
  }
  if (state_ == State::kInBlock) {
    if (IsTransaction(label)) {
      HandleTransaction(label);
      return false;
    }
    if (label == Label::kUnknown) {
      if (unknown_labels_.size() < kMaxUnknownLabels &&
          unknown_labels_.insert(std::string(label_text_)).second) {
        Warning(line_, label_text_, "unknown label inside a #VER block; its records are skipped");
      }
      return false;
    }
    Error(voucher_.line, "#VER",
          StrCat("the block of the #VER has no closing }: ", label_text_, " on line ", line_,
                 " follows it (is the file truncated or joined?)"));
    state_ = State::kTop;
  }
  if (IsTransaction(label)) {
    Error(line_, label_text_, "transaction outside a #VER { } block");
    return false;
  }
  return HandleRecord(label, item);
}

void Reader::Impl::Checksum(std::string_view label) {
  crc_.Update(label);
  const std::vector<Field>& fields = splitter_.fields();
  const std::vector<Field>& items = splitter_.list_items();
  for (size_t i = 1; i < fields.size(); ++i) {
    const Field& f = fields[i];
    if (f.is_list) {
      for (uint32_t k = f.first; k < f.first + f.count; ++k) crc_.Update(items[k].text);
    } else {
      crc_.Update(f.text);
    }
  }
}

void Reader::Impl::AtEnd() {
  line_ = lines_.line_number();
  if (!seen_record_) {
    Error(line_, "", "the file is empty: no SIE records");
    return;
  }
  if (state_ != State::kTop) {
    Error(voucher_.line, "#VER",
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
// Fields

bool Reader::Impl::Require(const Args& a, size_t i, std::string_view name, const Field** out) {
  *out = a.at(i);
  if (*out == nullptr) {
    // Real files carry descriptive records with fields left out ("#SRU 2010", "#RAR 0"):
    // they say nothing, so they are skipped with a warning. A record with an amount, or a
    // voucher, that lacks a field is an error.
    if (descriptive_) {
      Warning(line_, FieldName(name), "missing; the record says nothing and is skipped");
    } else {
      Error(line_, FieldName(name), "missing");
    }
    return false;
  }
  if ((*out)->is_list) {
    Error(line_, FieldName(name),
          StrCat("expected a value at column ", (*out)->column, ", found an object list"));
    return false;
  }
  return true;
}

void Reader::Impl::Text(const Field& f, std::string* out) {
  if (!f.high) {
    out->assign(f.text);
    return;
  }
  if (encoding_ == Encoding::kUndecided) {
    // CP437 text is almost never valid UTF-8 (its letters are UTF-8 continuation bytes), so
    // the first field with high bytes decides.
    if (IsValidUtf8(f.text)) {
      encoding_ = Encoding::kUtf8;
      Warning(line_, label_text_,
              "the text is UTF-8, not PC8 (CP437) as SIE requires; read as UTF-8");
    } else {
      encoding_ = Encoding::kCp437;
    }
  }
  if (encoding_ == Encoding::kUtf8) {
    if (IsValidUtf8(f.text)) {
      out->assign(f.text);
      if (!warned_replacement_ && f.text.find("\xEF\xBF\xBD") != std::string_view::npos) {
        warned_replacement_ = true;
        Warning(line_, label_text_,
                "the text holds U+FFFD replacement characters: letters were lost when the "
                "file was converted before it got here");
      }
      return;
    }
    if (!warned_mixed_encoding_) {
      warned_mixed_encoding_ = true;
      Warning(line_, label_text_,
              "text that is not UTF-8 in a file read as UTF-8; this field read as CP437");
    }
  }
  out->clear();
  AppendCp437AsUtf8(f.text, out);
}

bool Reader::Impl::Code(const Args& a, size_t i, std::string_view name, std::string* out) {
  const Field* f;
  if (!Require(a, i, name, &f)) return false;
  if (f->text.empty()) {
    if (descriptive_) {
      Warning(line_, FieldName(name), "is empty; the record says nothing and is skipped");
    } else {
      Error(line_, FieldName(name), "is empty");
    }
    return false;
  }
  Text(*f, out);
  return true;
}

bool Reader::Impl::Int(const Args& a, size_t i, std::string_view name, int* out) {
  const Field* f;
  if (!Require(a, i, name, &f)) return false;
  if (!internal::ParseInt(f->text, out)) {
    Error(line_, FieldName(name), StrCat(Shown(f->text), " is not a whole number"));
    return false;
  }
  return true;
}

bool Reader::Impl::YearIndex(const Args& a, size_t i, int* out) {
  if (!Int(a, i, "årsnr", out)) return false;
  if (*out > 0) {
    Error(line_, FieldName("årsnr"),
          StrCat(*out, " is not a year index: expected 0 (this year), -1 (the previous), ..."));
    return false;
  }
  return true;
}

bool Reader::Impl::Amount(const Field& f, std::string_view name, int64_t* out) {
  using internal::AmountForm;
  switch (internal::ParseAmount(f.text, out)) {
    case AmountForm::kOk:
      return true;
    case AmountForm::kPlusSign:
      if (!warned_plus_) {
        warned_plus_ = true;
        Warning(line_, FieldName(name),
                StrCat(Shown(f.text), ": SIE does not allow a plus sign; read as positive"));
      }
      return true;
    case AmountForm::kExtraZeroDecimals:
      if (!warned_decimals_) {
        warned_decimals_ = true;
        Warning(line_, FieldName(name),
                StrCat(Shown(f.text), ": more than two decimals (zeros); read as öre"));
      }
      return true;
    case AmountForm::kTooManyDecimals:
      Error(line_, FieldName(name),
            StrCat(Shown(f.text), " has fractions of öre; expected at most two decimals"));
      return false;
    case AmountForm::kTooLarge:
      Error(line_, FieldName(name),
            StrCat(Shown(f.text), " is larger than any amount tertial accepts (10^15 kronor)"));
      return false;
    case AmountForm::kNotAnAmount:
      break;
  }
  Error(line_, FieldName(name),
        StrCat(Shown(f.text),
               " is not an amount; expected kronor with '.' and at most two "
               "decimals, e.g. -1234.50"));
  return false;
}

bool Reader::Impl::DateAt(const Field& f, std::string_view name, Date* out) {
  using internal::DateForm;
  switch (internal::ParseDate(f.text, out)) {
    case DateForm::kOk:
      return true;
    case DateForm::kDashed:
      if (!warned_dashed_date_) {
        warned_dashed_date_ = true;
        Warning(line_, FieldName(name),
                StrCat(Shown(f.text), ": SIE dates are YYYYMMDD; read as that date"));
      }
      return true;
    case DateForm::kNoSuchDay:
      Error(line_, FieldName(name), StrCat(Shown(f.text), " is not a day of the calendar"));
      return false;
    case DateForm::kNotADate:
      break;
  }
  Error(line_, FieldName(name), StrCat(Shown(f.text), " is not a date; expected YYYYMMDD"));
  return false;
}

bool Reader::Impl::Objects(const Field& f, std::vector<ObjectRef>* out) {
  const std::vector<Field>& items = splitter_.list_items();
  if (f.count % 2 != 0) {
    Error(line_, FieldName("objektlista"),
          StrCat("the object list at column ", f.column,
                 " must hold pairs of dimension and object, e.g. {1 \"KLS\" 6 \"P100\"}"));
    return false;
  }
  out->resize(f.count / 2);
  for (uint32_t k = 0; k < f.count / 2; ++k) {
    const Field& dim = items[f.first + 2 * k];
    const Field& obj = items[f.first + 2 * k + 1];
    ObjectRef& ref = (*out)[k];
    if (!internal::ParseInt(dim.text, &ref.dimension) || ref.dimension < 1) {
      Error(line_, FieldName("dimensionsnr"),
            StrCat(Shown(dim.text), " at column ", dim.column,
                   " is not a dimension number; expected a positive whole number"));
      return false;
    }
    if (obj.text.empty()) {
      Error(line_, FieldName("objektnr"),
            StrCat("empty object id at column ", obj.column, " in dimension ", ref.dimension));
      return false;
    }
    Text(obj, &ref.object_id);
  }
  return true;
}

bool Reader::Impl::Quantity(const Args& a, size_t i, std::string* out) {
  out->clear();
  if (!a.has(i)) return true;
  const Field& f = *a.at(i);
  if (f.is_list || !internal::IsDecimalNumber(f.text)) {
    Error(line_, FieldName("kvantitet"),
          StrCat(f.is_list ? "an object list" : Shown(f.text), " is not a quantity"));
    return false;
  }
  out->assign(f.text);
  return true;
}

bool Reader::Impl::ObjectsAmountQuantity(const Args& a, size_t i, bool list_required,
                                         std::vector<ObjectRef>* objects, int64_t* amount,
                                         std::string* quantity) {
  const Field* f = a.at(i);
  if (f != nullptr && f->is_list) {
    if (!Objects(*f, objects)) return false;
    ++i;
  } else {
    objects->clear();
    if (list_required) {
      Error(line_, FieldName("objektlista"),
            f == nullptr ? std::string("missing")
                         : StrCat("expected an object list {...} at column ", f->column));
      return false;
    }
  }
  if (!Require(a, i, "belopp", &f) || !Amount(*f, "belopp", amount)) return false;
  return Quantity(a, i + 1, quantity);
}

// ---------------------------------------------------------------------------------------
// Records

bool Reader::Impl::HandleRecord(Label label, Item* item) {
  const Args a{&splitter_.fields()};
  const Field* f;
  descriptive_ = label < Label::kIb;
  switch (label) {
    case Label::kFlagga: {
      int flag;
      if (!Int(a, 1, "x", &flag)) return false;
      if (flag != 0 && flag != 1) {
        Error(line_, FieldName("x"), StrCat(flag, " is not a flag; expected 0 or 1"));
        return false;
      }
      Emplace<Flagga>(item).flag = flag;
      return true;
    }
    case Label::kFormat: {
      std::string format;
      if (!Code(a, 1, "PC8", &format)) return false;
      if (format != "PC8") {
        Warning(line_, label_text_,
                StrCat("'", format,
                       "': SIE 4B knows only PC8; the text is read as PC8 unless "
                       "it is clearly UTF-8"));
      }
      Emplace<Format>(item).format = std::move(format);
      return true;
    }
    case Label::kSietyp: {
      std::string type;
      if (!Code(a, 1, "typnr", &type)) return false;
      if (type != "1" && type != "2" && type != "3" && type != "4") {
        Warning(line_, label_text_, StrCat("'", type, "' is not a SIE type (1, 2, 3 or 4)"));
      }
      seen_sietyp_ = true;
      Emplace<SieTyp>(item).type = std::move(type);
      return true;
    }
    case Label::kProgram: {
      if (!Require(a, 1, "programnamn", &f)) return false;
      Program& p = Emplace<Program>(item);
      Text(*f, &p.name);
      if (!OptionalText(a, 2, "version", &p.version)) return false;
      return true;
    }
    case Label::kGen: {
      Date date;
      if (!Require(a, 1, "datum", &f) || !DateAt(*f, "datum", &date)) return false;
      Gen& g = Emplace<Gen>(item);
      g.date = date;
      if (!OptionalText(a, 2, "sign", &g.signature)) return false;
      return true;
    }
    case Label::kFnamn: {
      if (!Require(a, 1, "företagsnamn", &f)) return false;
      Text(*f, &Emplace<Fnamn>(item).name);
      return true;
    }
    case Label::kFnr: {
      if (!Require(a, 1, "företagsid", &f)) return false;
      Text(*f, &Emplace<Fnr>(item).id);
      return true;
    }
    case Label::kOrgnr: {
      std::string orgnr;
      int acquisition = 0;
      int activity = 0;
      if (!Code(a, 1, "orgnr", &orgnr)) return false;
      if (a.has(2) && !Int(a, 2, "förvnr", &acquisition)) return false;
      if (a.has(3) && !Int(a, 3, "verknr", &activity)) return false;
      Orgnr& o = Emplace<Orgnr>(item);
      o.orgnr = std::move(orgnr);
      o.acquisition = acquisition;
      o.activity = activity;
      return true;
    }
    case Label::kAdress: {
      Adress& ad = Emplace<Adress>(item);
      if (!OptionalText(a, 1, "kontakt", &ad.contact) ||
          !OptionalText(a, 2, "utdelningsadr", &ad.street) ||
          !OptionalText(a, 3, "postadr", &ad.postal) || !OptionalText(a, 4, "tel", &ad.phone)) {
        return false;
      }
      return true;
    }
    case Label::kTaxar: {
      int year;
      if (!Int(a, 1, "år", &year)) return false;
      if (year < 1900 || year > 9999) {
        Error(line_, FieldName("år"), StrCat(year, " is not a year; expected YYYY"));
        return false;
      }
      Emplace<Taxar>(item).year = year;
      return true;
    }
    case Label::kKptyp: {
      std::string type;
      if (!Code(a, 1, "typ", &type)) return false;
      Emplace<Kptyp>(item).type = std::move(type);
      return true;
    }
    case Label::kValuta: {
      std::string currency;
      if (!Code(a, 1, "valutakod", &currency)) return false;
      Emplace<Valuta>(item).currency = std::move(currency);
      return true;
    }
    case Label::kRar: {
      Rar r;
      if (!YearIndex(a, 1, &r.year_index)) return false;
      if (!Require(a, 2, "start", &f) || !DateAt(*f, "start", &r.start)) return false;
      if (!Require(a, 3, "slut", &f) || !DateAt(*f, "slut", &r.end)) return false;
      if (r.end < r.start) {
        Error(line_, FieldName("slut"), "the fiscal year ends before it starts");
        return false;
      }
      seen_rar_ = true;
      Emplace<Rar>(item) = r;
      return true;
    }
    case Label::kKonto: {
      std::string account;
      if (!Code(a, 1, "kontonr", &account)) return false;
      Konto& k = Emplace<Konto>(item);
      k.account = std::move(account);
      if (!OptionalText(a, 2, "kontonamn", &k.name)) return false;
      return true;
    }
    case Label::kKtyp: {
      std::string account;
      std::string type;
      if (!Code(a, 1, "kontonr", &account) || !Code(a, 2, "kontotyp", &type)) return false;
      if (type != "T" && type != "S" && type != "K" && type != "I") {
        Error(line_, FieldName("kontotyp"),
              StrCat("'", type, "' is not an account type; expected T, S, K or I"));
        return false;
      }
      Ktyp& k = Emplace<Ktyp>(item);
      k.account = std::move(account);
      k.type = std::move(type);
      return true;
    }
    case Label::kEnhet: {
      std::string account;
      std::string unit;
      if (!Code(a, 1, "kontonr", &account) || !Code(a, 2, "enhet", &unit)) return false;
      Enhet& e = Emplace<Enhet>(item);
      e.account = std::move(account);
      e.unit = std::move(unit);
      return true;
    }
    case Label::kSru: {
      std::string account;
      std::string code;
      if (!Code(a, 1, "kontonr", &account) || !Code(a, 2, "SRU-kod", &code)) return false;
      Sru& s = Emplace<Sru>(item);
      s.account = std::move(account);
      s.code = std::move(code);
      return true;
    }
    case Label::kDim:
    case Label::kUnderdim: {
      int dimension;
      int parent = 0;
      if (!Int(a, 1, "dimensionsnr", &dimension)) return false;
      if (dimension < 1) {
        Error(line_, FieldName("dimensionsnr"), StrCat(dimension, " is not a dimension number"));
        return false;
      }
      if (label == Label::kUnderdim) {
        if (!Int(a, 3, "superdimension", &parent)) return false;
        if (parent < 1) {
          Error(line_, FieldName("superdimension"), StrCat(parent, " is not a dimension number"));
          return false;
        }
      }
      if (!Require(a, 2, "namn", &f)) return false;
      if (label == Label::kDim) {
        Dim& d = Emplace<Dim>(item);
        d.dimension = dimension;
        Text(*f, &d.name);
      } else {
        Underdim& u = Emplace<Underdim>(item);
        u.dimension = dimension;
        u.parent_dimension = parent;
        Text(*f, &u.name);
      }
      return true;
    }
    case Label::kObjekt: {
      int dimension;
      std::string id;
      if (!Int(a, 1, "dimensionsnr", &dimension)) return false;
      if (dimension < 1) {
        Error(line_, FieldName("dimensionsnr"), StrCat(dimension, " is not a dimension number"));
        return false;
      }
      if (!Code(a, 2, "objektnr", &id)) return false;
      Objekt& o = Emplace<Objekt>(item);
      o.dimension = dimension;
      o.object_id = std::move(id);
      if (!OptionalText(a, 3, "objektnamn", &o.name)) return false;
      return true;
    }
    case Label::kIb:
    case Label::kUb:
    case Label::kRes:
    case Label::kOib:
    case Label::kOub: {
      Balance b;
      b.kind = label == Label::kIb    ? BalanceKind::kIb
               : label == Label::kUb  ? BalanceKind::kUb
               : label == Label::kRes ? BalanceKind::kRes
               : label == Label::kOib ? BalanceKind::kOib
                                      : BalanceKind::kOub;
      const bool per_object = label == Label::kOib || label == Label::kOub;
      if (!YearIndex(a, 1, &b.year_index) || !Code(a, 2, "konto", &b.account)) return false;
      if (per_object) {
        if (!ObjectsAmountQuantity(a, 3, true, &b.objects, &b.amount_ore, &b.quantity)) {
          return false;
        }
      } else {
        if (!Require(a, 3, "saldo", &f) || !Amount(*f, "saldo", &b.amount_ore) ||
            !Quantity(a, 4, &b.quantity)) {
          return false;
        }
      }
      Emplace<Balance>(item) = std::move(b);
      return true;
    }
    case Label::kPsaldo:
    case Label::kPbudget: {
      PeriodBalance p;
      p.kind = label == Label::kPsaldo ? PeriodBalanceKind::kPsaldo : PeriodBalanceKind::kPbudget;
      if (!YearIndex(a, 1, &p.year_index) || !Require(a, 2, "period", &f)) return false;
      if (!internal::ParsePeriod(f->text, &p.period)) {
        Error(line_, FieldName("period"),
              StrCat(Shown(f->text), " is not a period; expected YYYYMM"));
        return false;
      }
      if (!Code(a, 3, "konto", &p.account)) return false;
      // Type 2 files may leave the object list out (SIE 4B, #PSALDO note 4).
      if (!ObjectsAmountQuantity(a, 4, false, &p.objects, &p.amount_ore, &p.quantity)) {
        return false;
      }
      Emplace<PeriodBalance>(item) = std::move(p);
      return true;
    }
    case Label::kVer: {
      Voucher& v = voucher_;
      used_ = 0;
      voucher_bad_ = false;
      pending_rtrans_ = -1;
      v.line = line_;
      state_ = State::kAfterVer;
      if (!Require(a, 1, "serie", &f)) return voucher_bad_ = true, false;
      Text(*f, &v.series);
      if (!Require(a, 2, "vernr", &f)) return voucher_bad_ = true, false;
      Text(*f, &v.number);
      if (!Require(a, 3, "verdatum", &f) || !DateAt(*f, "verdatum", &v.date)) {
        return voucher_bad_ = true, false;
      }
      if (!OptionalText(a, 4, "vertext", &v.text)) return voucher_bad_ = true, false;
      v.registered.reset();
      if (a.has(5)) {
        Date reg;
        if (a.at(5)->is_list || !DateAt(*a.at(5), "regdatum", &reg)) {
          if (a.at(5)->is_list) Require(a, 5, "regdatum", &f);
          return voucher_bad_ = true, false;
        }
        v.registered = reg;
      }
      if (!OptionalText(a, 6, "sign", &v.signature)) return voucher_bad_ = true, false;
      return false;  // the voucher is returned when its block closes
    }
    case Label::kKsumma: {
      if (!a.has(1)) {
        if (summing_ || sum_closed_) {
          Error(line_, label_text_, "a second opening #KSUMMA");
          return false;
        }
        summing_ = true;
        sum_opened_line_ = line_;
        crc_ = Crc32();
        Emplace<Ksumma>(item).checksum.reset();
        return true;
      }
      f = a.at(1);
      if (!summing_) {
        Error(line_, FieldName("kontrollsumma"),
              "a closing #KSUMMA without the opening #KSUMMA (expected after #FLAGGA)");
        return false;
      }
      summing_ = false;
      sum_closed_ = true;
      int64_t value = 0;
      bool digits = !f->is_list && !f->text.empty() && f->text.size() <= 11;
      for (size_t i = (digits && f->text[0] == '-') ? 1 : 0; digits && i < f->text.size(); ++i) {
        digits = f->text[i] >= '0' && f->text[i] <= '9';
        value = value * 10 + (f->text[i] - '0');
      }
      if (digits && f->text[0] == '-') {
        if (f->text.size() == 1 || value > 2147483648LL) digits = false;
        value = -value;
      }
      if (!digits || value > 4294967295LL) {
        Error(line_, FieldName("kontrollsumma"),
              StrCat(f->is_list ? "an object list" : Shown(f->text),
                     " is not a checksum; expected a CRC-32 as a decimal number"));
        return false;
      }
      if (value < 0) {
        Warning(line_, FieldName("kontrollsumma"),
                "negative checksum: read as a signed 32-bit number (the program wrote the CRC "
                "as a signed integer)");
      }
      const uint32_t expected = static_cast<uint32_t>(value);
      if (expected != crc_.value()) {
        Error(line_, FieldName("kontrollsumma"),
              StrCat("the file says ", expected, " but its content (from the #KSUMMA on line ",
                     sum_opened_line_, ") sums to ", crc_.value(),
                     ": the file was changed or damaged after it was written"));
        return false;
      }
      checksum_verified_ = true;
      Emplace<Ksumma>(item).checksum = expected;
      return true;
    }
    case Label::kOmfattn: {
      Date date;
      if (a.has(1) && !DateAt(*a.at(1), "datum", &date)) return false;
      return false;
    }
    case Label::kProsa:
    case Label::kFtyp:
    case Label::kBkod:
      return false;
    case Label::kUnknown:
      if (unknown_labels_.size() < kMaxUnknownLabels &&
          unknown_labels_.insert(std::string(label_text_)).second) {
        Warning(line_, label_text_, "unknown label; its records are skipped");
      }
      return false;
    case Label::kTrans:
    case Label::kRtrans:
    case Label::kBtrans:
      break;  // handled by HandleLine
  }
  return false;
}

void Reader::Impl::HandleTransaction(Label label) {
  const Args a{&splitter_.fields()};
  descriptive_ = false;
  Voucher& v = voucher_;
  if (used_ >= options_.max_voucher_transactions) {
    if (used_ == options_.max_voucher_transactions) {
      Error(v.line, "#VER",
            StrCat("the voucher has more than ", options_.max_voucher_transactions,
                   " transactions; refused"));
      ++used_;
    }
    voucher_bad_ = true;
    return;
  }
  // A voucher with an error is dropped, but its other transactions are still checked so
  // that one pass reports every error.
  // Reuse the transaction slots (and their strings' buffers) of earlier vouchers.
  if (used_ == v.transactions.size()) {
    if (!spare_.empty()) {
      v.transactions.push_back(std::move(spare_.back()));
      spare_.pop_back();
    } else {
      v.transactions.emplace_back();
    }
  }
  Transaction& t = v.transactions[used_];
  t.kind = KindOf(label);
  t.line = line_;
  t.repeats_rtrans = false;
  const Field* f;
  if (!Code(a, 1, "kontonr", &t.account)) {
    voucher_bad_ = true;
    return;
  }
  // The object list: required by the specification, left out by some programs.
  size_t i = 2;
  f = a.at(i);
  if (f != nullptr && f->is_list) {
    if (!Objects(*f, &t.objects)) {
      voucher_bad_ = true;
      return;
    }
    ++i;
  } else {
    t.objects.clear();
  }
  if (!Require(a, i, "belopp", &f) || !Amount(*f, "belopp", &t.amount_ore)) {
    voucher_bad_ = true;
    return;
  }
  t.date.reset();
  if (a.has(i + 1)) {
    Date date;
    f = a.at(i + 1);
    if (f->is_list) {
      Require(a, i + 1, "transdat", &f);
      voucher_bad_ = true;
      return;
    }
    if (!DateAt(*f, "transdat", &date)) {
      voucher_bad_ = true;
      return;
    }
    t.date = date;
  }
  if (!OptionalText(a, i + 2, "transtext", &t.text) || !Quantity(a, i + 3, &t.quantity) ||
      !OptionalText(a, i + 4, "sign", &t.signature)) {
    voucher_bad_ = true;
    return;
  }
  if (i == 2) {
    Warning(line_, label_text_,
            "no object list {}; read the amount from the field after the account");
  }

  // SIE 4B, #RTRANS note 4-6: an #RTRANS is followed by a #TRANS copy of itself for readers
  // that do not know #RTRANS; that copy must not count twice.
  if (pending_rtrans_ >= 0) {
    const Transaction& r = v.transactions[static_cast<size_t>(pending_rtrans_)];
    if (t.kind == TransactionKind::kTrans && t.account == r.account && t.objects == r.objects &&
        t.amount_ore == r.amount_ore) {
      t.repeats_rtrans = true;
    } else {
      Warning(line_, label_text_,
              StrCat("the #RTRANS on line ", r.line,
                     " is not followed by its #TRANS copy; this record counts on its own"));
    }
  }
  pending_rtrans_ = t.kind == TransactionKind::kRtrans ? static_cast<int>(used_) : -1;
  ++used_;
}

bool Reader::Impl::CloseBlock(Item* item) {
  state_ = State::kTop;
  Voucher& v = voucher_;
  if (pending_rtrans_ >= 0) {
    Warning(v.transactions[static_cast<size_t>(pending_rtrans_)].line, "#RTRANS",
            "the #RTRANS is not followed by its #TRANS copy (it ends the block)");
  }
  if (voucher_bad_) return false;
  // Slots beyond this voucher go back to the pool, keeping their buffers.
  while (v.transactions.size() > used_) {
    if (spare_.size() < kMaxSpareTransactions) spare_.push_back(std::move(v.transactions.back()));
    v.transactions.pop_back();
  }
  if (used_ == 0) Warning(v.line, "#VER", "the voucher has no transactions");
  if (auto* out = std::get_if<Voucher>(item)) {
    std::swap(*out, voucher_);  // the caller's previous voucher becomes our next buffer
  } else {
    item->emplace<Voucher>(std::move(voucher_));
    voucher_ = have_spare_voucher_ ? std::move(spare_voucher_) : Voucher();
    have_spare_voucher_ = false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------

Reader::Reader(ByteSource* source, std::string file_name, ReaderOptions options)
    : impl_(std::make_unique<Impl>(source, std::move(file_name), options)) {}
Reader::~Reader() = default;
absl::StatusOr<bool> Reader::Next(Item* item) { return impl_->Next(item); }
const std::vector<Diagnostic>& Reader::errors() const { return impl_->errors(); }
const std::vector<Diagnostic>& Reader::warnings() const { return impl_->warnings(); }
int Reader::errors_not_listed() const { return impl_->errors_not_listed(); }
int64_t Reader::bytes_read() const { return impl_->bytes_read(); }
int Reader::line() const { return impl_->line(); }
bool Reader::checksum_verified() const { return impl_->checksum_verified(); }

bool CountsTowardsBalance(const Transaction& t) {
  return t.kind == TransactionKind::kRtrans ||
         (t.kind == TransactionKind::kTrans && !t.repeats_rtrans);
}

std::string FormatDiagnostic(const Diagnostic& d) {
  std::string out = StrCat(d.file, ":", d.line, ": ");
  if (!d.field.empty()) StrAppend(&out, d.field, ": ");
  StrAppend(&out, d.message);
  return out;
}

}  // namespace tertial::sie
