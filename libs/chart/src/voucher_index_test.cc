#include "tertial/chart/voucher_index.h"

#include <gtest/gtest.h>

#include <map>

namespace tertial::chart {
namespace {

namespace lv1 = ::tertial::ledger::v1;

// A projection store in memory: what a step writes is visible at once.
class MemoryStore final : public projection::Store {
 public:
  absl::StatusOr<std::optional<std::string>> Get(std::string_view key) const override {
    auto it = data_.find(std::string(key));
    if (it == data_.end()) return std::optional<std::string>();
    return std::optional<std::string>(it->second);
  }
  absl::Status Scan(std::string_view prefix, const projection::ScanFn& fn) const override {
    for (auto it = data_.lower_bound(std::string(prefix)); it != data_.end(); ++it) {
      if (it->first.compare(0, prefix.size(), prefix) != 0) break;
      if (!fn(it->first, it->second)) break;
    }
    return absl::OkStatus();
  }
  void Put(std::string_view key, std::string_view value) override {
    data_[std::string(key)] = std::string(value);
  }
  void Delete(std::string_view key) override { data_.erase(std::string(key)); }
  size_t size() const { return data_.size(); }

 private:
  std::map<std::string, std::string> data_;
};

lv1::VoucherPosted Voucher(std::string series, std::string number, std::string import, int line = 1,
                           bool repeated = false) {
  lv1::VoucherPosted v;
  v.set_fiscal_year(2021);
  v.set_series(std::move(series));
  v.set_number(std::move(number));
  v.set_import_id(std::move(import));
  v.set_source_line(line);
  v.set_number_repeated(repeated);
  return v;
}

class VoucherIndexTest : public ::testing::Test {
 protected:
  // Admits `voucher` in a step of its own.
  bool Admit(const lv1::VoucherPosted& voucher, std::string_view org = "0580") {
    index_.BeginStep();
    absl::StatusOr<bool> admitted = index_.Admit(store_, org, voucher);
    EXPECT_TRUE(admitted.ok()) << admitted.status();
    EXPECT_TRUE(index_.EndStep(store_).ok());
    return admitted.ok() && *admitted;
  }
  void Complete(std::string_view import, std::string_view org = "0580") {
    index_.BeginStep();
    index_.Completed(store_, org, import);
    EXPECT_TRUE(index_.EndStep(store_).ok());
  }

