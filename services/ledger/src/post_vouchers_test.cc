#include "post_vouchers.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "core.h"
#include "projection.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::ledger {
namespace {

using Clock = std::chrono::steady_clock;

// A log whose batches fail after `fail_after` records when `failing` is set: what an
// outage in the middle of an append looks like to the writer.
class FailingLog final : public eventlog::EventLog {
 public:
  explicit FailingLog(eventlog::EventLog* inner) : inner_(inner) {}
  std::atomic<bool> failing{false};
  int fail_after = 1;

  absl::StatusOr<int> Partitions(std::string_view topic) override {
    return inner_->Partitions(topic);
  }
  absl::StatusOr<std::unique_ptr<eventlog::BatchWriter>> BeginBatch(std::string_view topic,
                                                                    std::string_view key) override {
    absl::StatusOr<std::unique_ptr<eventlog::BatchWriter>> inner = inner_->BeginBatch(topic, key);
    if (!inner.ok()) return inner.status();
    return std::unique_ptr<eventlog::BatchWriter>(
        new Writer(std::move(*inner), failing ? fail_after : -1));
  }
  absl::StatusOr<std::vector<eventlog::Record>> Read(std::string_view topic, int partition,
                                                     int64_t from, size_t max) override {
    return inner_->Read(topic, partition, from, max);
  }
  absl::StatusOr<int64_t> EndOffset(std::string_view topic, int partition) override {
    return inner_->EndOffset(topic, partition);
  }
  bool EndOffsetIsLocal() const override { return inner_->EndOffsetIsLocal(); }
  bool WaitForData(std::string_view topic, int partition, int64_t from,
                   std::chrono::milliseconds timeout) override {
    return inner_->WaitForData(topic, partition, from, timeout);
  }

 private:
  class Writer final : public eventlog::BatchWriter {
   public:
    Writer(std::unique_ptr<eventlog::BatchWriter> inner, int fail_after)
        : BatchWriter(inner->topic()), inner_(std::move(inner)), fail_after_(fail_after) {}
    int64_t size() const override { return inner_->size(); }

   protected:
    absl::Status AddChecked(const eventlog::Envelope& envelope) override {
      if (fail_after_ >= 0 && inner_->size() >= fail_after_) {
        return absl::UnavailableError("the log went away");
      }
      return AddCheckedTo(*inner_, envelope);
    }
    absl::StatusOr<eventlog::AppendResult> CommitBatch() override { return inner_->Commit(); }

   private:
    std::unique_ptr<eventlog::BatchWriter> inner_;
    int fail_after_;
  };
  eventlog::EventLog* inner_;
};

constexpr char kSie[] = R"(#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#RAR 0 20210101 20211231
#KONTO 1930 "Bank"
#KONTO 5010 "Lokalhyra"
#OBJEKT 1 "EKS" "Ekonomistaben"
#VER A 1 20210110 "Start"
{
#TRANS 5010 {1 "EKS"} 100.00
#TRANS 1930 {} -100.00
}
)";

v1::VoucherToPost Rent(std::string number, int64_t ore, std::string sender_id = "") {
  v1::VoucherToPost voucher;
  voucher.set_series("B");
  voucher.set_number(std::move(number));
  voucher.set_sender_id(std::move(sender_id));
  voucher.mutable_date()->set_year(2021);
  voucher.mutable_date()->set_month(3);
  voucher.mutable_date()->set_day(15);
  voucher.set_text("Hyra");
  v1::VoucherLine* cost = voucher.add_lines();
  cost->set_account("5010");
  cost->set_amount_ore(ore);
  v1::ObjectRef* unit = cost->add_objects();
  unit->set_dimension(1);
  unit->set_object_id("EKS");
  v1::VoucherLine* bank = voucher.add_lines();
  bank->set_account("1930");
  bank->set_amount_ore(-ore);
  return voucher;
}

