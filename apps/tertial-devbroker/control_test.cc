// The devbroker's control channel: each command answers `ok` and does what it says to the
// mock cluster (seen by a plain librdkafka client), and bad lines get an error naming
// what was wrong without touching the cluster.

#include "control.h"

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "tertial/base/strings.h"

namespace tertial::devbroker {
namespace {

using eventlog::KafkaMockCluster;

constexpr char kTopic[] = "tertial.control.v1";

// One cluster for the binary (tearing one down takes a second).
KafkaMockCluster& Cluster() {
  static KafkaMockCluster* cluster = [] {
    KafkaMockCluster* c = KafkaMockCluster::Start(3)->release();
    EXPECT_TRUE(c->CreateTopic(kTopic, 3).ok());
    return c;
  }();
  return *cluster;
}

// A plain producer that does not retry, so that an injected error reaches it.
class Client {
 public:
  Client() {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char error[256];
    const std::string bootstrap = Cluster().bootstrap();
    for (auto [name, value] : {std::pair{"bootstrap.servers", bootstrap.c_str()},
                               {"retries", "0"},
                               {"message.timeout.ms", "5000"},
                               {"log_level", "0"},
                               {"enable.idempotence", "false"},
                               {"acks", "all"}}) {
      EXPECT_EQ(rd_kafka_conf_set(conf, name, value, error, sizeof(error)), RD_KAFKA_CONF_OK)
          << name << ": " << error;
    }
    rd_kafka_conf_set_dr_msg_cb(conf, [](rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
      *static_cast<rd_kafka_resp_err_t*>(opaque) = m->err;
    });
    rd_kafka_conf_set_opaque(conf, &delivered_);
    handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof(error));
    EXPECT_NE(handle_, nullptr) << error;
  }
  ~Client() { rd_kafka_destroy(handle_); }

  // Produces one record to partition 0 and returns its delivery's error.
  rd_kafka_resp_err_t Produce() {
    delivered_ = RD_KAFKA_RESP_ERR__IN_PROGRESS;
    rd_kafka_resp_err_t err =
        rd_kafka_producev(handle_, RD_KAFKA_V_TOPIC(kTopic), RD_KAFKA_V_PARTITION(0),
                          RD_KAFKA_V_VALUE(const_cast<char*>("v"), 1), RD_KAFKA_V_END);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return err;
    for (int i = 0; i < 100 && delivered_ == RD_KAFKA_RESP_ERR__IN_PROGRESS; ++i) {
      rd_kafka_poll(handle_, 100);
    }
    return delivered_;
  }

  // The partition's leader as the cluster's metadata gives it; -1 if it does not answer.
  int Leader(int partition, int timeout_ms = 5000) {
    const rd_kafka_metadata_t* metadata = nullptr;
    rd_kafka_topic_t* topic = rd_kafka_topic_new(handle_, kTopic, nullptr);
    int leader = -1;
    if (rd_kafka_metadata(handle_, 0, topic, &metadata, timeout_ms) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      for (int t = 0; t < metadata->topic_cnt; ++t) {
        for (int p = 0; p < metadata->topics[t].partition_cnt; ++p) {
          if (metadata->topics[t].partitions[p].id == partition) {
            leader = metadata->topics[t].partitions[p].leader;
          }
        }
      }
      rd_kafka_metadata_destroy(metadata);
    }
    rd_kafka_topic_destroy(topic);
    return leader;
  }

