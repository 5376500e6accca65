#ifndef TERTIAL_PROJECTION_COUNTING_PROJECTION_H_
#define TERTIAL_PROJECTION_COUNTING_PROJECTION_H_

// A test projection that reads before it writes, so that applying an event twice or
// skipping one shows in its state: per key, a count, a running checksum of event ids and
// the last event id.

#include "absl/strings/numbers.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/event_log.h"
#include "tertial/projection/runner.h"

namespace tertial::projection::testing {

inline constexpr std::string_view kCountingTopic = "tertial.test.v1";

class CountingProjection final : public Projection {
 public:
  std::vector<std::string> Topics() const override { return {std::string(kCountingTopic)}; }

  absl::Status Apply(std::string_view topic, const eventlog::Record& record,
                     const eventlog::Envelope& envelope, Store& store) override {
    std::string count_key = tertial::StrCat("count/", record.key);
    std::string sum_key = tertial::StrCat("sum/", record.key);
    uint64_t count = 0, sum = 0;
    if (auto v = store.Get(count_key); v.ok() && v->has_value()) {
      if (!absl::SimpleAtoi(**v, &count)) return absl::DataLossError("bad count");
    }
    if (auto v = store.Get(sum_key); v.ok() && v->has_value()) {
      if (!absl::SimpleAtoi(**v, &sum)) return absl::DataLossError("bad sum");
    }
    // Order-sensitive checksum: a reordered, repeated or missing event changes it.
    sum = sum * 1099511628211ull + eventlog::KeyHash(envelope.event_id());
    store.Put(count_key, tertial::StrCat(count + 1));
    store.Put(sum_key, tertial::StrCat(sum));
    store.Put(tertial::StrCat("last/", record.key), envelope.event_id());
    return absl::OkStatus();
  }
};

}  // namespace tertial::projection::testing

#endif  // TERTIAL_PROJECTION_COUNTING_PROJECTION_H_
