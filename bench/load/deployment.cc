#include "deployment.h"

#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <vector>

#include "tertial/base/strings.h"
#include "tertial/testing/ports.h"
#include "tertial/testing/serving.h"

namespace tertial::bench {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

const std::vector<std::string> kServices = {"ledger", "forecast", "goals", "reporting"};

std::string Bin(std::string_view relative) { return StrCat(TERTIAL_BINARY_DIR, "/", relative); }

std::string Upper(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}

// What every child logs: warnings and worse, so that the log costs nothing under load.
const e2e::Env kQuiet = {{"TERTIAL_LOG_LEVEL", "warning"}};

e2e::Env With(e2e::Env env, const e2e::Env& more) {
  env.insert(more.begin(), more.end());
  return env;
}

// SIGTERM to all at once, then SIGKILL (the Process destructor) to any that has not
// stopped within 2 s (every binary must stop on SIGTERM within 2 s).
void Stop(std::vector<std::unique_ptr<e2e::Process>*> processes) {
  for (auto* process : processes) {
    if (*process != nullptr) (*process)->Signal(SIGTERM);
  }
  auto deadline = Clock::now() + seconds(2);
  for (auto* process : processes) {
    if (*process == nullptr) continue;
    auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    if ((*process)->WaitFor(std::max(left, milliseconds(0))) == std::nullopt) {
      std::fprintf(stderr, "load_bench: a child did not stop within 2 s of SIGTERM; killed\n");
    }
    process->reset();
  }
}

}  // namespace

Deployment::Deployment(Kind kind, const testing::TempDir& dir) : kind_(kind), dir_(dir) {
  if (kind == Kind::kEmbedded) {
    StartEmbedded();
  } else {
    StartApart();
  }
  if (error_.empty()) RunCycle();
}

Deployment::~Deployment() {
  std::vector<std::unique_ptr<e2e::Process>*> servers;
  for (auto& [name, process] : servers_) servers.push_back(&process);
  Stop(servers);
  Stop({&broker_});  // after the services, which are its clients
}

std::string Deployment::Address(const std::string& service) const {
  auto found = address_.find(kind_ == Kind::kEmbedded ? "tertiald" : service);
  return found == address_.end() ? "" : found->second;
}

e2e::Env Deployment::CliEnv() const {
  e2e::Env env = With(kQuiet, {{"TERTIAL_ORG", "0580"}, {"TERTIAL_ACTOR", "load.bench"}});
  if (kind_ == Kind::kEmbedded) {
    env["TERTIAL_SERVER"] = Address("ledger");
  } else {
    for (const std::string& service : kServices) {
      env[StrCat("TERTIAL_", Upper(service), "_SERVER")] = Address(service);
    }
  }
  return env;
}

void Deployment::StartEmbedded() {
  const std::string address = StrCat("127.0.0.1:", testing::FreePort());
  address_["tertiald"] = address;
  servers_["tertiald"] = std::make_unique<e2e::Process>(
      std::vector<std::string>{Bin("apps/tertiald"), "--data-dir", dir_.Sub("embedded-data"),
                               "--listen", address},
      kQuiet, dir_.Sub("tertiald.log"));
  if (!testing::WaitServing(address, seconds(60))) {
    error_ = StrCat("tertiald never served on ", address, "; see ", dir_.Sub("tertiald.log"));
  }
}

void Deployment::StartApart() {
  broker_ = std::make_unique<e2e::Process>(
      std::vector<std::string>{Bin("apps/tertial-devbroker/tertial-devbroker"), "--partitions",
                               "3"},
      kQuiet, dir_.Sub("devbroker.log"));
  const std::string bootstrap = broker_->ReadLine(seconds(20));
  if (bootstrap.empty()) {
    error_ =
        StrCat("tertial-devbroker printed no bootstrap address; see ", dir_.Sub("devbroker.log"));
    return;
  }
  for (const std::string& service : kServices) {
    address_[service] = StrCat("127.0.0.1:", testing::FreePort());
  }
  for (const std::string& service : kServices) {
    e2e::Env env = kQuiet;
    for (const std::string& peer : kServices) {
      if (peer != service) env[Upper(peer) + "_ADDR"] = address_[peer];
    }
    servers_[service] = std::make_unique<e2e::Process>(
        std::vector<std::string>{Bin(StrCat("services/", service, "/tertial-", service)), "--kafka",
                                 bootstrap, "--data-dir", dir_.Sub(StrCat("data-", service)),
                                 "--listen", address_[service], "--metrics-listen",
                                 StrCat("127.0.0.1:", testing::FreePort())},
        env, dir_.Sub(StrCat(service, ".log")));
  }
  for (const std::string& service : kServices) {
    if (!testing::WaitServing(address_[service], seconds(60))) {
      error_ = StrCat("tertial-", service, " never served on ", address_[service], "; see ",
                      dir_.Sub(StrCat(service, ".log")));
      return;
    }
  }
}

