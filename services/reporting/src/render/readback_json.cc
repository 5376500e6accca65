#include <optional>
#include <set>

#include "absl/status/status.h"
#include "domain/report_json.h"
#include "render/readback.h"
#include "render/readback_values.h"
#include "tertial/base/strings.h"
#include "tertial/json/json.h"
#include "tertial/period/period.h"

namespace tertial::reporting {
namespace {

using readback::ParseInt;
using readback::ParseStatus;
using readback::TargetFrom;
using report_json::Str;

// ---------------------------------------------------------------------------------------
// JSON: the model as RenderJson writes it.

class JsonReader {
 public:
  explicit JsonReader(std::string_view source) : source_(source) {}

  absl::StatusOr<Report> Read(const json::Value& root) {
    if (root.type != json::Type::kObject) return Error(root, "a JSON object at the top");
    Report r;
    if (absl::Status s = report_json::ReadHeader(
            source_, root,
            {.format = "tertial.report.v1", .board = "board_id", .primary_unit = "primary_unit_id"},
            &r);
        !s.ok()) {
      return s;
    }
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
    return report_json::Expected(source_, at, expected);
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

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return s;
}

}  // namespace

absl::StatusOr<Report> ParseReportJson(std::string_view text, std::string_view source) {
  auto root = json::Parse(text, source);
  if (!root.ok()) return root.status();
  return JsonReader(source).Read(*root);
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
