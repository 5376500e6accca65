#include "tertial/sie/writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <type_traits>
#include <variant>

#include "absl/status/status.h"
#include "tertial/base/strings.h"
#include "tertial/sie/cp437.h"

namespace tertial::sie {
namespace {

constexpr size_t kFlushBytes = 64 << 10;

class FileSink final : public ByteSink {
 public:
  FileSink(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~FileSink() override {
    if (fd_ >= 0) ::close(fd_);
  }

  absl::Status Write(std::string_view data) override {
    while (!data.empty()) {
      ssize_t n = ::write(fd_, data.data(), data.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0)
        return absl::UnavailableError(StrCat(path_, ": write failed: ", std::strerror(errno)));
      data.remove_prefix(static_cast<size_t>(n));
    }
    return absl::OkStatus();
  }

  absl::Status Close() override {
    int fd = fd_;
    fd_ = -1;
    if (fd >= 0 && ::close(fd) != 0) {
      return absl::UnavailableError(StrCat(path_, ": close failed: ", std::strerror(errno)));
    }
    return absl::OkStatus();
  }

 private:
  int fd_;
  std::string path_;
};

class StringSinkImpl final : public ByteSink {
 public:
  explicit StringSinkImpl(std::string* out) : out_(out) {}
  absl::Status Write(std::string_view data) override {
    out_->append(data);
    return absl::OkStatus();
  }

 private:
  std::string* out_;
};

bool IsValidDate(const Date& d) {
  return d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= period::DaysInMonth(d.year, d.month);
}

// Bytes that may stand in an unquoted field.
bool IsBareByte(unsigned char c) {
  return c > 0x20 && c < 0x7F && c != '"' && c != '{' && c != '}' && c != '\\';
}

std::string_view BalanceLabel(BalanceKind kind) {
  switch (kind) {
    case BalanceKind::kIb:
      return "#IB";
    case BalanceKind::kUb:
      return "#UB";
    case BalanceKind::kRes:
      return "#RES";
    case BalanceKind::kOib:
      return "#OIB";
    case BalanceKind::kOub:
      return "#OUB";
  }
  return "#IB";
}

std::string_view TransactionLabel(TransactionKind kind) {
  switch (kind) {
    case TransactionKind::kTrans:
      return "#TRANS";
    case TransactionKind::kRtrans:
      return "#RTRANS";
    case TransactionKind::kBtrans:
      return "#BTRANS";
  }
  return "#TRANS";
}

}  // namespace

absl::StatusOr<std::unique_ptr<ByteSink>> CreateFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::NotFoundError(StrCat(path, ": cannot create: ", std::strerror(errno)));
  }
  return std::make_unique<FileSink>(fd, path);
}

std::unique_ptr<ByteSink> StringSink(std::string* out) {
  return std::make_unique<StringSinkImpl>(out);
}

// One record (or a whole voucher) being built: its bytes and the checksum as it will be
// once the record is written. Nothing reaches the writer until the record is complete, so
// that a failed field leaves the output as it was.
class Writer::Record {
 public:
  Record(const Crc32& crc, bool summing, bool crlf) : crc_(crc), summing_(summing), crlf_(crlf) {}

  const std::string& bytes() const { return bytes_; }
  const Crc32& crc() const { return crc_; }

  // Starts a line with its label; `indent` for the transactions of a voucher.
  void Begin(std::string_view label, bool indent = false) {
    label_ = label;
    if (indent) bytes_ += '\t';
    bytes_ += label;
    Sum(label);
  }
  void End() { bytes_ += crlf_ ? "\r\n" : "\n"; }
  // A line of its own that the checksum does not cover ("{", "}").
  void Brace(char brace) {
    bytes_ += brace;
    End();
  }

