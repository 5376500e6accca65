// The records: each label's fields read into its item, with the diagnostics that name the
// field and what was expected.

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/status/status.h"
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

void Reader::Impl::DecodeText(const Field& f, std::string* out) {
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

bool Reader::Impl::Objects(const Field& f, std::vector<ObjectRef>* out) {
  const FieldList& items = splitter_.list_items();
  if (f.count % 2 != 0) {
    Error(line_, FieldName("objektlista"),
          StrCat("the object list at column ", f.column,
                 " must hold pairs of dimension and object, e.g. {1 \"KLS\" 6 \"P100\"}"));
    return false;
  }
  if (out->size() != f.count / 2) out->resize(f.count / 2);
  for (uint32_t k = 0; k < f.count / 2; ++k) {
    const Field& dim = items[f.first + 2 * k];
    const Field& obj = items[f.first + 2 * k + 1];
    ObjectRef& ref = (*out)[k];
    // Dimensions are one or two digits; anything else takes the general parser.
    const std::string_view d = dim.text;
    if (d.size() == 1 && d[0] >= '1' && d[0] <= '9') {
      ref.dimension = d[0] - '0';
    } else if (!internal::ParseInt(d, &ref.dimension) || ref.dimension < 1) {
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
    // The caller's previous voucher becomes our next buffer (member by member: cheaper
    // than std::swap's three moves).
    using std::swap;
    swap(out->series, voucher_.series);
    swap(out->number, voucher_.number);
    swap(out->date, voucher_.date);
    swap(out->text, voucher_.text);
    swap(out->registered, voucher_.registered);
    swap(out->signature, voucher_.signature);
    swap(out->transactions, voucher_.transactions);
    swap(out->line, voucher_.line);
  } else {
    item->emplace<Voucher>(std::move(voucher_));
    voucher_ = have_spare_voucher_ ? std::move(spare_voucher_) : Voucher();
    have_spare_voucher_ = false;
  }
  return true;
}

}  // namespace tertial::sie
