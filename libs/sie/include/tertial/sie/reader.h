#ifndef TERTIAL_SIE_READER_H_
#define TERTIAL_SIE_READER_H_

// A streaming reader for SIE files, types 1-4 and 4I (SIE 4B, SIE-gruppen 2008-09-30).
//
// The reader decodes the file (CP437 "PC8" as the spec says; UTF-8 accepted with a warning
// when the bytes clearly are UTF-8), splits records into fields (quoted fields with escaped
// quotes, object lists {1 "KLS" 6 "P100"}), and returns one typed Item per record; a #VER
// comes back whole with its { #TRANS / #RTRANS / #BTRANS } block. Memory does not grow
// with the file: only the current record (or voucher) is held.
//
// Problems are reported with file, line and field. A record that cannot be understood is
// an error and is skipped, so that one pass reports every error (up to a cap); labels the
// reader does not know are skipped with a warning, as the specification asks.
//
//   ByteSource source = ...;
//   sie::Reader reader(&source, "ledger.se");
//   sie::Item item;
//   for (;;) {
//     absl::StatusOr<bool> more = reader.Next(&item);
//     if (!more.ok()) return more.status();   // I/O failure or too many errors
//     if (!*more) break;
//     std::visit(handler, item);
//   }
//   reader.errors(); reader.warnings();    // complete once Next returned false
//
// A caller that reads millions of transactions and needs no copies of their text calls
// Next(ItemView*) instead: vouchers then come back as VoucherView, whose strings and spans
// point into the reader and stay valid until the next call to Next.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "tertial/base/issues.h"
#include "tertial/period/period.h"

namespace tertial::sie {

using period::Date;

// Where a problem is: 1-based line, the field (label or field name), what was expected:
// the issue every input reader reports (tertial/base/issues.h), printed by FormatIssue:
// "ledger.se:12: #TRANS belopp: '12,50' is not an amount; ...".
// The old name, until the ledger importer (which still spells it) is split.
using Diagnostic = ::tertial::Issue;

// #FLAGGA, #FORMAT, #SIETYP, #PROGRAM, #GEN, #FNAMN, #FNR, #ORGNR, #ADRESS, #TAXAR,
// #KPTYP, #VALUTA: file and company facts, kept as text (dates parsed where defined).
struct Flagga {
  int flag = 0;
};
struct Format {
  std::string format;
};  // "PC8"
struct SieTyp {
  std::string type;
};  // "1".."4", or "4" with 4I files (#SIETYP 4)
struct Program {
  std::string name;
  std::string version;
};
struct Gen {
  Date date;
  std::string signature;
};
struct Fnamn {
  std::string name;
};
struct Fnr {
  std::string id;
};
struct Orgnr {
  std::string orgnr;
  int acquisition = 0;
  int activity = 0;
};
struct Adress {
  std::string contact, street, postal, phone;
};
struct Taxar {
  int year = 0;
};
struct Kptyp {
  std::string type;
};  // BAS95, BAS96, EUBAS97, NE2007, ...
struct Valuta {
  std::string currency;
};
// #RAR: a fiscal year; year_index 0 is the file's current year, -1 the previous one.
struct Rar {
  int year_index = 0;
  Date start;
  Date end;
};
// #KONTO account name, #KTYP account type (T, S, K, I), #ENHET unit, #SRU code.
struct Konto {
  std::string account;
  std::string name;
};
struct Ktyp {
  std::string account;
  std::string type;
};
struct Enhet {
  std::string account;
  std::string unit;
};
struct Sru {
  std::string account;
  std::string code;
};
// #DIM, #UNDERDIM, #OBJEKT.
struct Dim {
  int dimension = 0;
  std::string name;
};
struct Underdim {
  int dimension = 0;
  std::string name;
  int parent_dimension = 0;
};
struct Objekt {
  int dimension = 0;
  std::string object_id;
  std::string name;
};

struct ObjectRef {
  int dimension = 0;
  std::string object_id;
  friend bool operator==(const ObjectRef&, const ObjectRef&) = default;
};

// #IB, #UB (balance sheet), #RES (result), #OIB, #OUB (per object): year index, account,
// (object), amount.
enum class BalanceKind { kIb, kUb, kRes, kOib, kOub };
struct Balance {
  BalanceKind kind = BalanceKind::kIb;
  int year_index = 0;
  std::string account;
  std::vector<ObjectRef> objects;  // #OIB/#OUB only
  int64_t amount_ore = 0;
  std::string quantity;  // as written; empty if absent
};

// #PSALDO (actual) and #PBUDGET (budget) per month: year index, period, account, objects.
enum class PeriodBalanceKind { kPsaldo, kPbudget };
struct PeriodBalance {
  PeriodBalanceKind kind = PeriodBalanceKind::kPsaldo;
  int year_index = 0;
  period::Period period;
  std::string account;
  std::vector<ObjectRef> objects;
  int64_t amount_ore = 0;
  std::string quantity;
};

enum class TransactionKind { kTrans, kRtrans, kBtrans };
struct Transaction {
  TransactionKind kind = TransactionKind::kTrans;
  std::string account;
  std::vector<ObjectRef> objects;
  int64_t amount_ore = 0;
  std::optional<Date> date;
  std::string text;
  std::string quantity;
  std::string signature;
  int line = 0;
  // True for the #TRANS that repeats the #RTRANS just before it (the spec's rule for
  // readers that do not know #RTRANS); it must not be counted twice.
  bool repeats_rtrans = false;
};

// Whether a transaction is part of the voucher as it stands: #TRANS (except the copy that
// follows an #RTRANS) and #RTRANS count; #BTRANS (removed) does not. The counted amounts of
// a balanced voucher sum to zero.
bool CountsTowardsBalance(const Transaction& transaction);

// #VER with its transactions.
struct Voucher {
  std::string series;
  std::string number;  // may be empty in 4I files (the receiver numbers it)
  Date date;
  std::string text;
  std::optional<Date> registered;
  std::string signature;
  std::vector<Transaction> transactions;
  int line = 0;  // the #VER line
};

// Views of a voucher (Reader::Next(ItemView*)): the same fields as Voucher and Transaction,
// with the same meaning and the same UTF-8 text, but every string_view and span points into
// the reader's own buffers and is valid only until the next call to Next on that reader.
struct ObjectRefView {
  int dimension = 0;
  std::string_view object_id;
  friend bool operator==(const ObjectRefView&, const ObjectRefView&) = default;
};

struct TransactionView {
  TransactionKind kind = TransactionKind::kTrans;
  std::string_view account;
  std::span<const ObjectRefView> objects;
  int64_t amount_ore = 0;
  std::optional<Date> date;
  std::string_view text;
  std::string_view quantity;
  std::string_view signature;
  int line = 0;
  bool repeats_rtrans = false;
};

bool CountsTowardsBalance(const TransactionView& transaction);

struct VoucherView {
  std::string_view series;
  std::string_view number;
  Date date;
  std::string_view text;
  std::optional<Date> registered;
  std::string_view signature;
  std::span<const TransactionView> transactions;
  int line = 0;
};

// Copies a view into an owned voucher (what Next(Item*) returns), reusing the buffers
// `*out` already has.
void CopyVoucher(const VoucherView& view, Voucher* out);

// #KSUMMA: the opening record (no value) and the closing one with the CRC-32.
struct Ksumma {
  std::optional<uint32_t> checksum;
};

using Item = std::variant<Flagga, Format, SieTyp, Program, Gen, Fnamn, Fnr, Orgnr, Adress, Taxar,
                          Kptyp, Valuta, Rar, Konto, Ktyp, Enhet, Sru, Dim, Underdim, Objekt,
                          Balance, PeriodBalance, Voucher, Ksumma>;

// An Item whose voucher is a view (VoucherView in Voucher's place, at the same index); the
// other records are owned, as in Item: they are few and small.
using ItemView = std::variant<Flagga, Format, SieTyp, Program, Gen, Fnamn, Fnr, Orgnr, Adress,
                              Taxar, Kptyp, Valuta, Rar, Konto, Ktyp, Enhet, Sru, Dim, Underdim,
                              Objekt, Balance, PeriodBalance, VoucherView, Ksumma>;

// Where bytes come from: a file, a gRPC stream of chunks, a string in a test.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Fills `buffer` with up to `size` bytes; returns how many (0 at end).
  virtual absl::StatusOr<size_t> Read(char* buffer, size_t size) = 0;
};