  // Text (and object ids, which the specification always shows quoted): always quoted.
  absl::Status Text(std::string_view utf8, std::string_view field) {
    if (absl::Status s = Encode(utf8, field); !s.ok()) return s;
    Quoted(field_);
    return absl::OkStatus();
  }
  // A code (account, series, number, orgnr): bare when it can be, quoted otherwise.
  absl::Status Code(std::string_view utf8, std::string_view field, bool required = true) {
    if (required && utf8.empty()) return Error(field, "must not be empty");
    if (absl::Status s = Encode(utf8, field); !s.ok()) return s;
    bool bare = !field_.empty();
    for (char c : field_) bare = bare && IsBareByte(static_cast<unsigned char>(c));
    if (bare) {
      bytes_ += ' ';
      bytes_ += field_;
      Sum(field_);
    } else {
      Quoted(field_);
    }
    return absl::OkStatus();
  }
  void Integer(int64_t value) { Digits(std::to_string(value)); }
  void Amount(int64_t ore) {
    uint64_t magnitude = ore < 0 ? 0 - static_cast<uint64_t>(ore) : static_cast<uint64_t>(ore);
    char buf[32];
    char* p = buf + sizeof(buf);
    uint64_t cents = magnitude % 100;
    *--p = static_cast<char>('0' + cents % 10);
    *--p = static_cast<char>('0' + cents / 10);
    *--p = '.';
    uint64_t kronor = magnitude / 100;
    do {
      *--p = static_cast<char>('0' + kronor % 10);
      kronor /= 10;
    } while (kronor != 0);
    if (ore < 0) *--p = '-';
    Digits(std::string_view(p, static_cast<size_t>(buf + sizeof(buf) - p)));
  }
  absl::Status DateField(const Date& date, std::string_view field) {
    if (!IsValidDate(date)) return Error(field, "is not a valid date");
    char buf[9];
    std::snprintf(buf, sizeof(buf), "%04d%02d%02d", date.year, date.month, date.day);
    Digits(std::string_view(buf, 8));
    return absl::OkStatus();
  }
  absl::Status PeriodField(const period::Period& p, std::string_view field) {
    if (p.year < 1 || p.year > 9999 || p.month < 1 || p.month > 12) {
      return Error(field, "is not a valid period");
    }
    char buf[7];
    std::snprintf(buf, sizeof(buf), "%04d%02d", p.year, p.month);
    Digits(std::string_view(buf, 6));
    return absl::OkStatus();
  }
  // An empty field "" that holds a place before a later one.
  void Empty() { bytes_ += " \"\""; }
  absl::Status Objects(const std::vector<ObjectRef>& objects) {
    bytes_ += " {";
    bool first = true;
    for (const ObjectRef& object : objects) {
      if (object.dimension < 1) return Error("dimensionsnr", "must be a positive number");
      if (!first) bytes_ += ' ';
      first = false;
      std::string number = std::to_string(object.dimension);
      bytes_ += number;
      Sum(number);
      if (object.object_id.empty()) return Error("objektnr", "must not be empty");
      if (absl::Status s = Text(object.object_id, "objektnr"); !s.ok()) return s;
    }
    bytes_ += '}';
    return absl::OkStatus();
  }

  absl::Status Error(std::string_view field, std::string_view what) const {
    return absl::InvalidArgumentError(StrCat("SIE writer: ", label_, " field ", field, " ", what));
  }

 private:
  void Sum(std::string_view bytes) {
    if (summing_) crc_.Update(bytes);
  }
  void Digits(std::string_view digits) {
    bytes_ += ' ';
    bytes_ += digits;
    Sum(digits);
  }
  // UTF-8 -> CP437 into field_, refusing control characters (the specification forbids them
  // in text, and a line break would end the record).
  absl::Status Encode(std::string_view utf8, std::string_view field) {
    field_.clear();
    if (absl::Status s = AppendUtf8AsCp437(utf8, &field_); !s.ok()) {
      return Error(field, std::string(s.message()));
    }
    for (char c : field_) {
      unsigned char u = static_cast<unsigned char>(c);
      if (u < 0x20 || u == 0x7F) {
        return Error(field, StrCat("contains control character ", static_cast<int>(u),
                                   "; SIE text may not"));
      }
    }
    return absl::OkStatus();
  }
  // Writes field_ quoted. A quote becomes \"; a backslash is doubled where a reader would
  // otherwise take it for an escape (before a quote or a backslash, or last in the field),
  // and left alone elsewhere so that paths like C:\SIE read the same everywhere.
  void Quoted(std::string_view cp437) {
    bytes_ += " \"";
    for (size_t i = 0; i < cp437.size(); ++i) {
      char c = cp437[i];
      if (c == '"') {
        bytes_ += "\\\"";
      } else if (c == '\\' &&
                 (i + 1 == cp437.size() || cp437[i + 1] == '"' || cp437[i + 1] == '\\')) {
        bytes_ += "\\\\";
      } else {
        bytes_ += c;
      }
    }
    bytes_ += '"';
    Sum(cp437);
  }

