#include "domain/voucher_rules.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/sie_validator.h"
#include "tertial/money/money.h"
#include "testing/fake_view.h"
#include "testing/vouchers.h"

namespace tertial::ledger {
namespace {

using testing::FakeDirectory;
using testing::FakeView;
using testing::Trans;
using testing::Ver;

// A voucher on its own, as a request would bring it: A 17 on 2021-03-15, line 1.
sie::Voucher Voucher(std::vector<sie::Transaction> transactions) {
  sie::Voucher v = Ver("A", "17", {2021, 3, 15}, 1, std::move(transactions));
  v.text = "Hyra mars";
  return v;
}

// One voucher checked alone, through CheckVoucher, against an organisation that has the
// accounts 1930 and 5010 and the unit EKS.
class VoucherRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    view_.AddAccount("1930", "Bank");
    view_.AddAccount("5010", "Lokalhyra");
    view_.objects[{1, "EKS"}].set_object_id("EKS");
  }
  const Issues& Check(const sie::Voucher& voucher) {
    issues_ = Issues();
    CheckVoucher(voucher, view_, policy_, "request", &issues_);
    return issues_;
  }
  std::string Errors() const {
    std::string out;
    for (const Issue& issue : issues_.errors()) out += FormatIssue(issue) + "\n";
    return out;
  }
  bool HasError(int line, const std::string& field, const std::string& text) const {
    for (const Issue& issue : issues_.errors()) {
      if (issue.file == "request" && issue.line == line && issue.field == field &&
          issue.message.find(text) != std::string::npos) {
        return true;
      }
    }
    return false;
  }

  FakeView view_;
  VoucherPolicy policy_;
  Issues issues_;
};

TEST_F(VoucherRulesTest, AcceptsABalancedVoucherOfKnownAccountsAndObjects) {
  Check(Voucher({Trans("5010", 12500, 2, {{1, "EKS"}}), Trans("1930", -12500, 3)}));
  EXPECT_FALSE(issues_.has_errors()) << Errors();
  EXPECT_TRUE(issues_.warnings().empty());
}

TEST_F(VoucherRulesTest, RejectsAVoucherThatDoesNotBalance) {
  Check(Voucher({Trans("5010", 12500, 2), Trans("1930", -12000, 3)}));
  EXPECT_TRUE(HasError(1, "#VER", "voucher A 17 does not balance: its transactions sum to 5.00"))
      << Errors();
}

TEST_F(VoucherRulesTest, RemovedTransactionsDoNotCountTowardsTheBalance) {
  sie::Transaction removed = Trans("5010", 999, 4);
  removed.kind = sie::TransactionKind::kBtrans;
  Check(Voucher({Trans("5010", 12500, 2), Trans("1930", -12500, 3), removed}));
  EXPECT_FALSE(issues_.has_errors()) << Errors();
}

TEST_F(VoucherRulesTest, AnUnknownAccountIsAnErrorUnlessThePolicyDefinesItByUse) {
  const sie::Voucher voucher = Voucher({Trans("5011", 100, 2), Trans("1930", -100, 3)});
  Check(voucher);
  EXPECT_TRUE(HasError(2, "#TRANS kontonr", "account 5011 is neither in the file's chart"))
      << Errors();
  EXPECT_TRUE(HasError(2, "#TRANS kontonr", "--define-unknown-accounts")) << Errors();

  policy_.define_unknown_accounts = true;
  Check(voucher);
  EXPECT_FALSE(issues_.has_errors()) << Errors();
  ASSERT_EQ(issues_.warnings().size(), 1u);
  EXPECT_NE(issues_.warnings()[0].message.find("defined by use"), std::string::npos);
}

TEST_F(VoucherRulesTest, AnUnknownObjectIsAnErrorUnlessThePolicyDefinesItByUse) {
  const sie::Voucher voucher =
      Voucher({Trans("5010", 100, 2, {{1, "KLS"}}), Trans("1930", -100, 3)});
  Check(voucher);
  EXPECT_TRUE(HasError(2, "objects", "object KLS of dimension 1 is neither in the file"))
      << Errors();

  policy_.define_unknown_objects = true;
  Check(voucher);
  EXPECT_FALSE(issues_.has_errors()) << Errors();
  EXPECT_EQ(issues_.warnings().size(), 1u);
}

TEST_F(VoucherRulesTest, RejectsAUnitIdOutsideTheGrammarOfIds) {
  Check(Voucher({Trans("5010", 100, 2, {{1, "A/B"}}), Trans("1930", -100, 3)}));
  EXPECT_TRUE(HasError(2, "objects", "unit id 'A/B' (dimension 1)")) << Errors();
}

