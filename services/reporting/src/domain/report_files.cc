#include "report_files.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>

#include "absl/status/status.h"
#include "absl/strings/str_join.h"
#include "tertial/json/json.h"
#include "tertial/base/strings.h"
#include "tertial/period/period.h"

namespace tertial::reporting {
namespace {

std::optional<int64_t> ParseInt(std::string_view text) {
  int64_t v = 0;
  if (text.empty()) return std::nullopt;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

bool ParseStatus(std::string_view name, IndicatorStatus* status) {
  for (IndicatorStatus s :
       {IndicatorStatus::kNoData, IndicatorStatus::kMet, IndicatorStatus::kNotMet}) {
    if (IndicatorStatusName(s) == name) {
      *status = s;
      return true;
    }
  }
  return false;
}

// The target as the report printed it; a text this reader cannot interpret is kept as
// printed (the statuses travel with the report, so nothing is recomputed from it).
Target TargetFrom(std::string_view printed) {
  auto t = ParseTarget(printed, std::nullopt);
  if (t.ok()) return *t;
  Target none;
  none.printed = std::string(printed);
  return none;
}

// ---------------------------------------------------------------------------------------
// JSON: the model as RenderJson writes it.

class JsonReader {
 public:
  explicit JsonReader(std::string_view source) : source_(source) {}

  absl::StatusOr<Report> Read(const json::Value& root) {
    if (root.type != json::Type::kObject) return Error(root, "a JSON object at the top");
    const json::Value* format = root.Find("format");
    if (format == nullptr || format->text != "tertial.report.v1") {
      return Error(format ? *format : root, "\"format\": \"tertial.report.v1\"");
    }
    Report r;
    r.organisation = Str(root, "organisation");
    r.organisation_name = Str(root, "organisation_name");
    r.board_id = Str(root, "board_id");
    r.board_name = Str(root, "board_name");
    r.primary_unit_id = Str(root, "primary_unit_id");
    const json::Value* period = root.Find("period");
    if (period == nullptr || period->type != json::Type::kString)
      return Error(root, "\"period\": \"YYYY-MM\"");
    auto p = period::ParsePeriod(period->text);
    if (!p.ok()) return Error(*period, StrCat("a period YYYY-MM (", p.status().message(), ")"));
    r.period = *p;
    r.fiscal_year = p->year;
    if (const json::Value* year = root.Find("fiscal_year")) {
      std::optional<int64_t> y = ParseInt(year->text);
      if (year->type != json::Type::kNumber || !y) return Error(*year, "\"fiscal_year\": a year");
      r.fiscal_year = static_cast<int>(*y);
    }
    if (const json::Value* start = root.Find("fiscal_year_start");
        start && start->type == json::Type::kString) {
      auto s = period::ParsePeriod(start->text);
      if (!s.ok())
        return Error(*start, StrCat("\"fiscal_year_start\": YYYY-MM (", s.status().message(), ")"));
      r.fiscal_year_start = *s;
    }
    r.fiscal_year_name = Str(root, "fiscal_year_name");
    const json::Value* sections = root.Find("sections");
    if (sections == nullptr || sections->type != json::Type::kArray)
      return Error(root, "\"sections\": [...]");
    std::set<std::string> ids;
    for (const json::Value& sv : sections->items) {
      if (sv.type != json::Type::kObject) return Error(sv, "a section object");
      Section s{.id = Str(sv, "id"),
                .title = Str(sv, "title"),
                .narrative_markdown = Str(sv, "narrative_markdown")};
      if (const json::Value* h = sv.Find("highlights"); h && h->type == json::Type::kArray) {
        for (const json::Value& x : h->items) s.highlights.push_back(x.text);
      }
      const json::Value* tables = sv.Find("tables");
      if (tables != nullptr) {
        if (tables->type != json::Type::kArray) return Error(*tables, "\"tables\": [...]");
        for (const json::Value& tv : tables->items) {
          auto t = ReadTable(tv);
          if (!t.ok()) return t.status();
          if (!ids.insert(t->id).second)
            return Error(tv, StrCat("a unique table id; '", t->id, "' is used twice"));
          s.tables.push_back(std::move(*t));
        }
      }
      r.sections.push_back(std::move(s));
    }
    return r;
  }

 private:
  absl::Status Error(const json::Value& at, std::string_view expected) const {
    return absl::InvalidArgumentError(
        StrCat(source_, ":", at.line, ":", at.column, ": expected ", expected));
  }

  static std::string Str(const json::Value& object, std::string_view key) {
    const json::Value* v = object.Find(key);
    return v && v->type == json::Type::kString ? v->text : "";
  }

  absl::StatusOr<Table> ReadTable(const json::Value& v) {
    if (v.type != json::Type::kObject) return Error(v, "a table object");
    Table t;
    t.id = Str(v, "id");
    if (t.id.empty()) return Error(v, "a table \"id\"");
    const json::Value* kind = v.Find("kind");
    if (kind == nullptr || !ParseTableKind(kind->text, &t.kind)) {
      return Error(kind ? *kind : v, StrCat("a table \"kind\" in table '", t.id, "'"));
    }
    t.title = Str(v, "title");
    t.unit_label = Str(v, "unit");
    t.scope_unit = Str(v, "scope");
    const json::Value* columns = v.Find("columns");
    if (columns == nullptr || columns->type != json::Type::kArray)
      return Error(v, "\"columns\": [...]");
    for (const json::Value& c : columns->items) {
      Column col{.id = Str(c, "id"), .label = Str(c, "label")};
      std::string k = Str(c, "kind");
      if (k == "money")
        col.kind = ColumnKind::kMoney;
      else if (k == "number")
        col.kind = ColumnKind::kNumber;
      else if (k == "text")
        col.kind = ColumnKind::kText;
      else
        return Error(c, StrCat("a column with \"id\" and \"kind\" money, number or text in table '",
                               t.id, "'"));
      if (col.id.empty() || t.ColumnIndex(col.id) >= 0) return Error(c, "a unique column \"id\"");
      t.columns.push_back(std::move(col));
    }
    const json::Value* rows = v.Find("rows");
    if (rows == nullptr || rows->type != json::Type::kArray) return Error(v, "\"rows\": [...]");
    for (const json::Value& rv : rows->items) {
      auto row = ReadRow(t, rv);
      if (!row.ok()) return row.status();
      if (t.FindRow(row->id) != nullptr) {
        return Error(
            rv, StrCat("a unique row id in table '", t.id, "'; '", row->id, "' is used twice"));
      }
      t.rows.push_back(std::move(*row));
    }
    if (const json::Value* notes = v.Find("notes"); notes && notes->type == json::Type::kArray) {
      for (const json::Value& n : notes->items) t.notes.push_back(n.text);
    }
    if (const json::Value* footnotes = v.Find("footnotes");
        footnotes && footnotes->type == json::Type::kArray) {
      for (const json::Value& f : footnotes->items)
        t.footnotes.push_back({Str(f, "mark"), Str(f, "text")});
    }
    return t;
  }

  absl::StatusOr<Row> ReadRow(const Table& t, const json::Value& v) {
    if (v.type != json::Type::kObject)
      return Error(v, StrCat("a row object in table '", t.id, "'"));
    Row r;
    r.id = Str(v, "id");
    if (r.id.empty()) return Error(v, StrCat("a row \"id\" in table '", t.id, "'"));
    if (!ParseRowKind(Str(v, "kind"), &r.kind))
      return Error(v, StrCat("a row \"kind\" in row '", r.id, "'"));
    r.label = Str(v, "label");
    r.mark = Str(v, "mark");
    r.footnote = Str(v, "footnote");
    r.parent = Str(v, "parent");
    r.part = Str(v, "part");
    r.positive_revenues = Str(v, "revenue_sign") == "positive";
    r.unit_id = Str(v, "unit_id");
    r.group = Str(v, "group");
    if (const json::Value* a = v.Find("assessment")) {
      if (!ParseAssessment(a->text, &r.assessment))
        return Error(*a, "\"assessment\": uppfylls, delvis, ej or kan_ej_bedomas");
      r.rationale = Str(v, "rationale");
    }
    if (t.kind == TableKind::kGoals) {
      r.goal_area = r.group;
      int c = t.ColumnIndex("municipal_goal");
      if (const json::Value* cells = v.Find("cells"); cells && c >= 0)
        r.municipal_goal = Str(*cells, "municipal_goal");
      if (const json::Value* check = v.Find("assessment_check")) {
        AssessmentCheck k;
        if (check->type != json::Type::kObject ||
            !ParseVerdict(Str(*check, "verdict"), &k.verdict)) {
          return Error(*check,
                       "\"assessment_check\": {\"verdict\": consistent, contradicted, "
                       "not_checkable or not_assessed, ...}");
        }
        k.reason = Str(*check, "reason");
        for (auto [key, target] : {std::pair{"indicators_met", &k.indicators_met},
                                   std::pair{"indicators_not_met", &k.indicators_not_met},
                                   std::pair{"indicators_no_data", &k.indicators_no_data},
                                   std::pair{"indicators_no_target", &k.indicators_no_target}}) {
          const json::Value* n = check->Find(key);
          std::optional<int64_t> x = n ? ParseInt(n->text) : std::nullopt;
          if (n != nullptr && (n->type != json::Type::kNumber || !x))
            return Error(*n, StrCat("\"", key, "\": a count"));
          *target = x ? static_cast<int>(*x) : 0;
        }
        r.assessment_check = k;
      }
    }
    if (r.kind == RowKind::kIndicator) {
      r.goal_id = Str(v, "goal_id");
      r.target = TargetFrom(Str(v, "target"));
      if (const json::Value* s = v.Find("status"); s && !ParseStatus(s->text, &r.status)) {
        return Error(*s, "\"status\": no_data, met or not_met");
      }
      if (const json::Value* g = v.Find("status_from_goals"))
        r.status_from_goals = g->type == json::Type::kBool && g->boolean;
    }
    const json::Value* cells = v.Find("cells");
    if (cells == nullptr || cells->type != json::Type::kObject)
      return Error(v, StrCat("\"cells\": {...} in row '", r.id, "'"));
    for (const Column& col : t.columns) {
      auto cell = ReadCell(r, col, *cells);
      if (!cell.ok()) return cell.status();
      r.cells.push_back(std::move(*cell));
    }
    return r;
  }

  absl::StatusOr<Cell> ReadCell(const Row& r, const Column& col, const json::Value& cells) {
    Cell cell;
    const json::Value* ore =
        col.kind == ColumnKind::kMoney ? cells.Find(StrCat(col.id, "_ore")) : nullptr;
    const json::Value* v = cells.Find(col.id);
    if (ore != nullptr) {
      std::optional<int64_t> amount = ParseInt(ore->text);
      if (ore->type != json::Type::kNumber || !amount) {
        return Error(*ore,
                     StrCat("an integer of öre in row '", r.id, "', field '", col.id, "_ore'"));
      }
      cell = Cell::Money(*amount);
    } else if (v == nullptr || v->type == json::Type::kNull) {
      cell = Cell::Empty();
    } else if (v->type == json::Type::kNumber) {
      auto d = money::ParseDecimal(v->text, kMaxCellDecimals);
      if (!d.ok())
        return Error(*v, StrCat("a number in row '", r.id, "', field '", col.id, "' (",
                                d.status().message(), ")"));
      cell = Cell::Number(*d, Str(cells, StrCat(col.id, "_remark")));
    } else if (v->type == json::Type::kString) {
      cell = Cell::Text(v->text);
    } else if (v->type == json::Type::kObject && v->Find("no_data") != nullptr) {
      cell = Cell::NoData(Str(*v, "remark"));
    } else {
      return Error(*v, StrCat("a cell (a number, a text, null or {\"no_data\": true}) in row '",
                              r.id, "', field '", col.id, "'"));
    }
    cell.set_footnote(Str(cells, StrCat(col.id, "_footnote")));
    return cell;
  }

  std::string source_;
};

// ---------------------------------------------------------------------------------------
// CSV: the files RenderCsv writes.

struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
};

// RFC 4180: quoted fields may hold separators, quotes ("") and line breaks. The separator
// is the header line's: ',' unless it has only ';'.
absl::StatusOr<std::vector<CsvRecord>> ReadCsv(std::string_view text, std::string_view name) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::string_view first = text.substr(0, text.find('\n'));
  char separator =
      first.find(',') == std::string_view::npos && first.find(';') != std::string_view::npos ? ';'
                                                                                             : ',';
  std::vector<CsvRecord> out;
  CsvRecord record{.line = 1, .fields = {""}};
  int line = 1;
  bool quoted = false, any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        record.fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        record.fields.back() += c;
      }
      continue;
    }
    if (c == '"' && record.fields.back().empty()) {
      quoted = any = true;
    } else if (c == separator) {
      record.fields.emplace_back();
      any = true;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;
    } else if (c == '\n') {
      if (any || !record.fields.back().empty()) out.push_back(std::move(record));
      ++line;
      record = CsvRecord{.line = line, .fields = {""}};
      any = false;
    } else {
      record.fields.back() += c;
      any = true;
    }
  }
  if (quoted)
    return absl::InvalidArgumentError(
        StrCat(name, ":", record.line, ": a quoted field is not closed"));
  if (any || !record.fields.back().empty()) out.push_back(std::move(record));
  return out;
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

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return s;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

