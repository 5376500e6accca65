#include "figures.h"

#include <optional>
#include <set>

#include "absl/status/status.h"
#include "report_json.h"
#include "tertial/base/strings.h"
#include "tertial/json/json.h"

namespace tertial::reporting {
namespace {

using report_json::Str;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  // "Ö" and "Å"/"Ä" as the first letter ("Öka").
  if (out.rfind("\xC3\x96", 0) == 0) out.replace(0, 2, "\xC3\xB6");
  return out;
}

bool IsEmptyMark(std::string_view s) {
  return s.empty() || s == "-" || s == "\u2013" || s == "\u2014";
}

bool StartsWithNoData(std::string_view s, std::string_view* rest) {
  for (std::string_view prefix : {"I.U.", "I.U", "IU"}) {
    if (s.substr(0, prefix.size()) == prefix) {
      *rest = Trim(s.substr(prefix.size()));
      if (!rest->empty() && rest->front() == '(' && rest->back() == ')') {
        *rest = rest->substr(1, rest->size() - 2);
      }
      return true;
    }
  }
  return false;
}

// The length of the minus sign Swedish print uses at the start of `s` (hyphen, en dash,
// U+2212), 0 if there is none.
size_t PrintedMinusAt(std::string_view s) {
  if (!s.empty() && s[0] == '-') return 1;
  if (s.substr(0, 3) == "\u2013" || s.substr(0, 3) == "\u2212") return 3;
  return 0;
}

// The length of the blanks print sets between a minus and its digits: spaces, no-break
// (U+00A0), thin (U+2009) and narrow no-break (U+202F) spaces.
size_t BlanksAt(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == ' ') {
      ++i;
    } else if (s.substr(i, 2) == "\u00A0") {
      i += 2;
    } else if (s.substr(i, 3) == "\u2009" || s.substr(i, 3) == "\u202F") {
      i += 3;
    } else {
      break;
    }
  }
  return i;
}

class FigureParser {
 public:
  explicit FigureParser(std::string_view source) : source_(source) {}

  absl::StatusOr<TypedFigures> Parse(const json::Value& root) {
    if (root.type != json::Type::kObject) return Error(root, "a JSON object at the top");
    if (absl::Status s = Known(
            root, {"format", "organisation", "organisation_name", "board", "board_name",
                   "primary_unit", "primary_unit_name", "period", "source", "tables", "claims"});
        !s.ok()) {
      return s;
    }
    TypedFigures out;
    Report& r = out.report;
    if (absl::Status s = report_json::ReadHeader(source_, root,
                                                 {.format = "tertial.report-figures.v1",
                                                  .board = "board",
                                                  .primary_unit = "primary_unit"},
                                                 &r);
        !s.ok()) {
      return s;
    }
    const json::Value* tables = root.Find("tables");
    if (tables == nullptr || tables->type != json::Type::kArray)
      return Error(root, "\"tables\": [...]");
    std::set<std::string> ids;
    for (const json::Value& t : tables->items) {
      auto table = ParseTable(t);
      if (!table.ok()) return table.status();
      if (!ids.insert(table->id).second)
        return Error(t, StrCat("a unique table id; '", table->id, "' is used twice"));
      r.sections.push_back(Section{.id = table->id, .title = table->title});
      r.sections.back().tables.push_back(std::move(*table));
    }
    // Goal rows of the goals table carry their ids; indicators name them. Check links.
    std::set<std::string> goals;
    for (const Table* t : r.Tables()) {
      if (t->kind == TableKind::kGoals) {
        for (const Row& row : t->rows) goals.insert(row.id);
      }
    }
    for (const auto& [value, goal] : goal_links_) {
      if (!goals.empty() && !goals.count(goal)) {
        return Error(*value,
                     StrCat("\"goal\" naming a row of the goals table; there is no '", goal, "'"));
      }
    }
    if (const json::Value* claims = root.Find("claims")) {
      if (claims->type != json::Type::kArray) return Error(*claims, "\"claims\": [...]");
      for (const json::Value& c : claims->items) {
        if (absl::Status s = Known(c, {"section", "text", "ref", "shown"}); !s.ok()) return s;
        Claim claim{.section = Str(c, "section"),
                    .text = Str(c, "text"),
                    .reference = Str(c, "ref"),
                    .shown = Str(c, "shown")};
        if (claim.reference.empty() || claim.shown.empty()) {
          return Error(c, "a claim with \"ref\" and \"shown\"");
        }
        out.claims.push_back(std::move(claim));
      }
    }
    return out;
  }

