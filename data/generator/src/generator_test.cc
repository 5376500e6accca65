// Runs tertial-demo-data and reads its files back — the CSV files with a plain parser,
// the SIE files both with sie::Reader and with a line scan that shares no code with it —
// and checks that they add up to the published figures of the seed report (figures.cc,
// published side). Nothing here uses the generator's own sums: every total is computed
// from the bytes on disk.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "absl/strings/numbers.h"
#include "figures.h"
#include "file_scan.h"
#include "tertial/base/strings.h"
#include "tertial/chart/account_class.h"
#include "tertial/money/money.h"
#include "tertial/sie/reader.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::demo {
namespace {

using chart::AccountKind;
using period::Period;

constexpr int64_t kTkr = kOrePerTkr;
const char* const kFileNames[] = {"units.csv",       "projects.csv",         "budget-2020.csv",
                                  "budget-2021.csv", "adjustments-2021.csv", "ledger-2020.se",
                                  "ledger-2021.se"};

int RunGenerator(const std::string& args) {
  return std::system(StrCat(TERTIAL_DEMO_DATA_BIN, " ", args, " >/dev/null 2>&1").c_str());
}

int64_t Integer(const std::string& text) {
  int64_t value = 0;
  EXPECT_TRUE(absl::SimpleAtoi(ToAbsl(text), &value)) << "'" << text << "'";
  return value;
}

// What sie::Reader makes of a file, in the line scan's terms.
struct ReaderResult {
  scan::Ledger ledger;
  std::vector<Issue> errors, warnings;
  bool checksum_verified = false;
  std::string company;  // #FNAMN, decoded
  std::string orgnr;
  std::vector<sie::Rar> years;
  std::set<std::string> voucher_texts;  // decoded
};

ReaderResult ReadWithSieReader(const std::string& bytes, const std::string& name) {
  ReaderResult result;
  std::unique_ptr<sie::ByteSource> source = sie::FromString(bytes);
  sie::Reader reader(source.get(), name);
  sie::Item item;
  for (;;) {
    absl::StatusOr<bool> more = reader.Next(&item);
    if (!more.ok()) {
      ADD_FAILURE() << name << ": " << more.status();
      break;
    }
    if (!*more) break;
    if (const auto* v = std::get_if<sie::Voucher>(&item)) {
      scan::Voucher voucher{v->series, v->number, v->date, "", {}};
      result.voucher_texts.insert(v->text);
      for (const sie::Transaction& t : v->transactions) {
        if (!sie::CountsTowardsBalance(t)) continue;
        scan::Transaction trans{.account = t.account, .amount_ore = t.amount_ore};
        for (const sie::ObjectRef& o : t.objects) {
          if (o.dimension == 1)
            trans.unit = o.object_id;
          else if (o.dimension == 6)
            trans.project = o.object_id;
          else
            ADD_FAILURE() << name << ": dimension " << o.dimension;
        }
        voucher.transactions.push_back(std::move(trans));
      }
      result.ledger.vouchers.push_back(std::move(voucher));
    } else if (const auto* b = std::get_if<sie::Balance>(&item)) {
      std::string label = b->kind == sie::BalanceKind::kIb    ? "#IB"
                          : b->kind == sie::BalanceKind::kUb  ? "#UB"
                          : b->kind == sie::BalanceKind::kRes ? "#RES"
                                                              : "#O";
      result.ledger.balances[{label, b->year_index}][b->account] += b->amount_ore;
    } else if (const auto* k = std::get_if<sie::Konto>(&item)) {
      result.ledger.accounts.insert(k->account);
    } else if (const auto* o = std::get_if<sie::Objekt>(&item)) {
      result.ledger.objects.insert({std::to_string(o->dimension), o->object_id});
    } else if (const auto* f = std::get_if<sie::Fnamn>(&item)) {
      result.company = f->name;
    } else if (const auto* n = std::get_if<sie::Orgnr>(&item)) {
      result.orgnr = n->orgnr;
    } else if (const auto* r = std::get_if<sie::Rar>(&item)) {
      result.years.push_back(*r);
    }
  }
  result.errors = reader.errors();
  result.warnings = reader.warnings();
  result.checksum_verified = reader.checksum_verified();
  return result;
}

// A stated balance, 0 if the file has none (zero balances may be left out).
int64_t BalanceOf(const scan::Ledger& ledger, const std::string& label, int index,
                  const std::string& account) {
  auto year = ledger.balances.find({label, index});
  if (year == ledger.balances.end()) return 0;
  auto it = year->second.find(account);
  return it == year->second.end() ? 0 : it->second;
}

std::map<std::string, int64_t> BalancesOf(const scan::Ledger& ledger, const std::string& label,
                                          int index) {
  auto year = ledger.balances.find({label, index});
  return year == ledger.balances.end() ? std::map<std::string, int64_t>{} : year->second;
}

struct BudgetLine {
  std::string unit, account, project;
  Period period;
  int64_t amount_ore;
};

struct Sides {
  int64_t costs = 0, revenues = 0;
  int64_t net() const { return costs + revenues; }
};

// The generated files, read back once for all tests.
struct Files {
  testing::TempDir dir;
  std::map<std::string, std::string> bytes;
  std::vector<scan::CsvRow> units, projects, adjustments;
  std::vector<BudgetLine> budget_2020, budget_2021;
  scan::Ledger ledger_2020, ledger_2021;      // line scan
  ReaderResult reader_2020, reader_2021;      // sie::Reader
  std::map<std::string, std::string> parent;  // unit -> parent, from units.csv
};

// The ledgers as each reader saw them; the figures must come out of both.
struct Source {
  const char* reader;
  const scan::Ledger* y2020;
  const scan::Ledger* y2021;
};

class DemoFilesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    files_ = new Files;
    ASSERT_EQ(RunGenerator(StrCat("--out ", files_->dir.path())), 0);
    for (const char* name : kFileNames) {
      absl::StatusOr<std::string> bytes = scan::ReadFile(files_->dir.Sub(name));
      ASSERT_TRUE(bytes.ok()) << bytes.status();
      files_->bytes[name] = *bytes;
    }
    auto csv = [](const char* name) {
      absl::StatusOr<std::vector<scan::CsvRow>> rows = scan::ParseCsv(files_->bytes[name]);
      EXPECT_TRUE(rows.ok()) << name << ": " << rows.status();
      return rows.ok() ? *rows : std::vector<scan::CsvRow>{};
    };
    files_->units = csv("units.csv");
    files_->projects = csv("projects.csv");
    files_->adjustments = csv("adjustments-2021.csv");
    for (auto [name, out] : {std::pair("budget-2020.csv", &files_->budget_2020),
                             std::pair("budget-2021.csv", &files_->budget_2021)}) {
      for (const scan::CsvRow& row : csv(name)) {
        absl::StatusOr<Period> p = period::ParsePeriod(row.at("period"));
        ASSERT_TRUE(p.ok()) << row.at("period");
        out->push_back({row.at("unit_id"), row.at("account"), row.at("project_id"), *p,
                        Integer(row.at("amount_ore"))});
      }
    }
    for (auto [name, out] : {std::pair("ledger-2020.se", &files_->ledger_2020),
                             std::pair("ledger-2021.se", &files_->ledger_2021)}) {
      absl::StatusOr<scan::Ledger> ledger = scan::ScanSie(files_->bytes[name]);
      ASSERT_TRUE(ledger.ok()) << name << ": " << ledger.status();
      *out = *std::move(ledger);
    }
    files_->reader_2020 = ReadWithSieReader(files_->bytes["ledger-2020.se"], "ledger-2020.se");
    files_->reader_2021 = ReadWithSieReader(files_->bytes["ledger-2021.se"], "ledger-2021.se");
    for (const scan::CsvRow& row : files_->units)
      files_->parent[row.at("unit_id")] = row.at("parent_id");
  }
  static void TearDownTestSuite() {
    delete files_;
    files_ = nullptr;
  }

  static std::vector<Source> Sources() {
    return {{"line scan", &files_->ledger_2020, &files_->ledger_2021},
            {"sie::Reader", &files_->reader_2020.ledger, &files_->reader_2021.ledger}};
  }

  // True if `unit` is `ancestor` or lies below it in units.csv.
  static bool Under(std::string unit, const std::string& ancestor) {
    for (int depth = 0; depth < 10 && !unit.empty(); ++depth) {
      if (unit == ancestor) return true;
      unit = files_->parent.count(unit) ? files_->parent.at(unit) : "";
    }
    return false;
  }

  // Operating costs and revenues per unit of the vouchers dated in months first..last.
  static std::map<std::string, Sides> Actual(const scan::Ledger& ledger, int first, int last) {
    std::map<std::string, Sides> by_unit;
    for (const scan::Voucher& v : ledger.vouchers) {
      if (v.date.month < first || v.date.month > last) continue;
      for (const scan::Transaction& t : v.transactions) {
        AccountKind kind = chart::Classify(t.account);
        if (kind == AccountKind::kCost) by_unit[t.unit].costs += t.amount_ore;
        if (kind == AccountKind::kRevenue) by_unit[t.unit].revenues += t.amount_ore;
      }
    }
    return by_unit;
  }

  static std::map<std::string, Sides> Budget(const std::vector<BudgetLine>& lines, int first,
                                             int last) {
    std::map<std::string, Sides> by_unit;
    for (const BudgetLine& l : lines) {
      if (l.period.month < first || l.period.month > last) continue;
      AccountKind kind = chart::Classify(l.account);
      if (kind == AccountKind::kCost) by_unit[l.unit].costs += l.amount_ore;
      if (kind == AccountKind::kRevenue) by_unit[l.unit].revenues += l.amount_ore;
    }
    return by_unit;
  }

  // Investment spending (debits on 11-12) and income (credits) per project.
  static std::map<std::string, Sides> Investments(const scan::Ledger& ledger, int last) {
    std::map<std::string, Sides> by_project;
    for (const scan::Voucher& v : ledger.vouchers) {
      if (v.date.month > last) continue;
      for (const scan::Transaction& t : v.transactions) {
        if (chart::Classify(t.account) != AccountKind::kInvestment || t.project.empty()) continue;
        (t.amount_ore > 0 ? by_project[t.project].costs : by_project[t.project].revenues) +=
            t.amount_ore;
      }
    }
    return by_project;
  }

  static std::map<std::string, int64_t> ProjectBudget(const std::vector<BudgetLine>& lines,
                                                      int first, int last) {
    std::map<std::string, int64_t> by_project;
    for (const BudgetLine& l : lines) {
      if (l.project.empty() || l.period.month < first || l.period.month > last) continue;
      EXPECT_EQ(chart::Classify(l.account), AccountKind::kInvestment) << l.project;
      by_project[l.project] += l.amount_ore;
    }
    return by_project;
  }

  static Sides Sum(const std::map<std::string, Sides>& by_unit, const std::string& ancestor) {
    Sides s;
    for (const auto& [unit, sides] : by_unit) {
      if (!Under(unit, ancestor)) continue;
      s.costs += sides.costs;
      s.revenues += sides.revenues;
    }
    return s;
  }

  // The full-year forecast: actual January-August + budget September-December (the
  // budget_remaining method) + the adjustments file, per unit and side.
  static std::map<std::string, Sides> Forecast(const scan::Ledger& ledger_2021) {
    std::map<std::string, Sides> forecast = Actual(ledger_2021, 1, 8);
    for (const auto& [unit, rest] : Budget(files_->budget_2021, 9, 12)) {
      forecast[unit].costs += rest.costs;
      forecast[unit].revenues += rest.revenues;
    }
    for (const scan::CsvRow& a : files_->adjustments) {
      if (!a.at("project_id").empty()) continue;
      int64_t amount = Integer(a.at("amount_ore"));
      const std::string& side = a.at("side");
      EXPECT_TRUE(side == "costs" || side == "revenues") << side;
      (side == "costs" ? forecast[a.at("unit_id")].costs : forecast[a.at("unit_id")].revenues) +=
          amount;
    }
    return forecast;
  }

  static std::map<std::string, int64_t> InvestmentForecast(const scan::Ledger& ledger_2021) {
    std::map<std::string, int64_t> forecast;
    for (const auto& [project, s] : Investments(ledger_2021, 8)) forecast[project] += s.net();
    for (const auto& [project, rest] : ProjectBudget(files_->budget_2021, 9, 12))
      forecast[project] += rest;
    for (const scan::CsvRow& a : files_->adjustments) {
      if (a.at("project_id").empty()) continue;
      EXPECT_EQ(a.at("side"), "investment_spending");
      forecast[a.at("project_id")] += Integer(a.at("amount_ore"));
    }
    return forecast;
  }

  static Files* files_;
};

