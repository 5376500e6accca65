#ifndef TERTIAL_SIE_SRC_READER_IMPL_H_
#define TERTIAL_SIE_SRC_READER_IMPL_H_

// The reader's state, shared by reader.cc (lines, blocks, checksum, diagnostics) and
// reader_records.cc (each record's fields). Private to the library.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "arena.h"
#include "fields.h"
#include "line_reader.h"
#include "tertial/base/strings.h"
#include "tertial/sie/checksum.h"
#include "tertial/sie/reader.h"
#include "values.h"

namespace tertial::sie {
namespace internal {

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

// The label of a record ("#TRANS" -> kTrans); kUnknown for labels SIE 4B does not have.
Label LabelOf(std::string_view text);

inline bool IsTransaction(Label l) {
  return l == Label::kTrans || l == Label::kRtrans || l == Label::kBtrans;
}

inline TransactionKind KindOf(Label l) {
  return l == Label::kRtrans   ? TransactionKind::kRtrans
         : l == Label::kBtrans ? TransactionKind::kBtrans
                               : TransactionKind::kTrans;
}
// At most this many diagnostics of one kind are listed (warnings are counted beyond).
constexpr size_t kMaxUnknownLabels = 64;
constexpr size_t kMaxSpareTransactions = 4096;
constexpr size_t kSumFlushBytes = 64 << 10;
// A field's bytes shown in a message: decoded, cut short, quoted.
std::string Shown(std::string_view bytes);

// A field of a line read by the fast path: its raw bytes, without quotes (it has no
// escapes), and whether any is >= 0x80.
struct RawField {
  const char* data;
  uint32_t size;
  bool high;
  std::string_view view() const { return {data, size}; }
};

// Turns the fast paths off (process-wide) for readers made after the call, so that tests can
// compare them with the general path.
void SetFastPathsForTesting(bool enabled);
bool FastPathsEnabled();

}  // namespace internal

using internal::Arena;
using internal::Field;
using internal::FieldList;
using internal::FieldSplitter;
using internal::IsTransaction;
using internal::KindOf;
using internal::kMaxSpareTransactions;
using internal::kMaxUnknownLabels;
using internal::kSumFlushBytes;
using internal::Label;
using internal::LabelOf;
using internal::LineReader;
using internal::Shown;

class Reader::Impl {
 public:
  Impl(ByteSource* source, std::string file, ReaderOptions options)
      : file_(std::move(file)),
        options_(options),
        lines_(source, options.max_line_bytes),
        fast_(internal::FastPathsEnabled()) {}

  absl::StatusOr<bool> Next(Item* item);
  absl::StatusOr<bool> Next(ItemView* item);

  const std::vector<Issue>& errors() const { return errors_; }
  const std::vector<Issue>& warnings() const { return warnings_; }
  int errors_not_listed() const { return errors_not_listed_; }
  int64_t bytes_read() const { return lines_.bytes_consumed(); }
  int line() const { return lines_.line_number(); }
  bool checksum_verified() const { return checksum_verified_; }

 private:
  enum class State { kTop, kAfterVer, kInBlock };
  enum class Encoding { kUndecided, kCp437, kUtf8 };

  // A record's fields after its label: at(1) is the first.
  struct Args {
    const FieldList* fields;
    size_t size() const { return fields->size() - 1; }
    const Field* at(size_t i) const { return i < fields->size() ? &(*fields)[i] : nullptr; }
    // Present and not "" (an object list counts as present).
    bool has(size_t i) const {
      return i < fields->size() && ((*fields)[i].is_list || !(*fields)[i].text.empty());
    }
  };

  // What reading a line gave: nothing yet, a record (in the Item), or a voucher (in header_
  // and slots_), or reading cannot go on (fatal_).
  enum class Produced { kNothing, kRecord, kVoucher, kEnd, kFailed };

  // Reads lines until a record or a voucher is complete.
  Produced Advance(Item* record);
  Produced HandleLine(const LineReader::Line& line, Item* item);
  bool HandleRecord(Label label, Item* item);
  void HandleTransaction(Label label);
  // A plain transaction line (reader_fast.cc); false, with nothing changed, if it is not.
  bool FastTransaction(std::string_view text);
  // The same for a #VER between records.
  bool FastVoucher(std::string_view text);
  // Their parsers, for either lexer of reader_fast.cc.
  template <typename Lexer>
  bool ReadTransactionLine(Lexer& lexer, std::string_view text);
  template <typename Lexer>
  bool ReadVoucherLine(Lexer& lexer, std::string_view text);
  // A field of a line the fast path took, in the arena.
  [[gnu::always_inline]] std::string_view KeptFast(const internal::RawField& f) {
    return f.high ? KeptDecoded(f.view(), true) : f.view();
  }
  // The checksum's part of a line the fast path took.
  void SumFields(const internal::RawField* fields, size_t count, size_t line_bytes);
  // The #RTRANS rule and the count, for a transaction whose fields are read.
  void EndTransaction(TransactionView& t);
  bool CloseBlock();
  // The voucher just closed, copied into the caller's item (Next(Item*)).
  void TakeVoucher(Item* item);
  // The voucher's views into the retained lines: moved by `shift` bytes (the line reader
  // moved them), or copied into the arena so that they need not be retained any more.
  void RebaseViews(size_t shift);
  void SpillViews();
  template <typename Fn>
  void ForEachView(Fn fn);
  void AtEnd();
  void Checksum(std::string_view label, size_t line_bytes);
  void FlushChecksum();

