#include "domain/voucher_post.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <tuple>

#include "tertial/money/money.h"
#include "testing/fake_view.h"

namespace tertial::ledger {
namespace {

using testing::FakeView;
using Outcome = VoucherDecision::Outcome;
constexpr Outcome kAccepted = Outcome::kAccepted;
constexpr Outcome kDuplicate = Outcome::kDuplicate;
constexpr Outcome kRejected = Outcome::kRejected;

class FakeIndex final : public PostedIndex {
 public:
  std::map<std::tuple<int, std::string, std::string>, PostedAlone> by_key;
  std::map<std::string, PostedAlone, std::less<>> by_sender;

  void Add(const PostedAlone& posted) {
    if (!posted.number.empty()) by_key[{posted.fiscal_year, posted.series, posted.number}] = posted;
    if (!posted.sender_id.empty()) by_sender[posted.sender_id] = posted;
  }
  std::optional<PostedAlone> ByKey(int year, std::string_view series,
                                   std::string_view number) const override {
    auto it = by_key.find({year, std::string(series), std::string(number)});
    if (it == by_key.end()) return std::nullopt;
    return it->second;
  }
  std::optional<PostedAlone> BySender(std::string_view id) const override {
    auto it = by_sender.find(id);
    if (it == by_sender.end()) return std::nullopt;
    return it->second;
  }
};

v1::Transaction Line(std::string account, int64_t ore, std::string unit = "") {
  v1::Transaction line;
  line.set_account(std::move(account));
  line.set_amount_ore(ore);
  if (!unit.empty()) {
    v1::ObjectRef* object = line.add_objects();
    object->set_dimension(1);
    object->set_object_id(unit);
  }
  return line;
}

// A 17 on 2021-03-15: rent 125.00 on EKS, paid from the bank.
v1::VoucherPosted Rent(std::string number = "17", int64_t ore = 12500) {
  v1::VoucherPosted voucher;
  voucher.set_series("A");
  voucher.set_number(std::move(number));
  voucher.mutable_date()->set_year(2021);
  voucher.mutable_date()->set_month(3);
  voucher.mutable_date()->set_day(15);
  voucher.set_text("Hyra mars");
  *voucher.add_transactions() = Line("5010", ore, "EKS");
  *voucher.add_transactions() = Line("1930", -ore);
  return voucher;
}

class VoucherPostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    view_.AddAccount("1930", "Bank");
    view_.AddAccount("5010", "Lokalhyra");
    view_.objects[{1, "EKS"}].set_object_id("EKS");
    view_.years.emplace(2021, period::FiscalYear::Calendar(2021));
  }
  VoucherPoster Poster(VoucherPolicy policy = {}) {
    return VoucherPoster(&view_, &index_, policy, limits_);
  }
  // The answer's errors, one per line, for failure messages.
  static std::string Errors(const VoucherDecision& answer) {
    std::string out;
    for (const Issue& e : answer.errors) {
      out += e.field + ": " + e.message + "\n";
    }
    return out;
  }
  static bool HasError(const VoucherDecision& answer, const std::string& field,
                       const std::string& text) {
    for (const Issue& e : answer.errors) {
      if (e.field == field && e.message.find(text) != std::string::npos) return true;
    }
    return false;
  }

  FakeView view_;
  FakeIndex index_;
  PostLimits limits_;
};

TEST_F(VoucherPostTest, AcceptsABalancedVoucherAndEmitsItWithItsBatch) {
  VoucherPoster poster = Poster();
  VoucherDecision answer = poster.Post(Rent(), 1);
  ASSERT_EQ(answer.outcome, kAccepted) << Errors(answer);
  EXPECT_EQ(answer.fiscal_year, 2021);
  std::vector<VoucherPoster::Event> events = poster.TakeEvents("batch-1", {});
  ASSERT_EQ(events.size(), 2u);
  const v1::VoucherPosted& posted = events[0].event.voucher_posted();
  EXPECT_EQ(posted.import_id(), "batch-1");
  EXPECT_EQ(posted.content_sha256(), VoucherContentSha256(Rent(), 2021));
  EXPECT_EQ(events[0].aggregate_key, "voucher/2021/A/17");
  ASSERT_EQ(posted.transactions_size(), 2);
  EXPECT_EQ(posted.transactions(0).amount_ore(), 12500);
  EXPECT_EQ(posted.transactions(0).objects(0).object_id(), "EKS");
  const v1::ImportCompleted& completed = events[1].event.import_completed();
  EXPECT_EQ(completed.import_id(), "batch-1");
  EXPECT_EQ(completed.vouchers(), 1);
  EXPECT_EQ(completed.transactions(), 2);
}

TEST_F(VoucherPostTest, TheSameVoucherAgainIsADuplicate) {
  index_.Add({.fiscal_year = 2021,
              .series = "A",
              .number = "17",
              .content_sha256 = VoucherContentSha256(Rent(), 2021),
              .import_id = "first"});
  view_.vouchers.insert({2021, "A", "17"});
  VoucherPoster poster = Poster();
  VoucherDecision answer = poster.Post(Rent(), 1);
  EXPECT_EQ(answer.outcome, kDuplicate) << Errors(answer);
  EXPECT_EQ(answer.import_id, "first");
  EXPECT_TRUE(poster.TakeEvents("batch", {}).empty());
}