Files* DemoFilesTest::files_ = nullptr;

TEST_F(DemoFilesTest, RunsTwiceToTheSameBytes) {
  testing::TempDir second;
  ASSERT_EQ(RunGenerator(StrCat("--out ", second.Sub("nested/out"))), 0);
  for (const char* name : kFileNames) {
    absl::StatusOr<std::string> bytes = scan::ReadFile(second.Sub(StrCat("nested/out/", name)));
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    EXPECT_FALSE(bytes->empty()) << name;
    EXPECT_TRUE(*bytes == files_->bytes[name]) << name << " differs between two runs";
  }
}

TEST_F(DemoFilesTest, WritesExactlyTheDocumentedFiles) {
  std::set<std::string> written, expected(std::begin(kFileNames), std::end(kFileNames));
  for (const auto& entry : std::filesystem::directory_iterator(files_->dir.path())) {
    written.insert(entry.path().filename().string());
  }
  EXPECT_EQ(written, expected);
}

TEST_F(DemoFilesTest, RefusesToRunWithoutAnOutputDirectory) {
  EXPECT_NE(RunGenerator(""), 0);
  EXPECT_NE(RunGenerator("--out"), 0);
  EXPECT_NE(RunGenerator(StrCat("--out ", files_->dir.path(), " stray")), 0);
}

