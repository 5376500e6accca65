// The fields of a record: each read and checked (codes, numbers, year indexes, amounts,
// dates, object lists, quantities), text decoded, with the diagnostics that name the
// field and what was expected. The records themselves are in reader_records.cc.

#include "cp437_padded.h"
#include "reader_impl.h"
#include "tertial/base/strings.h"
#include "tertial/sie/cp437.h"

namespace tertial::sie {

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

}  // namespace tertial::sie