 private:
  absl::Status Error(const json::Value& at, std::string_view expected) const {
    return report_json::Expected(source_, at, expected);
  }

  absl::Status Known(const json::Value& object,
                     std::initializer_list<std::string_view> keys) const {
    if (object.type != json::Type::kObject) return Error(object, "an object");
    for (const auto& [name, value] : object.fields) {
      bool known = false;
      for (std::string_view k : keys) known = known || k == name;
      if (!known) {
        std::string list;
        for (std::string_view k : keys) StrAppend(&list, list.empty() ? "" : ", ", k);
        return Error(value, StrCat("one of the fields ", list, "; '", name, "' is unknown"));
      }
    }
    return absl::OkStatus();
  }

  absl::StatusOr<Table> ParseTable(const json::Value& v) {
    if (absl::Status s = Known(v, {"id", "kind", "title", "unit", "scope", "signs", "columns",
                                   "rows", "notes", "footnotes"});
        !s.ok()) {
      return s;
    }
    Table t;
    t.id = Str(v, "id");
    if (t.id.empty() || t.id.find('.') != std::string::npos) {
      return Error(v, "a table \"id\" without '.' (references are table.row.column)");
    }
    const json::Value* kind = v.Find("kind");
    if (kind == nullptr || !ParseTableKind(kind->text, &t.kind)) {
      return Error(kind ? *kind : v,
                   "\"kind\": one of goal_summary, activity_summary, forecast_result, economy, "
                   "personnel, operating, forecast, investments, goals, indicators, assignments, "
                   "adjustments");
    }
    t.title = Str(v, "title");
    t.unit_label = Str(v, "unit");
    t.scope_unit = Str(v, "scope");
    bool money = t.kind == TableKind::kOperating || t.kind == TableKind::kForecast ||
                 t.kind == TableKind::kInvestments || t.kind == TableKind::kEconomy ||
                 t.kind == TableKind::kForecastResult;
    if (money && t.unit_label != "tkr" && t.unit_label != "mnkr") {
      return Error(v, StrCat("\"unit\": \"tkr\" or \"mnkr\" for table '", t.id, "'"));
    }
    if (const json::Value* signs = v.Find("signs")) {
      auto parsed = ParseSigns(t, *signs);
      if (!parsed.ok()) return parsed.status();
      t.signs = *parsed;
    }
    bool indicators = t.kind == TableKind::kIndicators;
    bool goals = t.kind == TableKind::kGoals;
    if (indicators) t.columns.push_back({"goal", "Nämndmål", ColumnKind::kText});
    if (goals) {
      t.columns = {{"municipal_goal", "Kommunövergripande mål", ColumnKind::kText},
                   {"goal", "Nämndmål", ColumnKind::kText},
                   {"assessment", "Bedömning", ColumnKind::kText}};
    }
    size_t typed_from = t.columns.size();
    if (const json::Value* columns = v.Find("columns")) {
      if (columns->type != json::Type::kArray) return Error(*columns, "\"columns\": [...]");
      for (const json::Value& c : columns->items) {
        if (absl::Status s = Known(c, {"id", "label", "kind"}); !s.ok()) return s;
        Column col{.id = Str(c, "id"), .label = Str(c, "label")};
        if (col.id.empty() || t.ColumnIndex(col.id) >= 0) return Error(c, "a unique column \"id\"");
        std::string k = Str(c, "kind");
        if (k.empty())
          k = money ? "money" : (t.kind == TableKind::kAssignments ? "text" : "number");
        if (k == "money")
          col.kind = ColumnKind::kMoney;
        else if (k == "number")
          col.kind = ColumnKind::kNumber;
        else if (k == "text")
          col.kind = ColumnKind::kText;
        else
          return Error(c, "column \"kind\": money, number or text");
        t.columns.push_back(std::move(col));
      }
    } else if (!goals) {
      return Error(v, "\"columns\": [...]");
    }
    size_t typed_count = t.columns.size() - typed_from;
    if (indicators) {
      t.columns.push_back({"target", "Målvärde", ColumnKind::kText});
      t.columns.push_back({"status", "Status", ColumnKind::kText});
    }
    const json::Value* rows = v.Find("rows");
    if (rows == nullptr || rows->type != json::Type::kArray) return Error(v, "\"rows\": [...]");
    for (const json::Value& rv : rows->items) {
      auto row = ParseRow(t, rv, typed_from, typed_count);
      if (!row.ok()) return row.status();
      if (t.FindRow(row->id) != nullptr) {
        return Error(
            rv, StrCat("a unique row id in table '", t.id, "'; '", row->id, "' is used twice"));
      }
      t.rows.push_back(std::move(*row));
    }
    for (const Row& r : t.rows) {
      if (IsPartRow(r.kind) && t.FindRow(r.parent) == nullptr) {
        return Error(*rows, StrCat("row '", r.id, "' to name an existing \"parent\"; '", r.parent,
                                   "' is not a row of table '", t.id, "'"));
      }
    }
    if (indicators) {
      for (Row& r : t.rows) {
        if (r.kind != RowKind::kIndicator) continue;
        r.status = ComputeStatus(t, r);
        r.cells.back() = Cell::Text(std::string(IndicatorStatusLabel(r.status)));
      }
    }
    if (const json::Value* notes = v.Find("notes")) {
      for (const json::Value& n : notes->items) t.notes.push_back(n.text);
    }
    if (const json::Value* footnotes = v.Find("footnotes")) {
      for (const json::Value& f : footnotes->items) {
        if (absl::Status s = Known(f, {"mark", "text"}); !s.ok()) return s;
        t.footnotes.push_back({Str(f, "mark"), Str(f, "text")});
      }
    }
    return t;
  }

