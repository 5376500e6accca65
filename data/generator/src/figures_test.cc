// The published side of figures.cc against the seed's own tables (../shared/seed/tables.md):
// the generator reproduces figures.cc exactly, so a figure mistyped there would come out
// in every file. This reads the markdown tables and compares every published number.

#include "figures.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "tertial/base/strings.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::demo {
namespace {

using Row = std::vector<std::string>;

std::string ReadTables() {
  std::ifstream in(testing::SharedDir() + "/seed/tables.md");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The table rows (cells trimmed, markdown bold removed) of the section whose "## " heading
// starts with `heading`.
std::vector<Row> Section(const std::string& tables, const std::string& heading) {
  std::vector<Row> rows;
  bool inside = false;
  for (absl::string_view line : absl::StrSplit(tables, '\n')) {
    if (absl::StartsWith(line, "## ")) inside = absl::StartsWith(line.substr(3), heading);
    if (!inside || !absl::StartsWith(line, "|") || absl::StartsWith(line, "|---")) continue;
    Row row;
    std::vector<absl::string_view> cells = absl::StrSplit(line, '|');
    for (size_t i = 1; i + 1 < cells.size(); ++i) {
      std::string cell(absl::StripAsciiWhitespace(cells[i]));
      while (cell.find("**") != std::string::npos) cell.erase(cell.find("**"), 2);
      while (!cell.empty() && cell.back() == '*') cell.pop_back();  // footnote marks
      row.push_back(cell);
    }
    rows.push_back(row);
  }
  return rows;
}

// "15 555" -> 15555, "-2 851" -> -2851, "–" -> 0; "10,9" -> 109 with `decimals` 1.
int64_t Number(std::string cell, int decimals = 0) {
  if (cell == "–" || cell == "-") return 0;
  std::string digits;
  int seen_decimals = -1;
  for (char c : cell) {
    if (c == ',') {
      seen_decimals = 0;
    } else if (c != ' ') {
      digits += c;
      if (seen_decimals >= 0 && c != '-') ++seen_decimals;
    }
  }
  EXPECT_EQ(std::max(seen_decimals, 0), decimals) << "'" << cell << "'";
  int64_t value = 0;
  EXPECT_TRUE(absl::SimpleAtoi(digits, &value)) << "'" << cell << "'";
  return value;
}

// The rows of a section by their first cell; "varav" rows are kept in order under the key
// of the row they follow ("Summa/varav kostnader").
std::map<std::string, Row> ByLabel(const std::vector<Row>& rows) {
  std::map<std::string, Row> by_label;
  std::string last;
  for (const Row& row : rows) {
    std::string label = row[0];
    if (absl::StartsWith(label, "varav kostnader") || absl::StartsWith(label, "varav intäkter")) {
      label = StrCat(last, "/", label);
    } else {
      last = label;
    }
    by_label[label] = row;
  }
  return by_label;
}

class PublishedFigures : public ::testing::Test {
 protected:
  void SetUp() override {
    tables_ = ReadTables();
    ASSERT_FALSE(tables_.empty()) << "../shared/seed/tables.md is missing";
  }
  std::string tables_;
};

TEST_F(PublishedFigures, OperatingStatementRowsAreTheSeeds) {
  auto result = ByLabel(Section(tables_, "Resultat 31 augusti 2021"));
  auto forecast = ByLabel(Section(tables_, "Prognos för helår 2021"));
  int rows = 0;
  for (const UnitFigures& u : Units()) {
    if (!u.has_ledger) continue;
    std::string name(u.name);
    ASSERT_TRUE(result.count(name)) << name;
    ASSERT_TRUE(forecast.count(name)) << name;
    ++rows;
    EXPECT_EQ(u.actual_2021_8, Number(result[name][1])) << name;
    EXPECT_EQ(u.budget_2021_8, Number(result[name][2])) << name;
    EXPECT_EQ(u.actual_2020_8, Number(result[name][4])) << name;
    EXPECT_EQ(u.forecast_2021, Number(forecast[name][1])) << name;
    EXPECT_EQ(u.budget_2021, Number(forecast[name][2])) << name;
    EXPECT_EQ(u.actual_2020, Number(forecast[name][4])) << name;
  }
  EXPECT_EQ(rows, 11);
  ASSERT_EQ(result["Summa"].size(), 5u);
  ASSERT_EQ(forecast["Summa nettokostnader"].size(), 5u);
  const TotalFigures& t = Totals();
  EXPECT_EQ(t.klf_actual_2021_8, Number(result["Summa"][1]));
  EXPECT_EQ(t.klf_budget_2021_8, Number(result["Summa"][2]));
  EXPECT_EQ(t.klf_actual_2020_8, Number(result["Summa"][4]));
  EXPECT_EQ(t.klf_forecast_2021, Number(forecast["Summa nettokostnader"][1]));
  EXPECT_EQ(t.klf_budget_2021, Number(forecast["Summa nettokostnader"][2]));
  EXPECT_EQ(t.klf_actual_2020, Number(forecast["Summa nettokostnader"][4]));
}

// The "varav" rows: printed as magnitudes for KLF and with signs for VSS and Leanlink.
// KLF's Bokslut 2020 has costs and revenues swapped in print: only the swapped pair adds up
// to the row's net 449 379, and that is the pair figures.cc holds.
TEST_F(PublishedFigures, CostRevenueSplitsAreTheSeedsWithKlfsBokslutSwapped) {
  auto forecast = ByLabel(Section(tables_, "Prognos för helår 2021"));
  for (auto [key, split] : {std::pair("Summa nettokostnader", &KlfSplit()),
                            std::pair("Verksamhetsstöd och service", &VssSplit()),
                            std::pair("Leanlink", &LeanlinkSplit())}) {
    const Row& costs = forecast[StrCat(key, "/varav kostnader")];
    const Row& revenues = forecast[StrCat(key, "/varav intäkter")];
    ASSERT_EQ(costs.size(), 5u) << key;
    ASSERT_EQ(revenues.size(), 5u) << key;
    EXPECT_EQ(split->forecast_costs, Number(costs[1])) << key;
    EXPECT_EQ(split->budget_costs, Number(costs[2])) << key;
    EXPECT_EQ(-std::abs(split->forecast_revenues), -std::abs(Number(revenues[1]))) << key;
    EXPECT_EQ(-std::abs(split->budget_revenues), -std::abs(Number(revenues[2]))) << key;
    EXPECT_LT(split->forecast_revenues, 0);
    EXPECT_LT(split->budget_revenues, 0);
    if (split == &KlfSplit()) {
      int64_t printed_costs = Number(costs[4]), printed_revenues = Number(revenues[4]);
      EXPECT_NE(printed_costs - printed_revenues, Totals().klf_actual_2020);
      EXPECT_EQ(printed_revenues - printed_costs, Totals().klf_actual_2020);
      EXPECT_EQ(split->actual_2020_costs, printed_revenues);
      EXPECT_EQ(split->actual_2020_revenues, -printed_costs);
    } else {
      EXPECT_EQ(split->actual_2020_costs, Number(costs[4])) << key;
      EXPECT_EQ(split->actual_2020_revenues, Number(revenues[4])) << key;
    }
  }
}

TEST_F(PublishedFigures, InvestmentRowsAreTheSeeds) {
  std::map<std::string, Row> rows;
  for (const Row& row : Section(tables_, "Investeringar")) {
    std::string label = row[0];
    if (absl::StartsWith(label, "varav ")) label = label.substr(6);
    for (char& c : label) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    rows[label] = row;
  }
  for (const ProjectFigures& p : Projects()) {
    std::string name(p.name);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ASSERT_TRUE(rows.count(name)) << name;
    const Row& row = rows[name];
    EXPECT_EQ(p.spending_2021_8, Number(row[1])) << name;
    EXPECT_EQ(0, Number(row[2])) << name << ": income";
    EXPECT_EQ(p.forecast_2021, Number(row[3])) << name;
    EXPECT_EQ(p.frame_2021, Number(row[6])) << name;
  }
  const Row& sum = rows["summa investeringar"];
  ASSERT_EQ(sum.size(), 8u);
  EXPECT_EQ(Totals().investment_spending_2021_8, Number(sum[1]));
  EXPECT_EQ(Totals().investment_forecast_2021, Number(sum[3]));
  EXPECT_EQ(Totals().investment_frame_2021, Number(sum[6]));
  auto economy = ByLabel(Section(tables_, "Ekonomi"));
  ASSERT_EQ(economy["Investeringar, netto"].size(), 4u);
  ASSERT_EQ(economy["Verksamhetens nettokostnader"].size(), 4u);
  EXPECT_EQ(Totals().klf_investment_forecast_2021, Number(economy["Investeringar, netto"][1]));
  EXPECT_EQ(Totals().klf_investment_budget_2021, Number(economy["Investeringar, netto"][2]));
  EXPECT_EQ(Totals().klf_forecast_2021, Number(economy["Verksamhetens nettokostnader"][1]));
  EXPECT_EQ(Totals().klf_budget_2021, Number(economy["Verksamhetens nettokostnader"][2]));
}

TEST_F(PublishedFigures, IndicatorsAndSummaryAreTheSeeds) {
  std::map<std::string, Row> indicators;
  for (const Row& row : Section(tables_, "Nämndindikatorer")) {
    if (row.size() >= 5) indicators[row[1]] = row;
  }
  const Row& personnel = indicators["Personalkostnader/verksamhetens nettokostnad, KLF (%)"];
  const Row& budget = indicators["Procentuell avvikelse budget och utfall, KLF (%)"];
  const Row& investment =
      indicators["Procentuell avvikelse investeringsbudget och utfall, KLF (%)"];
  ASSERT_EQ(personnel.size(), 6u);
  ASSERT_EQ(budget.size(), 6u);
  ASSERT_EQ(investment.size(), 6u);
  const IndicatorFigures& i = Indicators();
  EXPECT_EQ(i.personnel_share_2020_percent, Number(personnel[3]));
  EXPECT_EQ(i.personnel_share_2021_8_percent, Number(personnel[4]));
  EXPECT_EQ(i.budget_deviation_2020_permille, Number(budget[3], 1));
  EXPECT_EQ(i.budget_deviation_2021_8_permille, Number(budget[4], 1));
  EXPECT_EQ(i.investment_deviation_2020_permille, Number(investment[3], 1));
  EXPECT_EQ(i.investment_deviation_2021_8_permille, Number(investment[4], 1));
  EXPECT_NE(
      tables_.find(StrCat("Kommunledningsförvaltningen ", Totals().klf_result_tenths_mnkr / 10, ",",
                          Totals().klf_result_tenths_mnkr % 10, " mnkr")),
      std::string::npos);
  EXPECT_NE(
      tables_.find(StrCat("Verksamhetsstöd och service ", Totals().vss_result_tenths_mnkr / 10, ",",
                          Totals().vss_result_tenths_mnkr % 10, " mnkr")),
      std::string::npos);
  EXPECT_NE(tables_.find(StrCat("Leanlink ", Totals().leanlink_result_tenths_mnkr / 10, ",",
                                Totals().leanlink_result_tenths_mnkr % 10, " mnkr")),
            std::string::npos);
}

}  // namespace
}  // namespace tertial::demo