absl::StatusOr<Report> ParseReportJson(std::string_view text, std::string_view source) {
  auto root = json::Parse(text, source);
  if (!root.ok()) return root.status();
  return JsonReader(source).Read(*root);
}

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

absl::StatusOr<TypedFigures> ParseValidationInput(const std::vector<ReportFile>& files) {
  if (files.empty()) return absl::InvalidArgumentError("no file to validate");
  bool any_json = false;
  for (const ReportFile& f : files)
    any_json = any_json || (!Trimmed(f.bytes).empty() && Trimmed(f.bytes).front() == '{');
  if (!any_json) {
    auto report = ParseReportCsv(files);
    if (!report.ok()) return report.status();
    return TypedFigures{.report = std::move(*report)};
  }
  if (files.size() != 1) {
    return absl::InvalidArgumentError(StrCat("expected one JSON file or a report's CSV files, not ",
                                             files.size(), " files with JSON among them"));
  }
  const ReportFile& f = files.front();
  auto root = json::Parse(f.bytes, f.name);
  if (!root.ok()) return root.status();
  const json::Value* format = root->type == json::Type::kObject ? root->Find("format") : nullptr;
  if (format != nullptr && format->text == "tertial.report.v1") {
    auto report = JsonReader(f.name).Read(*root);
    if (!report.ok()) return report.status();
    return TypedFigures{.report = std::move(*report)};
  }
  if (format == nullptr || format->text != "tertial.report-figures.v1") {
    const json::Value& at = format ? *format : *root;
    return absl::InvalidArgumentError(
        StrCat(f.name, ":", at.line, ":", at.column,
               ": expected \"format\": \"tertial.report-figures.v1\" (typed figures) "
               "or \"tertial.report.v1\" (a report tertial rendered)"));
  }
  return ParseTypedFigures(f.bytes, f.name);
}

}  // namespace tertial::reporting