  // "signs": {"costs": "positive" | "negative", "deviation": "budget - actual"}: how the
  // table (or a row) signs its amounts, and which way its deviation is taken. Without
  // "deviation", positive is better than budget: budget − actual for positive costs,
  // actual − budget for negative ones.
  absl::StatusOr<SignConvention> ParseSigns(const Table& t, const json::Value& v) const {
    std::optional<DeviationTerms> terms = DeviationTermsOf(t.kind);
    if (!terms) {
      return Error(v, StrCat("\"signs\" only in operating, forecast, economy and investments "
                             "tables; table '",
                             t.id, "' is ", TableKindName(t.kind)));
    }
    if (absl::Status s = Known(v, {"costs", "deviation"}); !s.ok()) return s;
    SignConvention out;
    std::string costs = Str(v, "costs");
    if (!costs.empty() && costs != "positive" && costs != "negative") {
      return Error(*v.Find("costs"), "\"costs\": \"positive\" (SIE) or \"negative\"");
    }
    out.costs_negative = costs == "negative";
    out.deviation_reversed = out.costs_negative;
    if (const json::Value* deviation = v.Find("deviation")) {
      std::optional<bool> reversed = ParseDeviationRule(deviation->text, *terms);
      if (deviation->type != json::Type::kString || !reversed) {
        return Error(*deviation, StrCat("\"deviation\": \"", terms->minuend, " - ",
                                        terms->subtrahend, "\" or \"", terms->subtrahend, " - ",
                                        terms->minuend, "\" (column ids) for table '", t.id, "'"));
      }
      out.deviation_reversed = *reversed;
    }
    return out;
  }

  // "budget - actual" (false), "actual - budget" (true), with '-', '−' or '–' between the
  // column ids; nullopt for anything else.
  static std::optional<bool> ParseDeviationRule(std::string_view text,
                                                const DeviationTerms& terms) {
    for (std::string_view minus : {"-", "\u2212", "\u2013"}) {
      size_t at = text.find(minus);
      if (at == std::string_view::npos) continue;
      std::string_view left = Trim(text.substr(0, at));
      std::string_view right = Trim(text.substr(at + minus.size()));
      if (left == terms.minuend && right == terms.subtrahend) return false;
      if (left == terms.subtrahend && right == terms.minuend) return true;
    }
    return std::nullopt;
  }

