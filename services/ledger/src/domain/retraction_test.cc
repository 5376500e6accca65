#include "domain/retraction.h"

#include <gtest/gtest.h>

#include "testing/fake_view.h"

namespace tertial::ledger {
namespace {

v1::VoucherPosted Voucher() {
  v1::VoucherPosted v;
  v.set_fiscal_year(2021);
  v.set_series("A");
  v.set_number("12");
  v.mutable_date()->set_year(2021);
  v.mutable_date()->set_month(3);
  v.mutable_date()->set_day(15);
  v.set_text("Faktura");
  v.set_import_id("imp1");
  v.set_source_line(40);
  auto add = [&](const char* account, int64_t amount, v1::TransactionKind kind) {
    v1::Transaction* t = v.add_transactions();
    t->set_account(account);
    t->set_amount_ore(amount);
    t->set_kind(kind);
    v1::ObjectRef* unit = t->add_objects();
    unit->set_dimension(1);
    unit->set_object_id("KS");
  };
  add("5010", 1000, v1::TRANSACTION_KIND_NORMAL);
  add("5010", 300, v1::TRANSACTION_KIND_REMOVED);  // #BTRANS: never counted
  add("5020", 300, v1::TRANSACTION_KIND_ADDED);
  add("1930", -1300, v1::TRANSACTION_KIND_NORMAL);
  return v;
}

TEST(CompensationTest, NegatesTheCountedLinesAndKeepsTheKey) {
  v1::VoucherPosted original = Voucher();
  absl::StatusOr<v1::VoucherPosted> compensation = CompensationOf(original, "r1");
  ASSERT_TRUE(compensation.ok()) << compensation.status();
  EXPECT_EQ(compensation->retraction_id(), "r1");
  EXPECT_EQ(compensation->series(), original.series());
  EXPECT_EQ(compensation->number(), original.number());
  EXPECT_EQ(compensation->fiscal_year(), original.fiscal_year());
  EXPECT_EQ(compensation->import_id(), original.import_id());
  EXPECT_EQ(compensation->source_line(), original.source_line());
  EXPECT_EQ(chart::CountingPeriod(*compensation), chart::CountingPeriod(original));
  // Per account, original + compensation is zero for every counted line.
  std::map<std::string, int64_t> sum;
  for (const auto* v : {&original, &*compensation}) {
    for (const v1::Transaction& t : v->transactions()) {
      if (chart::Counts(t)) sum[t.account()] += t.amount_ore();
    }
  }
  for (const auto& [account, amount] : sum) EXPECT_EQ(amount, 0) << account;
  EXPECT_EQ(compensation->transactions_size(), 3);  // the #BTRANS line is left out
  EXPECT_EQ(compensation->transactions(0).objects(0).object_id(), "KS");
  EXPECT_EQ(CompensationAggregateKey(*compensation), "retraction/r1/voucher/2021/A/12");
}

TEST(CompensationTest, RefusesAnAmountThatCannotBeNegated) {
  v1::VoucherPosted v = Voucher();
  v.mutable_transactions(0)->set_amount_ore(std::numeric_limits<int64_t>::min());
  EXPECT_EQ(CompensationOf(v, "r1").status().code(), absl::StatusCode::kOutOfRange);
}

TEST(RetractableTest, BudgetsAndDefinitionsOnlyAreRefusedWithTheReason) {
  v1::ImportCompleted import;
  import.set_import_id("imp1");
  import.set_file_name("budget.csv");
  import.set_budget_lines(12);
  absl::Status budget = CheckRetractable(import);
  EXPECT_EQ(budget.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(budget.message().find("budget"), std::string_view::npos) << budget;
  import.set_budget_lines(0);
  absl::Status definitions = CheckRetractable(import);
  EXPECT_EQ(definitions.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(definitions.message().find("definitions"), std::string_view::npos) << definitions;
  import.set_vouchers(3);
  EXPECT_TRUE(CheckRetractable(import).ok());
}

TEST(RetractableTest, AReasonIsRequiredAndBounded) {
  EXPECT_EQ(CheckReason("").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckReason("  \n").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckReason(std::string(kMaxReasonBytes + 1, 'x')).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(CheckReason("fel fil").ok());
}

TEST(RetractableTest, AClosedMonthIsNamedWithHowToReopenIt) {
  testing::FakeView view;
  view.closed.insert(period::Period{2021, 8}.Index());
  v1::ImportCompleted import;
  import.set_import_id("imp1");
  import.set_file_name("extra.se");
  EXPECT_TRUE(CheckPeriodsOpen(view, "0580", import, {{2021, 9}, {2021, 10}}).ok());
  absl::Status closed = CheckPeriodsOpen(view, "0580", import, {{2021, 7}, {2021, 9}});
  EXPECT_EQ(closed.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(closed.message(),
            "cannot retract import imp1 (extra.se): it posted into period 2021-07, which is "
            "closed (closing 2021-08 closed its fiscal year's months up to it); a controller "
            "reopens "
            "it first: tertial reopen-period --org 0580 --period 2021-07 --reason \"...\"");
}

TEST(ReopenTest, ReopensTheMonthAndLaterClosingsAndKeepsEarlierMonthsClosed) {
  const period::FiscalYear year = period::FiscalYear::Calendar(2021);
  absl::StatusOr<v1::PeriodReopened> reopened =
      DecideReopen(year, {{2021, 8}, {2021, 4}, {2020, 12}}, {2021, 6}, "rättelse");
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  ASSERT_EQ(reopened->reopened_size(), 1);
  EXPECT_EQ(reopened->reopened(0).month(), 8);
  EXPECT_EQ(reopened->closed_through().month(), 5);
  EXPECT_EQ(reopened->fiscal_year(), 2021);
  EXPECT_EQ(reopened->reason(), "rättelse");
  // The first month of the year: nothing of it stays closed.
  absl::StatusOr<v1::PeriodReopened> january = DecideReopen(year, {{2021, 3}}, {2021, 1}, "x");
  ASSERT_TRUE(january.ok()) << january.status();
  EXPECT_FALSE(january->has_closed_through());
}

TEST(ReopenTest, AnOpenMonthOrAMissingReasonIsRefused) {
  const period::FiscalYear year = period::FiscalYear::Calendar(2021);
  EXPECT_EQ(DecideReopen(year, {{2021, 8}}, {2021, 9}, "x").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(DecideReopen(year, {}, {2021, 1}, "x").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(DecideReopen(year, {{2021, 8}}, {2021, 8}, "").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tertial::ledger