v1::PostVouchersRequest Request(std::vector<v1::VoucherToPost> vouchers) {
  v1::PostVouchersRequest request;
  request.set_organisation("0580");
  request.set_sender("test");
  for (v1::VoucherToPost& v : vouchers) *request.add_vouchers() = std::move(v);
  return request;
}

class VoucherPostingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_ = *eventlog::EmbeddedLog::Open(dir_.Sub("log"), {.sync_commits = false});
    failing_ = std::make_unique<FailingLog>(log_.get());
    Open();
    std::string path = dir_.Sub("start.se");
    std::ofstream(path) << kSie;
    v1::ImportMetadata metadata;
    metadata.set_organisation("0580");
    metadata.set_file_name("start.se");
    absl::StatusOr<v1::ImportResult> imported = core_->importer().Import(
        metadata, path, "", [](std::string_view) { return absl::OkStatus(); });
    ASSERT_TRUE(imported.ok()) << imported.status();
    ASSERT_TRUE(imported->committed()) << imported->DebugString();
  }
  void Open() {
    db_ = *projection::ProjectionDb::Open(dir_.Sub("projection"));
    runner_ = std::make_unique<projection::Runner>(failing_.get(), db_.get(), &projection_);
    ASSERT_TRUE(runner_->CatchUp().ok());
    core_ = std::make_unique<LedgerCore>(failing_.get(), db_.get(), runner_.get());
  }
  void Close() {
    core_.reset();
    runner_.reset();
    db_.reset();
  }
  absl::StatusOr<v1::PostVouchersResponse> Post(const v1::PostVouchersRequest& request) {
    return core_->posting().Post(request, "anna", Clock::now() + std::chrono::seconds(10));
  }
  // The actual amount on account 5010 in 2021-03.
  int64_t Rent2021_03() {
    v1::GetBalancesRequest request;
    request.set_organisation("0580");
    request.add_group_by(v1::GROUP_BY_ACCOUNT);
    request.add_group_by(v1::GROUP_BY_MONTH);
    std::unique_ptr<projection::Reader> snapshot = db_->Snapshot();
    absl::StatusOr<std::vector<v1::BalanceRow>> rows = QueryBalances(*snapshot, request);
    EXPECT_TRUE(rows.ok()) << rows.status();
    int64_t sum = 0;
    for (const v1::BalanceRow& row : *rows) {
      if (row.account() == "5010" && row.period().month() == 3) sum += row.actual_ore();
    }
    return sum;
  }
  int64_t LedgerEvents() {
    int64_t n = 0;
    for (int p = 0; p < *log_->Partitions(eventlog::kLedgerTopic); ++p) {
      n += static_cast<int64_t>((*log_->Read(eventlog::kLedgerTopic, p, 0, 100000)).size());
    }
    return n;
  }

  testing::TempDir dir_;
  std::unique_ptr<eventlog::EmbeddedLog> log_;
  std::unique_ptr<FailingLog> failing_;
  std::unique_ptr<projection::ProjectionDb> db_;
  LedgerProjection projection_;
  std::unique_ptr<projection::Runner> runner_;
  std::unique_ptr<LedgerCore> core_;
};

TEST_F(VoucherPostingTest, AcceptsThenAnswersDuplicateThenRejectsOtherContent) {
  absl::StatusOr<v1::PostVouchersResponse> first = Post(Request({Rent("7", 5000)}));
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->answers_size(), 1);
  EXPECT_EQ(first->answers(0).outcome(), v1::VOUCHER_OUTCOME_ACCEPTED) << first->DebugString();
  EXPECT_FALSE(first->import_id().empty());
  EXPECT_EQ(first->answers(0).import_id(), first->import_id());
  EXPECT_EQ(Rent2021_03(), 5000);

  const int64_t events = LedgerEvents();
  absl::StatusOr<v1::PostVouchersResponse> again = Post(Request({Rent("7", 5000)}));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->answers(0).outcome(), v1::VOUCHER_OUTCOME_DUPLICATE);
  EXPECT_EQ(again->answers(0).import_id(), first->import_id());
  EXPECT_TRUE(again->import_id().empty());

  absl::StatusOr<v1::PostVouchersResponse> other = Post(Request({Rent("7", 6000)}));
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(other->answers(0).outcome(), v1::VOUCHER_OUTCOME_REJECTED);
  ASSERT_EQ(other->answers(0).errors_size(), 1);
  EXPECT_NE(other->answers(0).errors(0).message().find("already posted"), std::string::npos);
  EXPECT_EQ(LedgerEvents(), events);
  EXPECT_EQ(Rent2021_03(), 5000);
}

