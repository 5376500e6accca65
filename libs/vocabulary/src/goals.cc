#include "tertial/vocabulary/goals.h"

#include <utility>
#include <vector>

#include "tertial/base/strings.h"
#include "tertial/money/decimal.h"
#include "tertial/money/decimal_proto.h"
#include "tertial/period/period.h"

namespace tertial::goals {
namespace {

std::string_view Trim(std::string_view s) {
  auto space = [](std::string_view t, size_t i) -> size_t {
    if (i < t.size() && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r' || t[i] == '\n')) return 1;
    if (t.substr(i, 2) == "\xC2\xA0") return 2;
    return 0;
  };
  for (size_t n; (n = space(s, 0)) > 0;) s.remove_prefix(n);
  for (;;) {
    if (!s.empty() &&
        (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
      s.remove_suffix(1);
    } else if (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") {
      s.remove_suffix(2);
    } else {
      return s;
    }
  }
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Strips trailing footnote marks "[4]" (several allowed) off `s`.
absl::StatusOr<std::vector<int>> StripFootnotes(std::string_view* s) {
  std::vector<int> notes;
  for (;;) {
    std::string_view t = Trim(*s);
    if (t.empty() || t.back() != ']') {
      *s = t;
      break;
    }
    size_t open = t.rfind('[');
    if (open == std::string_view::npos) return absl::InvalidArgumentError("']' without '['");
    std::string_view number = t.substr(open + 1, t.size() - open - 2);
    if (!AllDigits(number) || number.size() > 3) {
      return absl::InvalidArgumentError(
          StrCat("'[", number, "]' is not a footnote mark: expected a number such as [4]"));
    }
    notes.insert(notes.begin(), std::stoi(std::string(number)));
    *s = t.substr(0, open);
  }
  return notes;
}

bool IsNoData(std::string_view folded) {
  return folded == "i.u." || folded == "i.u" || folded == "iu" || folded == "i u";
}

// A dash between two numbers: en dash, em dash, or a hyphen that follows a digit.
bool SplitRange(std::string_view s, std::string_view* low, std::string_view* high) {
  for (std::string_view dash : {"\xE2\x80\x93", "\xE2\x80\x94"}) {
    size_t at = s.find(dash);
    if (at != std::string_view::npos && at > 0) {
      *low = Trim(s.substr(0, at));
      *high = Trim(s.substr(at + dash.size()));
      return true;
    }
  }
  for (size_t i = 1; i < s.size(); ++i) {
    if (s[i] != '-') continue;
    size_t j = i;
    while (j > 0 && s[j - 1] == ' ') --j;
    if (j > 0 && s[j - 1] >= '0' && s[j - 1] <= '9') {
      *low = Trim(s.substr(0, i));
      *high = Trim(s.substr(i + 1));
      return true;
    }
  }
  return false;
}

std::string_view StripPercent(std::string_view s) {
  s = Trim(s);
  if (!s.empty() && s.back() == '%') s = Trim(s.substr(0, s.size() - 1));
  return s;
}

}  // namespace

std::string Fold(std::string_view text) {
  std::string out;
  text = Trim(text);
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0xC3 && i + 1 < text.size()) {
      unsigned char d = static_cast<unsigned char>(text[i + 1]);
      char mapped = 0;
      switch (d) {
        case 0xA5:
        case 0x85:  // å Å
        case 0xA4:
        case 0x84:  // ä Ä
          mapped = 'a';
          break;
        case 0xB6:
        case 0x96:  // ö Ö
          mapped = 'o';
          break;
        case 0xA9:
        case 0x89:  // é É
          mapped = 'e';
          break;
      }
      if (mapped != 0) {
        out.push_back(mapped);
        ++i;
        continue;
      }
    }
    if (c == '_' || c == '-') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

absl::StatusOr<common::v1::Decimal> ParseNumber(std::string_view text) {
  absl::StatusOr<money::Decimal> number = money::ParseDecimal(text, kMaxValueDecimals);
  if (!number.ok()) return number.status();
  return money::DecimalToProto(*number);
}

absl::StatusOr<pb::IndicatorValue> ParseValue(std::string_view text) {
  std::string_view original = Trim(text);
  auto fail = [&](std::string_view why) {
    return absl::InvalidArgumentError(StrCat("value '", original, "': ", why));
  };
  if (original.empty()) return fail("empty; write I.U. for no data");
  pb::IndicatorValue value;
  value.set_printed(std::string(original));
  std::string_view s = original;
  auto notes = StripFootnotes(&s);
  if (!notes.ok()) return fail(std::string(notes.status().message()));
  for (int n : *notes) value.add_footnotes(n);
  if (!s.empty() && s.back() == ')') {
    size_t open = s.rfind('(');
    if (open == std::string_view::npos) return fail("')' without '('");
    value.set_note(std::string(Trim(s.substr(open + 1, s.size() - open - 2))));
    s = Trim(s.substr(0, open));
  }
  if (IsNoData(Fold(s))) {
    value.mutable_no_data()->set_reason(pb::NO_DATA_REASON_NOT_AVAILABLE);
    return value;
  }
  // "2018: 74 %": an earlier year's value.
  if (s.size() > 5 && AllDigits(s.substr(0, 4)) && s[4] == ':') {
    value.set_measured_year(std::stoi(std::string(s.substr(0, 4))));
    s = Trim(s.substr(5));
  }
  s = StripPercent(s);
  std::string_view low, high;
  if (SplitRange(s, &low, &high)) {
    auto a = ParseNumber(StripPercent(low));
    auto b = ParseNumber(StripPercent(high));
    if (!a.ok() || !b.ok()) {
      return fail("expected a number, a range such as 98–100, or I.U.");
    }
    if (money::DecimalFromProto(*b) < money::DecimalFromProto(*a)) {
      return fail("a range goes from the lower number to the higher");
    }
    *value.mutable_range()->mutable_low() = *a;
    *value.mutable_range()->mutable_high() = *b;
    return value;
  }
  auto number = ParseNumber(s);
  if (!number.ok()) {
    return fail(StrCat(number.status().message(),
                       "; expected a number (2,40), a range (98–100) or I.U., optionally "
                       "with a year (2018: 74), a note (per 1 april) and footnotes [4]"));
  }
  *value.mutable_number() = *number;
  return value;
}

absl::StatusOr<pb::Target> ParseTarget(std::string_view text, pb::Polarity polarity) {
  std::string_view original = Trim(text);
  auto fail = [&](std::string_view why) {
    return absl::InvalidArgumentError(StrCat("target '", original, "': ", why));
  };
  pb::Target target;
  target.set_printed(std::string(original));
  std::string_view s = original;
  auto notes = StripFootnotes(&s);
  if (!notes.ok()) return fail(std::string(notes.status().message()));
  for (int n : *notes) target.add_footnotes(n);
  if (s.empty() || s == "-" || s == "\xE2\x80\x93" || s == "\xE2\x80\x94") {
    target.mutable_none()->set_kind(pb::NO_TARGET_KIND_NONE);
    return target;
  }
  std::string folded = Fold(s);
  if (folded == "ingen" || folded == "none") {
    target.mutable_none()->set_kind(pb::NO_TARGET_KIND_NONE);
    return target;
  }
  if (IsNoData(folded)) {
    target.mutable_none()->set_kind(pb::NO_TARGET_KIND_NOT_AVAILABLE);
    return target;
  }
  if (folded == "oka" || folded == "increase") {
    target.mutable_direction()->set_direction(pb::DIRECTION_INCREASE);
    return target;
  }
  if (folded == "minska" || folded == "decrease") {
    target.mutable_direction()->set_direction(pb::DIRECTION_DECREASE);
    return target;
  }
  if (folded == "ingen negativ avvikelse") {
    target.mutable_comparison()->set_comparator(pb::COMPARATOR_GREATER_OR_EQUAL);
    *target.mutable_comparison()->mutable_value() = money::DecimalToProto(money::Decimal{0, 0});
    return target;
  }
  static const std::vector<std::pair<std::string_view, pb::Comparator>> kPrefixes = {
      {"<=", pb::COMPARATOR_LESS_OR_EQUAL},
      {"\xE2\x89\xA4", pb::COMPARATOR_LESS_OR_EQUAL},  // ≤
      {">=", pb::COMPARATOR_GREATER_OR_EQUAL},
      {"\xE2\x89\xA5", pb::COMPARATOR_GREATER_OR_EQUAL},  // ≥
      {"==", pb::COMPARATOR_EQUAL},
      {"<", pb::COMPARATOR_LESS},
      {">", pb::COMPARATOR_GREATER},
      {"=", pb::COMPARATOR_EQUAL},
      {"mindre an ", pb::COMPARATOR_LESS},
      {"lagre an ", pb::COMPARATOR_LESS},
      {"under ", pb::COMPARATOR_LESS},
      {"hogst ", pb::COMPARATOR_LESS_OR_EQUAL},
      {"minst ", pb::COMPARATOR_GREATER_OR_EQUAL},
      {"storre an ", pb::COMPARATOR_GREATER},
      {"hogre an ", pb::COMPARATOR_GREATER},
      {"mer an ", pb::COMPARATOR_GREATER},
      {"over ", pb::COMPARATOR_GREATER},
  };
  pb::Comparator comparator = pb::COMPARATOR_UNSPECIFIED;
  std::string_view number = s;
  for (const auto& [prefix, op] : kPrefixes) {
    bool symbolic = prefix[0] == '<' || prefix[0] == '>' || prefix[0] == '=' ||
                    static_cast<unsigned char>(prefix[0]) == 0xE2;
    if (symbolic) {
      if (s.substr(0, prefix.size()) == prefix) {
        comparator = op;
        number = s.substr(prefix.size());
        break;
      }
    } else if (folded.substr(0, prefix.size()) == prefix) {
      // The folded prefix has as many words as the original; skip that many words.
      size_t words = 0;
      for (char c : prefix) words += c == ' ';
      size_t at = 0;
      for (size_t w = 0; w < words; ++w) {
        at = s.find(' ', at);
        if (at == std::string_view::npos) break;
        while (at < s.size() && s[at] == ' ') ++at;
      }
      comparator = op;
      number = s.substr(at == std::string_view::npos ? s.size() : at);
      break;
    }
  }
  auto value = ParseNumber(StripPercent(number));
  if (!value.ok()) {
    return fail(StrCat(value.status().message(),
                       "; expected öka, minska, a comparison such as '< 23' or '>= 0', a "
                       "number, – (none) or I.U."));
  }
  if (comparator == pb::COMPARATOR_UNSPECIFIED) {
    if (polarity == pb::POLARITY_HIGHER_IS_BETTER) {
      comparator = pb::COMPARATOR_GREATER_OR_EQUAL;
    } else if (polarity == pb::POLARITY_LOWER_IS_BETTER) {
      comparator = pb::COMPARATOR_LESS_OR_EQUAL;
    } else {
      return fail(StrCat(
          "a plain number needs to say which way is better: write '>= ", Trim(number),
          "' or '<= ", Trim(number), "', or give the indicator a polarity (better: higher|lower)"));
    }
  }
  target.mutable_comparison()->set_comparator(comparator);
  *target.mutable_comparison()->mutable_value() = *value;
  return target;
}

pb::ValuePeriod MakePeriod(int year, int month) {
  pb::ValuePeriod p;
  p.set_year(year);
  p.set_month(month);
  return p;
}

absl::StatusOr<pb::ValuePeriod> ParsePeriod(std::string_view text) {
  std::string_view s = Trim(text);
  auto fail = [&] {
    return absl::InvalidArgumentError(
        StrCat("period '", s, "': expected YYYY-MM (a follow-up month) or YYYY (the whole year)"));
  };
  if (s.size() == 4 && AllDigits(s)) {
    int year = std::stoi(std::string(s));
    if (year < 1900 || year > 2200) return fail();
    return MakePeriod(year, 0);
  }
  if (s.size() == 7 && AllDigits(s.substr(0, 4)) && s[4] == '-' && AllDigits(s.substr(5))) {
    int year = std::stoi(std::string(s.substr(0, 4)));
    int month = std::stoi(std::string(s.substr(5)));
    if (year < 1900 || year > 2200 || month < 1 || month > 12) return fail();
    return MakePeriod(year, month);
  }
  return fail();
}

std::string FormatPeriod(const pb::ValuePeriod& period) {
  if (period.month() == 0) return std::to_string(period.year());
  return period::FormatPeriod(period::Period{period.year(), period.month()});
}

std::string DescribePeriod(const pb::ValuePeriod& period) {
  if (period.month() == 0) return std::to_string(period.year());
  return StrCat(period::MonthName(period.month()), " ", period.year());
}

std::string FormatValue(const pb::IndicatorValue& value) {
  std::string out;
  if (value.measured_year() != 0) out = StrCat(value.measured_year(), ": ");
  switch (value.kind_case()) {
    case pb::IndicatorValue::kNumber:
      out += money::FormatDecimal(money::DecimalFromProto(value.number()));
      break;
    case pb::IndicatorValue::kRange:
      StrAppend(&out, money::FormatDecimal(money::DecimalFromProto(value.range().low())),
                "\xE2\x80\x93",
                money::FormatDecimal(money::DecimalFromProto(value.range().high())));
      break;
    case pb::IndicatorValue::kNoData:
    case pb::IndicatorValue::KIND_NOT_SET:
      out += "I.U.";
      break;
  }
  if (!value.note().empty()) StrAppend(&out, " (", value.note(), ")");
  return out;
}

std::string FormatValuePlain(const pb::IndicatorValue& value) {
  switch (value.kind_case()) {
    case pb::IndicatorValue::kNumber:
      return money::FormatDecimalPlain(money::DecimalFromProto(value.number()));
    case pb::IndicatorValue::kRange:
      return StrCat(money::FormatDecimalPlain(money::DecimalFromProto(value.range().low())), "..",
                    money::FormatDecimalPlain(money::DecimalFromProto(value.range().high())));
    default:
      return "";
  }
}

std::string FormatTarget(const pb::Target& target) {
  switch (target.form_case()) {
    case pb::Target::kComparison: {
      std::string_view op = "?";
      switch (target.comparison().comparator()) {
        case pb::COMPARATOR_LESS:
          op = "<";
          break;
        case pb::COMPARATOR_LESS_OR_EQUAL:
          op = "<=";
          break;
        case pb::COMPARATOR_EQUAL:
          op = "=";
          break;
        case pb::COMPARATOR_GREATER_OR_EQUAL:
          op = ">=";
          break;
        case pb::COMPARATOR_GREATER:
          op = ">";
          break;
        default:
          break;
      }
      return StrCat(op, " ",
                    money::FormatDecimal(money::DecimalFromProto(target.comparison().value())));
    }
    case pb::Target::kDirection: {
      std::string out = target.direction().direction() == pb::DIRECTION_DECREASE ? "minska" : "öka";
      if (target.direction().has_baseline()) {
        StrAppend(&out, " (från ", FormatPeriod(target.direction().baseline()), ")");
      }
      return out;
    }
    case pb::Target::kNone:
      return target.none().kind() == pb::NO_TARGET_KIND_NOT_AVAILABLE ? "I.U." : "\xE2\x80\x93";
    case pb::Target::FORM_NOT_SET:
      break;
  }
  return "\xE2\x80\x93";
}

std::string BreakdownId(std::string_view text) {
  std::string folded = Fold(text);
  if (folded.empty() || folded == "t" || folded == "total" || folded == "totalt") return "";
  if (folded == "k" || folded == "kvinnor" || folded == "women") return "women";
  if (folded == "m" || folded == "man" || folded == "men") return "men";
  return std::string(text);
}

std::string FormatTargetPlain(const pb::Target& target) {
  switch (target.form_case()) {
    case pb::Target::kComparison: {
      std::string text = FormatTarget(target);
      return StrCat(
          text.substr(0, text.find(' ')), " ",
          money::FormatDecimalPlain(money::DecimalFromProto(target.comparison().value())));
    }
    case pb::Target::kDirection:
      return target.direction().direction() == pb::DIRECTION_DECREASE ? "decrease" : "increase";
    case pb::Target::kNone:
      return target.none().kind() == pb::NO_TARGET_KIND_NOT_AVAILABLE ? "I.U." : "";
    case pb::Target::FORM_NOT_SET:
      break;
  }
  return "";
}

}  // namespace tertial::goals
