#ifndef TERTIAL_BENCH_LOAD_DEPLOYMENT_H_
#define TERTIAL_BENCH_LOAD_DEPLOYMENT_H_

// The services the load client drives, holding the demo municipality's follow-up cycle
// (tests/e2e's FollowUpCycle: imports, budgets, closed periods, forecast, plan):
// - embedded: one tertiald on its embedded log;
// - apart: tertial-devbroker (Kafka protocol, librdkafka's mock cluster) and
//   tertial-ledger, -forecast, -goals and -reporting with --kafka, each its own process,
//   as tests/e2e/split_services_test.cc runs them (without TLS and tokens: loopback only,
//   like the embedded tertiald).
// Children are tests/e2e's Process: each leads its own process group and gets SIGKILL
// when the bench dies (PR_SET_PDEATHSIG), so an interrupted bench leaves nothing behind.
//
// BackgroundImport repeats a SIE import through the CLI, each into a new organisation,
// until stopped: the load of "while an import runs".

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "process.h"
#include "tertial/eventlog/log_positions.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::bench {

class Deployment {
 public:
  enum class Kind { kEmbedded, kApart };

  // Starts the processes, waits until they serve, runs the demo's cycle through the CLI.
  // On failure error() says why; the destructor stops what was started.
  Deployment(Kind kind, const testing::TempDir& dir);
  ~Deployment();
  Deployment(const Deployment&) = delete;
  Deployment& operator=(const Deployment&) = delete;

  const std::string& error() const { return error_; }
  // Where a service ("ledger", "forecast", "goals", "reporting") answers.
  std::string Address(const std::string& service) const;
  // The CLI's environment for talking to this deployment.
  e2e::Env CliEnv() const;
  std::string name() const { return kind_ == Kind::kEmbedded ? "embedded" : "apart"; }
  // The position token of the cycle's commands (every one the CLI printed, merged): what
  // a caller that ran the cycle passes as x-tertial-after to read its own writes.
  std::string CycleToken() const { return cycle_positions_.ToToken(); }

 private:
  void StartEmbedded();
  void StartApart();
  void RunCycle();

  Kind kind_;
  const testing::TempDir& dir_;
  std::string error_;
  std::unique_ptr<e2e::Process> broker_;
  // "tertiald" alone, or the four services by name.
  std::map<std::string, std::unique_ptr<e2e::Process>> servers_;
  std::map<std::string, std::string> address_;
  eventlog::LogPositions cycle_positions_;
};

class BackgroundImport {
 public:
  struct Figures {
    int64_t committed = 0;  // imports that finished and succeeded
    int64_t failed = 0;     // that finished and failed (the one in flight at the end is neither)
    double seconds = 0;
    int64_t lines = 0;  // of the committed imports
  };
  // Imports `sie_path` (`lines` long, no #ORGNR) again and again while running.
  BackgroundImport(const Deployment& deployment, const testing::TempDir& dir, std::string sie_path,
                   int64_t lines);
  ~BackgroundImport();  // Stop()
  // Kills the import in flight (the server drops it: imports are all-or-nothing).
  Figures Stop();

 private:
  void Loop();

  e2e::Env env_;
  const testing::TempDir& dir_;
  std::string sie_path_;
  int64_t lines_;
  std::atomic<bool> stop_{false};
  Figures figures_;
  std::thread thread_;
  bool stopped_ = false;
};

}  // namespace tertial::bench

#endif  // TERTIAL_BENCH_LOAD_DEPLOYMENT_H_
