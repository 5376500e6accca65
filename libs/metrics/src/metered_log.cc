#include "tertial/metrics/metered_log.h"

#include <set>

#include "tertial/base/strings.h"
#include "tertial/projection/runner.h"

namespace tertial::metrics {
namespace {

class MeteredWriter final : public eventlog::BatchWriter {
 public:
  MeteredWriter(std::unique_ptr<eventlog::BatchWriter> inner, std::string topic, Registry* r)
      : BatchWriter(topic), inner_(std::move(inner)), topic_(std::move(topic)), registry_(r) {}
  absl::StatusOr<eventlog::AppendResult> CommitBatch() override {
    int64_t events = inner_->size();
    absl::StatusOr<eventlog::AppendResult> result = inner_->Commit();
    if (result.ok() && events > 0) {
      registry_->Increment("tertial_eventlog_appended_events_total", {{"topic", topic_}},
                           static_cast<double>(events));
      registry_->Increment("tertial_eventlog_committed_batches_total", {{"topic", topic_}});
    }
    return result;
  }
  int64_t size() const override { return inner_->size(); }

 protected:
  absl::Status AddChecked(const eventlog::Envelope& envelope) override {
    return AddCheckedTo(*inner_, envelope);
  }

 private:
  std::unique_ptr<eventlog::BatchWriter> inner_;
  std::string topic_;
  Registry* registry_;
};

class MeteredLog final : public eventlog::EventLog {
 public:
  MeteredLog(std::unique_ptr<eventlog::EventLog> inner, Registry* registry)
      : inner_(std::move(inner)), registry_(registry) {}

  absl::StatusOr<int> Partitions(std::string_view topic) override {
    return inner_->Partitions(topic);
  }
  absl::StatusOr<std::unique_ptr<eventlog::BatchWriter>> BeginBatch(std::string_view topic,
                                                                    std::string_view key) override {
    auto writer = inner_->BeginBatch(topic, key);
    if (!writer.ok()) return writer.status();
    return std::make_unique<MeteredWriter>(std::move(*writer), std::string(topic), registry_);
  }
  absl::StatusOr<std::vector<eventlog::Record>> Read(std::string_view topic, int partition,
                                                     int64_t from, size_t max_records) override {
    auto records = inner_->Read(topic, partition, from, max_records);
    if (records.ok() && !records->empty()) {
      registry_->Increment("tertial_eventlog_read_events_total", {{"topic", std::string(topic)}},
                           static_cast<double>(records->size()));
    }
    return records;
  }
  absl::StatusOr<int64_t> EndOffset(std::string_view topic, int partition) override {
    return inner_->EndOffset(topic, partition);
  }
  bool EndOffsetIsLocal() const override { return inner_->EndOffsetIsLocal(); }
  bool WaitForData(std::string_view topic, int partition, int64_t from,
                   std::chrono::milliseconds timeout) override {
    return inner_->WaitForData(topic, partition, from, timeout);
  }
  bool WaitForAny(const std::vector<eventlog::ReadPosition>& positions,
                  std::chrono::milliseconds timeout) override {
    return inner_->WaitForAny(positions, timeout);
  }
  void WakeWaiters() override { inner_->WakeWaiters(); }

 private:
  std::unique_ptr<eventlog::EventLog> inner_;
  Registry* registry_;
};

}  // namespace

std::unique_ptr<eventlog::EventLog> Metered(std::unique_ptr<eventlog::EventLog> log,
                                            Registry* registry) {
  return std::make_unique<MeteredLog>(std::move(log), registry);
}

void CollectProjectionLag(Registry* registry) {
  static std::mutex mutex;
  static std::set<Registry*> done;
  {
    std::lock_guard<std::mutex> guard(mutex);
    if (!done.insert(registry).second) return;
  }
  registry->AddCollector([](Registry& r) {
    std::set<std::pair<std::string, int>> ends_reported;
    projection::Runner::ForEach([&](projection::Runner& runner) {
      // What the runner last learnt from the log: a scrape never waits on the log (brokers
      // away would hold it for the log's whole timeout).
      std::vector<projection::PartitionProgress> progress = runner.KnownProgress();
      for (const projection::PartitionProgress& p : progress) {
        std::string partition = StrCat(p.partition);
        Labels labels = {
            {"projection", runner.name()}, {"topic", p.topic}, {"partition", partition}};
        r.Set("tertial_projection_lag", labels,
              static_cast<double>(std::max<int64_t>(0, p.end - p.consumed)));
        r.Set("tertial_projection_consumed_offset", labels, static_cast<double>(p.consumed));
        if (ends_reported.insert({p.topic, p.partition}).second) {
          r.Set("tertial_eventlog_end_offset", {{"topic", p.topic}, {"partition", partition}},
                static_cast<double>(p.end));
        }
      }
    });
  });
}

}  // namespace tertial::metrics
