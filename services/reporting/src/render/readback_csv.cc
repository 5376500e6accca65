#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "absl/status/status.h"
#include "absl/strings/str_join.h"
#include "render/readback.h"
#include "render/readback_values.h"
#include "tertial/base/strings.h"
#include "tertial/csv/reader.h"
#include "tertial/period/period.h"

namespace tertial::reporting {
namespace {

using readback::ParseInt;
using readback::ParseStatus;
using readback::TargetFrom;

struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
};

// All records of a file, read by libs/csv (tertial/csv/reader.h: the delimiter is the
// header line's, ',' or ';'; a BOM is skipped; errors name line and column).
absl::StatusOr<std::vector<CsvRecord>> ReadCsv(std::string_view text, std::string_view name) {
  csv::Reader reader(text, std::string(name));
  std::vector<CsvRecord> out;
  while (true) {
    absl::StatusOr<std::optional<csv::Record>> record = reader.Next();
    if (!record.ok()) return record.status();
    if (!record->has_value()) return out;
    out.push_back({.line = (*record)->line, .fields = std::move((*record)->fields)});
  }
}

std::string BaseName(std::string_view path) {
  size_t slash = path.find_last_of('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

struct IndexEntry {
  Table table;  // kind, title, unit, scope, columns; no rows
  int order = 0;
};

absl::StatusOr<std::map<std::string, IndexEntry>> ReadIndex(const ReportFile& file) {
  auto records = ReadCsv(file.bytes, file.name);
  if (!records.ok()) return records.status();
  const std::vector<std::string> header = {"table_id", "kind",      "title",       "unit",
                                           "scope",    "column_id", "column_kind", "column_label"};
  if (records->empty() || records->front().fields != header) {
    return absl::InvalidArgumentError(
        StrCat(file.name, ":1: expected the header ", absl::StrJoin(header, ",")));
  }
  std::map<std::string, IndexEntry> out;
  for (size_t i = 1; i < records->size(); ++i) {
    const CsvRecord& rec = (*records)[i];
    if (rec.fields.size() != header.size()) {
      return absl::InvalidArgumentError(StrCat(file.name, ":", rec.line, ": expected ",
                                               header.size(), " fields, not ", rec.fields.size()));
    }
    auto [it, fresh] = out.try_emplace(rec.fields[0]);
    Table& t = it->second.table;
    if (fresh) {
      it->second.order = static_cast<int>(out.size());
      t.id = rec.fields[0];
      if (!ParseTableKind(rec.fields[1], &t.kind)) {
        return absl::InvalidArgumentError(StrCat(file.name, ":", rec.line, ": field kind: '",
                                                 rec.fields[1], "' is not a table kind"));
      }
      t.title = rec.fields[2];
      t.unit_label = rec.fields[3];
      t.scope_unit = rec.fields[4];
    }
    Column col{.id = rec.fields[5], .label = rec.fields[7]};
    if (rec.fields[6] == "money")
      col.kind = ColumnKind::kMoney;
    else if (rec.fields[6] == "number")
      col.kind = ColumnKind::kNumber;
    else if (rec.fields[6] == "text")
      col.kind = ColumnKind::kText;
    else {
      return absl::InvalidArgumentError(
          StrCat(file.name, ":", rec.line,
                 ": field column_kind: expected money, number or text, not '", rec.fields[6], "'"));
    }
    t.columns.push_back(std::move(col));
  }
  return out;
}

// Without tables.csv: what the file name and the header tell.
absl::StatusOr<Table> GuessTable(const std::string& name, const std::string& id,
                                 const std::vector<std::string>& columns) {
  Table t;
  t.id = id;
  t.title = id;
  std::string kind = id;
  size_t underscore = kind.find_last_of('_');
  if (underscore != std::string::npos && underscore + 1 < kind.size() &&
      std::all_of(kind.begin() + underscore + 1, kind.end(),
                  [](char c) { return c >= '0' && c <= '9'; })) {
    kind.resize(underscore);
  }
  if (!ParseTableKind(kind, &t.kind)) {
    return absl::InvalidArgumentError(StrCat(
        name,
        ": cannot tell the table's kind from the file name (operating.csv, indicators_2.csv, ...); "
        "keep the report's tables.csv beside it"));
  }
  switch (t.kind) {
    case TableKind::kForecastResult:
      t.unit_label = "mnkr";
      break;
    case TableKind::kGoalSummary:
    case TableKind::kActivitySummary:
    case TableKind::kPersonnel:
      t.unit_label = "antal";
      break;
    case TableKind::kGoals:
    case TableKind::kIndicators:
    case TableKind::kAssignments:
      t.unit_label = "";
      break;
    default:
      t.unit_label = "tkr";
  }
  bool numbers = t.kind == TableKind::kGoalSummary || t.kind == TableKind::kActivitySummary ||
                 t.kind == TableKind::kPersonnel || t.kind == TableKind::kIndicators;
  for (const std::string& c : columns) {
    Column col{.id = c, .label = c};
    if (c.size() > 4 && c.compare(c.size() - 4, 4, "_ore") == 0) {
      col.id = col.label = c.substr(0, c.size() - 4);
      col.kind = ColumnKind::kMoney;
    } else if (numbers && c != "goal" && c != "target" && c != "status") {
      col.kind = ColumnKind::kNumber;
    } else {
      col.kind = ColumnKind::kText;
    }
    t.columns.push_back(std::move(col));
  }
  return t;
}

absl::StatusOr<Table> ReadTableCsv(const ReportFile& file, const std::string& id,
                                   const IndexEntry* index) {
  auto records = ReadCsv(file.bytes, file.name);
  if (!records.ok()) return records.status();
  auto error = [&](int line, std::string_view what) {
    return absl::InvalidArgumentError(StrCat(file.name, ":", line, ": ", what));
  };
  const std::vector<std::string> leading = {"row_id", "row_kind", "label", "parent", "unit_id"};
  if (records->empty() || records->front().fields.size() < leading.size() ||
      !std::equal(leading.begin(), leading.end(), records->front().fields.begin())) {
    return error(1, "expected a report table's header row_id,row_kind,label,parent,unit_id,...");
  }
  std::vector<std::string> header = records->front().fields;
  // The trailing fields some tables have, from the end.
  std::map<std::string, size_t> trailing;
  size_t columns_end = header.size();
  for (std::string_view name :
       {"part", "mark", "indicators_not_met", "indicators_met", "check", "goal_id", "state"}) {
    if (columns_end > leading.size() && header[columns_end - 1] == name)
      trailing[std::string(name)] = --columns_end;
  }
  std::vector<std::string> column_fields(header.begin() + leading.size(),
                                         header.begin() + columns_end);
  Table t;
  if (index != nullptr) {
    t = index->table;
    std::vector<std::string> expected;
    for (const Column& c : t.columns)
      expected.push_back(c.kind == ColumnKind::kMoney ? StrCat(c.id, "_ore") : c.id);
    if (expected != column_fields) {
      return error(1, StrCat("expected the columns ", absl::StrJoin(expected, ","),
                             " after unit_id, as tables.csv "
                             "lists them for table '",
                             id, "', not ", absl::StrJoin(column_fields, ",")));
    }
  } else {
    auto guessed = GuessTable(file.name, id, column_fields);
    if (!guessed.ok()) return guessed.status();
    t = std::move(*guessed);
  }
  auto field_of = [&](const std::string& name) -> int {
    auto it = trailing.find(name);
    return it == trailing.end() ? -1 : static_cast<int>(it->second);
  };
  int state = field_of("state"), goal_id = field_of("goal_id"), mark = field_of("mark"),
      part = field_of("part");
  int check = field_of("check"), checked_met = field_of("indicators_met"),
      checked_not_met = field_of("indicators_not_met");
  for (size_t i = 1; i < records->size(); ++i) {
    const CsvRecord& rec = (*records)[i];
    const std::vector<std::string>& f = rec.fields;
    if (f.size() != header.size()) {
      return error(rec.line, StrCat("expected ", header.size(),
                                    " fields (one per header column), not ", f.size()));
    }
    Row r;
    r.id = f[0];
    if (r.id.empty()) return error(rec.line, "field row_id: a row id");
    if (!ParseRowKind(f[1], &r.kind)) {
      return error(rec.line,
                   StrCat("field row_kind: unit, project, sum, of_which, other_forvaltning, item, "
                          "indicator, gender or breakdown, not '",
                          f[1], "'"));
    }
    if (t.FindRow(r.id) != nullptr)
      return error(rec.line, StrCat("row '", r.id, "' is there twice"));
    r.label = f[2];
    r.parent = f[3];
    r.unit_id = f[4];
    if (mark >= 0) r.mark = f[mark];
    if (!r.mark.empty() && r.label.size() >= r.mark.size() &&
        r.label.compare(r.label.size() - r.mark.size(), r.mark.size(), r.mark) == 0) {
      r.label.resize(r.label.size() - r.mark.size());
    }
    if (part >= 0) r.part = f[part];
    if (r.part.empty() && r.kind == RowKind::kOfWhich && r.id.find('/') != std::string::npos) {
      r.part = r.id.substr(r.id.find_last_of('/') + 1);
    }
    if (goal_id >= 0) r.goal_id = f[goal_id];
    if (check >= 0 && !f[check].empty()) {
      AssessmentCheck k;
      if (!ParseVerdict(f[check], &k.verdict)) {
        return error(
            rec.line,
            StrCat("field check: consistent, contradicted, not_checkable or not_assessed, not '",
                   f[check], "'"));
      }
      for (auto [field, target] : {std::pair{checked_met, &k.indicators_met},
                                   std::pair{checked_not_met, &k.indicators_not_met}}) {
        if (field < 0) continue;
        std::optional<int64_t> n =
            f[field].empty() ? std::optional<int64_t>(0) : ParseInt(f[field]);
        if (!n)
          return error(rec.line,
                       StrCat("field ", header[field], ": expected a count, not '", f[field], "'"));
        *target = static_cast<int>(*n);
      }
      r.assessment_check = k;
    }
    if (t.kind == TableKind::kGoalSummary && r.id.rfind("assessment:", 0) == 0) {
      ParseAssessment(r.id.substr(11), &r.assessment);
    }
    if (state >= 0 && t.kind == TableKind::kGoals && !ParseAssessment(f[state], &r.assessment) &&
        !f[state].empty()) {
      return error(rec.line, StrCat("field state: uppfylls, delvis, ej or kan_ej_bedomas, not '",
                                    f[state], "'"));
    }
    for (size_t c = 0; c < t.columns.size(); ++c) {
      const Column& col = t.columns[c];
      const std::string& v = f[leading.size() + c];
      std::string field = col.kind == ColumnKind::kMoney ? StrCat(col.id, "_ore") : col.id;
      Cell cell;
      if (v.empty()) {
        cell = Cell::Empty();
      } else if (v == "I.U.") {
        cell = Cell::NoData();
      } else if (t.kind == TableKind::kIndicators && col.id == "status" &&
                 r.kind == RowKind::kIndicator) {
        if (!ParseStatus(v, &r.status))
          return error(rec.line, StrCat("field status: no_data, met or not_met, not '", v, "'"));
        cell = Cell::Text(std::string(IndicatorStatusLabel(r.status)));
      } else if (col.kind == ColumnKind::kMoney) {
        std::optional<int64_t> ore = ParseInt(v);
        if (!ore)
          return error(rec.line,
                       StrCat("field ", field, ": expected an integer of öre, not '", v, "'"));
        cell = Cell::Money(*ore);
      } else if (col.kind == ColumnKind::kNumber) {
        auto d = money::ParseDecimal(v, kMaxCellDecimals);
        cell = d.ok() ? Cell::Number(*d) : Cell::Text(v);
      } else {
        cell = Cell::Text(v);
      }
      if (t.kind == TableKind::kIndicators && col.id == "target" && r.kind == RowKind::kIndicator) {
        r.target = TargetFrom(v);
      }
      r.cells.push_back(std::move(cell));
    }
    if (t.kind == TableKind::kGoals) {
      r.goal_area = r.group;
      int c = t.ColumnIndex("municipal_goal");
      if (c >= 0) r.municipal_goal = r.cells[c].text();
    }
    t.rows.push_back(std::move(r));
  }
  for (const Row& r : t.rows) {
    if (IsPartRow(r.kind) && t.FindRow(r.parent) == nullptr) {
      return absl::InvalidArgumentError(StrCat(file.name, ": row '", r.id, "' names the parent '",
                                               r.parent, "', which is not a row of the file"));
    }
  }
  return t;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

absl::StatusOr<Report> ParseReportCsv(const std::vector<ReportFile>& files) {
  const ReportFile* index_file = nullptr;
  std::vector<const ReportFile*> tables;
  for (const ReportFile& f : files) {
    std::string base = BaseName(f.name);
    if (!EndsWith(base, ".csv")) {
      return absl::InvalidArgumentError(
          StrCat(f.name, ": expected a report table's CSV file (<table>.csv)"));
    }
    // findings.csv is what the checks found (they are run again); forecast_source.csv says
    // which forecast the report shows, not a table's figures.
    if (base == "tables.csv")
      index_file = &f;
    else if (base != "findings.csv" && base != "forecast_source.csv")
      tables.push_back(&f);
  }
  if (tables.empty()) {
    return absl::InvalidArgumentError(
        "expected at least one table's CSV file (findings.csv and tables.csv hold none)");
  }
  std::map<std::string, IndexEntry> index;
  if (index_file != nullptr) {
    auto read = ReadIndex(*index_file);
    if (!read.ok()) return read.status();
    index = std::move(*read);
  }
  std::vector<std::pair<int, Table>> read_tables;
  std::set<std::string> ids;
  for (const ReportFile* f : tables) {
    std::string base = BaseName(f->name);
    std::string id = base.substr(0, base.size() - 4);
    if (!ids.insert(id).second)
      return absl::InvalidArgumentError(StrCat(f->name, ": table '", id, "' is given twice"));
    auto it = index.find(id);
    if (index_file != nullptr && it == index.end()) {
      return absl::InvalidArgumentError(
          StrCat(f->name, ": ", index_file->name, " lists no table '", id, "'"));
    }
    auto t = ReadTableCsv(*f, id, it == index.end() ? nullptr : &it->second);
    if (!t.ok()) return t.status();
    read_tables.push_back({it == index.end() ? 0 : it->second.order, std::move(*t)});
  }
  // In the report's order (tables.csv lists them so), else in the order given.
  std::stable_sort(read_tables.begin(), read_tables.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  Report r;
  for (auto& [order, t] : read_tables) {
    r.sections.push_back(Section{.id = t.id, .title = t.title});
    r.sections.back().tables.push_back(std::move(t));
  }
  return r;
}

}  // namespace tertial::reporting