TEST_F(DemoFilesTest, CsvIsUtf8AndSieIsCp437) {
  const std::string& units = files_->bytes["units.csv"];
  EXPECT_NE(units.find("f\xC3\xB6rvaltning"), std::string::npos);  // "ö" in UTF-8
  const std::string& ledger = files_->bytes["ledger-2021.se"];
  EXPECT_NE(ledger.find("#FNAMN \"Link\x94pings kommun\""), std::string::npos);  // "ö" in CP437
  EXPECT_EQ(ledger.find('\xC3'), std::string::npos) << "UTF-8 in an SIE file";
}

TEST_F(DemoFilesTest, UnitTreeHasTheReportsRowsInOrder) {
  std::vector<std::string> ids, klf_children, ks_children;
  for (const scan::CsvRow& row : files_->units) {
    ids.push_back(row.at("unit_id"));
    if (row.at("parent_id") == "KLF") klf_children.push_back(row.at("name"));
    if (row.at("parent_id") == "KS") ks_children.push_back(row.at("unit_id"));
    if (row.at("parent_id").empty()) {
      EXPECT_EQ(row.at("kind"), "namnd");
    } else {
      EXPECT_FALSE(row.at("scb_activity_code").empty()) << row.at("unit_id");
    }
  }
  std::vector<std::string> expected_ids;
  for (const UnitFigures& u : Units()) expected_ids.emplace_back(u.id);
  EXPECT_EQ(ids, expected_ids);
  EXPECT_EQ(ks_children, (std::vector<std::string>{"KLF", "VSS", "LL"}));
  // The operating statement's nine rows under Kommunledningsförvaltningen, as printed.
  EXPECT_EQ(klf_children,
            (std::vector<std::string>{"Kommunstyrelsen", "Kommunledningsstaben", "Planeringsstaben",
                                      "Digitaliseringsstaben", "Näringsliv och tillväxtstaben",
                                      "Ekonomistaben", "HR-staben", "Kommunikationsstaben",
                                      "Administrativa staben"}));
}