 private:
  rd_kafka_t* handle_ = nullptr;
  rd_kafka_resp_err_t delivered_ = RD_KAFKA_RESP_ERR_NO_ERROR;
};

TEST(DevbrokerControl, ProduceErrorsFailTheNextProduceRequests) {
  Client client;
  ASSERT_EQ(client.Produce(), RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_EQ(Execute(Cluster(), "produce-errors 1 not_enough_replicas"), "ok");
  EXPECT_EQ(client.Produce(), RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS);
  EXPECT_EQ(client.Produce(), RD_KAFKA_RESP_ERR_NO_ERROR);
  // Queued and cleared: nothing left to fail.
  EXPECT_EQ(Execute(Cluster(), "produce-errors 3 NOT_ENOUGH_REPLICAS"), "ok");
  EXPECT_EQ(Execute(Cluster(), "clear-errors"), "ok");
  EXPECT_EQ(client.Produce(), RD_KAFKA_RESP_ERR_NO_ERROR);
}

TEST(DevbrokerControl, LeaderMovesThePartition) {
  Client client;
  ASSERT_EQ(client.Leader(1), Cluster().LeaderOf(1));
  EXPECT_EQ(Execute(Cluster(), StrCat("leader ", kTopic, " 1 3")), "ok");
  EXPECT_EQ(client.Leader(1), 3);
  EXPECT_EQ(Execute(Cluster(), StrCat("leader ", kTopic, " 1 ", Cluster().LeaderOf(1))), "ok");
  EXPECT_EQ(client.Leader(1), Cluster().LeaderOf(1));
}

TEST(DevbrokerControl, BrokersGoDownAndComeBack) {
  EXPECT_EQ(Execute(Cluster(), "broker down all"), "ok");
  {
    Client client;
    EXPECT_EQ(client.Leader(0, 1500), -1) << "a broker answered while all were down";
  }
  EXPECT_EQ(Execute(Cluster(), "broker up all"), "ok");
  Client client;
  EXPECT_EQ(client.Leader(0), Cluster().LeaderOf(0));
  EXPECT_EQ(Execute(Cluster(), "broker down 2"), "ok");
  EXPECT_EQ(Execute(Cluster(), "broker up 2"), "ok");
}

TEST(DevbrokerControl, AcceptsEveryCommandAsDocumented) {
  for (const char* line : {"fetch-errors 3", "fetch-errors 2 _TRANSPORT", "list-offsets-errors 1",
                           "metadata-errors 1 LEADER_NOT_AVAILABLE", "clear-errors", "rtt 2 100",
                           "rtt 2 0", "  broker   up\t1  ", "broker up 1\r"}) {
    EXPECT_EQ(Execute(Cluster(), line), "ok") << line;
  }
  EXPECT_NE(Execute(Cluster(), "help").find("produce-errors"), std::string::npos);
  EXPECT_EQ(Execute(Cluster(), ""), "");
  EXPECT_EQ(Execute(Cluster(), "   "), "");
  EXPECT_EQ(Execute(Cluster(), "# a comment"), "");
}

TEST(DevbrokerControl, RefusesBadLinesNamingWhatIsWrong) {
  struct Case {
    const char* line;
    const char* expected;
  };
  for (const Case& c : {
           Case{"frobnicate 1", "error: frobnicate: unknown command frobnicate; commands:"},
           Case{"broker down 4", "error: broker: broker 4: expected 1..3 (or all)"},
           Case{"broker down 0", "error: broker: broker 0: brokers are numbered from 1"},
           Case{"broker sideways 1", "error: broker: usage: broker down|up BROKER|all"},
           Case{"broker down", "error: broker: usage:"},
           Case{"broker down x", "error: broker: broker x: expected a whole number"},
           Case{"leader tertial.nope.v1 0 1", "error: leader: no topic tertial.nope.v1"},
           Case{"leader tertial.control.v1 3 1",
                "error: leader: partition 3 of tertial.control.v1: expected 0..2"},
           Case{"leader tertial.control.v1 0 9", "error: leader: broker 9: expected 1..3"},
           Case{"produce-errors", "error: produce-errors: usage: produce-errors COUNT [ERROR]"},
           Case{"produce-errors many", "error: produce-errors: count many: expected a whole"},
           Case{"produce-errors 0", "error: produce-errors: count 0: expected 1..10000"},
           Case{"produce-errors 10001", "error: produce-errors: count 10001: expected 1..10000"},
           Case{"fetch-errors 1 NO_SUCH_THING", "error: fetch-errors: unknown Kafka error"},
           Case{"fetch-errors 1 RD_KAFKA_RESP_ERR__TRANSPORT", "unknown Kafka error"},
           Case{"fetch-errors 1 NO_ERROR", "unknown Kafka error"},
           Case{"fetch-errors 1 2 3", "usage: fetch-errors COUNT [ERROR]"},
           Case{"clear-errors now", "usage: clear-errors"},
           Case{"rtt 1 -5", "error: rtt: rtt -5 ms: expected 0..60000"},
           Case{"rtt 0 5", "error: rtt: broker 0: expected 1..3"},
           Case{"help me", "unknown command help"},
       }) {
    std::string answer = Execute(Cluster(), c.line);
    EXPECT_EQ(answer.rfind(c.expected, 0) == 0 || answer.find(c.expected) != std::string::npos,
              true)
        << c.line << " -> " << answer;
  }
  // A topic named in a refused command was not created on the way.
  EXPECT_EQ(Cluster().PartitionsOf("tertial.nope.v1"), 0);
}

// Serve: one answer per line in order, a line over the limit refused whole, and the end of
// input ends it.
TEST(DevbrokerControl, ServesLinesUntilTheInputEnds) {
  int in[2];
  int out[2];
  ASSERT_EQ(pipe(in), 0);
  ASSERT_EQ(pipe(out), 0);
  int stop[2];
  ASSERT_EQ(pipe(stop), 0);
  std::thread server([&] { Serve(Cluster(), in[0], out[1], stop[0]); });
  std::string input = StrCat("broker up 1\n\n# note\n", std::string(kMaxControlLine + 10, 'x'),
                             "\nbogus\nclear-errors\n");
  ASSERT_EQ(write(in[1], input.data(), input.size()), static_cast<ssize_t>(input.size()));
  close(in[1]);
  server.join();
  close(out[1]);
  std::string output;
  char buffer[4096];
  for (ssize_t n; (n = read(out[0], buffer, sizeof(buffer))) > 0;) output.append(buffer, n);
  EXPECT_EQ(output, StrCat("ok\nerror: line longer than ", kMaxControlLine,
                           " bytes; ignored\nerror: bogus: unknown command bogus; ",
                           Execute(Cluster(), "help"), "\nok\n"));
  for (int fd : {in[0], out[0], stop[0], stop[1]}) close(fd);
}

TEST(DevbrokerControl, StopsWhenTold) {
  int in[2];
  int stop[2];
  ASSERT_EQ(pipe(in), 0);
  ASSERT_EQ(pipe(stop), 0);
  std::thread server([&] { Serve(Cluster(), in[0], STDOUT_FILENO, stop[0]); });
  ASSERT_EQ(write(stop[1], "x", 1), 1);
  server.join();  // returns although the input is still open
  for (int fd : {in[0], in[1], stop[0], stop[1]}) close(fd);
}

}  // namespace
}  // namespace tertial::devbroker
