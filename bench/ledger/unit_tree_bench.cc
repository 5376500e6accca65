// Importing a unit tree (units CSV) end to end in the embedded setup: parse, validate,
// append, project. Four shapes of the same number of units, each into a fresh data
// directory, timed in this run:
//
//   flat      one nämnd and every other unit directly below it (the baseline)
//   wide      nämnd -> förvaltningar -> stabs -> enheter, a real municipality's shape, wider
//   deep      chains of kMaxUnitDepth levels below the nämnd: the deepest tree allowed
//   too deep  one chain of --refused-levels levels, refused (time to the error)
//
// Prints each time and its ratio to the flat tree's. Checking a tree walks each unit's
// parent chain, so before the depth limit a chain of 10 000 levels took 10.6 s and one of
// 20 000 levels 56 s; now "deep" should cost about what "flat" costs, and the refusal
// next to nothing.
//
//   ledger_unit_tree_bench [--units 20000] [--refused-levels 20000]

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "importer.h"
#include "projection.h"
#include "tertial/chart/unit_tree.h"
#include "tertial/config/flags.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::ledger {
namespace {

using Clock = std::chrono::steady_clock;

struct Outcome {
  double seconds = 0;
  bool committed = false;
  std::string error;  // the first error of a refused import
};

std::string Row(const std::string& id, const std::string& parent, const char* kind) {
  return id + ",Enhet " + id + "," + parent + "," + kind + "\n";
}

std::string Flat(int64_t units) {
  std::string csv = "unit_id,name,parent_id,kind\n" + Row("KS", "", "namnd");
  for (int64_t i = 1; i < units; ++i) csv += Row("E" + std::to_string(i), "KS", "enhet");
  return csv;
}

// Fan-out 20 at each of the two middle levels; enheter share the stabs.
std::string Wide(int64_t units) {
  std::string csv = "unit_id,name,parent_id,kind\n" + Row("KS", "", "namnd");
  std::vector<std::string> stabs;
  int64_t made = 1;
  for (int f = 0; f < 20 && made < units; ++f, ++made) {
    const std::string forvaltning = "F" + std::to_string(f);
    csv += Row(forvaltning, "KS", "forvaltning");
    for (int s = 0; s < 20 && made + 1 < units; ++s, ++made) {
      stabs.push_back(forvaltning + "S" + std::to_string(s));
      csv += Row(stabs.back(), forvaltning, "stab");
    }
  }
  for (int64_t e = 0; made < units; ++e, ++made) {
    csv += Row("E" + std::to_string(e), stabs[static_cast<size_t>(e) % stabs.size()], "enhet");
  }
  return csv;
}

// Chains hanging from the nämnd, each kMaxUnitDepth levels deep counting the nämnd.
std::string Deep(int64_t units) {
  std::string csv = "unit_id,name,parent_id,kind\n" + Row("KS", "", "namnd");
  std::string parent = "KS";
  int level = 1;
  for (int64_t i = 1; i < units; ++i) {
    if (level == chart::kMaxUnitDepth) {
      parent = "KS";
      level = 1;
    }
    const std::string id = "D" + std::to_string(i);
    csv += Row(id, parent, "enhet");
    parent = id;
    ++level;
  }
  return csv;
}

std::string Chain(int64_t levels) {
  std::string csv = "unit_id,name,parent_id,kind\n" + Row("C0", "", "namnd");
  for (int64_t i = 1; i < levels; ++i) {
    csv += Row("C" + std::to_string(i), "C" + std::to_string(i - 1), "enhet");
  }
  return csv;
}

Outcome Import(const std::string& dir, const std::string& csv) {
  Outcome out;
  const std::string path = dir + "/units.csv";
  std::ofstream(path, std::ios::binary) << csv;
  auto log = eventlog::EmbeddedLog::Open(dir + "/log");
  auto db = projection::ProjectionDb::Open(dir + "/ledger");
  if (!log.ok() || !db.ok()) {
    out.error = "cannot open the data directory";
    return out;
  }
  LedgerProjection projection;
  projection::Runner runner(log->get(), db->get(), &projection);
  Importer importer(log->get(), db->get(), &runner);
  v1::ImportMetadata metadata;
  metadata.set_organisation("0580");
  metadata.set_format(v1::IMPORT_FORMAT_UNITS_CSV);
  metadata.set_file_name("units.csv");
  metadata.set_actor("bench");
  Clock::time_point start = Clock::now();
  absl::StatusOr<v1::ImportResult> result =
      importer.Import(metadata, path, "", [](std::string_view) { return absl::OkStatus(); });
  out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!result.ok()) {
    out.error = result.status().ToString();
  } else {
    out.committed = result->committed();
    if (result->errors_size() > 0) out.error = result->errors(0).message();
  }
  return out;
}

int Main(int argc, char** argv) {
  int64_t units = 20'000;
  int64_t refused_levels = 20'000;
  config::FlagSet flags("ledger_unit_tree_bench");
  flags.Int("units", &units, "units in each allowed tree");
  flags.Int("refused-levels", &refused_levels, "levels of the chain that must be refused");
  auto rest = flags.Parse(argc, argv);
  if (!rest.ok() || units < 100 || refused_levels <= chart::kMaxUnitDepth) {
    std::fprintf(stderr, "%s\n",
                 rest.ok() ? "--units >= 100 and --refused-levels > 64, please"
                           : std::string(rest.status().message()).c_str());
    return 2;
  }
  std::printf("unit tree import benchmark: %lld units per tree (embedded log, end to end)\n",
              static_cast<long long>(units));
  struct Shape {
    const char* name;
    std::string csv;
    bool must_commit;
  };
  const Shape shapes[] = {
      {"flat (baseline)", Flat(units), true},
      {"wide (4 levels, fan-out 20)", Wide(units), true},
      {"deep (chains of 64 levels)", Deep(units), true},
      {"too deep (one chain, refused)", Chain(refused_levels), false},
  };
  double baseline = 0;
  for (const Shape& shape : shapes) {
    testing::TempDir dir;
    Outcome out = Import(dir.path(), shape.csv);
    if (out.committed != shape.must_commit) {
      std::fprintf(stderr, "%s: expected the import to be %s: %s\n", shape.name,
                   shape.must_commit ? "committed" : "refused", out.error.c_str());
      return 1;
    }
    if (baseline == 0) baseline = out.seconds;
    std::printf("  %-32s %8.3f s  ratio to flat %6.2f%s%s\n", shape.name, out.seconds,
                out.seconds / baseline,
                out.committed ? "" : "  error: ", out.committed ? "" : out.error.c_str());
  }
  std::printf("  target: deep within 2x of flat; the refusal of %lld levels well under flat\n",
              static_cast<long long>(refused_levels));
  return 0;
}

}  // namespace
}  // namespace tertial::ledger

int main(int argc, char** argv) { return tertial::ledger::Main(argc, argv); }