// Driftsammandrag per 2021-08-31 and Prognos för helår: every row and the sum row.
TEST_F(DemoFilesTest, OperatingStatementPerUnitComesOutAsPublished) {
  for (const Source& source : Sources()) {
    SCOPED_TRACE(source.reader);
    auto actual_2021 = Actual(*source.y2021, 1, 8);
    auto actual_2020_8 = Actual(*source.y2020, 1, 8);
    auto actual_2020 = Actual(*source.y2020, 1, 12);
    auto budget_8 = Budget(files_->budget_2021, 1, 8);
    auto budget = Budget(files_->budget_2021, 1, 12);
    int rows = 0;
    for (const UnitFigures& u : Units()) {
      if (!u.has_ledger) continue;
      const std::string id(u.id);
      ++rows;
      EXPECT_EQ(actual_2021[id].net(), u.actual_2021_8 * kTkr) << id << " Redovisat jan-aug 2021";
      EXPECT_EQ(budget_8[id].net(), u.budget_2021_8 * kTkr) << id << " Budget jan-aug 2021";
      EXPECT_EQ(actual_2020_8[id].net(), u.actual_2020_8 * kTkr) << id << " samma period 2020";
      EXPECT_EQ(budget[id].net(), u.budget_2021 * kTkr) << id << " Budget 2021";
      EXPECT_EQ(actual_2020[id].net(), u.actual_2020 * kTkr) << id << " Bokslut 2020";
    }
    EXPECT_EQ(rows, 11);
    const TotalFigures& sum = Totals();
    EXPECT_EQ(Sum(actual_2021, "KLF").net(), sum.klf_actual_2021_8 * kTkr);
    EXPECT_EQ(Sum(budget_8, "KLF").net(), sum.klf_budget_2021_8 * kTkr);
    EXPECT_EQ(Sum(actual_2020_8, "KLF").net(), sum.klf_actual_2020_8 * kTkr);
    EXPECT_EQ(Sum(budget, "KLF").net(), sum.klf_budget_2021 * kTkr);
    EXPECT_EQ(Sum(actual_2020, "KLF").net(), sum.klf_actual_2020 * kTkr);
    // Nothing operating is posted outside the unit tree.
    for (const auto& [unit, sides] : actual_2021)
      EXPECT_TRUE(Under(unit, "KS")) << "'" << unit << "'";
    for (const auto& [unit, sides] : actual_2020)
      EXPECT_TRUE(Under(unit, "KS")) << "'" << unit << "'";
  }
}