  absl::StatusOr<Row> ParseRow(const Table& t, const json::Value& v, size_t typed_from,
                               size_t typed_count) {
    if (absl::Status s = Known(
            v, {"id",       "kind",           "label",     "parent", "part",   "revenue_sign",
                "signs",    "unit",           "group",     "mark",   "values", "assessment",
                "area",     "municipal_goal", "rationale", "goal",   "target", "target_footnote",
                "footnote", "status"});
        !s.ok()) {
      return s;
    }
    Row r;
    r.id = Str(v, "id");
    if (r.id.empty()) return Error(v, "a row \"id\" (unit:ID, project:ID, sum, sum/costs, ...)");
    r.label = Str(v, "label");
    r.parent = Str(v, "parent");
    r.part = Str(v, "part");
    r.unit_id = Str(v, "unit");
    r.group = Str(v, "group");
    r.mark = Str(v, "mark");
    std::string kind = Str(v, "kind");
    if (kind.empty()) {
      kind = t.kind == TableKind::kIndicators ? "indicator" : "item";
    }
    if (!ParseRowKind(kind, &r.kind)) {
      return Error(v,
                   "row \"kind\": unit, project, sum, of_which, other_forvaltning, item, "
                   "indicator, gender or "
                   "breakdown");
    }
    if (r.kind == RowKind::kOfWhich && (r.parent.empty() || r.part.empty())) {
      return Error(
          v, "an of_which row with \"parent\" and \"part\" (costs, revenues, spending, income)");
    }
    if ((r.kind == RowKind::kGender || r.kind == RowKind::kBreakdown) && r.parent.empty()) {
      return Error(v, StrCat("a ", kind, " row with \"parent\""));
    }
    std::string sign = Str(v, "revenue_sign");
    if (!sign.empty() && sign != "positive" && sign != "negative") {
      return Error(v, "\"revenue_sign\": \"positive\" or \"negative\"");
    }
    r.positive_revenues = sign == "positive";
    if (const json::Value* signs = v.Find("signs")) {
      auto parsed = ParseSigns(t, *signs);
      if (!parsed.ok()) return parsed.status();
      r.signs = *parsed;
    }
    if (r.unit_id.empty() && r.id.rfind("unit:", 0) == 0) r.unit_id = r.id.substr(5);
    if (r.unit_id.empty() && r.kind == RowKind::kSum) r.unit_id = t.scope_unit;

    if (t.kind == TableKind::kGoals) {
      std::string assessment = Str(v, "assessment");
      if (!ParseAssessment(assessment, &r.assessment)) {
        return Error(v, "\"assessment\": uppfylls, delvis, ej or kan_ej_bedomas");
      }
      r.goal_area = Str(v, "area");
      r.group = r.goal_area;
      r.municipal_goal = Str(v, "municipal_goal");
      r.rationale = Str(v, "rationale");
      r.cells = {Cell::Text(r.municipal_goal), Cell::Text(r.label),
                 Cell::Text(std::string(AssessmentLabel(r.assessment)))};
      return r;
    }
    if (t.kind == TableKind::kGoalSummary) {
      if (r.id.rfind("assessment:", 0) == 0 && !ParseAssessment(r.id.substr(11), &r.assessment)) {
        return Error(v, "assessment:<uppfylls|delvis|ej|kan_ej_bedomas> as the row id");
      }
    }

    const json::Value* values = v.Find("values");
    if (values == nullptr || values->type != json::Type::kArray)
      return Error(v, "\"values\": [...]");
    if (values->items.size() != typed_count) {
      return Error(*values, StrCat(typed_count, " values (one per column) in row '", r.id,
                                   "', not ", values->items.size()));
    }
    r.cells.assign(t.columns.size(), Cell::Empty());
    std::optional<Decimal> baseline;
    std::optional<Decimal> latest;
    for (size_t i = 0; i < typed_count; ++i) {
      const Column& col = t.columns[typed_from + i];
      auto cell = ParseCell(t, r, col, values->items[i]);
      if (!cell.ok()) return cell.status();
      if (col.kind == ColumnKind::kNumber && cell->is_number()) {
        baseline = latest;
        latest = cell->number();
      }
      r.cells[typed_from + i] = std::move(*cell);
    }
    if (t.kind == TableKind::kIndicators) {
      r.goal_id = Str(v, "goal");
      if (r.kind == RowKind::kIndicator) {
        if (r.goal_id.empty())
          return Error(v, "\"goal\": the goals table row this indicator measures");
        goal_links_.push_back({&v, r.goal_id});
      }
      r.cells[0] = Cell::Text(r.group);
      std::string printed = Str(v, "target");
      // The baseline of a level target is the latest value before the period followed up.
      std::optional<Decimal> before_last;
      {
        std::vector<Decimal> numbers;
        for (size_t i = 0; i < typed_count; ++i) {
          const Cell& c = r.cells[typed_from + i];
          if (i + 1 < typed_count && c.is_number()) numbers.push_back(c.number());
        }
        if (!numbers.empty()) before_last = numbers.back();
      }
      auto target = ParseTarget(printed, before_last);
      if (!target.ok()) {
        const json::Value* at = v.Find("target");
        return Error(at ? *at : v, std::string(target.status().message()));
      }
      r.target = *target;
      Cell target_cell =
          printed.empty() || IsEmptyMark(printed) ? Cell::Empty() : Cell::Text(printed);
      target_cell.set_footnote(Str(v, "target_footnote"));
      r.cells[t.columns.size() - 2] = target_cell;
    }
    return r;
  }