  // Diagnostics. `field` names the label and field, e.g. "#TRANS belopp".
  // Cold: kept out of line so that the paths that read good records stay small.
  [[gnu::cold, gnu::noinline]] void Error(int line, std::string_view field, std::string message);
  [[gnu::cold, gnu::noinline]] void Warning(int line, std::string_view field, std::string message);
  [[gnu::cold, gnu::noinline]] void Fatal(int line, std::string_view field, std::string message);
  std::string FieldName(std::string_view name) const { return StrCat(label_text_, " ", name); }

  // Field readers: false (with the error reported) when the field is missing or malformed.
  bool Require(const Args& a, size_t i, std::string_view name, const Field** out) {
    const Field* f = a.at(i);
    if (f != nullptr && !f->is_list) [[likely]] {
      *out = f;
      return true;
    }
    return RequireFailed(a, i, name);
  }
  [[gnu::cold, gnu::noinline]] bool RequireFailed(const Args& a, size_t i, std::string_view name);
  void Text(const Field& f, std::string* out) {
    if (!f.high) [[likely]] {
      out->assign(f.text);
      return;
    }
    DecodeText(f, out);
  }
  void DecodeText(const Field& f, std::string* out);
  // True if `bytes` (which hold bytes >= 0x80) are to be taken as UTF-8, false if they are
  // CP437 to decode. The first such text decides the file's encoding; warns as it decides.
  bool ReadAsUtf8(std::string_view bytes);
  // A voucher's text field as UTF-8 that lives as long as the voucher: a view of the line
  // (retained) if it is plain ASCII there, else a copy or decoding in the arena.
  std::string_view Kept(const Field& f) {
    if (!f.high) [[likely]] {
      return lines_.Holds(f.text.data()) ? f.text : arena_.Copy(f.text);
    }
    return KeptDecoded(f.text);
  }
  // `padded`: the bytes are followed by 15 readable ones (they are in the line buffer).
  std::string_view KeptDecoded(std::string_view bytes, bool padded = false);
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
  bool Code(const Args& a, size_t i, std::string_view name, std::string* out) {
    const Field* f = CodeField(a, i, name);
    if (f == nullptr) return false;
    Text(*f, out);
    return true;
  }
  // The field of a code (account, object id, ...): present, a value and not empty; null
  // (reported) otherwise.
  const Field* CodeField(const Args& a, size_t i, std::string_view name);
  // The same, kept in the arena.
  bool OptionalKept(const Args& a, size_t i, std::string_view name, std::string_view* out) {
    const Field* f = a.at(i);
    if (f == nullptr) {
      *out = {};
      return true;
    }
    if (f->is_list) return Require(a, i, name, &f);
    *out = Kept(*f);
    return true;
  }
  bool Int(const Args& a, size_t i, std::string_view name, int* out);
  bool YearIndex(const Args& a, size_t i, int* out);
  bool Amount(const Field& f, std::string_view name, int64_t* out) {
    if (internal::ParseAmount(f.text, out) == internal::AmountForm::kOk) [[likely]]
      return true;
    return AmountUnusual(f, name, out);
  }
  bool AmountUnusual(const Field& f, std::string_view name, int64_t* out);
  bool DateAt(const Field& f, std::string_view name, Date* out) {
    if (internal::ParseDate(f.text, out) == internal::DateForm::kOk) [[likely]]
      return true;
    return DateUnusual(f, name, out);
  }
  bool DateUnusual(const Field& f, std::string_view name, Date* out);
  bool Objects(const Field& f, std::vector<ObjectRef>* out);
  bool Objects(const Field& f, std::span<const ObjectRefView>* out);
  // Checks the object list `f` and calls store(k, dimension, object_field) for each pair.
  template <typename Store>
  bool ReadObjects(const Field& f, Store store);
  bool Quantity(const Args& a, size_t i, std::string* out) {
    const Field* f;
    if (!QuantityField(a, i, &f)) return false;
    if (f == nullptr) {
      out->clear();
    } else {
      out->assign(f->text);
    }
    return true;
  }
  // The quantity field at i, or null if there is none; false (reported) if malformed.
  bool QuantityField(const Args& a, size_t i, const Field** out);
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
  const bool fast_;
  FieldSplitter splitter_;
  std::vector<Issue> errors_;
  std::vector<Issue> warnings_;
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
  std::unique_ptr<char[]> sum_buffer_;  // covered bytes not yet in crc_ (and 16 to spare)
  size_t sum_used_ = 0;
  bool checksum_verified_ = false;

  // The voucher being read: its header and its transactions (the first used_ of slots_),
  // views into arena_ that live until the next #VER.
  State state_ = State::kTop;
  VoucherView header_;
  std::vector<TransactionView> slots_;
  size_t used_ = 0;
  bool voucher_bad_ = false;
  int pending_rtrans_ = -1;  // index of an #RTRANS waiting for its #TRANS copy
  Arena arena_;

  // Next(Item*): transactions of earlier vouchers kept with their buffers, and the voucher
  // the caller's item held when a record replaced it.
  std::vector<Transaction> spare_;
  Voucher spare_voucher_;
  bool have_spare_voucher_ = false;
  // Next(ItemView*): the records, moved to the caller's item.
  Item record_;
};

}  // namespace tertial::sie

#endif  // TERTIAL_SIE_SRC_READER_IMPL_H_
