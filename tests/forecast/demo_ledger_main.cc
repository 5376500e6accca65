// forecast-demo-ledger: writes the demo municipality's ledger events (and, with
// --adjustments, its adjustments.csv) for trying the forecast without the ledger service:
//   forecast-demo-ledger --data-dir DIR [--close-august] [--adjustments FILE]
//   tertial forecast --data-dir DIR --org 0580 --year 2021 --as-of 2021-08

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "demo_ledger.h"
#include "tertial/config/flags.h"
#include "tertial/eventlog/embedded_log.h"

int main(int argc, char** argv) {
  std::string data_dir, adjustments;
  bool close_august = false;
  tertial::config::FlagSet flags("forecast-demo-ledger");
  flags.String("data-dir", &data_dir, "tertial data directory (the log goes to DIR/log)",
               {.required = true});
  flags.Bool("close-august", &close_august, "also close period 2021-08");
  flags.String("adjustments", &adjustments, "write the demo's adjustments.csv here");
  auto args = flags.Parse(argc, argv);
  if (!args.ok()) {
    std::fprintf(stderr, "%s\n", std::string(args.status().message()).c_str());
    return args.status().code() == absl::StatusCode::kCancelled ? 0 : 2;
  }
  std::filesystem::create_directories(data_dir);
  auto log = tertial::eventlog::EmbeddedLog::Open(data_dir + "/log");
  if (!log.ok()) {
    std::fprintf(stderr, "%s\n", log.status().ToString().c_str());
    return 1;
  }
  if (absl::Status s = tertial::forecast::demo::WriteDemoLedger(**log, close_august); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  if (!adjustments.empty()) {
    std::ofstream(adjustments) << tertial::forecast::demo::DemoAdjustmentsCsv();
  }
  return 0;
}
