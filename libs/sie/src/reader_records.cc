// The records: each label's fields read into its item, with the diagnostics that name the
// field and what was expected. The fields are read by reader_fields.cc; a voucher's
// transactions and block by reader_vouchers.cc.

#include <utility>

#include "reader_impl.h"
#include "tertial/base/strings.h"

namespace tertial::sie {

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

}  // namespace tertial::sie
