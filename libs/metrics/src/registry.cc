#include "tertial/metrics/registry.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "tertial/metrics/process_metrics.h"
#include "tertial/metrics/storage_metrics.h"

namespace tertial::metrics {
namespace {

void AppendEscaped(std::string* out, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '\\':
        out->append("\\\\");
        break;
      case '"':
        out->append("\\\"");
        break;
      case '\n':
        out->append("\\n");
        break;
      default:
        out->push_back(c);
    }
  }
}

std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    std::snprintf(buffer, sizeof(buffer), "%.0f", value);
    return buffer;
  }
  // The shortest text that reads back as the same double: a start time in seconds keeps
  // its fraction (%.9g would round 1796650312.3 to 1.7966503e+09).
  std::to_chars_result end = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, end.ptr);
}

}  // namespace

std::string RenderLabels(const Labels& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.append(labels[i].first);
    out.append("=\"");
    AppendEscaped(&out, labels[i].second);
    out.push_back('"');
  }
  out.push_back('}');
  return out;
}

Registry::Family& Registry::FamilyLocked(std::string_view name) {
  auto it = families_.find(name);
  if (it == families_.end()) it = families_.emplace(std::string(name), Family{}).first;
  return it->second;
}

void Registry::Define(std::string_view name, Type type, std::string_view help, bool collected) {
  std::lock_guard<std::mutex> guard(mutex_);
  Family& family = FamilyLocked(name);
  family.type = type;
  family.help = std::string(help);
  family.collected = collected;
}

void Registry::Increment(std::string_view name, const Labels& labels, double by) {
  std::string key = RenderLabels(labels);
  std::lock_guard<std::mutex> guard(mutex_);
  FamilyLocked(name).samples[key] += by;
}

void Registry::Set(std::string_view name, const Labels& labels, double value) {
  std::string key = RenderLabels(labels);
  std::lock_guard<std::mutex> guard(mutex_);
  FamilyLocked(name).samples[key] = value;
}

void Registry::DefineHistogram(std::string_view name, std::string_view help,
                               std::vector<double> buckets) {
  std::lock_guard<std::mutex> guard(mutex_);
  Family& family = FamilyLocked(name);
  family.type = Type::kHistogram;
  family.help = std::string(help);
  family.buckets = std::move(buckets);
}

void Registry::Observe(std::string_view name, const Labels& labels, double value) {
  std::string key = RenderLabels(labels);
  std::lock_guard<std::mutex> guard(mutex_);
  Family& family = FamilyLocked(name);
  Histogram& histogram = family.histograms[key];
  if (histogram.counts.empty()) histogram.counts.resize(family.buckets.size());
  for (size_t i = 0; i < family.buckets.size(); ++i) {
    if (value <= family.buckets[i]) {
      ++histogram.counts[i];
      break;
    }
  }
  ++histogram.count;
  histogram.sum += value;
}

void Registry::AddCollector(std::function<void(Registry&)> collect) {
  std::lock_guard<std::mutex> guard(collectors_mutex_);
  collectors_.push_back(std::move(collect));
}

std::string Registry::Render() {
  {
    std::lock_guard<std::mutex> collecting(collectors_mutex_);
    {
      std::lock_guard<std::mutex> guard(mutex_);
      for (auto& [name, family] : families_) {
        if (family.collected) family.samples.clear();
      }
    }
    for (auto& collect : collectors_) collect(*this);
  }
  std::string out;
  std::lock_guard<std::mutex> guard(mutex_);
  for (const auto& [name, family] : families_) {
    if (!family.help.empty()) out += "# HELP " + name + " " + family.help + "\n";
    out += "# TYPE " + name +
           (family.type == Type::kCounter ? " counter\n"
            : family.type == Type::kGauge ? " gauge\n"
                                          : " histogram\n");
    for (const auto& [labels, value] : family.samples) {
      out += name + labels + " " + FormatValue(value) + "\n";
    }
    for (const auto& [labels, histogram] : family.histograms) {
      // {a="x"} -> {a="x",le="0.1"}
      std::string open = labels.empty() ? "{" : labels.substr(0, labels.size() - 1) + ",";
      uint64_t cumulative = 0;
      for (size_t i = 0; i < family.buckets.size(); ++i) {
        cumulative += histogram.counts[i];
        out += name + "_bucket" + open + "le=\"" + FormatValue(family.buckets[i]) + "\"} " +
               FormatValue(static_cast<double>(cumulative)) + "\n";
      }
      out += name + "_bucket" + open + "le=\"+Inf\"} " +
             FormatValue(static_cast<double>(histogram.count)) + "\n";
      out += name + "_sum" + labels + " " + FormatValue(histogram.sum) + "\n";
      out +=
          name + "_count" + labels + " " + FormatValue(static_cast<double>(histogram.count)) + "\n";
    }
  }
  return out;
}

Registry& Default() {
  static Registry* registry = [] {
    auto* r = new Registry();
    using T = Registry::Type;
    r->Define("tertial_grpc_server_handled_total", T::kCounter,
              "gRPC calls finished, by full method name and status code");
    // From 0.5 ms (a balance query) to a minute (an import of a year's ledger).
    r->DefineHistogram(
        "tertial_grpc_server_handling_seconds",
        "Time from the start of a gRPC call to its status, by full method name "
        "and status code",
        {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60});
    r->Define("tertial_eventlog_appended_events_total", T::kCounter,
              "Events appended in committed batches, by topic");
    r->Define("tertial_eventlog_committed_batches_total", T::kCounter,
              "Batches committed, by topic");
    r->Define("tertial_eventlog_read_events_total", T::kCounter,
              "Events read from the log (projections, replays), by topic");
    r->Define("tertial_projection_lag", T::kGauge,
              "Log end offset minus the projection's consumed offset, per topic partition",
              /*collected=*/true);
    r->Define("tertial_projection_consumed_offset", T::kGauge,
              "Next offset the projection applies, per topic partition", /*collected=*/true);
    r->Define("tertial_eventlog_end_offset", T::kGauge,
              "Offset the next committed record of a partition gets", /*collected=*/true);
    r->Define("tertial_imports_total", T::kCounter,
              "Files imported, by service, format and result (committed, already_imported, "
              "unchanged, rejected, dry_run, error)");
    r->Define("tertial_imported_bytes_total", T::kCounter,
              "Bytes of committed imports, by service and format");
    r->Define("tertial_ledger_imported_vouchers_total", T::kCounter,
              "Vouchers (#VER) in committed ledger imports");
    r->Define("tertial_ledger_imported_transactions_total", T::kCounter,
              "Transactions (#TRANS) in committed ledger imports");
    CollectProcess(r);
    CollectStorage(r);
    return r;
  }();
  return *registry;
}

void CountImport(std::string_view service, std::string_view format, std::string_view result,
                 int64_t committed_bytes) {
  Registry& r = Default();
  r.Increment("tertial_imports_total", {{"service", std::string(service)},
                                        {"format", std::string(format)},
                                        {"result", std::string(result)}});
  if (result == "committed") {
    r.Increment("tertial_imported_bytes_total",
                {{"service", std::string(service)}, {"format", std::string(format)}},
                static_cast<double>(committed_bytes));
  }
}

std::string ImportFormatLabel(std::string_view enum_name) {
  constexpr std::string_view kPrefix = "IMPORT_FORMAT_";
  if (enum_name.substr(0, kPrefix.size()) == kPrefix) enum_name.remove_prefix(kPrefix.size());
  if (enum_name.empty() || enum_name == "UNSPECIFIED") return "unknown";
  std::string out(enum_name);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace tertial::metrics
