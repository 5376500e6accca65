// SIE reader throughput against `wc -l` on the same file, in the same run.
//
//   sie_read_bench [--transactions N] [--dir DIR] [--keep]
//   sie_read_bench --read FILE [--views]   (time the reader alone on an existing file)
//
// Writes a type 4 file of N #TRANS lines (default 5 million) with sie::Writer into a
// temporary directory, and the same with #KSUMMA, then times `wc -l` and the reader over
// them (best of five each, taken in turns, files in the page cache) and prints MB/s,
// lines/s, #TRANS/s, the reader's peak RSS, and the ratio to wc -l, by wall and by CPU
// time: through Next(Item*), which copies every voucher into owned strings, and through
// Next(ItemView*), which hands out views. A tenth-size file is read too, to show that
// memory does not grow with the file.

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <random>
#include <string>

#include "tertial/sie/reader.h"
#include "tertial/sie/writer.h"

namespace tertial::sie {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// CPU time (user + system) of this process, or of its finished children.
double CpuSeconds(int who) {
  struct rusage usage;
  ::getrusage(who, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// A ledger shaped like a municipality's: vouchers of 2-12 lines on units (dimension 1) and
// sometimes projects (6), amounts of every size, dates, and text on about half the lines.
absl::Status Generate(const std::string& path, int64_t transactions, bool checksum) {
  auto sink = CreateFile(path);
  if (!sink.ok()) return sink.status();
  Writer writer(sink->get(), {.checksum = checksum});
  std::mt19937_64 rng(580);
  static const char* kUnits[] = {"KLS", "PLS", "KFS", "VSS", "LEAN", "UBF", "SOC", "TKF"};
  static const char* kTexts[] = {"Leverantörsfaktura",  "Lön augusti",     "Internhyra kv 3",
                                 "Kaffe till Ö-staben", "Måltider skolor", "Periodisering"};
  absl::Status s = writer.Write(Flagga{});
  if (s.ok()) s = writer.Write(Program{"tertial sie_read_bench", "1"});
  if (s.ok()) s = writer.Write(Format{"PC8"});
  if (s.ok()) s = writer.Write(Gen{{2021, 9, 1}, "bench"});
  if (s.ok()) s = writer.Write(SieTyp{"4"});
  if (s.ok()) s = writer.Write(Fnamn{"Linköpings kommun"});
  if (s.ok()) s = writer.Write(Rar{0, {2021, 1, 1}, {2021, 12, 31}});
  for (int i = 0; s.ok() && i < 8; ++i) s = writer.Write(Objekt{1, kUnits[i], "Enhet"});
  Voucher v;
  v.series = "A";
  int64_t written = 0;
  for (int number = 1; s.ok() && written < transactions; ++number) {
    const int lines = static_cast<int>(std::min<int64_t>(2 + rng() % 11, transactions - written));
    v.number = std::to_string(number);
    v.date = {2021, static_cast<int>(1 + (number / 1000) % 12), static_cast<int>(1 + rng() % 28)};
    v.text = kTexts[rng() % 6];
    v.transactions.resize(static_cast<size_t>(lines));
    int64_t sum = 0;
    for (int k = 0; k < lines; ++k) {
      Transaction& t = v.transactions[static_cast<size_t>(k)];
      const bool last = k == lines - 1;
      t.account = last ? "2440" : std::to_string(4000 + rng() % 4000);
      t.objects.clear();
      if (!last) t.objects.push_back({1, kUnits[rng() % 8]});
      if (!last && rng() % 4 == 0) t.objects.push_back({6, "P" + std::to_string(rng() % 300)});
      t.amount_ore = last ? -sum : static_cast<int64_t>(rng() % 5'000'000) - 1'000'000;
      sum += t.amount_ore;
      t.date = v.date;
      t.text = rng() % 2 ? kTexts[rng() % 6] : "";
    }
    s = writer.Write(v);
    written += lines;
  }
  absl::Status finished = writer.Finish();
  return s.ok() ? finished : s;
}

// A /proc/self/status figure in KiB: VmHWM (peak RSS since the last reset) or VmRSS.
long StatusKib(const char* key) {
  std::ifstream status("/proc/self/status");
  std::string line;
  const size_t n = std::strlen(key);
  while (std::getline(status, line)) {
    if (line.compare(0, n, key) == 0) return std::strtol(line.c_str() + n, nullptr, 10);
  }
  return -1;
}

// Resets VmHWM to the current RSS (Linux: write 5 to clear_refs).
void ResetPeakRss() { std::ofstream("/proc/self/clear_refs") << "5"; }

struct ReadResult {
  double seconds = 0;
  double cpu_seconds = 0;
  int64_t bytes = 0;
  int64_t transactions = 0;
  int64_t vouchers = 0;
  long peak_rss_kib = 0;
  long rss_before_kib = 0;
  size_t errors = 0;
  bool verified = false;
};

// Reads the whole file through Next(Item*) (owned vouchers) or Next(ItemView*) (views).
ReadResult ReadFile(const std::string& path, bool views) {
  ReadResult r;
  ResetPeakRss();
  r.rss_before_kib = StatusKib("VmRSS:");
  const double cpu_start = CpuSeconds(RUSAGE_SELF);
  const auto start = Clock::now();
  auto source = OpenFile(path);
  if (!source.ok()) {
    std::fprintf(stderr, "%s\n", std::string(source.status().message()).c_str());
    std::exit(1);
  }
  Reader reader(source->get(), path);
  Item item;
  ItemView view;
  for (;;) {
    absl::StatusOr<bool> more = views ? reader.Next(&view) : reader.Next(&item);
    if (!more.ok()) {
      std::fprintf(stderr, "%s\n", std::string(more.status().message()).c_str());
      std::exit(1);
    }
    if (!*more) break;
    if (views) {
      if (const VoucherView* v = std::get_if<VoucherView>(&view)) {
        ++r.vouchers;
        r.transactions += static_cast<int64_t>(v->transactions.size());
      }
    } else if (const Voucher* v = std::get_if<Voucher>(&item)) {
      ++r.vouchers;
      r.transactions += static_cast<int64_t>(v->transactions.size());
    }
  }
  r.seconds = Seconds(start);
  r.cpu_seconds = CpuSeconds(RUSAGE_SELF) - cpu_start;
  r.bytes = reader.bytes_read();
  r.peak_rss_kib = StatusKib("VmHWM:");
  r.errors = reader.errors().size();
  r.verified = reader.checksum_verified();
  return r;
}

struct WcResult {
  double seconds = 0;
  double cpu_seconds = 0;
  int64_t lines = 0;
};

WcResult TimeWcL(const std::string& path) {
  WcResult r;
  const double cpu_start = CpuSeconds(RUSAGE_CHILDREN);
  const auto start = Clock::now();
  const std::string command = "exec wc -l < '" + path + "'";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  long long n = -1;
  if (std::fscanf(pipe, "%lld", &n) != 1) n = -1;
  ::pclose(pipe);
  r.seconds = Seconds(start);
  r.cpu_seconds = CpuSeconds(RUSAGE_CHILDREN) - cpu_start;
  r.lines = n;
  return r;
}

double LoadAverage() {
  double load = -1;
  std::ifstream("/proc/loadavg") >> load;
  return load;
}

int Main(int argc, char** argv) {
  int64_t transactions = 5'000'000;
  std::string dir;
  bool keep = false;
  bool own_dir = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--transactions") && i + 1 < argc) {
      transactions = std::atoll(argv[++i]);
    } else if (!std::strcmp(argv[i], "--dir") && i + 1 < argc) {
      dir = argv[++i];
    } else if (!std::strcmp(argv[i], "--keep")) {
      keep = true;
    } else if (!std::strcmp(argv[i], "--read") && i + 1 < argc) {
      const char* path = argv[++i];
      const bool views = i + 1 < argc && !std::strcmp(argv[i + 1], "--views");
      ReadResult r = ReadFile(path, views);
      std::printf("%.3f s  %.1f MB/s  %lld #TRANS  %zu errors  peak RSS %ld KiB\n", r.seconds,
                  static_cast<double>(r.bytes) / 1e6 / r.seconds,
                  static_cast<long long>(r.transactions), r.errors, r.peak_rss_kib);
      return r.errors == 0 ? 0 : 1;
    } else {
      std::fprintf(stderr, "usage: %s [--transactions N] [--dir DIR] [--keep]\n", argv[0]);
      return 2;
    }
  }
  if (dir.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    char templ[4096];
    std::snprintf(templ, sizeof(templ), "%s/sie-bench-XXXXXX", tmp ? tmp : "/tmp");
    if (::mkdtemp(templ) == nullptr) return 1;
    dir = templ;
    own_dir = true;
  }
  const std::string plain = dir + "/ledger.se";
  const std::string summed = dir + "/ledger-ksumma.se";
  const std::string tenth_path = dir + "/ledger-tenth.se";

  auto start = Clock::now();
  if (absl::Status s = Generate(plain, transactions, false); !s.ok()) {
    std::fprintf(stderr, "generate: %s\n", std::string(s.message()).c_str());
    return 1;
  }
  const double generate_seconds = Seconds(start);
  if (!Generate(summed, transactions, true).ok()) return 1;
  if (!Generate(tenth_path, transactions / 10, false).ok()) return 1;
  const double mb = static_cast<double>(std::filesystem::file_size(plain)) / 1e6;
  const double summed_mb = static_cast<double>(std::filesystem::file_size(summed)) / 1e6;

  // Warm the page cache, then best of five for each, taken in turns so that all see the
  // same machine (it is shared: the load average is printed).
  TimeWcL(plain);
  WcResult wc;
  wc.seconds = wc.cpu_seconds = 1e9;
  ReadResult best;
  ReadResult best_summed;
  ReadResult best_views;
  ReadResult best_views_summed;
  for (ReadResult* r : {&best, &best_summed, &best_views, &best_views_summed}) {
    r->seconds = r->cpu_seconds = 1e9;
  }
  const auto keep_best = [](ReadResult* best_so_far, const ReadResult& r) {
    const double cpu = std::min(best_so_far->cpu_seconds, r.cpu_seconds);
    if (r.seconds < best_so_far->seconds) *best_so_far = r;
    best_so_far->cpu_seconds = cpu;
  };
  for (int i = 0; i < 5; ++i) {
    WcResult w = TimeWcL(plain);
    wc.lines = w.lines;
    wc.seconds = std::min(wc.seconds, w.seconds);
    wc.cpu_seconds = std::min(wc.cpu_seconds, w.cpu_seconds);
    keep_best(&best, ReadFile(plain, false));
    keep_best(&best_summed, ReadFile(summed, false));
    keep_best(&best_views, ReadFile(plain, true));
    keep_best(&best_views_summed, ReadFile(summed, true));
  }
  ReadResult tenth = ReadFile(tenth_path, false);
  const int64_t lines = wc.lines;

  std::printf(
      "file         %s: %.1f MB, %lld lines, %lld #TRANS in %lld #VER (written in "
      "%.2f s, %.0f MB/s);\n             the same with #KSUMMA: %.1f MB\n",
      plain.c_str(), mb, static_cast<long long>(lines), static_cast<long long>(best.transactions),
      static_cast<long long>(best.vouchers), generate_seconds, mb / generate_seconds, summed_mb);
  std::printf("machine      load average %.2f on %ld CPUs (the figures are best of five)\n",
              LoadAverage(), ::sysconf(_SC_NPROCESSORS_ONLN));
  std::printf("             %-10s %-10s %-11s %-11s %-11s %s\n", "wall s", "cpu s", "MB/s wall",
              "MB/s cpu", "M lines/s", "M #TRANS/s");
  std::printf("wc -l        %-10.3f %-10.3f %-11.1f %-11.1f %-11.2f\n", wc.seconds, wc.cpu_seconds,
              mb / wc.seconds, mb / wc.cpu_seconds, static_cast<double>(lines) / wc.seconds / 1e6);
  const auto row = [&](const char* name, const ReadResult& r, double megabytes) {
    std::printf("%-12s %-10.3f %-10.3f %-11.1f %-11.1f %-11.2f %.2f\n", name, r.seconds,
                r.cpu_seconds, megabytes / r.seconds, megabytes / r.cpu_seconds,
                static_cast<double>(lines) / r.seconds / 1e6,
                static_cast<double>(r.transactions) / r.seconds / 1e6);
  };
  row("Next(Item*)", best, mb);
  row("  +#KSUMMA", best_summed, summed_mb);
  row("Next(View*)", best_views, mb);
  row("  +#KSUMMA", best_views_summed, summed_mb);
  const auto ratio = [&](const char* name, const ReadResult& r, const ReadResult& summed_r) {
    std::printf(
        "ratio        %s / wc -l (MB/s): %.1f %% by wall time, %.1f %% by CPU time; with "
        "#KSUMMA %.1f %% / %.1f %% (target >= 10 %%)\n",
        name, 100.0 * wc.seconds / r.seconds, 100.0 * wc.cpu_seconds / r.cpu_seconds,
        100.0 * (summed_mb / summed_r.seconds) / (mb / wc.seconds),
        100.0 * (summed_mb / summed_r.cpu_seconds) / (mb / wc.cpu_seconds));
  };
  ratio("Next(Item*)    ", best, best_summed);
  ratio("Next(ItemView*)", best_views, best_views_summed);
  std::printf("peak RSS     %ld KiB reading %.0f MB; %ld KiB reading a tenth of it (%.0f MB)\n",
              best.peak_rss_kib, mb, tenth.peak_rss_kib, static_cast<double>(tenth.bytes) / 1e6);
  std::printf("checks       %zu + %zu errors, #KSUMMA %s; views: %zu + %zu errors, #KSUMMA %s\n",
              best.errors, best_summed.errors, best_summed.verified ? "verified" : "NOT verified",
              best_views.errors, best_views_summed.errors,
              best_views_summed.verified ? "verified" : "NOT verified");
  if (!keep) {
    std::filesystem::remove(plain);
    std::filesystem::remove(summed);
    std::filesystem::remove(tenth_path);
    if (own_dir) std::filesystem::remove(dir);
  }
  bool ok = true;
  for (const ReadResult* r : {&best, &best_summed, &best_views, &best_views_summed}) {
    ok = ok && r->errors == 0 && r->transactions == transactions;
  }
  ok = ok && best_summed.verified && best_views_summed.verified;
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace tertial::sie

int main(int argc, char** argv) { return tertial::sie::Main(argc, argv); }