TEST_F(VoucherPostTest, TheSameKeyWithOtherContentIsRejected) {
  index_.Add({.fiscal_year = 2021,
              .series = "A",
              .number = "17",
              .content_sha256 = VoucherContentSha256(Rent(), 2021),
              .import_id = "first"});
  view_.vouchers.insert({2021, "A", "17"});
  VoucherPoster poster = Poster();
  VoucherDecision answer = poster.Post(Rent("17", 99900), 1);
  EXPECT_EQ(answer.outcome, kRejected);
  EXPECT_TRUE(HasError(answer, "#VER vernr", "already posted (batch first) with other content"))
      << Errors(answer);
}

TEST_F(VoucherPostTest, AKeyAnImportPostedIsRejectedForItCannotBeCompared) {
  view_.vouchers.insert({2021, "A", "17"});
  VoucherDecision answer = Poster().Post(Rent(), 1);
  EXPECT_EQ(answer.outcome, kRejected);
  EXPECT_TRUE(HasError(answer, "#VER vernr", "already posted by an import")) << Errors(answer);
}

TEST_F(VoucherPostTest, TheSenderIdIsTheKeyWhenGiven) {
  v1::VoucherPosted voucher = Rent("");
  voucher.set_sender_id("erp-4711");
  index_.Add({.fiscal_year = 2021,
              .series = "A",
              .sender_id = "erp-4711",
              .content_sha256 = VoucherContentSha256(voucher, 2021),
              .import_id = "first"});
  VoucherPoster poster = Poster();
  EXPECT_EQ(poster.Post(voucher, 1).outcome, kDuplicate);
  *voucher.mutable_transactions(0) = Line("5010", 1, "EKS");
  *voucher.mutable_transactions(1) = Line("1930", -1);
  VoucherDecision changed = poster.Post(voucher, 2);
  EXPECT_EQ(changed.outcome, kRejected);
  EXPECT_TRUE(HasError(changed, "sender_id", "sender id 'erp-4711' is already posted"))
      << Errors(changed);
}

TEST_F(VoucherPostTest, AVoucherWithoutNumberOrSenderIdHasNoKey) {
  VoucherDecision answer = Poster().Post(Rent(""), 1);
  EXPECT_EQ(answer.outcome, kRejected);
  EXPECT_TRUE(HasError(answer, "#VER vernr", "expected a voucher number, or a sender_id"))
      << Errors(answer);
}

TEST_F(VoucherPostTest, TwoVouchersOfOneRequestCannotPostOneKeyTwice) {
  VoucherPoster poster = Poster();
  EXPECT_EQ(poster.Post(Rent(), 1).outcome, kAccepted);
  EXPECT_EQ(poster.Post(Rent(), 2).outcome, kDuplicate);
  VoucherDecision other = poster.Post(Rent("17", 500), 3);
  EXPECT_EQ(other.outcome, kRejected);
  EXPECT_TRUE(HasError(other, "#VER vernr", "earlier in this request")) << Errors(other);
  EXPECT_EQ(poster.accepted(), 1);
}

// Each rule is VoucherRules' (voucher_rules_test.cc tests them one by one); these show that
// a voucher posted alone meets them, with the SIE import's fields and wording.
TEST_F(VoucherPostTest, RejectsAVoucherThatDoesNotBalance) {
  v1::VoucherPosted voucher = Rent();
  voucher.mutable_transactions(1)->set_amount_ore(-12000);
  VoucherDecision answer = Poster().Post(voucher, 3);
  EXPECT_EQ(answer.outcome, kRejected);
  EXPECT_TRUE(HasError(answer, "#VER", "does not balance: its transactions sum to 5.00"))
      << Errors(answer);
  EXPECT_EQ(answer.errors[0].line, 3);
  EXPECT_EQ(answer.errors[0].file, "request");
}

TEST_F(VoucherPostTest, RejectsAnUnknownAccountUnlessThePolicyDefinesIt) {
  v1::VoucherPosted voucher = Rent();
  voucher.mutable_transactions(0)->set_account("5999");
  VoucherDecision answer = Poster().Post(voucher, 1);
  EXPECT_EQ(answer.outcome, kRejected);
  EXPECT_TRUE(HasError(answer, "#TRANS kontonr", "account 5999 is neither")) << Errors(answer);

  VoucherPoster defining = Poster({.define_unknown_accounts = true});
  VoucherDecision defined = defining.Post(voucher, 1);
  EXPECT_EQ(defined.outcome, kAccepted) << Errors(defined);
  ASSERT_EQ(defined.warnings.size(), 1u);
  std::vector<VoucherPoster::Event> events = defining.TakeEvents("b", {});
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].event.account_defined().account(), "5999");
  EXPECT_TRUE(events[0].event.account_defined().defined_by_use());
}

