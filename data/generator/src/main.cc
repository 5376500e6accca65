// tertial-demo-data: writes the demo municipality's input files.
//
//   tertial-demo-data --out DIR
//
// Writes units.csv, projects.csv, budget-2020.csv, budget-2021.csv, adjustments-2021.csv,
// ledger-2020.se and ledger-2021.se into DIR: the same bytes on every run. What they hold
// and where the figures come from: data/linkoping-ks/README.md.

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "demo_files.h"
#include "plan.h"
#include "tertial/config/flags.h"

int main(int argc, char** argv) {
  std::string out;
  tertial::config::FlagSet flags("tertial-demo-data");
  flags.String("out", &out, "directory to write the files into (created if missing)",
               {.env = "TERTIAL_DEMO_DATA_OUT", .required = true});
  auto args = flags.Parse(argc, argv);
  if (!args.ok()) return tertial::config::ExitAfterParseError(args.status());
  if (!args->empty()) {
    std::fprintf(stderr, "tertial-demo-data: unexpected argument '%s'\n", (*args)[0].c_str());
    return 2;
  }
  tertial::demo::Plan plan;
  try {
    plan = tertial::demo::MakePlan();
  } catch (const std::logic_error& e) {  // figures that cannot be laid out: a bug in figures.cc
    std::fprintf(stderr, "tertial-demo-data: %s\n", e.what());
    return 1;
  }
  auto files = tertial::demo::RenderDemoFiles(plan);
  if (!files.ok()) {
    std::fprintf(stderr, "tertial-demo-data: %s\n", files.status().ToString().c_str());
    return 1;
  }
  if (absl::Status s = tertial::demo::WriteDemoFiles(*files, out); !s.ok()) {
    std::fprintf(stderr, "tertial-demo-data: %s\n", s.ToString().c_str());
    return 1;
  }
  for (const tertial::demo::DemoFile& f : *files) {
    std::printf("%s/%s  %zu bytes, %td lines\n", out.c_str(), f.name.c_str(), f.bytes.size(),
                std::count(f.bytes.begin(), f.bytes.end(), '\n'));
  }
  return 0;
}
