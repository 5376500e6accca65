#include "domain/csv_import.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "absl/strings/numbers.h"
#include "domain/convert.h"
#include "tertial/base/ids.h"
#include "tertial/base/strings.h"
#include "tertial/base/text.h"
#include "tertial/base/utf8.h"
#include "tertial/csv/header.h"
#include "tertial/csv/reader.h"
#include "tertial/money/money.h"

namespace tertial::ledger {
namespace {

// A CSV file with a header: which column holds what, and the cells of the current row.
class Table {
 public:
  Table(std::istream& in, std::string file, Issues& issues)
      : reader_(&in, file), file_(std::move(file)), issues_(issues) {}

  // Reads the header; `known` are the columns this format has; `required` must be there.
  // An amount column may be given as `<name>_ore` (öre) or `<name>` (kronor), not both.
  bool Header(const std::vector<std::string>& known, const std::vector<std::string>& required,
              const std::string& amount) {
    absl::StatusOr<std::optional<csv::Record>> header = reader_.Next();
    if (!header.ok()) {
      ReadError("header");
      return false;
    }
    if (!header->has_value()) {
      Error(1, "header", "the file is empty; expected a header line");
      return false;
    }
    csv::HeaderSpec spec;
    spec.required = required;
    for (const std::string& k : known) {
      if (std::find(required.begin(), required.end(), k) == required.end())
        spec.optional.push_back(k);
    }
    if (!amount.empty()) spec.one_of.push_back({amount + "_ore", amount});
    std::vector<csv::HeaderProblem> problems;
    header_ = csv::Header::Read(**header, spec, &problems);
    for (const csv::HeaderProblem& p : problems) {
      Error(p.line, p.name.empty() ? "header" : p.name,
            p.column > 0 ? StrCat("column ", p.column, ": ", p.message) : p.message);
    }
    amount_in_ore_ = !amount.empty() && header_.Has(amount + "_ore");
    amount_ = amount;
    return problems.empty();
  }

  // The next row, false at the end (or on an unreadable row, which is an error).
  bool Next() {
    for (;;) {
      absl::StatusOr<std::optional<csv::Record>> record = reader_.Next();
      if (!record.ok()) {
        ReadError("");
        return false;
      }
      if (!record->has_value()) return false;
      row_ = std::move(**record);
      if (row_.fields.size() != header_.size()) {
        Error(row_.line, "",
              StrCat("the row has ", row_.fields.size(), " fields, the header ", header_.size()));
        continue;
      }
      return true;
    }
  }

  int line() const { return row_.line; }
  bool Has(const std::string& column) const { return header_.Has(column); }
  std::string Get(const std::string& column) const { return header_.Trimmed(row_, column); }

  std::optional<int64_t> Amount() {
    std::string column = amount_in_ore_ ? amount_ + "_ore" : amount_;
    std::string text = Get(column);
    if (text.empty()) {
      Error(line(), column, "expected an amount");
      return std::nullopt;
    }
    int64_t ore = 0;
    if (amount_in_ore_) {
      if (!absl::SimpleAtoi(ToAbsl(text), &ore)) {
        Error(line(), column, StrCat("'", text, "' is not a whole number of öre"));
        return std::nullopt;
      }
    } else {
      absl::StatusOr<int64_t> parsed = money::ParseKronor(text);
      if (!parsed.ok()) {
        Error(line(), column, StrCat("'", text, "': ", parsed.status().message()));
        return std::nullopt;
      }
      ore = *parsed;
    }
    if (ore > money::kMaxAbsOre || ore < -money::kMaxAbsOre) {
      Error(line(), column, "the amount is larger than tertial accepts (10^15 kronor)");
      return std::nullopt;
    }
    return ore;
  }

  void Error(int line, std::string field, std::string message) {
    issues_.Error(file_, line, std::move(field), std::move(message));
  }

 private:
  // The reader's error, with its column, as an issue of the line; of the field the reader
  // names, else of `field`.
  void ReadError(std::string field) {
    const csv::ReadError& e = reader_.error();
    if (!e.field.empty()) field = e.field;
    Error(e.line, std::move(field), StrCat("column ", e.column, ": ", e.message));
  }