// "varav kostnader / varav intäkter" for the three förvaltningar.
TEST_F(DemoFilesTest, CostsAndRevenuesSplitAsPublished) {
  for (const Source& source : Sources()) {
    SCOPED_TRACE(source.reader);
    auto budget = Budget(files_->budget_2021, 1, 12);
    auto actual_2020 = Actual(*source.y2020, 1, 12);
    auto forecast = Forecast(*source.y2021);
    for (auto [unit, split] : {std::pair("KLF", &KlfSplit()), std::pair("VSS", &VssSplit()),
                               std::pair("LL", &LeanlinkSplit())}) {
      Sides b = Sum(budget, unit), a = Sum(actual_2020, unit), f = Sum(forecast, unit);
      EXPECT_EQ(b.costs, split->budget_costs * kTkr) << unit;
      EXPECT_EQ(b.revenues, split->budget_revenues * kTkr) << unit;
      EXPECT_EQ(a.costs, split->actual_2020_costs * kTkr) << unit;
      EXPECT_EQ(a.revenues, split->actual_2020_revenues * kTkr) << unit;
      EXPECT_EQ(f.costs, split->forecast_costs * kTkr) << unit;
      EXPECT_EQ(f.revenues, split->forecast_revenues * kTkr) << unit;
    }
  }
}

// budget_remaining (actual jan-aug + budget sep-dec) + the adjustments file = the published
// full-year forecast, per unit, for KLF, and as the summary's results per förvaltning.
TEST_F(DemoFilesTest, AdjustmentsBringBudgetRemainingToThePublishedForecast) {
  for (const Source& source : Sources()) {
    SCOPED_TRACE(source.reader);
    auto forecast = Forecast(*source.y2021);
    for (const UnitFigures& u : Units()) {
      if (!u.has_ledger) continue;
      EXPECT_EQ(forecast[std::string(u.id)].net(), u.forecast_2021 * kTkr) << u.id;
    }
    EXPECT_EQ(Sum(forecast, "KLF").net(), Totals().klf_forecast_2021 * kTkr);
    auto budget = Budget(files_->budget_2021, 1, 12);
    auto result_tenths = [&](const char* unit) {
      return money::RoundToUnits(Sum(budget, unit).net() - Sum(forecast, unit).net(),
                                 money::kOrePerMnkr / 10);
    };
    EXPECT_EQ(result_tenths("KLF"), Totals().klf_result_tenths_mnkr);
    EXPECT_EQ(result_tenths("VSS"), Totals().vss_result_tenths_mnkr);
    EXPECT_EQ(result_tenths("LL"), Totals().leanlink_result_tenths_mnkr);
  }
  for (const scan::CsvRow& a : files_->adjustments) EXPECT_FALSE(a.at("reason").empty());
}

