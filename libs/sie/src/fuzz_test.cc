// Mutation fuzzing: the samples, with random bytes flipped, inserted and removed, lines
// shuffled and cut short, must be read to the end without a crash or a hang, and whatever
// the reader returns must still be well-formed. A short run is part of the normal suite;
// SIE_FUZZ_SECONDS sets a longer one (the TERTIAL_LONG_TESTS ctest entry sie_fuzz_long).

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tertial/money/money.h"
#include "tertial/sie/cp437.h"
#include "tertial/sie/reader.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::sie {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> Corpus() {
  std::vector<std::string> corpus;
  for (const auto& entry : fs::directory_iterator(testing::SharedDir() + "/sie-samples")) {
    std::string ext = entry.path().extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext != ".se" && ext != ".si") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    corpus.push_back(s.str());
  }
  std::sort(corpus.begin(), corpus.end());
  return corpus;
}

std::string Mutate(const std::string& input, std::mt19937_64& rng) {
  std::string s = input;
  static const char kSpecial[] = {'"',  '\\',   '{',    '}',    '#', '\n', '\r', ' ', '\t',
                                  '\0', '\x7F', '\xFF', '\x80', '-', '.',  '0',  '9'};
  const int edits = 1 + static_cast<int>(rng() % 8);
  for (int e = 0; e < edits && !s.empty(); ++e) {
    const size_t at = rng() % s.size();
    switch (rng() % 8) {
      case 0:  // flip a byte to anything
        s[at] = static_cast<char>(rng());
        break;
      case 1:  // a byte that means something to the format
        s[at] = kSpecial[rng() % sizeof(kSpecial)];
        break;
      case 2:
        s.insert(at, 1, kSpecial[rng() % sizeof(kSpecial)]);
        break;
      case 3:
        s.erase(at, 1 + rng() % 64);
        break;
      case 4:  // cut the file short
        s.resize(at);
        break;
      case 5: {  // repeat a piece elsewhere (lines joined, blocks duplicated)
        const size_t len = 1 + rng() % 200;
        const std::string piece = s.substr(at, len);
        s.insert(rng() % s.size(), piece);
        break;
      }
      case 6:  // a long run without a line break
        s.insert(at, std::string(1 + rng() % 100000, static_cast<char>('a' + rng() % 26)));
        break;
      case 7:  // digits into a number
        s[at] = static_cast<char>('0' + rng() % 10);
        break;
    }
  }
  return s;
}

bool ValidDate(const Date& d) {
  return d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= period::DaysInMonth(d.year, d.month);
}

// Reads `bytes` to the end; returns a description of a broken invariant, or "".
std::string Check(const std::string& bytes, const ReaderOptions& options) {
  auto source = FromString(bytes);
  Reader reader(source.get(), "fuzz.se", options);
  Item item;
  // Every call consumes at least one line, so this bounds the loop.
  const size_t bound = static_cast<size_t>(std::count(bytes.begin(), bytes.end(), '\n')) + 2;
  for (size_t calls = 0;; ++calls) {
    if (calls > bound) return "Next does not reach the end";
    absl::StatusOr<bool> more = reader.Next(&item);
    if (!more.ok() || !*more) break;
    std::string broken = std::visit(
        [&](const auto& v) -> std::string {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, Voucher>) {
            if (!ValidDate(v.date)) return "voucher date";
            if (!IsValidUtf8(v.text) || !IsValidUtf8(v.series)) return "voucher text";
            if (v.transactions.size() > options.max_voucher_transactions) return "size";
            for (const Transaction& t : v.transactions) {
              if (t.account.empty() || !IsValidUtf8(t.account) || !IsValidUtf8(t.text)) {
                return "transaction text";
              }
              if (t.amount_ore > money::kMaxAbsOre || t.amount_ore < -money::kMaxAbsOre) {
                return "amount";
              }
              if (t.date && !ValidDate(*t.date)) return "transaction date";
              for (const ObjectRef& o : t.objects) {
                if (o.dimension < 1 || o.object_id.empty()) return "object";
              }
            }
          }
          if constexpr (std::is_same_v<T, Konto>) {
            if (!IsValidUtf8(v.name) || v.account.empty()) return "konto";
          }
          if constexpr (std::is_same_v<T, Rar>) {
            if (!ValidDate(v.start) || !ValidDate(v.end) || v.end < v.start) return "rar";
          }
          return "";
        },
        item);
    if (!broken.empty()) return "invalid item: " + broken;
  }
  if (reader.errors().size() > static_cast<size_t>(options.max_errors) + 1) {
    return "more errors listed than the cap";
  }
  return "";
}

double FuzzSeconds() {
  const char* env = std::getenv("SIE_FUZZ_SECONDS");
  return env != nullptr ? std::atof(env) : 3.0;
}

// A fixed seed by default, so that a failure in the suite repeats; SIE_FUZZ_SEED=random
// (the long run) or a number chooses another sequence.
uint64_t FuzzSeed() {
  const char* env = std::getenv("SIE_FUZZ_SEED");
  if (env == nullptr) return 20080930;
  if (std::string(env) == "random") return std::random_device{}();
  return std::strtoull(env, nullptr, 10);
}

TEST(ReaderFuzzTest, MutatedSamplesNeverCrashOrHang) {
  const std::vector<std::string> corpus = Corpus();
  ASSERT_FALSE(corpus.empty());
  const uint64_t seed = FuzzSeed();
  std::mt19937_64 rng(seed);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(FuzzSeconds());
  int runs = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string input = Mutate(corpus[rng() % corpus.size()], rng);
    ReaderOptions options;
    if (rng() % 4 == 0) options.max_line_bytes = 1 + rng() % 200;
    if (rng() % 4 == 0) options.max_errors = static_cast<int>(rng() % 5);
    if (rng() % 4 == 0) options.max_voucher_transactions = rng() % 4;
    const std::string broken = Check(input, options);
    if (!broken.empty()) {
      // Keep the input so that the failure can be replayed.
      const std::string path = testing::TempDir().path() + "-fuzz-failure.se";
      std::ofstream(path, std::ios::binary) << input;
      FAIL() << broken << " (seed " << seed << ", run " << runs << ", input in " << path << ")";
    }
    ++runs;
  }
  std::cout << "fuzzed " << runs << " mutated files (seed " << seed << ")\n";
  EXPECT_GT(runs, 10);
}

}  // namespace
}  // namespace tertial::sie
