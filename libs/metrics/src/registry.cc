#include "tertial/metrics/registry.h"

#include <cmath>
#include <cstdio>

namespace tertial::metrics {
namespace {

void AppendEscaped(std::string* out, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '\\': out->append("\\\\"); break;
      case '"': out->append("\\\""); break;
      case '\n': out->append("\\n"); break;
      default: out->push_back(c);
    }
  }
}

std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    std::snprintf(buffer, sizeof(buffer), "%.0f", value);
  } else {
    std::snprintf(buffer, sizeof(buffer), "%.9g", value);
  }
  return buffer;
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
    out += "# TYPE " + name + (family.type == Type::kCounter ? " counter\n" : " gauge\n");
    for (const auto& [labels, value] : family.samples) {
      out += name + labels + " " + FormatValue(value) + "\n";
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
    return r;
  }();
  return *registry;
}

}  // namespace tertial::metrics