TEST_F(VoucherRulesTest, RejectsAnUndeclaredDimension) {
  view_.objects[{25, "X"}].set_object_id("X");
  Check(Voucher({Trans("5010", 100, 2, {{25, "X"}}), Trans("1930", -100, 3)}));
  EXPECT_TRUE(HasError(2, "objects", "dimension 25 is not declared")) << Errors();
}

TEST_F(VoucherRulesTest, RejectsAVoucherInAClosedPeriod) {
  view_.closed.insert(period::Period{2021, 4}.Index());  // closes January to April
  Check(Voucher({Trans("5010", 100, 2), Trans("1930", -100, 3)}));
  EXPECT_TRUE(HasError(1, "#VER verdatum", "voucher A 17: period 2021-03 is closed")) << Errors();
}

TEST_F(VoucherRulesTest, TakesItsFiscalYearFromTheOrganisation) {
  // A broken fiscal year (July to June): closing 2021-02 closes December 2020 too, which in
  // a calendar year it would not.
  view_.years.emplace(2020, *period::FiscalYear::FromDates({2020, 7, 1}, {2021, 6, 30}));
  view_.closed.insert(period::Period{2021, 2}.Index());
  sie::Voucher voucher = Voucher({Trans("5010", 100, 2), Trans("1930", -100, 3)});
  voucher.date = {2020, 12, 15};
  Check(voucher);
  EXPECT_TRUE(HasError(1, "#VER verdatum", "period 2020-12 is closed (closing 2021-02"))
      << Errors();
}

TEST_F(VoucherRulesTest, RejectsAnAmountLargerThanTertialAccepts) {
  const int64_t huge = money::kMaxAbsOre + 1;
  Check(Voucher({Trans("5010", huge, 2), Trans("1930", -huge, 3)}));
  EXPECT_TRUE(HasError(2, "#TRANS belopp", "is larger than tertial accepts")) << Errors();
  EXPECT_TRUE(HasError(3, "#TRANS belopp", "is larger than tertial accepts")) << Errors();
}

TEST_F(VoucherRulesTest, RejectsATotalPastTheBoundWithWhatTheLedgerHolds) {
  // The ledger holds vouchers of 2021 and, in March, nearly the most an account may total.
  view_.vouchers.insert({2021, "A", "1"});
  view_.account_totals[period::Period{2021, 3}.Index()]["5010"] = money::kMaxTotalOre - 50;
  Check(Voucher({Trans("5010", 100, 2), Trans("1930", -100, 3)}));
  EXPECT_TRUE(HasError(2, "#TRANS belopp", "takes the total of account 5010 in period 2021-03"))
      << Errors();
}

TEST_F(VoucherRulesTest, ChecksTextsAgainstTheLimitsWhenThePolicySetsThem) {
  sie::Voucher voucher = Voucher({Trans("5010", 100, 2), Trans("1930", -100, 3)});
  voucher.text = std::string(30, 'x');
  voucher.transactions[1].text = "bad \x01 byte";
  Check(voucher);
  EXPECT_FALSE(issues_.has_errors()) << "texts are not checked without limits: " << Errors();

  policy_.text_limits = text::Limits{.line_chars = 20};
  Check(voucher);
  EXPECT_TRUE(HasError(1, "#VER vertext", "30 characters")) << Errors();
  EXPECT_TRUE(HasError(3, "#TRANS transtext", "U+0001")) << Errors();

  voucher.text = "Hyra mars";
  voucher.transactions[1].text = "Hyra";
  voucher.series = "\xff";
  Check(voucher);
  EXPECT_TRUE(HasError(1, "#VER serie", "not UTF-8")) << Errors();
}

// The rules of a voucher alone are those of a #VER in an SIE file: the same voucher gets
// the same errors both ways.
TEST_F(VoucherRulesTest, AVoucherAloneGetsTheErrorsItGetsInAnSieFile) {
  const sie::Voucher voucher = Voucher(
      {Trans("5010", 12500, 2, {{1, "A/B"}}), Trans("5011", 1, 3), Trans("1930", -12000, 4)});
  Check(voucher);
  ASSERT_TRUE(issues_.has_errors());

  FakeDirectory directory;
  directory.view = view_;
  SieValidator file({.file_name = "request", .organisation = "0580"}, &directory);
  file.Add(sie::Rar{0, {2021, 1, 1}, {2021, 12, 31}}, 1);
  file.Add(voucher, 5);
  file.Finish({}, {}, 0);
  std::vector<std::string> alone, in_file;
  for (const Issue& issue : issues_.errors()) alone.push_back(FormatIssue(issue));
  for (const Issue& issue : file.issues().errors()) in_file.push_back(FormatIssue(issue));
  EXPECT_EQ(alone, in_file);
}

}  // namespace
}  // namespace tertial::ledger
