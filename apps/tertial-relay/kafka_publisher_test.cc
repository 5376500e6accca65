#include "kafka_publisher.h"

#include <gtest/gtest.h>

#include "tertial/eventlog/kafka_mock_cluster.h"

namespace tertial::relay {
namespace {

constexpr char kTopic[] = "tertial.public.ledger.v1";

class KafkaPublisherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = eventlog::KafkaMockCluster::Start(1);
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = std::move(*cluster);
    ASSERT_TRUE(cluster_->CreateTopic(kTopic, 3, 1).ok());
  }

  absl::StatusOr<std::unique_ptr<KafkaPublisher>> Open(
      std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    return KafkaPublisher::Open({.bootstrap_servers = cluster_->bootstrap(),
                                 .transactional_id = "relay-test",
                                 .request_timeout = timeout});
  }

  static PublicRecord Record(int partition, int64_t source_offset) {
    return {.topic = kTopic,
            .partition = partition,
            .key = "0580",
            .value = "{\"id\":\"e" + std::to_string(source_offset) + "\"}",
            .source_offset = source_offset,
            .source_batch = source_offset + 1};
  }

  std::unique_ptr<eventlog::KafkaMockCluster> cluster_;
};

TEST_F(KafkaPublisherTest, ResumesAfterTheLastCommittedSourceOffsetOfEachPartition) {
  auto publisher = Open();
  ASSERT_TRUE(publisher.ok()) << publisher.status();
  ASSERT_TRUE((*publisher)->EnsureTopic(kTopic, 3).ok());
  auto empty = (*publisher)->LastRelayed(kTopic, 2);
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_FALSE(empty->has_value());

  ASSERT_TRUE((*publisher)->Begin().ok());
  for (int64_t offset : {4, 5, 9}) ASSERT_TRUE((*publisher)->Produce(Record(2, offset)).ok());
  ASSERT_TRUE((*publisher)->Produce(Record(0, 70)).ok());
  ASSERT_TRUE((*publisher)->Commit().ok());

  // A new incarnation (the same id) reads where each partition ends.
  publisher->reset();
  auto again = Open();
  ASSERT_TRUE(again.ok()) << again.status();
  auto last = (*again)->LastRelayed(kTopic, 2);
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ(last->value_or(-1), 9);
  last = (*again)->LastRelayed(kTopic, 0);
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ(last->value_or(-1), 70);
  last = (*again)->LastRelayed(kTopic, 1);
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_FALSE(last->has_value());
}

TEST_F(KafkaPublisherTest, FindsTheLastRelayedRecordFarBehindTheEnd) {
  auto publisher = Open();
  ASSERT_TRUE(publisher.ok()) << publisher.status();
  // More records than the first look back reads (64), in many transactions.
  for (int64_t t = 0; t < 10; ++t) {
    ASSERT_TRUE((*publisher)->Begin().ok());
    for (int64_t i = 0; i < 20; ++i) {
      ASSERT_TRUE((*publisher)->Produce(Record(1, t * 100 + i)).ok());
    }
    ASSERT_TRUE((*publisher)->Commit().ok());
  }
  auto last = (*publisher)->LastRelayed(kTopic, 1);
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ(last->value_or(-1), 919);
}

TEST_F(KafkaPublisherTest, RefusesAPublicTopicWithAnotherPartitionCount) {
  auto publisher = Open();
  ASSERT_TRUE(publisher.ok()) << publisher.status();
  absl::Status s = (*publisher)->EnsureTopic(kTopic, 12);
  EXPECT_TRUE(absl::IsFailedPrecondition(s)) << s;
  EXPECT_NE(s.message().find("has 3 partitions and its source 12"), std::string_view::npos) << s;
}

TEST_F(KafkaPublisherTest, AMissingTopicIsCreatedOrRefusedNamingIt) {
  auto publisher = Open(std::chrono::seconds(2));
  ASSERT_TRUE(publisher.ok()) << publisher.status();
  absl::Status s = (*publisher)->EnsureTopic("tertial.public.goals.v1", 3);
  // librdkafka's mock cluster has no admin API: the relay must say what to create. A
  // cluster that made it has it with the partitions asked for.
  if (s.ok()) {
    EXPECT_TRUE((*publisher)->EnsureTopic("tertial.public.goals.v1", 3).ok());
  } else {
    EXPECT_TRUE(absl::IsFailedPrecondition(s)) << s;
    EXPECT_NE(s.message().find("tertial.public.goals.v1 does not exist"), std::string_view::npos)
        << s;
    EXPECT_NE(s.message().find("with 3 partitions"), std::string_view::npos) << s;
  }
}

// Fencing (a relay started with the same transactional id makes the older one's next
// commit fail) is the brokers' InitProducerId epoch bump; librdkafka 2.0's mock cluster
// does not check epochs, so it is not tested here (docs/deploy.md says so).

}  // namespace
}  // namespace tertial::relay
