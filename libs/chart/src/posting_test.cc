#include "tertial/chart/posting.h"

#include <gtest/gtest.h>

namespace tertial::chart {
namespace {

namespace lv1 = ::tertial::ledger::v1;

void Line(lv1::VoucherPosted* v, std::string account, int64_t amount, std::string unit = "",
          std::string project = "", lv1::TransactionKind kind = lv1::TRANSACTION_KIND_NORMAL) {
  lv1::Transaction* t = v->add_transactions();
  t->set_account(std::move(account));
  t->set_amount_ore(amount);
  t->set_kind(kind);
  if (!unit.empty()) {
    t->add_objects()->set_dimension(kUnitDimension);
    t->mutable_objects(t->objects_size() - 1)->set_object_id(unit);
  }
  if (!project.empty()) {
    t->add_objects()->set_dimension(kProjectDimension);
    t->mutable_objects(t->objects_size() - 1)->set_object_id(project);
  }
}

lv1::VoucherPosted Voucher(int year, int month, int day) {
  lv1::VoucherPosted v;
  v.set_fiscal_year(year);
  v.mutable_date()->set_year(year);
  v.mutable_date()->set_month(month);
  v.mutable_date()->set_day(day);
  return v;
}

TEST(Posting, EveryLineCountsInTheVouchersMonthWhateverItsOwnDate) {
  lv1::VoucherPosted v = Voucher(2021, 1, 31);
  Line(&v, "5010", 100000, "S");
  v.mutable_transactions(0)->mutable_date()->set_year(2021);
  v.mutable_transactions(0)->mutable_date()->set_month(2);
  v.mutable_transactions(0)->mutable_date()->set_day(1);
  EXPECT_EQ(CountingPeriod(v), (period::Period{2021, 1}));
  v.mutable_transactions(0)->mutable_date()->set_year(2022);
  EXPECT_EQ(CountingPeriod(v), (period::Period{2021, 1}));
}

TEST(Posting, RemovedLinesDoNotCount) {
  lv1::VoucherPosted v = Voucher(2021, 3, 1);
  Line(&v, "5010", 1, "S", "", lv1::TRANSACTION_KIND_ADDED);
  Line(&v, "5010", 1, "S", "", lv1::TRANSACTION_KIND_REMOVED);
  EXPECT_TRUE(Counts(v.transactions(0)));
  EXPECT_FALSE(Counts(v.transactions(1)));
  EXPECT_EQ(UnitOf(v.transactions(0)), "S");
  EXPECT_EQ(ProjectOf(v.transactions(0)), "");
}

TEST(Posting, ACreditNoteLowersSpendingAndIsNeverIncome) {
  lv1::VoucherPosted invoice = Voucher(2021, 1, 20);
  Line(&invoice, "1110", 500000, "F", "P1");
  Line(&invoice, "2440", -500000);
  lv1::VoucherPosted credit_note = Voucher(2021, 2, 15);
  Line(&credit_note, "2440", 100000);
  Line(&credit_note, "1110", -100000, "F", "P1");
  auto a = *InvestmentOf(invoice);
  auto b = *InvestmentOf(credit_note);
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(a["P1"].spending_ore, 500000);
  EXPECT_EQ(a["P1"].unit_id, "F");
  EXPECT_EQ(b["P1"].spending_ore, -100000);
  EXPECT_EQ(b["P1"].income_ore, 0);
}

TEST(Posting, AGrantOnTheIncomeAccountIsIncome) {
  lv1::VoucherPosted grant = Voucher(2021, 3, 10);
  Line(&grant, "1930", 200000);
  Line(&grant, "2388", -200000, "", "P1");
  auto p = *InvestmentOf(grant);
  EXPECT_EQ(p["P1"].income_ore, -200000);
  EXPECT_EQ(p["P1"].spending_ore, 0);
  EXPECT_EQ(p["P1"].net_ore(), -200000);
}

TEST(Posting, AReclassificationMovesSpendingBetweenProjects) {
  lv1::VoucherPosted v = Voucher(2021, 5, 2);
  Line(&v, "1110", -30000, "F", "P1");
  Line(&v, "1110", 30000, "F", "P2");
  auto p = *InvestmentOf(v);
  EXPECT_EQ(p["P1"].spending_ore, -30000);
  EXPECT_EQ(p["P2"].spending_ore, 30000);
}

TEST(Posting, LinesWithoutAProjectAndDepreciationAreNotInvestment) {
  lv1::VoucherPosted v = Voucher(2021, 12, 31);
  Line(&v, "1110", 100, "F");         // no project: balance-sheet bookkeeping
  Line(&v, "1119", -100, "F", "P1");  // accumulated depreciation
  Line(&v, "2389", 50, "", "P1");     // dissolution of a grant
  Line(&v, "1110", 7, "F", "P1", lv1::TRANSACTION_KIND_REMOVED);
  EXPECT_TRUE(InvestmentOf(v)->empty());
}

TEST(Posting, InvestmentLinesThatWouldWrapAreAnError) {
  lv1::VoucherPosted v = Voucher(2021, 3, 10);
  Line(&v, "1110", INT64_MAX - 5, "F", "P1");
  Line(&v, "1110", 10, "F", "P1");
  absl::StatusOr<std::map<std::string, ProjectInvestment>> p = InvestmentOf(v);
  EXPECT_EQ(p.status().code(), absl::StatusCode::kOutOfRange) << p.status();
}

TEST(Posting, ClosingAMonthClosesTheMonthsBeforeItInItsFiscalYear) {
  period::FiscalYear calendar = period::FiscalYear::Calendar(2021);
  EXPECT_TRUE(ClosedBy(calendar, {2021, 8}, {2021, 8}));
  EXPECT_TRUE(ClosedBy(calendar, {2021, 8}, {2021, 1}));
  EXPECT_FALSE(ClosedBy(calendar, {2021, 8}, {2021, 9}));
  EXPECT_FALSE(ClosedBy(calendar, {2021, 8}, {2020, 12}));  // another fiscal year
  auto broken = period::FiscalYear::FromDates({2009, 7, 1}, {2010, 6, 30});
  ASSERT_TRUE(broken.ok());
  EXPECT_TRUE(ClosedBy(*broken, {2010, 2}, {2009, 7}));
  EXPECT_FALSE(ClosedBy(*broken, {2010, 2}, {2010, 3}));
}

}  // namespace
}  // namespace tertial::chart