  absl::StatusOr<Cell> ParseCell(const Table& t, const Row& r, const Column& col,
                                 const json::Value& v) {
    std::string raw;
    if (v.type == json::Type::kNumber && v.text.find_first_of("eE") != std::string::npos) {
      // JSON allows exponents; figures as printed never have one.
      return Error(
          v, StrCat("a number without an exponent in row '", r.id, "', column '", col.id, "'"));
    }
    if (v.type == json::Type::kNumber || v.type == json::Type::kString) {
      raw = v.text;
    } else if (v.type == json::Type::kNull) {
      return Cell::Empty();
    } else {
      return Error(
          v, StrCat("a figure as printed (a string such as \"12 842\" or \"I.U.\") in row '", r.id,
                    "', column '", col.id, "'"));
    }
    std::string_view text = Trim(raw);
    std::string footnote;
    if (!text.empty() && text.back() == ']') {
      size_t open = text.rfind('[');
      if (open != std::string_view::npos) {
        footnote = std::string(text.substr(open + 1, text.size() - open - 2));
        text = Trim(text.substr(0, open));
      }
    }
    Cell cell;
    std::string_view remark;
    if (col.kind == ColumnKind::kText) {
      cell = IsEmptyMark(text) ? Cell::Empty() : Cell::Text(std::string(text));
    } else if (IsEmptyMark(text)) {
      cell = Cell::Empty();
    } else if (StartsWithNoData(text, &remark)) {
      cell = Cell::NoData(std::string(remark));
    } else if (col.kind == ColumnKind::kMoney) {
      auto d = ParsePrintedNumber(text, kMaxCellDecimals);
      if (!d.ok()) {
        return Error(v,
                     StrCat("an amount in ", t.unit_label, " in row '", r.id, "', column '", col.id,
                            "' as printed (\"12 842\", \"– 2 851\", \"8,2\", \"I.U.\" or "
                            "\"–\" for an empty cell; ",
                            d.status().message(), ")"));
      }
      int64_t per_unit = t.unit_label == "mnkr" ? 100'000'000 : 100'000;
      int64_t precision = per_unit;
      for (int i = 0; i < d->scale; ++i) precision /= 10;
      if (precision == 0) return Error(v, "at most as many decimals as öre allow");
      int64_t ore = d->units * precision;
      // Revenues typed as positive figures are turned into SIE sign; deviations keep theirs
      // (more revenue than budget is a positive deviation either way).
      if (r.positive_revenues && r.part == "revenues" && col.id != "deviation") ore = -ore;
      cell = Cell::Money(ore, precision);
    } else {
      auto d = ParsePrintedNumber(text, kMaxCellDecimals);
      if (d.ok()) {
        cell = Cell::Number(*d);
      } else {
        cell = Cell::Text(std::string(text));  // "data först vid årsskiftet", "98–100"
      }
    }
    cell.set_footnote(footnote);
    return cell;
  }