// A retracted batch takes its vouchers back: posting them again is a new voucher, not a
// duplicate of one that no longer counts (by number and by sender id).
TEST_F(VoucherPostingTest, AVoucherOfARetractedBatchMayBePostedAgain) {
  absl::StatusOr<v1::PostVouchersResponse> first =
      Post(Request({Rent("7", 5000), Rent("", 300, "erp-1")}));
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->answers(0).outcome(), v1::VOUCHER_OUTCOME_ACCEPTED);
  ASSERT_EQ(first->answers(1).outcome(), v1::VOUCHER_OUTCOME_ACCEPTED);
  EXPECT_EQ(Rent2021_03(), 5300);
  absl::StatusOr<v1::RetractImportResponse> retracted =
      core_->RetractImport("0580", first->import_id(), "bokförd i fel system", "anna");
  ASSERT_TRUE(retracted.ok()) << retracted.status();
  ASSERT_TRUE(runner_->CatchUp().ok());
  EXPECT_EQ(Rent2021_03(), 0);

  absl::StatusOr<v1::PostVouchersResponse> again =
      Post(Request({Rent("7", 5000), Rent("", 300, "erp-1")}));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->answers(0).outcome(), v1::VOUCHER_OUTCOME_ACCEPTED) << again->DebugString();
  EXPECT_EQ(again->answers(1).outcome(), v1::VOUCHER_OUTCOME_ACCEPTED) << again->DebugString();
  EXPECT_EQ(Rent2021_03(), 5300);
}

TEST_F(VoucherPostingTest, TheBatchIsListedAsAnImport) {
  absl::StatusOr<v1::PostVouchersResponse> posted =
      Post(Request({Rent("7", 5000), Rent("8", 100)}));
  ASSERT_TRUE(posted.ok()) << posted.status();
  std::unique_ptr<projection::Reader> snapshot = db_->Snapshot();
  absl::StatusOr<v1::ListImportsResponse> imports = QueryImports(*snapshot, "0580");
  ASSERT_TRUE(imports.ok());
  ASSERT_EQ(imports->imports_size(), 2);
  const v1::ImportCompleted& batch = imports->imports(1);
  EXPECT_EQ(batch.import_id(), posted->import_id());
  EXPECT_EQ(batch.format(), v1::IMPORT_FORMAT_POSTED_VOUCHERS);
  EXPECT_EQ(batch.vouchers(), 2);
  EXPECT_EQ(batch.transactions(), 4);
}

TEST_F(VoucherPostingTest, ARejectedVoucherDoesNotStopTheOthersOfItsRequest) {
  v1::VoucherToPost unbalanced = Rent("9", 100);
  unbalanced.mutable_lines(1)->set_amount_ore(-99);
  absl::StatusOr<v1::PostVouchersResponse> posted =
      Post(Request({Rent("7", 5000), unbalanced, Rent("8", 100)}));
  ASSERT_TRUE(posted.ok()) << posted.status();
  EXPECT_EQ(posted->answers(0).outcome(), v1::VOUCHER_OUTCOME_ACCEPTED);
  EXPECT_EQ(posted->answers(1).outcome(), v1::VOUCHER_OUTCOME_REJECTED);
  EXPECT_EQ(posted->answers(1).errors(0).line(), 2);
  EXPECT_EQ(posted->answers(1).errors(0).field(), "#VER");
  EXPECT_EQ(posted->answers(2).outcome(), v1::VOUCHER_OUTCOME_ACCEPTED);
  EXPECT_EQ(Rent2021_03(), 5100);
}

