// The records: each label's fields read into its item, with the diagnostics that name the
// field and what was expected.

#include <algorithm>
#include <cstring>
#include <ranges>
#include <utility>

#include "absl/status/status.h"
#include "cp437_padded.h"
#include "reader_impl.h"
#include "tertial/base/strings.h"
#include "tertial/sie/cp437.h"

namespace tertial::sie {
// Fields

bool Reader::Impl::RequireFailed(const Args& a, size_t i, std::string_view name) {
  const Field* f = a.at(i);
  if (f == nullptr) {
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
  Error(line_, FieldName(name),
        StrCat("expected a value at column ", f->column, ", found an object list"));
  return false;
}

bool Reader::Impl::ReadAsUtf8(std::string_view bytes) {
  if (encoding_ == Encoding::kUndecided) {
    // CP437 text is almost never valid UTF-8 (its letters are UTF-8 continuation bytes), so
    // the first field with high bytes decides.
    if (IsValidUtf8(bytes)) {
      encoding_ = Encoding::kUtf8;
      Warning(line_, label_text_,
              "the text is UTF-8, not PC8 (CP437) as SIE requires; read as UTF-8");
    } else {
      encoding_ = Encoding::kCp437;
    }
  }
  if (encoding_ == Encoding::kUtf8) {
    if (IsValidUtf8(bytes)) {
      if (!warned_replacement_ && bytes.find("\xEF\xBF\xBD") != std::string_view::npos) {
        warned_replacement_ = true;
        Warning(line_, label_text_,
                "the text holds U+FFFD replacement characters: letters were lost when the "
                "file was converted before it got here");
      }
      return true;
    }
    if (!warned_mixed_encoding_) {
      warned_mixed_encoding_ = true;
      Warning(line_, label_text_,
              "text that is not UTF-8 in a file read as UTF-8; this field read as CP437");
    }
  }
  return false;
}

void Reader::Impl::DecodeText(const Field& f, std::string* out) {
  if (ReadAsUtf8(f.text)) {
    out->assign(f.text);
    return;
  }
  out->clear();
  AppendCp437AsUtf8(f.text, out);
}

std::string_view Reader::Impl::KeptDecoded(std::string_view bytes, bool padded) {
  if (ReadAsUtf8(bytes)) return arena_.Copy(bytes);
  // The arena's slack takes the padded decoder's 16-byte stores.
  char* out = arena_.Reserve(3 * bytes.size());
  const size_t n = padded ? internal::DecodeCp437Padded(bytes, out) : DecodeCp437(bytes, out);
  arena_.Commit(n);
  return {out, n};
}

const Field* Reader::Impl::CodeField(const Args& a, size_t i, std::string_view name) {
  const Field* f;
  if (!Require(a, i, name, &f)) return nullptr;
  if (f->text.empty()) {
    if (descriptive_) {
      Warning(line_, FieldName(name), "is empty; the record says nothing and is skipped");
    } else {
      Error(line_, FieldName(name), "is empty");
    }
    return nullptr;
  }
  return f;
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

bool Reader::Impl::AmountUnusual(const Field& f, std::string_view name, int64_t* out) {
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

bool Reader::Impl::DateUnusual(const Field& f, std::string_view name, Date* out) {
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

template <typename Store>
bool Reader::Impl::ReadObjects(const Field& f, Store store) {
  const FieldList& items = splitter_.list_items();
  if (f.count % 2 != 0) {
    Error(line_, FieldName("objektlista"),
          StrCat("the object list at column ", f.column,
                 " must hold pairs of dimension and object, e.g. {1 \"KLS\" 6 \"P100\"}"));
    return false;
  }
  for (uint32_t k = 0; k < f.count / 2; ++k) {
    const Field& dim = items[f.first + 2 * k];
    const Field& obj = items[f.first + 2 * k + 1];
    int dimension;
    // Dimensions are one or two digits; anything else takes the general parser.
    const std::string_view d = dim.text;
    if (d.size() == 1 && d[0] >= '1' && d[0] <= '9') {
      dimension = d[0] - '0';
    } else if (!internal::ParseInt(d, &dimension) || dimension < 1) {
      Error(line_, FieldName("dimensionsnr"),
            StrCat(Shown(dim.text), " at column ", dim.column,
                   " is not a dimension number; expected a positive whole number"));
      return false;
    }
    if (obj.text.empty()) {
      Error(line_, FieldName("objektnr"),
            StrCat("empty object id at column ", obj.column, " in dimension ", dimension));
      return false;
    }
    store(k, dimension, obj);
  }
  return true;
}

bool Reader::Impl::Objects(const Field& f, std::vector<ObjectRef>* out) {
  if (f.count % 2 == 0 && out->size() != f.count / 2) out->resize(f.count / 2);
  return ReadObjects(f, [&](uint32_t k, int dimension, const Field& obj) {
    ObjectRef& ref = (*out)[k];
    ref.dimension = dimension;
    Text(obj, &ref.object_id);
  });
}

bool Reader::Impl::Objects(const Field& f, std::span<const ObjectRefView>* out) {
  ObjectRefView* refs = arena_.Allocate<ObjectRefView>(f.count / 2);
  if (!ReadObjects(f, [&](uint32_t k, int dimension, const Field& obj) {
        refs[k].dimension = dimension;
        refs[k].object_id = Kept(obj);
      })) {
    return false;
  }
  *out = std::span<const ObjectRefView>(refs, f.count / 2);
  return true;
}

bool Reader::Impl::QuantityField(const Args& a, size_t i, const Field** out) {
  *out = nullptr;
  if (!a.has(i)) return true;
  const Field& f = *a.at(i);
  if (f.is_list || !internal::IsDecimalNumber(f.text)) {
    Error(line_, FieldName("kvantitet"),
          StrCat(f.is_list ? "an object list" : Shown(f.text), " is not a quantity"));
    return false;
  }
  *out = &f;
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
      // The previous voucher's views are given up: the caller has had them until this call.
      // This one's plain fields stay views of its lines, which are retained until then.
      arena_.Reset();
      lines_.RetainLast();
      VoucherView& v = header_;
      used_ = 0;
      voucher_bad_ = false;
      pending_rtrans_ = -1;
      v.line = line_;
      state_ = State::kAfterVer;
      if (!Require(a, 1, "serie", &f)) return voucher_bad_ = true, false;
      v.series = Kept(*f);
      if (!Require(a, 2, "vernr", &f)) return voucher_bad_ = true, false;
      v.number = Kept(*f);
      if (!Require(a, 3, "verdatum", &f) || !DateAt(*f, "verdatum", &v.date)) {
        return voucher_bad_ = true, false;
      }
      if (!OptionalKept(a, 4, "vertext", &v.text)) return voucher_bad_ = true, false;
      v.registered.reset();
      if (a.has(5)) {
        Date reg;
        if (a.at(5)->is_list || !DateAt(*a.at(5), "regdatum", &reg)) {
          if (a.at(5)->is_list) Require(a, 5, "regdatum", &f);
          return voucher_bad_ = true, false;
        }
        v.registered = reg;
      }
      if (!OptionalKept(a, 6, "sign", &v.signature)) return voucher_bad_ = true, false;
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
      if (sum_buffer_) FlushChecksum();
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
  if (used_ >= options_.max_voucher_transactions) {
    if (used_ == options_.max_voucher_transactions) {
      Error(header_.line, "#VER",
            StrCat("the voucher has more than ", options_.max_voucher_transactions,
                   " transactions; refused"));
      ++used_;
    }
    voucher_bad_ = true;
    return;
  }
  // A voucher with an error is dropped, but its other transactions are still checked so
  // that one pass reports every error.
  if (used_ == slots_.size()) slots_.emplace_back();
  TransactionView& t = slots_[used_];
  t.kind = KindOf(label);
  t.line = line_;
  t.repeats_rtrans = false;
  const Field* f = CodeField(a, 1, "kontonr");
  if (f == nullptr) {
    voucher_bad_ = true;
    return;
  }
  t.account = Kept(*f);
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
    t.objects = {};
  }
  if (!Require(a, i, "belopp", &f) || !Amount(*f, "belopp", &t.amount_ore)) {
    voucher_bad_ = true;
    return;
  }
  if (a.has(i + 1)) {
    f = a.at(i + 1);
    Date date;
    if (f->is_list || !DateAt(*f, "transdat", &date)) {
      if (f->is_list) Require(a, i + 1, "transdat", &f);
      voucher_bad_ = true;
      return;
    }
    t.date.emplace(date);
  } else {
    t.date.reset();
  }
  const Field* quantity;
  if (!OptionalKept(a, i + 2, "transtext", &t.text) || !QuantityField(a, i + 3, &quantity)) {
    voucher_bad_ = true;
    return;
  }
  t.quantity = quantity != nullptr ? Kept(*quantity) : std::string_view();
  if (!OptionalKept(a, i + 4, "sign", &t.signature)) {
    voucher_bad_ = true;
    return;
  }
  if (i == 2) {
    Warning(line_, label_text_,
            "no object list {}; read the amount from the field after the account");
  }
  EndTransaction(t);
}

void Reader::Impl::EndTransaction(TransactionView& t) {
  // SIE 4B, #RTRANS note 4-6: an #RTRANS is followed by a #TRANS copy of itself for readers
  // that do not know #RTRANS; that copy must not count twice.
  if (pending_rtrans_ >= 0) {
    const TransactionView& r = slots_[static_cast<size_t>(pending_rtrans_)];
    if (t.kind == TransactionKind::kTrans && t.account == r.account &&
        std::ranges::equal(t.objects, r.objects) && t.amount_ore == r.amount_ore) {
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

bool Reader::Impl::CloseBlock() {
  state_ = State::kTop;
  if (pending_rtrans_ >= 0) {
    Warning(slots_[static_cast<size_t>(pending_rtrans_)].line, "#RTRANS",
            "the #RTRANS is not followed by its #TRANS copy (it ends the block)");
  }
  if (voucher_bad_) return false;
  if (used_ == 0) Warning(header_.line, "#VER", "the voucher has no transactions");
  return true;
}

template <typename Fn>
void Reader::Impl::ForEachView(Fn fn) {
  fn(header_.series);
  fn(header_.number);
  fn(header_.text);
  fn(header_.signature);
  for (size_t i = 0; i < used_ && i < slots_.size(); ++i) {
    TransactionView& t = slots_[i];
    fn(t.account);
    fn(t.text);
    fn(t.quantity);
    fn(t.signature);
    // The object lists are the arena's (writable) memory; only their ids may be views.
    for (const ObjectRefView& object : t.objects) fn(const_cast<ObjectRefView&>(object).object_id);
  }
}

void Reader::Impl::RebaseViews(size_t shift) {
  ForEachView([&](std::string_view& view) {
    if (!view.empty() && lines_.Holds(view.data())) view = {view.data() - shift, view.size()};
  });
}

void Reader::Impl::SpillViews() {
  ForEachView([&](std::string_view& view) {
    if (!view.empty() && lines_.Holds(view.data())) view = arena_.Copy(view);
  });
  lines_.RetainNext();
}

namespace {

// Copies `from` into `to`, keeping to's buffer. Most optional fields are empty, and
// clear() is inline where assign() is a call into the library.
inline void CopyText(std::string_view from, std::string* to) {
  if (from.empty()) {
    to->clear();
  } else {
    to->assign(from);
  }
}

// The same for views into the reader's own buffers, which are followed by 15 readable bytes:
// a short string that is not longer than what `to` holds (an account, an object id of the
// same length) is copied as 16 bytes and cut, inline. (A string's buffer holds at least 16.)
inline void CopyReaderText(std::string_view from, std::string* to) {
  if (!from.empty() && from.size() <= to->size() && from.size() <= 15) {
    std::memcpy(to->data(), from.data(), 16);
    to->resize(from.size());
    return;
  }
  CopyText(from, to);
}

// `padded`: the views are the reader's (see CopyReaderText).
template <bool padded>
void CopyTransaction(const TransactionView& from, Transaction* to) {
  const auto copy = [](std::string_view text, std::string* out) {
    if constexpr (padded) {
      CopyReaderText(text, out);
    } else {
      CopyText(text, out);
    }
  };
  to->kind = from.kind;
  copy(from.account, &to->account);
  if (to->objects.size() != from.objects.size()) to->objects.resize(from.objects.size());
  for (size_t k = 0; k < from.objects.size(); ++k) {
    to->objects[k].dimension = from.objects[k].dimension;
    copy(from.objects[k].object_id, &to->objects[k].object_id);
  }
  to->amount_ore = from.amount_ore;
  to->date = from.date;
  copy(from.text, &to->text);
  copy(from.quantity, &to->quantity);
  copy(from.signature, &to->signature);
  to->line = from.line;
  to->repeats_rtrans = from.repeats_rtrans;
}

void CopyHeader(const VoucherView& from, Voucher* to) {
  to->series.assign(from.series);
  to->number.assign(from.number);
  to->date = from.date;
  CopyText(from.text, &to->text);
  to->registered = from.registered;
  CopyText(from.signature, &to->signature);
  to->line = from.line;
}

}  // namespace

void Reader::Impl::TakeVoucher(Item* item) {
  Voucher* out = std::get_if<Voucher>(item);
  if (out == nullptr) {
    out = &item->emplace<Voucher>(have_spare_voucher_ ? std::move(spare_voucher_) : Voucher());
    have_spare_voucher_ = false;
  }
  CopyHeader(header_, out);
  // The caller's transactions are overwritten in place; slots beyond this voucher go to the
  // pool with their buffers, and come back from it when a longer voucher needs them.
  std::vector<Transaction>& ts = out->transactions;
  while (ts.size() > used_) {
    if (spare_.size() < kMaxSpareTransactions) spare_.push_back(std::move(ts.back()));
    ts.pop_back();
  }
  while (ts.size() < used_) {
    if (!spare_.empty()) {
      ts.push_back(std::move(spare_.back()));
      spare_.pop_back();
    } else {
      ts.emplace_back();
    }
  }
  for (size_t i = 0; i < used_; ++i) CopyTransaction<true>(slots_[i], &ts[i]);
}

void CopyVoucher(const VoucherView& view, Voucher* out) {
  CopyHeader(view, out);
  out->transactions.resize(view.transactions.size());
  for (size_t i = 0; i < view.transactions.size(); ++i) {
    CopyTransaction<false>(view.transactions[i], &out->transactions[i]);
  }
}

}  // namespace tertial::sie
