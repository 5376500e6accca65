#include "relay.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "tertial/eventlog/embedded_log.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::relay {
namespace {

// A transactional log in memory: what is produced becomes visible at Commit. `crash_after`
// simulates a relay killed mid-transaction: that many produces succeed, then every call
// fails and the open transaction is lost, as a SIGKILLed producer's is.
class MemoryPublisher final : public Publisher {
 public:
  absl::Status EnsureTopic(const std::string& topic, int partitions) override {
    partitions_[topic] = partitions;
    return absl::OkStatus();
  }
  absl::StatusOr<std::optional<int64_t>> LastRelayed(const std::string& topic,
                                                     int partition) override {
    const std::vector<PublicRecord>& records = committed[{topic, partition}];
    if (records.empty()) return std::nullopt;
    return records.back().source_offset;
  }
  absl::Status Begin() override {
    if (crashed_) return absl::FailedPreconditionError("crashed");
    open_.clear();
    transaction_ = next_transaction_++;
    return absl::OkStatus();
  }
  absl::Status Produce(const PublicRecord& record) override {
    if (crashed_ || crash_after == 0) {
      crashed_ = true;
      open_.clear();
      return absl::FailedPreconditionError("crashed");
    }
    if (crash_after > 0) --crash_after;
    open_.push_back(record);
    return absl::OkStatus();
  }
  absl::Status Commit() override {
    if (crashed_) return absl::FailedPreconditionError("crashed");
    for (PublicRecord& record : open_) {
      transaction_of[{record.topic, record.partition, record.source_offset}] = transaction_;
      committed[{record.topic, record.partition}].push_back(std::move(record));
    }
    open_.clear();
    return absl::OkStatus();
  }
  void Abort() override { open_.clear(); }

  // A new incarnation of the relay: the lost transaction stays lost.
  void Restart() {
    crashed_ = false;
    crash_after = -1;
  }

  int64_t crash_after = -1;  // -1: never
  std::map<std::pair<std::string, int>, std::vector<PublicRecord>> committed;
  std::map<std::tuple<std::string, int, int64_t>, int64_t> transaction_of;

 private:
  std::map<std::string, int> partitions_;
  std::vector<PublicRecord> open_;
  bool crashed_ = false;
  int64_t transaction_ = 0;
  int64_t next_transaction_ = 1;
};

constexpr std::string_view kPublicLedger = "tertial.public.ledger.v1";

class RelayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = eventlog::EmbeddedLog::Open(dir_.Sub("log"));
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = std::move(*log);
    ASSERT_TRUE(log_->CreateTopic(eventlog::kLedgerTopic, 3).ok());
  }

  // Appends a batch of `size` UnitDefined events for `organisation`; returns their ids.
  std::vector<std::string> AppendBatch(const std::string& organisation, int size) {
    std::vector<eventlog::Envelope> envelopes;
    std::vector<std::string> ids;
    for (int i = 0; i < size; ++i) {
      ledger::v1::LedgerEvent event;
      event.mutable_unit_defined()->set_unit_id("U" + std::to_string(next_unit_));
      event.mutable_unit_defined()->set_name("Enhet " + std::to_string(next_unit_));
      ++next_unit_;
      auto envelope = eventlog::Wrap(event, "unit", {.organisation = organisation});
      EXPECT_TRUE(envelope.ok()) << envelope.status();
      ids.push_back(envelope->event_id());
      envelopes.push_back(*std::move(envelope));
    }
    auto appended = log_->Append(eventlog::kLedgerTopic, organisation, envelopes);
    EXPECT_TRUE(appended.ok()) << appended.status();
    return ids;
  }

  std::vector<const contract::TopicContract*> Ledger() {
    return {contract::FindTopic(eventlog::kLedgerTopic)};
  }

  // The event ids of the public records of a partition, in order.
  std::vector<std::string> PublishedIds(MemoryPublisher& publisher, int partition) {
    std::vector<std::string> ids;
    for (const PublicRecord& record :
         publisher.committed[{std::string(kPublicLedger), partition}]) {
      size_t at = record.value.find("\"id\":\"");
      EXPECT_NE(at, std::string::npos) << record.value;
      size_t end = record.value.find('"', at + 6);
      ids.push_back(record.value.substr(at + 6, end - at - 6));
    }
    return ids;
  }

  tertial::testing::TempDir dir_;
  std::unique_ptr<eventlog::EmbeddedLog> log_;
  int next_unit_ = 0;
};