  csv::Reader reader_;
  std::string file_;
  Issues& issues_;
  csv::Header header_;
  std::string amount_;
  bool amount_in_ore_ = false;
  csv::Record row_;
};

std::optional<v1::UnitKind> ParseKind(std::string_view text) {
  if (text == "namnd" || text == "nämnd") return v1::UNIT_KIND_NAMND;
  if (text == "forvaltning" || text == "förvaltning") return v1::UNIT_KIND_FORVALTNING;
  if (text == "stab") return v1::UNIT_KIND_STAB;
  if (text == "enhet") return v1::UNIT_KIND_ENHET;
  return std::nullopt;
}

// "'A/B' is not a unit id (...): '/' at character 2 is not allowed in an id; expected ..."
std::string IdError(std::string_view what, std::string_view id, std::string_view problem) {
  return StrCat("'", ValidUtf8(id), "' is not a ", what, ": ", problem, "; expected ",
                ids::Expected());
}

bool IsAccountOrPrefix(std::string_view text) {
  if (text.empty() || text.size() > 10) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

chart::UnitKind ChartKind(v1::UnitKind kind) { return static_cast<chart::UnitKind>(kind); }

}  // namespace

std::string DetectCsvFormat(std::string_view header_line) {
  std::string header(header_line);
  auto has = [&](std::string_view column) { return header.find(column) != std::string::npos; };
  if (has("kind") && has("unit_id") && has("parent_id")) return "units";
  if (has("project_id") && has("fiscal_year") && has("frame")) return "projects";
  if (has("period") && has("account") && has("amount")) return "budget";
  return "";
}

std::string ClosestCsvFormat(std::string_view header_line) {
  if (header_line.find_first_of(",;") == std::string_view::npos) return "";
  // The columns of each format (docs/formats.md), as the imports below read them.
  static const std::vector<std::pair<std::string, std::vector<std::string>>> kFormats = {
      {"units", {"unit_id", "name", "parent_id", "kind", "scb_activity_code"}},
      {"projects", {"project_id", "name", "unit_id", "fiscal_year", "frame", "frame_ore"}},
      {"budget", {"unit_id", "account", "project_id", "period", "amount", "amount_ore"}},
  };
  // The header read as every CSV is (tertial/csv: separator, quotes), its names trimmed.
  csv::Reader reader(header_line, "header");
  absl::StatusOr<std::optional<csv::Record>> header = reader.Next();
  if (!header.ok() || !header->has_value()) return "";
  std::vector<std::string> columns;
  for (const std::string& field : (*header)->fields) columns.push_back(csv::TrimBlanks(field));
  std::string best;
  int best_score = 0;
  bool tie = false;
  for (const auto& [format, known] : kFormats) {
    int score = 0;
    for (const std::string& column : columns) {
      score += std::find(known.begin(), known.end(), column) != known.end() ? 1 : 0;
    }
    if (score > best_score) {
      best = format;
      best_score = score;
      tie = false;
    } else if (score == best_score) {
      tie = true;
    }
  }
  // Two columns in common, and more than with any other format: a typo, not another file.
  return best_score >= 2 && !tie ? best : "";
}

CsvImport ImportUnitsCsv(std::istream& in, const ImportSettings& settings, const LedgerView& view,
                         Issues& issues) {
  CsvImport out;
  Table table(in, settings.file_name, issues);
  if (!table.Header({"unit_id", "name", "parent_id", "kind", "scb_activity_code"},
                    {"unit_id", "name", "parent_id", "kind"}, "")) {
    return out;
  }
  chart::UnitTree tree = view.Units();
  std::map<std::string, int> lines;  // unit -> line in this file
  std::vector<v1::UnitDefined> units;
  int position = 0;
  while (table.Next()) {
    v1::UnitDefined unit;
    unit.set_unit_id(table.Get("unit_id"));
    unit.set_name(table.Get("name"));
    unit.set_parent_id(table.Get("parent_id"));
    unit.set_scb_activity_code(table.Get("scb_activity_code"));
    unit.set_position(position++);
    bool ok = true;
    if (std::string problem = ids::Problem(unit.unit_id()); !problem.empty()) {
      table.Error(table.line(), "unit_id",
                  IdError("unit id (the object id in dimension 1)", unit.unit_id(), problem));
      ok = false;
    } else if (auto [it, inserted] = lines.emplace(unit.unit_id(), table.line()); !inserted) {
      table.Error(
          table.line(), "unit_id",
          StrCat("unit ", unit.unit_id(), " is defined twice (first on line ", it->second, ")"));
      ok = false;
    }
    if (unit.name().empty()) {
      table.Error(table.line(), "name", "expected the unit's name");
      ok = false;
    } else if (std::string problem = text::ProblemOf(unit.name(), text::Kind::kLine);
               !problem.empty()) {
      table.Error(table.line(), "name", std::move(problem));
      ok = false;
    }
    std::optional<v1::UnitKind> kind = ParseKind(table.Get("kind"));
    if (!kind) {
      table.Error(
          table.line(), "kind",
          StrCat("'", table.Get("kind"), "' is not one of namnd, forvaltning, stab, enhet"));
      ok = false;
    } else {
      unit.set_kind(*kind);
    }
    if (unit.parent_id() == unit.unit_id() && !unit.parent_id().empty()) {
      table.Error(table.line(), "parent_id", "a unit cannot be its own parent");
      ok = false;
    }
    const std::string& code = unit.scb_activity_code();
    for (char c : code) {
      if (c < '0' || c > '9') {
        table.Error(table.line(), "scb_activity_code",
                    StrCat("'", code, "' is not an SCB activity code (digits, e.g. 920)"));
        ok = false;
        break;
      }
    }
    if (ok) units.push_back(std::move(unit));
  }
  for (const v1::UnitDefined& unit : units) {
    tree.Define({unit.unit_id(), unit.name(), unit.parent_id(), ChartKind(unit.kind()),
                 unit.scb_activity_code(), unit.position()});
  }
  for (const v1::UnitDefined& unit : units) {
    if (!unit.parent_id().empty() && tree.Find(unit.parent_id()) == nullptr) {
      table.Error(lines[unit.unit_id()], "parent_id",
                  StrCat("parent ", unit.parent_id(), " of unit ", unit.unit_id(),
                         " is neither in the file nor defined before"));
    }
  }
  if (!issues.has_errors()) {
    if (absl::Status valid = tree.Validate(); !valid.ok()) {
      table.Error(0, "parent_id", std::string(valid.message()));
    }
  }
  if (issues.has_errors()) return out;
  for (v1::UnitDefined& unit : units) {
    *out.events.emplace_back().mutable_unit_defined() = std::move(unit);
    ++out.units;
  }
  return out;
}

CsvImport ImportProjectsCsv(std::istream& in, const ImportSettings& settings,
                            const LedgerView& view, Issues& issues) {
  CsvImport out;
  Table table(in, settings.file_name, issues);
  if (!table.Header({"project_id", "name", "unit_id", "fiscal_year"},
                    {"project_id", "name", "unit_id", "fiscal_year"}, "frame")) {
    return out;
  }
  chart::UnitTree units = view.Units();
  struct Entry {
    v1::ProjectDefined project;
    int line = 0;
    std::map<int, int> year_lines;
  };
  std::map<std::string, Entry> projects;
  std::vector<std::string> order;
  while (table.Next()) {
    std::string id = table.Get("project_id");
    if (std::string problem = ids::Problem(id); !problem.empty()) {
      table.Error(table.line(), "project_id",
                  IdError("project id (the object id in dimension 6)", id, problem));
      continue;
    }
    auto [it, inserted] = projects.try_emplace(id);
    Entry& entry = it->second;
    std::string name = table.Get("name");
    std::string unit = table.Get("unit_id");
    if (inserted) {
      order.push_back(id);
      entry.line = table.line();
      entry.project.set_project_id(id);
      entry.project.set_name(name);
      entry.project.set_unit_id(unit);
      entry.project.set_position(static_cast<int>(order.size()) - 1);
      if (name.empty()) {
        table.Error(table.line(), "name", "expected the project's name");
      } else if (std::string problem = text::ProblemOf(name, text::Kind::kLine); !problem.empty()) {
        table.Error(table.line(), "name", std::move(problem));
      }
      if (unit.empty()) {
        table.Error(table.line(), "unit_id", "expected the unit that owns the project");
      } else if (units.Find(unit) == nullptr) {
        table.Error(table.line(), "unit_id",
                    StrCat("unit ", unit, " is not defined; import the unit file first"));
      }
    } else if (name != entry.project.name() || unit != entry.project.unit_id()) {
      table.Error(table.line(), name != entry.project.name() ? "name" : "unit_id",
                  StrCat("project ", id, " has another name or unit than on line ", entry.line));
    }
    int year = 0;
    std::string year_text = table.Get("fiscal_year");
    if (!absl::SimpleAtoi(ToAbsl(year_text), &year) || year < 1900 || year > 2200) {
      table.Error(table.line(), "fiscal_year", StrCat("'", year_text, "' is not a year (YYYY)"));
      continue;
    }
    std::optional<int64_t> frame = table.Amount();
    if (!frame) continue;
    if (auto [y, fresh] = entry.year_lines.emplace(year, table.line()); !fresh) {
      table.Error(
          table.line(), "fiscal_year",
          StrCat("project ", id, " has a frame for ", year, " already on line ", y->second));
      continue;
    }
    v1::ProjectFrame* added = entry.project.add_frames();
    added->set_fiscal_year(year);
    added->set_frame_ore(*frame);
  }
  if (issues.has_errors()) return out;
  for (const std::string& id : order) {
    *out.events.emplace_back().mutable_project_defined() = std::move(projects[id].project);
    ++out.projects;
  }
  return out;
}

CsvImport ImportBudgetCsv(std::istream& in, const ImportSettings& settings, const LedgerView& view,
                          Issues& issues) {
  CsvImport out;
  Table table(in, settings.file_name, issues);
  if (!table.Header({"unit_id", "account", "project_id", "period"},
                    {"unit_id", "account", "period"}, "amount")) {
    return out;
  }
  chart::UnitTree units = view.Units();
  // The fiscal year a period belongs to: the organisation's, else the calendar year.
  auto year_of = [&](const period::Period& p) {
    if (settings.fiscal_year != 0) {
      std::optional<period::FiscalYear> chosen = view.FiscalYear(settings.fiscal_year);
      period::FiscalYear year =
          chosen ? *chosen : period::FiscalYear::Calendar(settings.fiscal_year);
      return year.Contains(p) ? year.label() : 0;
    }
    for (int label : {p.year, p.year - 1}) {
      std::optional<period::FiscalYear> known = view.FiscalYear(label);
      if (known && known->Contains(p)) return label;
    }
    return p.year;
  };
  // A closed month's budget may be revised (a council's decision applies to the whole
  // year's budget), so it is replaced with a warning, not refused; see ledger README.
  struct ClosedTouched {
    period::FiscalYear year;
    std::optional<period::Period> closing;  // the year's latest closed month, if any
    int line = 0;                           // first line on a closed month
    period::Period first, last;             // closed months the file sets
  };
  std::map<int, ClosedTouched> closed_by_year;
  auto note_closed = [&](int label, const period::Period& p, int line) {
    auto it = closed_by_year.find(label);
    if (it == closed_by_year.end()) {
      std::optional<period::FiscalYear> known = view.FiscalYear(label);
      period::FiscalYear year = known ? *known : period::FiscalYear::Calendar(label);
      it = closed_by_year.emplace(label, ClosedTouched{year, view.LatestClosed(year)}).first;
    }
    ClosedTouched& touched = it->second;
    if (!touched.closing || !chart::ClosedBy(touched.year, *touched.closing, p)) return;
    if (touched.line == 0) {
      touched.line = line;
      touched.first = touched.last = p;
    }
    touched.first = std::min(touched.first, p);
    touched.last = std::max(touched.last, p);
  };
  std::map<int, std::vector<v1::BudgetLine>> by_year;
  std::map<std::tuple<std::string, std::string, std::string, int>, int> seen;
  std::set<std::string> known_projects;
  bool warned_class_one = false;
  while (table.Next()) {
    v1::BudgetLine line;
    bool ok = true;
    line.set_unit_id(table.Get("unit_id"));
    line.set_account(table.Get("account"));
    line.set_project_id(table.Get("project_id"));
    if (line.unit_id().empty()) {
      table.Error(table.line(), "unit_id", "expected a unit id");
      ok = false;
    } else if (units.Find(line.unit_id()) == nullptr) {
      table.Error(table.line(), "unit_id",
                  StrCat("unit ", line.unit_id(), " is not defined; import the unit file first"));
      ok = false;
    }
    if (!IsAccountOrPrefix(line.account())) {
      table.Error(table.line(), "account",
                  StrCat("'", line.account(), "' is not an account or class prefix (digits)"));
      ok = false;
    } else if (line.account() == "1" && !warned_class_one) {
      // chart::Classify: investments are 11 and 12; a budget on "1" counts as neither.
      warned_class_one = true;
      issues.Warning(settings.file_name, table.line(), "account",
                     "a budget on class 1 is not an investment budget; investments are 11 or 12");
    }
    if (!line.project_id().empty() && known_projects.count(line.project_id()) == 0) {
      if (view.Project(line.project_id())) {
        known_projects.insert(line.project_id());
      } else {
        table.Error(table.line(), "project_id",
                    StrCat("project ", line.project_id(),
                           " is not defined; import the project file first"));
        ok = false;
      }
    }
    absl::StatusOr<period::Period> p = period::ParsePeriod(table.Get("period"));
    int year = 0;
    if (!p.ok()) {
      table.Error(table.line(), "period",
                  StrCat("'", table.Get("period"), "' is not a period (YYYY-MM)"));
      ok = false;
    } else {
      ToProto(*p, line.mutable_period());
      year = year_of(*p);
      if (year == 0) {
        table.Error(table.line(), "period",
                    StrCat("period ", period::FormatPeriod(*p), " is outside fiscal year ",
                           settings.fiscal_year, " (--year)"));
        ok = false;
      }
    }
    std::optional<int64_t> amount = table.Amount();
    if (!amount) ok = false;
    if (!ok) continue;
    line.set_amount_ore(*amount);
    auto key = std::make_tuple(line.unit_id(), line.account(), line.project_id(), p->Index());
    if (auto [it, fresh] = seen.emplace(key, table.line()); !fresh) {
      table.Error(table.line(), "period",
                  StrCat("the same unit, account, project and period are on line ", it->second));
      continue;
    }
    note_closed(year, *p, table.line());
    by_year[year].push_back(std::move(line));
  }
  if (issues.has_errors()) return out;
  for (const auto& [year, touched] : closed_by_year) {
    if (touched.line == 0) continue;
    issues.Warning(
        settings.file_name, touched.line, "period",
        StrCat("the file sets the budget of closed months (",
               period::FormatPeriodRange({touched.first, touched.last}), "; closing ",
               period::FormatPeriod(*touched.closing),
               " closed its fiscal year's months up to it); their budget is replaced, and the "
               "forecast service publishes the forecasts as of closed months again with the new "
               "budget"));
  }
  constexpr size_t kLinesPerEvent = 5000;
  for (auto& [year, lines] : by_year) {
    if (out.fiscal_year == 0) out.fiscal_year = year;
    for (size_t first = 0; first < lines.size(); first += kLinesPerEvent) {
      v1::BudgetLinesSet* set = out.events.emplace_back().mutable_budget_lines_set();
      set->set_fiscal_year(year);
      for (size_t i = first; i < std::min(lines.size(), first + kLinesPerEvent); ++i) {
        *set->add_lines() = std::move(lines[i]);
      }
    }
    out.budget_lines += static_cast<int64_t>(lines.size());
  }
  return out;
}

}  // namespace tertial::ledger