// Reads a whole file through a fixed buffer.
absl::StatusOr<std::unique_ptr<ByteSource>> OpenFile(const std::string& path);
// Reads from memory (the caller keeps `data` alive).
std::unique_ptr<ByteSource> FromString(std::string_view data);

struct ReaderOptions {
  // Stop listing errors past this many; Next fails once it is exceeded.
  int max_errors = 100;
  // Refuse records longer than this (a binary or broken file).
  size_t max_line_bytes = 64 << 10;
  // Refuse a #VER with more transactions than this, so that memory stays bounded.
  size_t max_voucher_transactions = 250'000;
};

class Reader {
 public:
  Reader(ByteSource* source, std::string file_name, ReaderOptions options = {});
  ~Reader();
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  // The next item, or false at the end of the file. Returns an error only when reading
  // cannot go on (I/O failure, more than max_errors errors); record-level problems are
  // collected in errors() and the record is skipped.
  absl::StatusOr<bool> Next(Item* item);
  // The same items, errors and warnings as Next(Item*), but a voucher comes back as a
  // VoucherView into the reader's buffers: valid until the next call to Next, and nothing
  // of it is copied. The two may be mixed on one reader.
  absl::StatusOr<bool> Next(ItemView* item);

  // Complete once Next has returned false. A #KSUMMA that does not match is an error; a
  // file without #KSUMMA is fine (most are).
  const std::vector<Issue>& errors() const;
  const std::vector<Issue>& warnings() const;
  // Errors found beyond max_errors (counted, not listed).
  int errors_not_listed() const;

  // Progress: bytes consumed and the current line.
  int64_t bytes_read() const;
  int line() const;
  // True once #KSUMMA was present and verified.
  bool checksum_verified() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tertial::sie

#endif  // TERTIAL_SIE_READER_H_