TEST_F(RelayTest, PublishesEveryCommittedEventOnceInSourceOrderToTheSamePartition) {
  std::vector<std::string> expected = AppendBatch("0580", 4);
  std::vector<std::string> more = AppendBatch("0580", 3);
  expected.insert(expected.end(), more.begin(), more.end());
  const int partition = *log_->PartitionFor(eventlog::kLedgerTopic, "0580");
  MemoryPublisher publisher;
  Relay relay(log_.get(), &publisher, Ledger());
  ASSERT_TRUE(relay.Start().ok());
  ASSERT_TRUE(relay.CatchUp().ok());
  EXPECT_EQ(PublishedIds(publisher, partition), expected);
  for (const PublicRecord& record : publisher.committed[{std::string(kPublicLedger), partition}]) {
    EXPECT_EQ(record.key, "0580");
    EXPECT_EQ(record.partition, partition);
  }
  EXPECT_EQ(relay.counts().events, 7);
}

TEST_F(RelayTest, ATransactionHoldsWholeBatchesOnly) {
  // Three batches of 5 with transactions of at most 2 events: each batch alone, never split.
  for (int i = 0; i < 3; ++i) AppendBatch("0580", 5);
  const int partition = *log_->PartitionFor(eventlog::kLedgerTopic, "0580");
  MemoryPublisher publisher;
  Relay relay(log_.get(), &publisher, Ledger(), {.transaction_events = 2, .read_records = 3});
  ASSERT_TRUE(relay.Start().ok());
  ASSERT_TRUE(relay.CatchUp().ok());
  const auto& records = publisher.committed[{std::string(kPublicLedger), partition}];
  ASSERT_EQ(records.size(), 15u);
  std::map<int64_t, std::set<int64_t>> transactions_of_batch;
  for (const PublicRecord& record : records) {
    transactions_of_batch[record.source_batch].insert(
        publisher.transaction_of[{std::string(kPublicLedger), partition, record.source_offset}]);
  }
  ASSERT_EQ(transactions_of_batch.size(), 3u);
  for (const auto& [batch, transactions] : transactions_of_batch) {
    EXPECT_EQ(transactions.size(), 1u) << "batch " << batch << " spans transactions";
  }
}

TEST_F(RelayTest, ARelayKilledMidTransactionResumesWithoutGapsOrRepeats) {
  std::vector<std::string> expected;
  for (int i = 0; i < 6; ++i) {
    std::vector<std::string> ids = AppendBatch("0580", 3);
    expected.insert(expected.end(), ids.begin(), ids.end());
  }
  const int partition = *log_->PartitionFor(eventlog::kLedgerTopic, "0580");
  MemoryPublisher publisher;
  // Killed again and again mid-transaction (after 1, 3, 5 produces of each incarnation),
  // until an incarnation gets to the end.
  int killed = 0;
  for (int64_t kill_after = 1;; kill_after += 2) {
    publisher.crash_after = kill_after;
    Relay relay(log_.get(), &publisher, Ledger(), {.transaction_events = 4});
    ASSERT_TRUE(relay.Start().ok());
    absl::Status caught_up = relay.CatchUp();
    publisher.Restart();
    if (caught_up.ok()) break;
    ++killed;
  }
  EXPECT_GE(killed, 3);
  Relay relay(log_.get(), &publisher, Ledger(), {.transaction_events = 4});
  ASSERT_TRUE(relay.Start().ok());
  ASSERT_TRUE(relay.CatchUp().ok());
  EXPECT_EQ(PublishedIds(publisher, partition), expected);
}

TEST_F(RelayTest, EventsAppendedWhileRunningArePublished) {
  MemoryPublisher publisher;
  Relay relay(log_.get(), &publisher, Ledger());
  ASSERT_TRUE(relay.Start().ok());
  ASSERT_TRUE(relay.CatchUp().ok());
  EXPECT_EQ(relay.counts().events, 0);
  std::vector<std::string> expected = AppendBatch("0580", 2);
  ASSERT_TRUE(relay.CatchUp().ok());
  EXPECT_EQ(PublishedIds(publisher, *log_->PartitionFor(eventlog::kLedgerTopic, "0580")), expected);
}

}  // namespace
}  // namespace tertial::relay