// Investeringar: spending and income January-August, frames, forecasts; the sum row and
// Kommunledningsförvaltningen's net.
TEST_F(DemoFilesTest, InvestmentsComeOutAsPublished) {
  for (const Source& source : Sources()) {
    SCOPED_TRACE(source.reader);
    auto spent = Investments(*source.y2021, 8);
    auto budget = ProjectBudget(files_->budget_2021, 1, 12);
    auto forecast = InvestmentForecast(*source.y2021);
    std::map<std::string, int64_t> frames;
    std::map<std::string, std::string> owner;
    for (const scan::CsvRow& row : files_->projects) {
      if (row.at("fiscal_year") == "2021")
        frames[row.at("project_id")] = Integer(row.at("frame_ore"));
      owner[row.at("project_id")] = row.at("unit_id");
    }
    int64_t total_spent = 0, total_forecast = 0, total_frame = 0, klf_forecast = 0, klf_frame = 0;
    for (const ProjectFigures& p : Projects()) {
      const std::string id(p.id);
      EXPECT_EQ(spent[id].costs, p.spending_2021_8 * kTkr) << id;
      EXPECT_EQ(spent[id].revenues, 0) << id << " has investment income";
      EXPECT_EQ(frames[id], p.frame_2021 * kTkr) << id;
      EXPECT_EQ(budget[id], p.frame_2021 * kTkr) << id << ": budget lines differ from the frame";
      EXPECT_EQ(forecast[id], p.forecast_2021 * kTkr) << id;
      total_spent += spent[id].net();
      total_forecast += forecast[id];
      total_frame += frames[id];
      if (Under(owner[id], "KLF")) klf_forecast += forecast[id], klf_frame += frames[id];
    }
    EXPECT_EQ(total_spent, Totals().investment_spending_2021_8 * kTkr);
    EXPECT_EQ(total_forecast, Totals().investment_forecast_2021 * kTkr);
    EXPECT_EQ(total_frame, Totals().investment_frame_2021 * kTkr);
    EXPECT_EQ(klf_forecast, Totals().klf_investment_forecast_2021 * kTkr);
    EXPECT_EQ(klf_frame, Totals().klf_investment_budget_2021 * kTkr);
  }
}

// The nämndindikatorer that follow from the ledger, as printed.
TEST_F(DemoFilesTest, FinanceIndicatorsComeOutAsPublished) {
  for (const Source& source : Sources()) {
    SCOPED_TRACE(source.reader);
    const scan::Ledger& ledger_2020 = *source.y2020;
    const scan::Ledger& ledger_2021 = *source.y2021;
    auto permille = [](int64_t budget, int64_t actual) {
      return money::MulDiv(budget - actual, 1000, budget);
    };
    const IndicatorFigures& published = Indicators();
    EXPECT_EQ(permille(Sum(Budget(files_->budget_2021, 1, 8), "KLF").net(),
                       Sum(Actual(ledger_2021, 1, 8), "KLF").net()),
              published.budget_deviation_2021_8_permille);
    EXPECT_EQ(permille(Sum(Budget(files_->budget_2020, 1, 12), "KLF").net(),
                       Sum(Actual(ledger_2020, 1, 12), "KLF").net()),
              published.budget_deviation_2020_permille);
    auto klf_projects = [&](const std::map<std::string, int64_t>& by_project) {
      int64_t sum = 0;
      for (const scan::CsvRow& row : files_->projects) {
        if (row.at("fiscal_year") == "2021" && Under(row.at("unit_id"), "KLF") &&
            by_project.count(row.at("project_id"))) {
          sum += by_project.at(row.at("project_id"));
        }
      }
      return sum;
    };
    auto spending = [&](const scan::Ledger& ledger, int last) {
      std::map<std::string, int64_t> net;
      for (const auto& [project, s] : Investments(ledger, last)) net[project] = s.net();
      return net;
    };
    EXPECT_EQ(permille(klf_projects(ProjectBudget(files_->budget_2021, 1, 8)),
                       klf_projects(spending(ledger_2021, 8))),
              published.investment_deviation_2021_8_permille);
    EXPECT_EQ(permille(klf_projects(ProjectBudget(files_->budget_2020, 1, 12)),
                       klf_projects(spending(ledger_2020, 12))),
              published.investment_deviation_2020_permille);
    auto personnel_share = [&](const scan::Ledger& ledger, int last) {
      int64_t personnel = 0;
      for (const scan::Voucher& v : ledger.vouchers) {
        for (const scan::Transaction& t : v.transactions) {
          if (v.date.month <= last && Under(t.unit, "KLF") && t.account[0] == '5')
            personnel += t.amount_ore;
        }
      }
      return money::MulDiv(personnel, 100, Sum(Actual(ledger, 1, last), "KLF").net());
    };
    EXPECT_EQ(personnel_share(ledger_2020, 12), published.personnel_share_2020_percent);
    EXPECT_EQ(personnel_share(ledger_2021, 8), published.personnel_share_2021_8_percent);
  }
}