TEST_F(VoucherPostingTest, ABatchThatFailsMidwayAppendsNothingAndMaySimplyBeSentAgain) {
  const int64_t events = LedgerEvents();
  failing_->fail_after = 1;  // the first voucher is in the batch when it fails
  failing_->failing = true;
  absl::StatusOr<v1::PostVouchersResponse> failed =
      Post(Request({Rent("7", 5000), Rent("8", 100)}));
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kUnavailable) << failed.status();
  EXPECT_EQ(LedgerEvents(), events);
  EXPECT_EQ(Rent2021_03(), 0);

  failing_->failing = false;
  absl::StatusOr<v1::PostVouchersResponse> retried =
      Post(Request({Rent("7", 5000), Rent("8", 100)}));
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(retried->answers(0).outcome(), v1::VOUCHER_OUTCOME_ACCEPTED);
  EXPECT_EQ(retried->answers(1).outcome(), v1::VOUCHER_OUTCOME_ACCEPTED);
  EXPECT_EQ(Rent2021_03(), 5100);
}

TEST_F(VoucherPostingTest, IdempotencySurvivesARestart) {
  ASSERT_TRUE(Post(Request({Rent("7", 5000), Rent("", 300, "erp-1")})).ok());
  Close();
  Open();
  absl::StatusOr<v1::PostVouchersResponse> again =
      Post(Request({Rent("7", 5000), Rent("", 300, "erp-1"), Rent("", 400, "erp-1")}));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->answers(0).outcome(), v1::VOUCHER_OUTCOME_DUPLICATE);
  EXPECT_EQ(again->answers(1).outcome(), v1::VOUCHER_OUTCOME_DUPLICATE);
  EXPECT_EQ(again->answers(2).outcome(), v1::VOUCHER_OUTCOME_REJECTED);
  EXPECT_EQ(Rent2021_03(), 5300);
}

TEST_F(VoucherPostingTest, ConcurrentStreamsPostEachKeyOnce) {
  constexpr int kThreads = 4, kVouchers = 40;
  std::atomic<int> accepted{0}, duplicates{0}, failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      // Every stream sends the same vouchers, two per request.
      for (int i = 0; i < kVouchers; i += 2) {
        absl::StatusOr<v1::PostVouchersResponse> r =
            Post(Request({Rent(std::to_string(100 + i), 10), Rent(std::to_string(101 + i), 10)}));
        if (!r.ok()) {
          ++failures;
          continue;
        }
        for (const v1::VoucherAnswer& a : r->answers()) {
          if (a.outcome() == v1::VOUCHER_OUTCOME_ACCEPTED) ++accepted;
          if (a.outcome() == v1::VOUCHER_OUTCOME_DUPLICATE) ++duplicates;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(accepted, kVouchers);
  EXPECT_EQ(duplicates, kVouchers * (kThreads - 1));
  EXPECT_EQ(Rent2021_03(), 10 * kVouchers);
}

TEST_F(VoucherPostingTest, RefusesARequestTooLargeAnUnknownOrganisationAndAMissedDeadline) {
  std::vector<v1::VoucherToPost> many(101, Rent("1", 1));
  EXPECT_EQ(Post(Request(many)).status().code(), absl::StatusCode::kInvalidArgument);
  v1::PostVouchersRequest unknown = Request({Rent("7", 5000)});
  unknown.set_organisation("0999");
  EXPECT_EQ(Post(unknown).status().code(), absl::StatusCode::kNotFound);
  // An import holds the ledger past the request's deadline.
  std::lock_guard<std::mutex> import(core_->importer().command_mutex());
  absl::StatusOr<v1::PostVouchersResponse> late = core_->posting().Post(
      Request({Rent("7", 5000)}), "anna", Clock::now() + std::chrono::milliseconds(50));
  EXPECT_EQ(late.status().code(), absl::StatusCode::kDeadlineExceeded) << late.status();
}

}  // namespace
}  // namespace tertial::ledger
