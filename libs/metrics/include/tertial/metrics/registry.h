#ifndef TERTIAL_METRICS_REGISTRY_H_
#define TERTIAL_METRICS_REGISTRY_H_

// Metrics for operators, rendered in the Prometheus text format (version 0.0.4). Counters
// are incremented where things happen (gRPC calls, appended events); gauges that describe
// a state (projection lag) are filled by collectors at each scrape. Thread-safe.
//
// Metric families of tertial (names are part of the operators' dashboards: keep them):
//   tertial_build_info{version,git_commit}             1; the running build
//   tertial_grpc_server_handled_total{method,code}     gRPC calls finished, by status code
//   tertial_grpc_server_handling_seconds{method,code}  histogram of their duration
//   process_cpu_seconds_total, process_resident_memory_bytes, process_virtual_memory_bytes,
//   process_open_fds, process_max_fds, process_start_time_seconds, process_threads
//                                                      the process (process_metrics.h)
//   tertial_eventlog_appended_events_total{topic}      events in committed batches
//   tertial_eventlog_committed_batches_total{topic}
//   tertial_eventlog_read_events_total{topic}
//   tertial_projection_lag{projection,topic,partition} log end - consumed offset
//   tertial_projection_consumed_offset{...}, tertial_eventlog_end_offset{topic,partition}
//   tertial_rocksdb_*{database}                        size and memory of each database
//   tertial_kafka_producer_queue_messages{client}      produced, not yet acknowledged
//   tertial_imports_total{service,format,result}      files imported, by outcome
//   tertial_imported_bytes_total{service,format}       bytes of committed imports
//   tertial_ledger_imported_vouchers_total, tertial_ledger_imported_transactions_total

#include <cstdint>
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
  enum class Type { kCounter, kGauge, kHistogram };

  // Declares a family. A family filled by a collector (`collected`) is emptied before each
  // scrape, so that what no longer exists disappears.
  void Define(std::string_view name, Type type, std::string_view help, bool collected = false);
  void Increment(std::string_view name, const Labels& labels, double by = 1);
  void Set(std::string_view name, const Labels& labels, double value);
  // A histogram family with these upper bounds (ascending; +Inf is implied).
  void DefineHistogram(std::string_view name, std::string_view help, std::vector<double> buckets);
  // Counts `value` in a histogram: _bucket{le}, _sum and _count.
  void Observe(std::string_view name, const Labels& labels, double value);
  // Runs at every Render, before rendering. Must not call AddCollector.
  void AddCollector(std::function<void(Registry&)> collect);

  // The exposition text: "# HELP", "# TYPE" and one line per sample.
  std::string Render();

 private:
  struct Histogram {
    std::vector<uint64_t> counts;  // per bucket, not cumulative
    uint64_t count = 0;
    double sum = 0;
  };
  struct Family {
    Type type = Type::kCounter;
    std::string help;
    bool collected = false;
    std::map<std::string, double> samples;  // rendered label set -> value
    std::vector<double> buckets;            // histograms
    std::map<std::string, Histogram> histograms;
  };
  Family& FamilyLocked(std::string_view name);

  std::mutex mutex_;
  std::map<std::string, Family, std::less<>> families_;
  std::mutex collectors_mutex_;
  std::vector<std::function<void(Registry&)>> collectors_;
};

// The process's registry, with tertial's families defined.
Registry& Default();

// Counts one import in Default(): tertial_imports_total{service,format,result} and, for a
// committed one, its bytes. `format` as the service's ImportFormat enum name without its
// prefix, lower case ("sie", "budget_csv", "plan_yaml"); `result` one of committed,
// already_imported, unchanged, rejected (the file had errors), dry_run, error (the call
// failed: refused, unreadable, unavailable).
void CountImport(std::string_view service, std::string_view format, std::string_view result,
                 int64_t committed_bytes = 0);
// "IMPORT_FORMAT_BUDGET_CSV" -> "budget_csv"; "unknown" for an empty name or
// UNSPECIFIED (a file imported before is recognised by its hash, before its format).
std::string ImportFormatLabel(std::string_view enum_name);

// `{a="x",b="y"}` with Prometheus escaping; empty for no labels.
std::string RenderLabels(const Labels& labels);

}  // namespace tertial::metrics

#endif  // TERTIAL_METRICS_REGISTRY_H_
