// Rendering the seed-sized report from the reporting projection.
//
// The seed-sized input (services/reporting/src/testing/seed_input.h: the demo
// municipality's 12 units and 7 projects; the seed's 18 nämndmål and all its indicator
// rows from data/linkoping-ks/seed-tables.json; activities, personnel, assignments) is
// appended as events to an embedded log and projected into RocksDB. Then, each timed
// many times and reported as the median:
//   baseline      reading the projection alone (LoadInput from a snapshot)
//   build         reading + building the model (validation and narrative included)
//   render <fmt>  reading + building + rendering one format, as a Render call does
// Target: < 50 ms for html from the projection. Prints figures and ratios to the
// baseline measured in the same run.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <vector>

#include "domain/builder.h"
#include "input_loader.h"
#include "projection.h"
#include "render/render.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/projection/runner.h"
#include "tertial/testing/temp_dir.h"
#include "testing/sample_events.h"
#include "testing/seed_input.h"

namespace tertial::reporting {
namespace {

double MedianMs(int runs, const std::function<void()>& body) {
  body();  // warm up
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    body();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

int Main() {
  tertial::testing::TempDir dir;
  auto log = eventlog::EmbeddedLog::Open(dir.Sub("log"));
  if (!log.ok()) return std::fprintf(stderr, "%s\n", log.status().ToString().c_str()), 1;
  auto seed = testing::SeedInput(StrCat(TERTIAL_SOURCE_DIR, "/data/linkoping-ks/seed-tables.json"));
  if (!seed.ok()) return std::fprintf(stderr, "%s\n", seed.status().ToString().c_str()), 1;
  BuildInput input = *seed;
  if (absl::Status s = testing::AppendSampleEvents(**log, input); !s.ok()) {
    return std::fprintf(stderr, "%s\n", s.ToString().c_str()), 1;
  }
  auto db = projection::ProjectionDb::Open(dir.Sub("projection"));
  if (!db.ok()) return std::fprintf(stderr, "%s\n", db.status().ToString().c_str()), 1;
  ReportingProjection projection;
  projection::Runner runner(log->get(), db->get(), &projection);
  auto start = std::chrono::steady_clock::now();
  if (absl::Status s = runner.CatchUp(); !s.ok())
    return std::fprintf(stderr, "%s\n", s.ToString().c_str()), 1;
  double project_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  auto dump = (*db)->Dump();
  size_t keys = dump.ok() ? dump->size() : 0;

  const period::Period period{2021, 8};
  auto load = [&] {
    std::unique_ptr<projection::Reader> snapshot = (*db)->Snapshot();
    auto in = LoadInput(*snapshot, "0580", "KS", period);
    if (!in.ok()) std::abort();
    return std::move(*in);
  };
  auto build = [&] {
    auto r = Build(load());
    if (!r.ok()) std::abort();
    return std::move(*r);
  };
  const int runs = 200;
  double baseline = MedianMs(runs, [&] { load(); });
  double built = MedianMs(runs, [&] { build(); });
  Report sample = build();
  size_t tables = sample.Tables().size();
  std::printf(
      "reporting bench: seed-sized report from the projection (%zu keys, projected in %.1f ms), "
      "%zu tables, %zu findings; median of %d runs\n",
      keys, project_ms, tables, sample.findings.size(), runs);
  std::printf("  %-28s %8.3f ms   ratio 1.00 (baseline)\n", "read projection (LoadInput)",
              baseline);
  std::printf("  %-28s %8.3f ms   ratio %.2f\n", "read + build + validate", built,
              built / baseline);
  double html_ms = 0;
  for (Format f : {Format::kHtml, Format::kMarkdown, Format::kXlsx, Format::kCsv, Format::kJson}) {
    size_t bytes = 0;
    double ms = MedianMs(f == Format::kXlsx ? runs / 4 : runs, [&] {
      auto files = Render(build(), f);
      if (!files.ok()) std::abort();
      bytes = 0;
      for (const RenderedFile& file : *files) bytes += file.bytes.size();
    });
    if (f == Format::kHtml) html_ms = ms;
    std::printf("  %-28s %8.3f ms   ratio %.2f   (%zu bytes)\n",
                StrCat("read + build + render ", FormatName(f)).c_str(), ms, ms / baseline, bytes);
  }
  std::printf("  target: html from the projection < 50 ms: %s (%.3f ms)\n",
              html_ms < 50 ? "met" : "NOT MET", html_ms);
  return html_ms < 50 ? 0 : 1;
}

}  // namespace
}  // namespace tertial::reporting

int main() { return tertial::reporting::Main(); }