// The SIE files carry what an SIE 4E export must, in the specification's order, and agree
// with themselves: balanced vouchers, balances that are the vouchers' sums, 2021 opening
// where 2020 closed.
TEST_F(DemoFilesTest, LedgersAreCompleteSie4Exports) {
  for (auto [year, ledger] :
       {std::pair(2020, &files_->ledger_2020), std::pair(2021, &files_->ledger_2021)}) {
    const std::vector<std::string>& labels = ledger->labels;
    ASSERT_GE(labels.size(), 10u);
    EXPECT_EQ(labels.front(), "#FLAGGA");
    EXPECT_EQ(labels[1], "#KSUMMA");
    EXPECT_EQ(labels.back(), "#KSUMMA");
    std::map<std::string, int> count;
    for (const std::string& l : labels) ++count[l];
    for (const char* label :
         {"#FORMAT", "#SIETYP", "#PROGRAM", "#GEN", "#FNAMN", "#ORGNR", "#KPTYP"}) {
      EXPECT_EQ(count[label], 1) << label;
    }
    EXPECT_EQ(count["#RAR"], 2);
    EXPECT_EQ(count["#DIM"], 2);
    EXPECT_EQ(count["#KONTO"], count["#KTYP"]);
    // Every unit of units.csv and every project of projects.csv is an object.
    EXPECT_EQ(count["#OBJEKT"], static_cast<int>(ledger->objects.size()));
    for (const scan::CsvRow& row : files_->units) {
      EXPECT_TRUE(ledger->objects.count({"1", row.at("unit_id")})) << row.at("unit_id");
    }
    for (const scan::CsvRow& row : files_->projects) {
      EXPECT_TRUE(ledger->objects.count({"6", row.at("project_id")})) << row.at("project_id");
    }
    // Every voucher balances, lies in its months, and uses only declared accounts and objects.
    std::map<std::string, int64_t> per_account;
    std::set<std::pair<std::string, std::string>> numbers;
    for (const scan::Voucher& v : ledger->vouchers) {
      int64_t sum = 0;
      EXPECT_TRUE(numbers.insert({v.series, v.number}).second) << v.series << v.number;
      EXPECT_EQ(v.date.year, year);
      if (year == 2021) {
        EXPECT_LE(v.date.month, 8) << v.series << v.number;
      }
      for (const scan::Transaction& t : v.transactions) {
        sum += t.amount_ore;
        per_account[t.account] += t.amount_ore;
        EXPECT_TRUE(ledger->accounts.count(t.account)) << t.account << " is not declared";
        EXPECT_TRUE(t.unit.empty() || ledger->objects.count({"1", t.unit})) << t.unit;
        EXPECT_TRUE(t.project.empty() || ledger->objects.count({"6", t.project})) << t.project;
      }
      EXPECT_EQ(sum, 0) << v.series << v.number;
    }
    EXPECT_GE(per_account.size(), 25u);
    // #RES 0 per result account and #UB 0 - #IB 0 per balance account are the vouchers' sums.
    for (const auto& [account, amount] : per_account) {
      bool balance_sheet = account[0] == '1' || account[0] == '2';
      int64_t stated = balance_sheet ? BalanceOf(*ledger, "#UB", 0, account) -
                                           BalanceOf(*ledger, "#IB", 0, account)
                                     : BalanceOf(*ledger, "#RES", 0, account);
      EXPECT_EQ(stated, amount) << year << " " << account;
    }
  }
  const scan::Ledger& l2020 = files_->ledger_2020;
  const scan::Ledger& l2021 = files_->ledger_2021;
  EXPECT_FALSE(BalancesOf(l2020, "#UB", 0).empty());
  EXPECT_TRUE(BalancesOf(l2020, "#IB", 0).empty()) << "2020 opens from nothing";
  EXPECT_EQ(BalancesOf(l2021, "#IB", 0), BalancesOf(l2020, "#UB", 0));
  EXPECT_EQ(BalancesOf(l2021, "#UB", -1), BalancesOf(l2020, "#UB", 0));
  EXPECT_EQ(BalancesOf(l2021, "#RES", -1), BalancesOf(l2020, "#RES", 0));
}

