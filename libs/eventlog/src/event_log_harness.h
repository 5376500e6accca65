#ifndef TERTIAL_EVENTLOG_EVENT_LOG_HARNESS_H_
#define TERTIAL_EVENTLOG_EVENT_LOG_HARNESS_H_

// What the conformance suite needs of a log implementation under test: the log, a way to
// restart it (a new process would open it again), and the faults it can inject. A fault an
// implementation cannot have (a broker outage for the embedded log) is reported as such,
// and the test still checks the outcome without it.

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "tertial/eventlog/event_log.h"

namespace tertial::eventlog::testing {

class LogHarness {
 public:
  virtual ~LogHarness() = default;
  virtual EventLog& log() = 0;
  // Closes the log and opens it again over the same storage (or cluster).
  virtual void Restart() = 0;
  // Makes the next `count` produce requests fail with a retriable error. False if the
  // implementation has no such fault.
  virtual bool InjectProduceErrors(int count) { return false; }
  // Takes the partition leader down for `duration`, then brings it back. Returns at once;
  // false if the implementation has no such fault.
  virtual bool BrokerOutage(std::chrono::milliseconds duration) { return false; }
  // The topic the suite writes to (created with partitions() partitions where needed).
  virtual std::string topic() const { return "tertial.test.v1"; }
  // Partitions of each topic the suite uses.
  virtual int partitions() const = 0;
  // Roughly how many bytes a partition keeps (the Kafka mock drops older data past ~5 MiB).
  virtual size_t partition_capacity_bytes() const = 0;
};

struct HarnessFactory {
  std::string name;
  std::function<std::unique_ptr<LogHarness>()> make;
  friend void PrintTo(const HarnessFactory& factory, std::ostream* os) { *os << factory.name; }
};

// The conformance suite; each implementation instantiates it with its factory:
//   INSTANTIATE_TEST_SUITE_P(Embedded, EventLogConformance, ::testing::Values(factory),
//                            HarnessName);
class EventLogConformance : public ::testing::TestWithParam<HarnessFactory> {
 protected:
  void SetUp() override { harness_ = GetParam().make(); }
  EventLog& log() { return harness_->log(); }
  std::string topic() const { return harness_->topic(); }
  std::unique_ptr<LogHarness> harness_;
};

inline std::string HarnessName(const ::testing::TestParamInfo<HarnessFactory>& info) {
  return info.param.name;
}

}  // namespace tertial::eventlog::testing

#endif  // TERTIAL_EVENTLOG_EVENT_LOG_HARNESS_H_
