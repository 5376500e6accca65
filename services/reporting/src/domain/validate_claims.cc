// ValidateClaims (validate.h): figures stated in prose against the tables they refer to.
#include "figures.h"
#include "reference.h"
#include "tertial/base/strings.h"
#include "validate.h"

namespace tertial::reporting {
namespace {

// A text as compared: without spaces (plain or no-break), "." read as ",".
std::string Normalised(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ' ') continue;
    if (s.substr(i, 2) == "\xC2\xA0") {
      ++i;
      continue;
    }
    out += s[i] == '.' ? ',' : s[i];
  }
  return out;
}

// Whether the text states the value the table shows. Figures are compared as numbers, read
// as print sets them ("–13,9" states -13,9; "12 842" with a thin space states 12 842);
// what is not a number on either side (a status, a label) as text.
bool States(std::string_view shown, std::string_view value) {
  auto a = ParsePrintedNumber(shown, kMaxCellDecimals);
  auto b = ParsePrintedNumber(value, kMaxCellDecimals);
  if (a.ok() && b.ok()) return Decimal::Compare(*a, *b) == 0;
  return Normalised(shown) == Normalised(value);
}

}  // namespace

std::vector<Finding> ValidateClaims(const Report& report, const std::vector<Claim>& claims) {
  std::vector<Finding> out;
  for (const Claim& claim : claims) {
    Finding f{.severity = Severity::kError,
              .rule = "claim",
              .where = StrCat("Text i avsnittet ", claim.section, ": \u201d", claim.text, "\u201d"),
              .shown = claim.shown};
    auto ref = ParseReference(claim.reference);
    absl::StatusOr<std::string> value =
        ref.ok() ? ResolveReference(report, *ref) : absl::StatusOr<std::string>(ref.status());
    if (ref.ok()) {
      f.file = ref->table;
      f.record = ref->row;
      f.field = ref->column;
    }
    if (!value.ok()) {
      f.message = std::string(value.status().message());
      out.push_back(std::move(f));
      continue;
    }
    if (States(claim.shown, *value)) continue;
    f.consistent = *value;
    f.message = StrCat("texten anger ", claim.shown, " men ", ref->table, " › ", ref->row, " › ",
                       ref->column, " visar ", *value);
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace tertial::reporting
