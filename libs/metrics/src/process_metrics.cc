#include "tertial/metrics/process_metrics.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tertial/base/build_info.h"

namespace tertial::metrics {
namespace {

std::optional<std::string> ReadFile(const char* path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Seconds since the epoch at which the machine booted (/proc/stat btime).
std::optional<double> BootTime() {
  std::optional<std::string> stat = ReadFile("/proc/stat");
  if (!stat) return std::nullopt;
  size_t at = stat->find("\nbtime ");
  if (at == std::string::npos) return std::nullopt;
  return std::strtod(stat->c_str() + at + 7, nullptr);
}

int CountOpenFds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return -1;
  int count = 0;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count - 1;  // the directory stream's own descriptor
}

}  // namespace

std::optional<ProcessSample> SampleProcess() {
  std::optional<std::string> stat = ReadFile("/proc/self/stat");
  if (!stat) return std::nullopt;
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses; fields follow the
  // last ')'. After it, field 3 (state) is index 0.
  size_t close = stat->rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(stat->substr(close + 2));
  std::vector<std::string> f;
  for (std::string word; fields >> word;) f.push_back(word);
  // Indices after ')': utime 11, stime 12, num_threads 17, starttime 19, vsize 20, rss 21.
  if (f.size() < 22) return std::nullopt;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  ProcessSample sample;
  sample.cpu_seconds =
      (std::strtod(f[11].c_str(), nullptr) + std::strtod(f[12].c_str(), nullptr)) / ticks;
  sample.threads = std::strtod(f[17].c_str(), nullptr);
  sample.virtual_bytes = std::strtod(f[20].c_str(), nullptr);
  sample.resident_bytes = std::strtod(f[21].c_str(), nullptr) * page;
  if (std::optional<double> boot = BootTime()) {
    sample.start_time_seconds = *boot + std::strtod(f[19].c_str(), nullptr) / ticks;
  }
  sample.open_fds = CountOpenFds();
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) sample.max_fds = static_cast<double>(limit.rlim_cur);
  return sample;
}

void CollectProcess(Registry* registry) {
  static std::mutex mutex;
  static std::set<Registry*> done;
  {
    std::lock_guard<std::mutex> guard(mutex);
    if (!done.insert(registry).second) return;
  }
  using T = Registry::Type;
  registry->Define("process_cpu_seconds_total", T::kCounter,
                   "Total user and system CPU time spent in seconds", /*collected=*/true);
  registry->Define("process_resident_memory_bytes", T::kGauge, "Resident memory size in bytes",
                   true);
  registry->Define("process_virtual_memory_bytes", T::kGauge, "Virtual memory size in bytes", true);
  registry->Define("process_open_fds", T::kGauge, "Number of open file descriptors", true);
  registry->Define("process_max_fds", T::kGauge, "Maximum number of open file descriptors", true);
  registry->Define("process_start_time_seconds", T::kGauge,
                   "Start time of the process since the Unix epoch in seconds", true);
  registry->Define("process_threads", T::kGauge, "Number of OS threads in the process", true);
  registry->Define("tertial_build_info", T::kGauge,
                   "1, labelled with the running build's version and git commit");
  registry->Set(
      "tertial_build_info",
      {{"version", std::string(BuildVersion())}, {"git_commit", std::string(BuildGitCommit())}}, 1);
  registry->AddCollector([](Registry& r) {
    std::optional<ProcessSample> sample = SampleProcess();
    if (!sample) return;
    r.Set("process_cpu_seconds_total", {}, sample->cpu_seconds);
    r.Set("process_resident_memory_bytes", {}, sample->resident_bytes);
    r.Set("process_virtual_memory_bytes", {}, sample->virtual_bytes);
    if (sample->open_fds >= 0) r.Set("process_open_fds", {}, sample->open_fds);
    r.Set("process_max_fds", {}, sample->max_fds);
    if (sample->start_time_seconds > 0) {
      r.Set("process_start_time_seconds", {}, sample->start_time_seconds);
    }
    r.Set("process_threads", {}, sample->threads);
  });
}

}  // namespace tertial::metrics
