#ifndef TERTIAL_BENCH_LEDGER_CHILD_PROCESS_H_
#define TERTIAL_BENCH_LEDGER_CHILD_PROCESS_H_

// Child processes for benchmarks that measure a process as a whole (its peak RSS is its
// own, not the harness's): run a function or a program and wait for it, or start a
// server, read its memory from /proc while it runs, and stop it. A child never outlives
// the bench: it gets SIGKILL when the bench dies (PR_SET_PDEATHSIG), interrupted or not.

#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace tertial::bench {

struct ChildResult {
  int status = -1;
  double seconds = 0;
  double cpu_seconds = 0;  // user + system, all threads
  int64_t max_rss_kb = 0;
};

// Resident memory of a running process in MB (from /proc), 0 if unknown.
inline int64_t ResidentMb(pid_t pid) {
  std::FILE* statm = std::fopen(("/proc/" + std::to_string(pid) + "/statm").c_str(), "r");
  if (statm == nullptr) return 0;
  long long size = 0, resident = 0;
  int read = std::fscanf(statm, "%lld %lld", &size, &resident);
  std::fclose(statm);
  return read == 2 ? resident * sysconf(_SC_PAGESIZE) / (1 << 20) : 0;
}

// A "VmRSS:", "VmHWM:" (peak RSS) line of /proc/PID/status, in kB; 0 if unknown.
inline int64_t StatusKb(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(field + ":", 0) == 0)
      return std::strtoll(line.c_str() + field.size() + 1, nullptr, 10);
  }
  return 0;
}

// In a child just forked by `parent`: SIGKILL when the bench dies. False when it already
// has (the prctl came too late), so the child should exit at once.
inline bool DieWithParent(pid_t parent) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  return getppid() == parent;
}

// Runs `fn` in a child process; returns its exit status, wall time and peak RSS. A child
// that grows past `max_rss_mb` (0: no limit) is killed, so that a peer holding the whole
// journal in memory cannot take the machine down with it.
template <typename Fn>
ChildResult InChild(Fn fn, int64_t max_rss_mb = 0, bool* killed = nullptr) {
  std::fflush(stdout);
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    if (!DieWithParent(parent)) _exit(127);
    int code = fn();
    std::fflush(stdout);
    _exit(code);
  }
  ChildResult result;
  struct rusage usage {};
  int status = 0;
  if (max_rss_mb > 0) {
    while (wait4(pid, &status, WNOHANG, &usage) == 0) {
      if (ResidentMb(pid) > max_rss_mb) {
        kill(pid, SIGKILL);
        if (killed != nullptr) *killed = true;
        wait4(pid, &status, 0, &usage);
        break;
      }
      usleep(100'000);
    }
  } else {
    wait4(pid, &status, 0, &usage);
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.max_rss_kb = usage.ru_maxrss;
  result.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                       static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  return result;
}

// Replaces the child with `argv` (searched on PATH), `environment` added to its own, stdout
// to `output` and stderr to `output`.stderr (empty: both kept). Returns only if exec fails.
inline int Exec(const std::vector<std::string>& argv, const std::string& output,
                const std::map<std::string, std::string>& environment = {}) {
  if (!output.empty() && std::freopen(output.c_str(), "w", stdout) == nullptr) return 127;
  if (!output.empty() && output != "/dev/null" &&
      std::freopen((output + ".stderr").c_str(), "w", stderr) == nullptr) {
    return 127;
  }
  for (const auto& [name, value] : environment) setenv(name.c_str(), value.c_str(), 1);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execvp(args[0], args.data());
  return 127;
}

inline ChildResult Run(const std::vector<std::string>& argv, const std::string& output,
                       int64_t max_rss_mb = 0, bool* killed = nullptr,
                       const std::map<std::string, std::string>& environment = {}) {
  return InChild([&] { return Exec(argv, output, environment); }, max_rss_mb, killed);
}

// Starts `argv` and returns its pid at once (-1 if fork fails). Stop it with Stop.
inline pid_t Start(const std::vector<std::string>& argv, const std::string& output,
                   const std::map<std::string, std::string>& environment = {}) {
  std::fflush(stdout);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) _exit(DieWithParent(parent) ? Exec(argv, output, environment) : 127);
  return pid;
}

// SIGTERM, then SIGKILL after `grace`; reaps the child. Its exit status, -1 if killed.
inline int Stop(pid_t pid, std::chrono::milliseconds grace = std::chrono::seconds(10)) {
  kill(pid, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + grace;
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -1;
    }
    usleep(20'000);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace tertial::bench

#endif  // TERTIAL_BENCH_LEDGER_CHILD_PROCESS_H_