  std::string source_;
  std::vector<std::pair<const json::Value*, std::string>> goal_links_;
};

}  // namespace

absl::StatusOr<Decimal> ParsePrintedNumber(std::string_view printed, int max_decimals) {
  std::string_view s = Trim(printed);
  size_t minus = PrintedMinusAt(s);
  if (minus == 0) return money::ParseDecimal(s, max_decimals);
  std::string_view digits = s.substr(minus);
  digits.remove_prefix(BlanksAt(digits));
  if (digits.empty() || digits[0] < '0' || digits[0] > '9') {
    return absl::InvalidArgumentError(
        StrCat("'", s, "' is not a number: digits are expected after the minus sign"));
  }
  auto d = money::ParseDecimal(digits, max_decimals);
  if (!d.ok()) {
    // ParseDecimal quotes the digits it was given; quote the figure as typed instead.
    std::string message(d.status().message());
    const std::string quoted = StrCat("'", digits, "'");
    if (message.rfind(quoted, 0) == 0) message.erase(0, quoted.size());
    return absl::InvalidArgumentError(StrCat("'", s, "'", message));
  }
  d->units = -d->units;
  return d;
}

absl::StatusOr<Target> ParseTarget(std::string_view printed,
                                   const std::optional<Decimal>& baseline) {
  Target t;
  t.printed = std::string(Trim(printed));
  std::string_view s = Trim(printed);
  std::string_view rest;
  if (IsEmptyMark(s) || StartsWithNoData(s, &rest)) return t;
  std::string lower = Lower(s);
  if (lower == "öka") {
    t.kind = Target::Kind::kIncrease;
    return t;
  }
  if (lower == "minska") {
    t.kind = Target::Kind::kDecrease;
    return t;
  }
  if (lower == "ingen negativ avvikelse") {
    t.kind = Target::Kind::kCompare;
    t.op = ">=";
    return t;
  }
  static const std::pair<std::string_view, std::string_view> kWords[] = {
      {"mindre än ", "<"}, {"lägre än ", "<"}, {"under ", "<"},  {"högst ", "<="},
      {"större än ", ">"}, {"högre än ", ">"}, {"mer än ", ">"}, {"över ", ">"},
      {"minst ", ">="},    {"<= ", "<="},      {">= ", ">="},    {"< ", "<"},
      {"> ", ">"},         {"= ", "="},        {"<=", "<="},     {">=", ">="},
      {"<", "<"},          {">", ">"},         {"=", "="}};
  for (const auto& [word, op] : kWords) {
    if (lower.rfind(word, 0) == 0) {
      auto d = ParsePrintedNumber(s.substr(word.size()), kMaxCellDecimals);
      if (!d.ok()) break;
      t.kind = Target::Kind::kCompare;
      t.op = std::string(op);
      t.value = *d;
      return t;
    }
  }
  auto d = ParsePrintedNumber(s, kMaxCellDecimals);
  if (!d.ok()) {
    return absl::InvalidArgumentError(
        StrCat("a target such as \"Öka\", \"Minska\", \"mindre än 23\", \">= 79\", \"40 000\", "
               "\"ingen negativ avvikelse\" or \"I.U.\"; '",
               s, "' is none of these"));
  }
  t.kind = Target::Kind::kCompare;
  t.value = *d;
  t.op = baseline && Decimal::Compare(*d, *baseline) < 0 ? "<=" : ">=";
  return t;
}

absl::StatusOr<TypedFigures> ParseTypedFigures(std::string_view text, std::string_view source) {
  auto root = json::Parse(text, source);
  if (!root.ok()) return root.status();
  return FigureParser(source).Parse(*root);
}

std::vector<Finding> ValidateTypedFigures(const TypedFigures& figures) {
  std::vector<Finding> out = Validate(figures.report);
  for (Finding& f : ValidateClaims(figures.report, figures.claims)) out.push_back(std::move(f));
  return out;
}

}  // namespace tertial::reporting