  Crc32 crc_;
  bool summing_;
  bool crlf_;
  std::string_view label_;
  std::string bytes_;
  std::string field_;
};

Writer::Writer(ByteSink* sink, WriterOptions options) : sink_(sink), options_(options) {}

Writer::~Writer() = default;

absl::Status Writer::FlushIfFull() {
  if (buffer_.size() < kFlushBytes) return absl::OkStatus();
  sink_status_ = sink_->Write(buffer_);
  flushed_ += static_cast<int64_t>(buffer_.size());
  buffer_.clear();
  return sink_status_;
}

absl::Status Writer::Emit(const Record& record) {
  buffer_ += record.bytes();
  crc_ = record.crc();
  return FlushIfFull();
}

absl::Status Writer::Write(const Item& item) {
  if (finished_) return absl::FailedPreconditionError("SIE writer: Write after Finish");
  if (!sink_status_.ok()) return sink_status_;
  // The opening #KSUMMA: after #FLAGGA when the file starts with it, else first.
  const bool is_flag = std::holds_alternative<Flagga>(item);
  const bool open_sum = options_.checksum && !summing_ && !(is_flag && !started_);
  Record r(crc_, summing_ || open_sum, options_.crlf);
  absl::Status status = std::visit(
      [&](const auto& v) -> absl::Status {
        using T = std::decay_t<decltype(v)>;
        absl::Status s;
        if constexpr (std::is_same_v<T, Flagga>) {
          r.Begin("#FLAGGA");
          if (v.flag != 0 && v.flag != 1) return r.Error("x", "must be 0 or 1");
          r.Integer(v.flag);
        } else if constexpr (std::is_same_v<T, Format>) {
          r.Begin("#FORMAT");
          if (v.format != "PC8") return r.Error("format", "must be PC8 (the writer writes CP437)");
          s = r.Code(v.format, "format");
        } else if constexpr (std::is_same_v<T, SieTyp>) {
          r.Begin("#SIETYP");
          if (v.type != "1" && v.type != "2" && v.type != "3" && v.type != "4") {
            return r.Error("typnr", "must be 1, 2, 3 or 4 (4I files are #SIETYP 4)");
          }
          s = r.Code(v.type, "typnr");
        } else if constexpr (std::is_same_v<T, Program>) {
          r.Begin("#PROGRAM");
          s = r.Text(v.name, "programnamn");
          if (s.ok() && !v.version.empty()) s = r.Code(v.version, "version");
        } else if constexpr (std::is_same_v<T, Gen>) {
          r.Begin("#GEN");
          s = r.DateField(v.date, "datum");
          if (s.ok() && !v.signature.empty()) s = r.Text(v.signature, "sign");
        } else if constexpr (std::is_same_v<T, Fnamn>) {
          r.Begin("#FNAMN");
          s = r.Text(v.name, "företagsnamn");
        } else if constexpr (std::is_same_v<T, Fnr>) {
          r.Begin("#FNR");
          s = r.Code(v.id, "företagsid");
        } else if constexpr (std::is_same_v<T, Orgnr>) {
          r.Begin("#ORGNR");
          s = r.Code(v.orgnr, "orgnr");
          if (v.acquisition < 0 || v.activity < 0) return r.Error("förvnr", "must not be negative");
          if (v.acquisition != 0 || v.activity != 0) r.Integer(v.acquisition);
          if (v.activity != 0) r.Integer(v.activity);
        } else if constexpr (std::is_same_v<T, Adress>) {
          r.Begin("#ADRESS");
          s = r.Text(v.contact, "kontakt");
          if (s.ok()) s = r.Text(v.street, "utdelningsadr");
          if (s.ok()) s = r.Text(v.postal, "postadr");
          if (s.ok()) s = r.Text(v.phone, "tel");
        } else if constexpr (std::is_same_v<T, Taxar>) {
          r.Begin("#TAXAR");
          if (v.year < 1 || v.year > 9999) return r.Error("år", "must be a year");
          r.Integer(v.year);
        } else if constexpr (std::is_same_v<T, Kptyp>) {
          r.Begin("#KPTYP");
          s = r.Code(v.type, "typ");
        } else if constexpr (std::is_same_v<T, Valuta>) {
          r.Begin("#VALUTA");
          s = r.Code(v.currency, "valutakod");
        } else if constexpr (std::is_same_v<T, Rar>) {
          r.Begin("#RAR");
          if (v.year_index > 0) return r.Error("årsnr", "must be 0 or negative");
          if (v.end < v.start) return r.Error("slut", "is before start");
          r.Integer(v.year_index);
          s = r.DateField(v.start, "start");
          if (s.ok()) s = r.DateField(v.end, "slut");
        } else if constexpr (std::is_same_v<T, Konto>) {
          r.Begin("#KONTO");
          s = r.Code(v.account, "kontonr");
          if (s.ok()) s = r.Text(v.name, "kontonamn");
        } else if constexpr (std::is_same_v<T, Ktyp>) {
          r.Begin("#KTYP");
          s = r.Code(v.account, "kontonr");
          if (s.ok() && v.type != "T" && v.type != "S" && v.type != "K" && v.type != "I") {
            return r.Error("kontotyp", "must be T, S, K or I");
          }
          if (s.ok()) s = r.Code(v.type, "kontotyp");
        } else if constexpr (std::is_same_v<T, Enhet>) {
          r.Begin("#ENHET");
          s = r.Code(v.account, "kontonr");
          if (s.ok()) s = r.Code(v.unit, "enhet");
        } else if constexpr (std::is_same_v<T, Sru>) {
          r.Begin("#SRU");
          s = r.Code(v.account, "kontonr");
          if (s.ok()) s = r.Code(v.code, "SRU-kod");
        } else if constexpr (std::is_same_v<T, Dim>) {
          r.Begin("#DIM");
          if (v.dimension < 1) return r.Error("dimensionsnr", "must be a positive number");
          r.Integer(v.dimension);
          s = r.Text(v.name, "namn");
        } else if constexpr (std::is_same_v<T, Underdim>) {
          r.Begin("#UNDERDIM");
          if (v.dimension < 1) return r.Error("dimensionsnr", "must be a positive number");
          if (v.parent_dimension < 1) return r.Error("superdimension", "must be a positive number");
          r.Integer(v.dimension);
          s = r.Text(v.name, "namn");
          r.Integer(v.parent_dimension);
        } else if constexpr (std::is_same_v<T, Objekt>) {
          r.Begin("#OBJEKT");
          if (v.dimension < 1) return r.Error("dimensionsnr", "must be a positive number");
          r.Integer(v.dimension);
          if (v.object_id.empty()) return r.Error("objektnr", "must not be empty");
          s = r.Text(v.object_id, "objektnr");
          if (s.ok()) s = r.Text(v.name, "objektnamn");
        } else if constexpr (std::is_same_v<T, Balance>) {
          r.Begin(BalanceLabel(v.kind));
          if (v.year_index > 0) return r.Error("årsnr", "must be 0 or negative");
          r.Integer(v.year_index);
          s = r.Code(v.account, "konto");
          const bool per_object = v.kind == BalanceKind::kOib || v.kind == BalanceKind::kOub;
          if (!per_object && !v.objects.empty()) {
            return r.Error("objekt", "only #OIB and #OUB carry objects");
          }
          if (s.ok() && per_object) s = r.Objects(v.objects);
          r.Amount(v.amount_ore);
          if (s.ok() && !v.quantity.empty()) s = r.Code(v.quantity, "kvantitet");
        } else if constexpr (std::is_same_v<T, PeriodBalance>) {
          r.Begin(v.kind == PeriodBalanceKind::kPsaldo ? "#PSALDO" : "#PBUDGET");
          if (v.year_index > 0) return r.Error("årsnr", "must be 0 or negative");
          r.Integer(v.year_index);
          s = r.PeriodField(v.period, "period");
          if (s.ok()) s = r.Code(v.account, "konto");
          if (s.ok()) s = r.Objects(v.objects);
          r.Amount(v.amount_ore);
          if (s.ok() && !v.quantity.empty()) s = r.Code(v.quantity, "kvantitet");
        } else if constexpr (std::is_same_v<T, Voucher>) {
          r.Begin("#VER");
          s = r.Code(v.series, "serie", /*required=*/false);
          if (s.ok()) s = r.Code(v.number, "vernr", /*required=*/false);
          if (s.ok()) s = r.DateField(v.date, "verdatum");
          const bool has_sign = !v.signature.empty();
          const bool has_reg = v.registered.has_value();
          if (s.ok() && (!v.text.empty() || has_reg || has_sign)) s = r.Text(v.text, "vertext");
          if (s.ok() && has_reg) s = r.DateField(*v.registered, "regdatum");
          if (s.ok() && !has_reg && has_sign) r.Empty();
          if (s.ok() && has_sign) s = r.Text(v.signature, "sign");
          if (!s.ok()) return s;
          r.End();
          r.Brace('{');
          __extension__ typedef __int128 Int128;
          Int128 sum = 0;
          bool after_rtrans = false;
          for (const Transaction& t : v.transactions) {
            if (t.repeats_rtrans) {
              if (!after_rtrans) {
                return r.Error("#TRANS", "is marked as repeating an #RTRANS it does not follow");
              }
              after_rtrans = false;
              continue;
            }
            after_rtrans = t.kind == TransactionKind::kRtrans;
            if (t.kind != TransactionKind::kBtrans) sum += t.amount_ore;
            // An #RTRANS is written with its #TRANS copy (the specification's rule for
            // readers that do not know #RTRANS).
            for (int copy = 0; copy < (after_rtrans ? 2 : 1); ++copy) {
              r.Begin(copy == 0 ? TransactionLabel(t.kind) : "#TRANS", /*indent=*/true);
              s = r.Code(t.account, "kontonr");
              if (s.ok()) s = r.Objects(t.objects);
              if (!s.ok()) return s;
              r.Amount(t.amount_ore);
              const bool has_text = !t.text.empty();
              const bool has_qty = !t.quantity.empty();
              const bool has_tsign = !t.signature.empty();
              if (t.date.has_value()) {
                s = r.DateField(*t.date, "transdat");
              } else if (has_text || has_qty || has_tsign) {
                r.Empty();
              }
              if (s.ok() && (has_text || has_qty || has_tsign)) s = r.Text(t.text, "transtext");
              if (s.ok() && has_qty) s = r.Code(t.quantity, "kvantitet");
              if (s.ok() && !has_qty && has_tsign) r.Empty();
              if (s.ok() && has_tsign) s = r.Text(t.signature, "sign");
              if (!s.ok()) return s;
              r.End();
            }
          }
          if (options_.require_balanced_vouchers && sum != 0) {
            return r.Error("#TRANS", StrCat("amounts of voucher ", v.series, " ", v.number,
                                            " do not sum to zero"));
          }
          r.Brace('}');
          records_ += static_cast<int64_t>(v.transactions.size());
          return absl::OkStatus();
        } else if constexpr (std::is_same_v<T, Ksumma>) {
          r.Begin("#KSUMMA");
          return r.Error("", "is written by the writer itself: use WriterOptions::checksum");
        }
        if (!s.ok()) return s;
        r.End();
        return absl::OkStatus();
      },
      item);
  if (!status.ok()) return status;
  if (open_sum) {
    buffer_ += options_.crlf ? "#KSUMMA\r\n" : "#KSUMMA\n";
    summing_ = true;
  }
  started_ = true;
  ++records_;
  return Emit(r);
}

absl::Status Writer::Finish() {
  if (finished_) return absl::FailedPreconditionError("SIE writer: Finish called twice");
  finished_ = true;
  if (!sink_status_.ok()) return sink_status_;
  if (options_.checksum) {
    if (!summing_) buffer_ += options_.crlf ? "#KSUMMA\r\n" : "#KSUMMA\n";
    StrAppend(&buffer_, "#KSUMMA ", crc_.value(), options_.crlf ? "\r\n" : "\n");
  }
  if (!buffer_.empty()) {
    sink_status_ = sink_->Write(buffer_);
    flushed_ += static_cast<int64_t>(buffer_.size());
    buffer_.clear();
  }
  absl::Status closed = sink_->Close();
  return sink_status_.ok() ? closed : sink_status_;
}

}  // namespace tertial::sie