  MemoryStore store_;
  VoucherIndex index_{"X"};
};

TEST_F(VoucherIndexTest, AKeyCountsOnceWhateverImportBringsItAgain) {
  EXPECT_TRUE(Admit(Voucher("A", "7", "imp1")));
  EXPECT_FALSE(Admit(Voucher("A", "7", "imp1")));
  EXPECT_FALSE(Admit(Voucher("A", "7", "imp2")));
  EXPECT_TRUE(Admit(Voucher("A", "8", "imp2")));
  EXPECT_TRUE(Admit(Voucher("B", "7", "imp2")));          // another series
  EXPECT_TRUE(Admit(Voucher("A", "7", "imp2"), "0581"));  // another organisation
}

TEST_F(VoucherIndexTest, NumbersThatAreNotPlainCountOnceToo) {
  EXPECT_TRUE(Admit(Voucher("A", "017", "imp1")));
  Complete("imp1");
  EXPECT_FALSE(Admit(Voucher("A", "017", "imp1")));
  EXPECT_FALSE(Admit(Voucher("A", "017", "imp2")));
  EXPECT_TRUE(Admit(Voucher("A", "17", "imp2")));
}

TEST_F(VoucherIndexTest, CopiesWithinOneStepAreCaught) {
  index_.BeginStep();
  for (const char* number : {"5", "A5"}) {
    EXPECT_TRUE(*index_.Admit(store_, "0580", Voucher("A", number, "imp1")));
    EXPECT_FALSE(*index_.Admit(store_, "0580", Voucher("A", number, "imp2")));
  }
  ASSERT_TRUE(index_.EndStep(store_).ok());
  EXPECT_FALSE(Admit(Voucher("A", "5", "imp3")));
}

TEST_F(VoucherIndexTest, ARepeatedNumberCountsButNotASecondCopyOfItsImport) {
  EXPECT_TRUE(Admit(Voucher("#", "1", "imp1", 10)));
  EXPECT_TRUE(Admit(Voucher("#", "1", "imp1", 20, /*repeated=*/true)));
  EXPECT_TRUE(Admit(Voucher("", "", "imp1", 30)));  // SIE 4I: no number
  Complete("imp1");
  // The batch appears once more (a retried commit): all of it is a copy.
  EXPECT_FALSE(Admit(Voucher("#", "1", "imp1", 10)));
  EXPECT_FALSE(Admit(Voucher("#", "1", "imp1", 20, true)));
  EXPECT_FALSE(Admit(Voucher("", "", "imp1", 30)));
  // Another import's unnumbered vouchers count.
  EXPECT_TRUE(Admit(Voucher("", "", "imp2", 30)));
  // Without a number or an import nothing tells copies apart: it counts.
  EXPECT_TRUE(Admit(Voucher("", "", "")));
  EXPECT_TRUE(Admit(Voucher("", "", "")));
}

lv1::VoucherPosted Compensation(lv1::VoucherPosted original, std::string retraction) {
  original.set_retraction_id(std::move(retraction));
  return original;
}

TEST_F(VoucherIndexTest, ACompensationCountsOnceAndFreesTheKey) {
  for (const char* number : {"7", "A7"}) {
    SCOPED_TRACE(number);
    lv1::VoucherPosted original = Voucher("A", number, "imp1");
    EXPECT_TRUE(Admit(original));
    Complete("imp1");
    EXPECT_TRUE(Admit(Compensation(original, "r1")));
    // A second copy of the retraction takes back nothing.
    EXPECT_FALSE(Admit(Compensation(original, "r1")));
    EXPECT_FALSE(PostedVouchers(&store_, "0580", "X").Posted(2021, "A", number));
    // The key is free: the same voucher imported again counts.
    EXPECT_TRUE(Admit(Voucher("A", number, "imp2")));
    EXPECT_FALSE(Admit(Voucher("A", number, "imp3")));
  }
}

TEST_F(VoucherIndexTest, ACompensationOfNothingPostedDoesNotCount) {
  EXPECT_FALSE(Admit(Compensation(Voucher("A", "9", "imp1"), "r1")));
  EXPECT_FALSE(Admit(Compensation(Voucher("A", "B9", "imp1"), "r1")));
}

TEST_F(VoucherIndexTest, VouchersWithoutAKeyAreTakenBackOncePerImportAndLine) {
  lv1::VoucherPosted unnumbered = Voucher("", "", "imp1", 30);
  lv1::VoucherPosted repeated = Voucher("#", "1", "imp1", 40, /*repeated=*/true);
  EXPECT_TRUE(Admit(unnumbered));
  EXPECT_TRUE(Admit(repeated));
  Complete("imp1");
  EXPECT_TRUE(Admit(Compensation(unnumbered, "r1")));
  EXPECT_TRUE(Admit(Compensation(repeated, "r1")));
  EXPECT_FALSE(Admit(Compensation(unnumbered, "r1")));
  EXPECT_FALSE(Admit(Compensation(repeated, "r1")));
}

TEST_F(VoucherIndexTest, RetractAndReimportWithinOneStep) {
  // The runner may apply an import, its retraction and the import again in one step.
  index_.BeginStep();
  for (const char* number : {"5", "A5"}) {
    lv1::VoucherPosted original = Voucher("A", number, "imp1");
    EXPECT_TRUE(*index_.Admit(store_, "0580", original));
    EXPECT_TRUE(*index_.Admit(store_, "0580", Compensation(original, "r1")));
    EXPECT_FALSE(*index_.Admit(store_, "0580", Compensation(original, "r1")));
    EXPECT_TRUE(*index_.Admit(store_, "0580", Voucher("A", number, "imp2")));
    EXPECT_FALSE(*index_.Admit(store_, "0580", Voucher("A", number, "imp3")));
  }
  ASSERT_TRUE(index_.EndStep(store_).ok());
  EXPECT_FALSE(Admit(Voucher("A", "5", "imp4")));
  EXPECT_FALSE(Admit(Voucher("A", "A5", "imp4")));
}

TEST_F(VoucherIndexTest, AFailedStepLeavesNothingBehind) {
  index_.BeginStep();
  EXPECT_TRUE(*index_.Admit(store_, "0580", Voucher("A", "1", "imp1")));
  // The step fails before EndStep; the runner discards its writes and starts again.
  index_.BeginStep();
  EXPECT_TRUE(*index_.Admit(store_, "0580", Voucher("A", "1", "imp1")));
  ASSERT_TRUE(index_.EndStep(store_).ok());
}

TEST_F(VoucherIndexTest, TheReadSideSeesWhatWasPosted) {
  EXPECT_TRUE(Admit(Voucher("A", "3", "imp1")));
  EXPECT_TRUE(Admit(Voucher("A", "B12", "imp1")));
  PostedVouchers posted(&store_, "0580", "X");
  EXPECT_TRUE(posted.Posted(2021, "A", "3"));
  EXPECT_TRUE(posted.Posted(2021, "A", "B12"));
  EXPECT_FALSE(posted.Posted(2021, "A", "4"));
  EXPECT_FALSE(posted.Posted(2020, "A", "3"));
  EXPECT_TRUE(posted.AnyPosted(2021));
  EXPECT_FALSE(posted.AnyPosted(2020));
  // The keys live under the prefix only.
  PostedVouchers other(&store_, "0580", "");
  EXPECT_FALSE(other.Posted(2021, "A", "3"));
}

}  // namespace
}  // namespace tertial::chart
