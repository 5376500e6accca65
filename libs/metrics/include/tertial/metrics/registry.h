#ifndef TERTIAL_METRICS_REGISTRY_H_
#define TERTIAL_METRICS_REGISTRY_H_

// Metrics for operators, rendered in the Prometheus text format (version 0.0.4). Counters
// are incremented where things happen (gRPC calls, appended events); gauges that describe
// a state (projection lag) are filled by collectors at each scrape. Thread-safe.
//
// Metric families of tertial (names are part of the operators' dashboards: keep them):
//   tertial_grpc_server_handled_total{method,code}     gRPC calls finished, by status code
//   tertial_eventlog_appended_events_total{topic}      events in committed batches
//   tertial_eventlog_committed_batches_total{topic}
//   tertial_eventlog_read_events_total{topic}
//   tertial_projection_lag{projection,topic,partition} log end - consumed offset
//   tertial_projection_consumed_offset{...}, tertial_eventlog_end_offset{topic,partition}

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tertial::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Registry {
 public:
  enum class Type { kCounter, kGauge };

  // Declares a family. A family filled by a collector (`collected`) is emptied before each
  // scrape, so that what no longer exists disappears.
  void Define(std::string_view name, Type type, std::string_view help, bool collected = false);
  void Increment(std::string_view name, const Labels& labels, double by = 1);
  void Set(std::string_view name, const Labels& labels, double value);
  // Runs at every Render, before rendering. Must not call AddCollector.
  void AddCollector(std::function<void(Registry&)> collect);

  // The exposition text: "# HELP", "# TYPE" and one line per sample.
  std::string Render();

 private:
  struct Family {
    Type type = Type::kCounter;
    std::string help;
    bool collected = false;
    std::map<std::string, double> samples;  // rendered label set -> value
  };
  Family& FamilyLocked(std::string_view name);

  std::mutex mutex_;
  std::map<std::string, Family, std::less<>> families_;
  std::mutex collectors_mutex_;
  std::vector<std::function<void(Registry&)>> collectors_;
};

// The process's registry, with tertial's families defined.
Registry& Default();

// `{a="x",b="y"}` with Prometheus escaping; empty for no labels.
std::string RenderLabels(const Labels& labels);

}  // namespace tertial::metrics

#endif  // TERTIAL_METRICS_REGISTRY_H_
