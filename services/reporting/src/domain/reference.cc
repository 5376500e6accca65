#include "reference.h"

#include <cstdlib>

#include "absl/status/status.h"
#include "tertial/base/strings.h"
#include "tertial/money/money.h"

namespace tertial::reporting {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

int64_t Abs(int64_t v) { return v < 0 ? -v : v; }

}  // namespace

absl::StatusOr<Reference> ParseReference(std::string_view inner) {
  Reference ref;
  ref.text = StrCat("{{", inner, "}}");
  std::string_view path = inner;
  std::string_view format;
  if (size_t bar = inner.find('|'); bar != std::string_view::npos) {
    path = inner.substr(0, bar);
    format = Trim(inner.substr(bar + 1));
    if (format.empty()) {
      return absl::InvalidArgumentError(StrCat("reference ", ref.text, ": empty format after '|'"));
    }
  }
  path = Trim(path);
  size_t first = path.find('.');
  size_t last = path.rfind('.');
  if (first == std::string_view::npos || first == last) {
    return absl::InvalidArgumentError(StrCat(
        "reference ", ref.text, ": expected table.row.column, e.g. forecast.unit:EKS.deviation"));
  }
  ref.table = std::string(Trim(path.substr(0, first)));
  ref.row = std::string(Trim(path.substr(first + 1, last - first - 1)));
  ref.column = std::string(Trim(path.substr(last + 1)));
  if (ref.table.empty() || ref.row.empty() || ref.column.empty()) {
    return absl::InvalidArgumentError(
        StrCat("reference ", ref.text, ": table, row and column must all be given"));
  }
  while (!format.empty()) {
    size_t comma = format.find(',');
    std::string_view part = Trim(format.substr(0, comma));
    format = comma == std::string_view::npos ? std::string_view() : format.substr(comma + 1);
    if (part == "abs") {
      ref.abs = true;
    } else if (part == "tkr" || part == "mnkr" || part == "mnkr0" || part == "mnkr2" ||
               part == "kr" || part == "number" || part == "text") {
      if (!ref.format.empty()) {
        return absl::InvalidArgumentError(StrCat("reference ", ref.text, ": two formats"));
      }
      ref.format = std::string(part);
    } else {
      return absl::InvalidArgumentError(
          StrCat("reference ", ref.text, ": unknown format '", part,
                 "'; expected tkr, mnkr, mnkr0, mnkr2, kr, number or text, and modifier abs"));
    }
  }
  return ref;
}

absl::StatusOr<std::string> ResolveReference(const Report& report, const Reference& ref) {
  const Table* table = report.FindTable(ref.table);
  if (table == nullptr) {
    return absl::NotFoundError(StrCat("reference ", ref.text, ": no table '", ref.table, "'"));
  }
  const Row* row = table->FindRow(ref.row);
  if (row == nullptr) {
    return absl::NotFoundError(
        StrCat("reference ", ref.text, ": table '", ref.table, "' has no row '", ref.row, "'"));
  }
  int column = table->ColumnIndex(ref.column);
  if (column < 0) {
    return absl::NotFoundError(StrCat("reference ", ref.text, ": table '", ref.table,
                                      "' has no column '", ref.column, "'"));
  }
  const Cell& cell = row->cells[column];
  switch (cell.state()) {
    case Cell::State::kMoney: {
      int64_t ore = ref.abs ? Abs(cell.ore()) : cell.ore();
      std::string_view f = ref.format.empty()
                               ? std::string_view(table->unit_label == "mnkr" ? "mnkr" : "tkr")
                               : std::string_view(ref.format);
      if (f == "tkr") return money::FormatTkr(ore);
      if (f == "mnkr") return money::FormatMnkr(ore, 1);
      if (f == "mnkr0") return money::FormatMnkr(ore, 0);
      if (f == "mnkr2") return money::FormatMnkr(ore, 2);
      if (f == "kr") return money::GroupThousands(money::RoundToUnits(ore, money::kOrePerKrona));
      return absl::InvalidArgumentError(
          StrCat("reference ", ref.text, ": format ", f, " does not apply to an amount"));
    }
    case Cell::State::kDecimal: {
      if (!ref.format.empty() && ref.format != "number") {
        return absl::InvalidArgumentError(
            StrCat("reference ", ref.text, ": format ", ref.format, " does not apply to a number"));
      }
      Decimal d = cell.number();
      if (ref.abs && d.units < 0) d.units = -d.units;
      return FormatDecimal(d);
    }
    case Cell::State::kText:
      return cell.text();
    case Cell::State::kNoData:
      return absl::FailedPreconditionError(
          StrCat("reference ", ref.text, ": the cell has no data (I.U.)"));
    case Cell::State::kEmpty:
      return absl::FailedPreconditionError(StrCat("reference ", ref.text, ": the cell is empty"));
  }
  return absl::InternalError("unreachable");
}

absl::StatusOr<std::vector<Reference>> FindReferences(std::string_view markdown) {
  std::vector<Reference> out;
  size_t pos = 0;
  while (true) {
    size_t open = markdown.find("{{", pos);
    if (open == std::string_view::npos) break;
    if (open > 0 && markdown[open - 1] == '\\') {
      pos = open + 2;
      continue;
    }
    size_t close = markdown.find("}}", open + 2);
    size_t next_open = markdown.find("{{", open + 2);
    if (close == std::string_view::npos ||
        (next_open != std::string_view::npos && next_open < close)) {
      int line = 1;
      for (size_t i = 0; i < open; ++i) line += markdown[i] == '\n';
      return absl::InvalidArgumentError(
          StrCat("line ", line, ": '{{' without a closing '}}' (write \\{{ for literal braces)"));
    }
    auto ref = ParseReference(markdown.substr(open + 2, close - open - 2));
    if (!ref.ok()) return ref.status();
    out.push_back(std::move(*ref));
    pos = close + 2;
  }
  return out;
}

absl::Status CheckNarrative(const Report& report, std::string_view markdown) {
  auto refs = FindReferences(markdown);
  if (!refs.ok()) return refs.status();
  for (const Reference& ref : *refs) {
    auto value = ResolveReference(report, ref);
    if (!value.ok()) return value.status();
  }
  return absl::OkStatus();
}

std::string ResolveNarrative(const Report& report, std::string_view markdown,
                             std::vector<std::string>* errors) {
  std::string out;
  size_t pos = 0;
  while (pos < markdown.size()) {
    size_t open = markdown.find("{{", pos);
    if (open == std::string_view::npos) {
      out.append(markdown.substr(pos));
      break;
    }
    if (open > 0 && markdown[open - 1] == '\\') {
      out.append(markdown.substr(pos, open - 1 - pos));
      out += "{{";
      pos = open + 2;
      continue;
    }
    out.append(markdown.substr(pos, open - pos));
    size_t close = markdown.find("}}", open + 2);
    if (close == std::string_view::npos) {
      errors->push_back("'{{' without a closing '}}'");
      out += "\u27e6fel: {{ utan }}\u27e7";
      out.append(markdown.substr(open + 2));
      break;
    }
    auto ref = ParseReference(markdown.substr(open + 2, close - open - 2));
    absl::StatusOr<std::string> value =
        ref.ok() ? ResolveReference(report, *ref) : absl::StatusOr<std::string>(ref.status());
    if (value.ok()) {
      out += *value;
    } else {
      errors->push_back(std::string(value.status().message()));
      StrAppend(&out, "\u27e6fel: ", markdown.substr(open, close + 2 - open), "\u27e7");
    }
    pos = close + 2;
  }
  return out;
}

}  // namespace tertial::reporting
