#include "domain/decimal.h"

#include "tertial/base/strings.h"
#include "tertial/money/decimal.h"
#include "tertial/money/money.h"

namespace tertial::goals {
namespace {

__extension__ typedef __int128 Int128;

Int128 Pow10(int n) {
  Int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

}  // namespace

pb::Decimal MakeDecimal(int64_t units, int scale) {
  pb::Decimal d;
  d.set_units(units);
  d.set_scale(scale);
  return d;
}

absl::StatusOr<pb::Decimal> ParseDecimal(std::string_view text) {
  absl::StatusOr<money::DecimalNumber> number = money::ParseDecimal(text, kMaxScale);
  if (!number.ok()) return number.status();
  return MakeDecimal(number->units, number->scale);
}

std::string FormatDecimal(const pb::Decimal& value) {
  return money::FormatFixed(value.units(), value.scale());
}

std::string FormatDecimalPlain(const pb::Decimal& value) {
  std::string out = money::FormatFixed(value.units(), value.scale(), "");
  for (char& c : out) {
    if (c == ',') c = '.';
  }
  return out;
}

int CompareDecimal(const pb::Decimal& a, const pb::Decimal& b) {
  int scale = a.scale() > b.scale() ? a.scale() : b.scale();
  Int128 x = static_cast<Int128>(a.units()) * Pow10(scale - a.scale());
  Int128 y = static_cast<Int128>(b.units()) * Pow10(scale - b.scale());
  return x < y ? -1 : (x > y ? 1 : 0);
}

}  // namespace tertial::goals
