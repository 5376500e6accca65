#include "tertial/base/issues.h"

#include <gtest/gtest.h>

namespace tertial {
namespace {

TEST(Issues, FormatsFileLineFieldAndMessage) {
  EXPECT_EQ(FormatIssue({"ledger.se", 17, "#TRANS account", "account 9999 is not in the chart"}),
            "ledger.se:17: #TRANS account: account 9999 is not in the chart");
  EXPECT_EQ(FormatIssue({"ledger.se", 0, "", "no #RAR"}), "ledger.se: no #RAR");
  EXPECT_EQ(FormatIssue({"budget.csv", 3, "", "5 columns, expected 6"}),
            "budget.csv:3: 5 columns, expected 6");
}

TEST(Issues, CountsWhatIsPastTheCapInsteadOfListingIt) {
  Issues issues(/*max_errors=*/2, /*max_warnings=*/1);
  EXPECT_FALSE(issues.has_errors());
  issues.Warning("f", 1, "", "w1");
  issues.Warning("f", 2, "", "w2");
  issues.Error("f", 1, "a", "e1");
  EXPECT_FALSE(issues.full());
  issues.Error("f", 2, "b", "e2");
  EXPECT_TRUE(issues.full());
  issues.Error("f", 3, "c", "e3");
  issues.AddUnlistedErrors(5);
  ASSERT_EQ(issues.errors().size(), 2u);
  EXPECT_EQ(issues.errors_not_listed(), 6);
  ASSERT_EQ(issues.warnings().size(), 1u);
  EXPECT_EQ(issues.warnings_not_listed(), 1);
  EXPECT_TRUE(issues.has_errors());
}

TEST(Issues, SortsByLineKeepingTheOrderFoundOnOneLine) {
  Issues issues;
  issues.Error("f", 5, "x", "first on 5");
  issues.Error("f", 0, "", "whole file");
  issues.Error("f", 5, "y", "second on 5");
  issues.Error("f", 2, "z", "on 2");
  issues.SortByLine();
  std::vector<std::string> order;
  for (const Issue& i : issues.errors()) order.push_back(i.message);
  EXPECT_EQ(order, (std::vector<std::string>{"whole file", "on 2", "first on 5", "second on 5"}));
}

TEST(Issues, EachKnowsItsSeverityOutsideItsList) {
  Issues issues;
  issues.Warning("f", 1, "", "w");
  issues.Error("f", 2, "", "e");
  ASSERT_EQ(issues.errors().size(), 1u);
  ASSERT_EQ(issues.warnings().size(), 1u);
  EXPECT_EQ(issues.errors()[0].severity, Severity::kError);
  EXPECT_EQ(issues.warnings()[0].severity, Severity::kWarning);
  EXPECT_EQ(SeverityName(issues.errors()[0].severity), "error");
  EXPECT_EQ(SeverityName(issues.warnings()[0].severity), "warning");
}

}  // namespace
}  // namespace tertial