// sie::Reader reads both files without an error or a warning, verifies #KSUMMA, and
// decodes the CP437 text.
TEST_F(DemoFilesTest, SieReaderReadsTheLedgersCleanly) {
  for (auto [year, result] :
       {std::pair(2020, &files_->reader_2020), std::pair(2021, &files_->reader_2021)}) {
    SCOPED_TRACE(year);
    for (const Issue& d : result->errors) ADD_FAILURE() << FormatIssue(d);
    for (const Issue& d : result->warnings) ADD_FAILURE() << FormatIssue(d);
    EXPECT_TRUE(result->checksum_verified);
    EXPECT_EQ(result->company, "Linköpings kommun");
    EXPECT_EQ(result->orgnr, "212000-0449");
    ASSERT_EQ(result->years.size(), 2u);
    EXPECT_EQ(result->years[0].year_index, 0);
    EXPECT_EQ(result->years[0].start, (period::Date{year, 1, 1}));
    EXPECT_EQ(result->years[0].end, (period::Date{year, 12, 31}));
    EXPECT_EQ(result->years[1].year_index, -1);
    EXPECT_EQ(result->years[1].start, (period::Date{year - 1, 1, 1}));
    EXPECT_TRUE(result->voucher_texts.count(StrCat("Lönekörning januari ", year)));
  }
}

// The two readers see the same vouchers, transactions, balances, accounts and objects.
TEST_F(DemoFilesTest, SieReaderAndLineScanAgree) {
  for (auto [scanned, read] : {std::pair(&files_->ledger_2020, &files_->reader_2020.ledger),
                               std::pair(&files_->ledger_2021, &files_->reader_2021.ledger)}) {
    ASSERT_EQ(scanned->vouchers.size(), read->vouchers.size());
    ASSERT_GT(scanned->vouchers.size(), 500u);
    for (size_t i = 0; i < scanned->vouchers.size(); ++i) {
      const scan::Voucher& a = scanned->vouchers[i];
      const scan::Voucher& b = read->vouchers[i];
      EXPECT_EQ(a.series, b.series);
      EXPECT_EQ(a.number, b.number);
      EXPECT_EQ(a.date, b.date);
      ASSERT_EQ(a.transactions.size(), b.transactions.size()) << a.series << a.number;
      for (size_t k = 0; k < a.transactions.size(); ++k) {
        EXPECT_EQ(a.transactions[k].account, b.transactions[k].account);
        EXPECT_EQ(a.transactions[k].unit, b.transactions[k].unit);
        EXPECT_EQ(a.transactions[k].project, b.transactions[k].project);
        EXPECT_EQ(a.transactions[k].amount_ore, b.transactions[k].amount_ore);
      }
    }
    EXPECT_EQ(scanned->balances, read->balances);
    EXPECT_EQ(scanned->accounts, read->accounts);
    EXPECT_EQ(scanned->objects, read->objects);
  }
}

}  // namespace
}  // namespace tertial::demo