void Deployment::RunCycle() {
  const std::string demo = dir_.Sub(StrCat("demo-", name()));
  e2e::Result generated = e2e::Run({Bin("data/generator/tertial-demo-data"), "--out", demo}, {});
  if (generated.exit_code != 0) {
    error_ = StrCat("tertial-demo-data failed:\n", generated.err);
    return;
  }
  e2e::Env env = CliEnv();
  // Not `env[...] = "1"`: GCC 12 at -O2 reports a false -Wrestrict on assigning a literal
  // to a string in a map (GCC bug 105329).
  env.insert_or_assign("TERTIAL_PRINT_POSITION", std::string("1"));
  for (std::vector<std::string> command : e2e::FollowUpCycle(demo)) {
    command.insert(command.begin(), Bin("apps/tertial"));
    e2e::Result r = e2e::Run(command, env, seconds(120));
    if (r.exit_code != 0) {
      error_ = StrCat(name(), ": tertial ", command[1], " ", command[2], " failed (", r.exit_code,
                      "):\n", r.err, r.out);
      return;
    }
    constexpr std::string_view kPrinted = "tertial: position: ";
    for (size_t at = r.err.find(kPrinted); at != std::string::npos;
         at = r.err.find(kPrinted, at + 1)) {
      size_t start = at + kPrinted.size();
      std::string token = r.err.substr(start, r.err.find('\n', start) - start);
      absl::StatusOr<eventlog::LogPositions> positions = eventlog::LogPositions::ParseToken(token);
      if (!positions.ok()) {
        error_ = StrCat(name(), ": tertial ", command[1], " printed a position that does not ",
                        "parse: ", positions.status().ToString());
        return;
      }
      cycle_positions_.Merge(*positions);
    }
  }
}

BackgroundImport::BackgroundImport(const Deployment& deployment, const testing::TempDir& dir,
                                   std::string sie_path, int64_t lines)
    : env_(deployment.CliEnv()), dir_(dir), sie_path_(std::move(sie_path)), lines_(lines) {
  thread_ = std::thread([this] { Loop(); });
}

BackgroundImport::~BackgroundImport() { Stop(); }

BackgroundImport::Figures BackgroundImport::Stop() {
  if (!stopped_) {
    stopped_ = true;
    stop_ = true;
    thread_.join();
  }
  return figures_;
}

void BackgroundImport::Loop() {
  auto started = Clock::now();
  for (int n = 1; !stop_; ++n) {
    // A new organisation each time: the same file again into one would be "already
    // imported" and cost nothing.
    std::vector<std::string> args = {Bin("apps/tertial"), "import", "--org", StrCat("load-", n),
                                     sie_path_};
    // Started and waited for in this thread: PR_SET_PDEATHSIG follows the thread that forked.
    e2e::Process import(args, env_, dir_.Sub("background-import.log"));
    std::optional<int> status;
    while (!stop_ && !(status = import.WaitFor(milliseconds(20))).has_value()) {
    }
    if (!status.has_value()) break;  // stopped: ~Process kills the import in flight
    if (WIFEXITED(*status) && WEXITSTATUS(*status) == 0) {
      ++figures_.committed;
      figures_.lines += lines_;
    } else {
      ++figures_.failed;
    }
  }
  figures_.seconds = std::chrono::duration<double>(Clock::now() - started).count();
}

}  // namespace tertial::bench