TEST_F(VoucherPostTest, RejectsAnUnknownObject) {
  v1::VoucherPosted voucher = Rent();
  voucher.mutable_transactions(0)->mutable_objects(0)->set_object_id("NOPE");
  VoucherDecision answer = Poster().Post(voucher, 1);
  EXPECT_TRUE(HasError(answer, "objects", "object NOPE of dimension 1 is neither"))
      << Errors(answer);
}

TEST_F(VoucherPostTest, RejectsAVoucherInAClosedPeriod) {
  view_.closed.insert(period::Period{2021, 4}.Index());
  VoucherDecision answer = Poster().Post(Rent(), 1);
  EXPECT_TRUE(HasError(answer, "#VER verdatum", "period 2021-03 is closed")) << Errors(answer);
}

TEST_F(VoucherPostTest, RejectsAnAmountPastTheLimit) {
  VoucherDecision answer = Poster().Post(Rent("17", money::kMaxAbsOre + 1), 1);
  EXPECT_TRUE(HasError(answer, "#TRANS belopp", "larger than tertial accepts")) << Errors(answer);
}

TEST_F(VoucherPostTest, TwoVouchersOfOneRequestCannotTogetherPassAnAccountsTotal) {
  view_.vouchers.insert({2021, "A", "1"});
  view_.account_totals[period::Period{2021, 3}.Index()]["5010"] = money::kMaxTotalOre - 100;
  VoucherPoster poster = Poster();
  EXPECT_EQ(poster.Post(Rent("17", 60), 1).outcome, kAccepted);
  VoucherDecision second = poster.Post(Rent("18", 60), 2);
  EXPECT_EQ(second.outcome, kRejected);
  EXPECT_TRUE(HasError(second, "#TRANS belopp", "takes the total of account 5010"))
      << Errors(second);
}

TEST_F(VoucherPostTest, RejectsTextsThatAreNotALineOfText) {
  v1::VoucherPosted voucher = Rent();
  voucher.set_text("Hyra\x07mars");
  VoucherDecision answer = Poster().Post(voucher, 1);
  EXPECT_TRUE(HasError(answer, "#VER vertext", "control character U+0007")) << Errors(answer);
  voucher = Rent();
  voucher.set_sender_id(std::string(2000, 'x'));
  answer = Poster().Post(voucher, 1);
  EXPECT_TRUE(HasError(answer, "sender_id", "more than the 1")) << Errors(answer);
}

TEST_F(VoucherPostTest, RejectsAFiscalYearItsDateIsNotIn) {
  v1::VoucherPosted voucher = Rent();
  voucher.set_fiscal_year(2020);
  VoucherDecision answer = Poster().Post(voucher, 1);
  EXPECT_TRUE(HasError(answer, "fiscal_year", "lies in fiscal year 2021")) << Errors(answer);
}

TEST_F(VoucherPostTest, RejectsTooManyLinesAndDatesThatDoNotExist) {
  limits_.max_lines = 1;
  VoucherDecision answer = Poster().Post(Rent(), 1);
  EXPECT_TRUE(HasError(answer, "#VER", "has 2 lines, more than the 1")) << Errors(answer);
  limits_ = {};
  v1::VoucherPosted voucher = Rent();
  voucher.mutable_date()->set_day(30);
  voucher.mutable_date()->set_month(2);
  answer = Poster().Post(voucher, 1);
  EXPECT_TRUE(HasError(answer, "#VER verdatum", "expected a date that exists")) << Errors(answer);
}

TEST_F(VoucherPostTest, DefinesTheFiscalYearItPostsIntoFirst) {
  view_.years.clear();
  VoucherPoster poster = Poster();
  ASSERT_EQ(poster.Post(Rent(), 1).outcome, kAccepted);
  std::vector<VoucherPoster::Event> events = poster.TakeEvents("b", {});
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].event.fiscal_year_defined().fiscal_year(), 2021);
  EXPECT_TRUE(events[1].event.has_voucher_posted());
}

TEST_F(VoucherPostTest, TheContentDigestChangesWithEveryField) {
  const std::string base = VoucherContentSha256(Rent(), 2021);
  EXPECT_EQ(base, VoucherContentSha256(Rent(), 2021));
  EXPECT_NE(base, VoucherContentSha256(Rent(), 2022));
  v1::VoucherPosted v = Rent();
  v.set_text("Hyra april");
  EXPECT_NE(base, VoucherContentSha256(v, 2021));
  v = Rent();
  v.mutable_transactions(0)->mutable_objects(0)->set_object_id("KLS");
  EXPECT_NE(base, VoucherContentSha256(v, 2021));
  v = Rent();
  v.mutable_transactions(1)->set_text("x");
  EXPECT_NE(base, VoucherContentSha256(v, 2021));
  // The sender id is a key, not content.
  v = Rent();
  v.set_sender_id("erp-1");
  EXPECT_EQ(base, VoucherContentSha256(v, 2021));
}

}  // namespace
}  // namespace tertial::ledger
