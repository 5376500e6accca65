// The demo municipality's files (data/generator), imported through the ledger service, give
// the seed report's published operating statement: per unit, January-August 2021 and the
// same period of 2020, actual and budget, and Kommunledningsförvaltningen's roll-up.

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>

#include "figures.h"
#include "ledger_fixture.h"
#include "tertial/money/money.h"

namespace tertial::ledger::testing {
namespace {

class DemoTest : public LedgerFixture {
 protected:
  // Net cost (classes 3-7) per unit for the months, rounded to tkr as the report prints.
  std::map<std::string, std::pair<int64_t, int64_t>> NetCostTkr(int year, int last_month,
                                                                bool rollup) {
    grpc::ClientContext context;
    v1::GetBalancesRequest request;
    request.set_organisation("0580");
    request.mutable_range()->mutable_first()->set_year(year);
    request.mutable_range()->mutable_first()->set_month(1);
    request.mutable_range()->mutable_last()->set_year(year);
    request.mutable_range()->mutable_last()->set_month(last_month);
    request.add_group_by(v1::GROUP_BY_UNIT);
    request.set_rollup_units(rollup);
    for (const char* prefix : {"3", "4", "5", "6", "7"}) request.add_account_prefixes(prefix);
    v1::GetBalancesResponse response;
    grpc::Status status = stub_->GetBalances(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::map<std::string, std::pair<int64_t, int64_t>> out;
    for (const auto& row : response.rows()) {
      out[row.unit_id()] = {money::RoundToUnits(row.actual_ore(), money::kOrePerTkr),
                            money::RoundToUnits(row.budget_ore(), money::kOrePerTkr)};
    }
    return out;
  }
};

TEST_F(DemoTest, ImportedDemoFilesGiveThePublishedOperatingStatement) {
  const std::string out = dir_.Sub("demo");
  ASSERT_EQ(
      std::system((std::string(TERTIAL_DEMO_DATA_BIN) + " --out " + out + " > /dev/null").c_str()),
      0);
  for (const char* name : {"units.csv", "projects.csv", "budget-2020.csv", "budget-2021.csv",
                           "ledger-2020.se", "ledger-2021.se"}) {
    v1::ImportResult result = MustImport(ReadFile(out + "/" + name), name);
    ASSERT_TRUE(result.committed()) << name << "\n" << Issues(result);
  }
  auto jan_aug_2021 = NetCostTkr(2021, 8, false);
  auto jan_aug_2020 = NetCostTkr(2020, 8, false);
  int checked = 0;
  for (const demo::UnitFigures& unit : demo::Units()) {
    if (!unit.has_ledger) continue;
    const std::string id(unit.id);
    EXPECT_EQ(jan_aug_2021[id].first, unit.actual_2021_8) << id;
    EXPECT_EQ(jan_aug_2021[id].second, unit.budget_2021_8) << id;
    EXPECT_EQ(jan_aug_2020[id].first, unit.actual_2020_8) << id;
    ++checked;
  }
  EXPECT_GE(checked, 11);
  auto rolled = NetCostTkr(2021, 8, true);
  EXPECT_EQ(rolled["KLF"].first, demo::Totals().klf_actual_2021_8);
  EXPECT_EQ(rolled["KLF"].second, demo::Totals().klf_budget_2021_8);
}

}  // namespace
}  // namespace tertial::ledger::testing
