// The reader's fast paths against its general path, and the views against the owned items:
// every input - the samples, generated ledgers with every spelling of a transaction line,
// and mutations of both - must give the same items, errors, warnings, lines and progress
// whichever way it is read. SIE_FUZZ_SECONDS makes the mutation run longer.

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reader_impl.h"
#include "tertial/sie/reader.h"
#include "tertial/sie/writer.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::sie {
namespace {

namespace fs = std::filesystem;
using ::testing::SizeIs;

std::string DateText(const Date& d) {
  return std::to_string(d.year) + "-" + std::to_string(d.month) + "-" + std::to_string(d.day);
}
std::string DateText(const std::optional<Date>& d) { return d ? DateText(*d) : "-"; }

// One line of text per item, field by field, so that a difference names itself.
struct Describe {
  std::string operator()(const Voucher& v) const {
    std::string out = "#VER " + v.series + "|" + v.number + "|" + DateText(v.date) + "|" + v.text +
                      "|" + DateText(v.registered) + "|" + v.signature + "|" +
                      std::to_string(v.line);
    for (const Transaction& t : v.transactions) {
      out += "\n  " + std::to_string(static_cast<int>(t.kind)) + "|" + t.account + "|{";
      for (const ObjectRef& o : t.objects)
        out += std::to_string(o.dimension) + ":" + o.object_id + ",";
      out += "}|" + std::to_string(t.amount_ore) + "|" + DateText(t.date) + "|" + t.text + "|" +
             t.quantity + "|" + t.signature + "|" + std::to_string(t.line) +
             (t.repeats_rtrans ? "|copy" : "");
    }
    return out;
  }
  std::string operator()(const Balance& b) const {
    std::string out = "#BAL " + std::to_string(static_cast<int>(b.kind)) + "|" +
                      std::to_string(b.year_index) + "|" + b.account + "|{";
    for (const ObjectRef& o : b.objects)
      out += std::to_string(o.dimension) + ":" + o.object_id + ",";
    return out + "}|" + std::to_string(b.amount_ore) + "|" + b.quantity;
  }
  std::string operator()(const PeriodBalance& b) const {
    std::string out = "#PBAL " + std::to_string(static_cast<int>(b.kind)) + "|" +
                      std::to_string(b.year_index) + "|" + std::to_string(b.period.Index()) + "|" +
                      b.account + "|{";
    for (const ObjectRef& o : b.objects)
      out += std::to_string(o.dimension) + ":" + o.object_id + ",";
    return out + "}|" + std::to_string(b.amount_ore) + "|" + b.quantity;
  }
  std::string operator()(const Konto& k) const { return "#KONTO " + k.account + "|" + k.name; }
  std::string operator()(const Objekt& o) const {
    return "#OBJEKT " + std::to_string(o.dimension) + "|" + o.object_id + "|" + o.name;
  }
  std::string operator()(const Rar& r) const {
    return "#RAR " + std::to_string(r.year_index) + "|" + DateText(r.start) + "|" + DateText(r.end);
  }
  std::string operator()(const Ksumma& k) const {
    return "#KSUMMA " + (k.checksum ? std::to_string(*k.checksum) : std::string("-"));
  }
  std::string operator()(const Fnamn& f) const { return "#FNAMN " + f.name; }
  // The other records: their index is enough here (the reader tests check their fields).
  template <typename T>
  std::string operator()(const T&) const {
    return "#" + std::to_string(Item(T{}).index());
  }
};

enum class Way { kItems, kViews };

// Everything a reader gives for `bytes`, as text.
std::string ReadAll(std::string_view bytes, const ReaderOptions& options, Way way,
                    size_t read_size = 0) {
  // A source that hands out at most read_size bytes at a time (0: as much as asked).
  class ChunkedSource final : public ByteSource {
   public:
    ChunkedSource(std::string_view data, size_t chunk) : data_(data), chunk_(chunk) {}
    absl::StatusOr<size_t> Read(char* buffer, size_t size) override {
      size_t n = std::min(size, data_.size());
      if (chunk_ > 0) n = std::min(n, chunk_);
      std::memcpy(buffer, data_.data(), n);
      data_.remove_prefix(n);
      return n;
    }

   private:
    std::string_view data_;
    size_t chunk_;
  };
  ChunkedSource source(bytes, read_size);
  Reader reader(&source, "in.se", options);
  std::string out;
  Item item;
  ItemView view;
  Voucher copy;
  for (;;) {
    absl::StatusOr<bool> more = way == Way::kItems ? reader.Next(&item) : reader.Next(&view);
    if (!more.ok()) {
      out += "status " + more.status().ToString() + "\n";
      break;
    }
    if (!*more) break;
    out += "@" + std::to_string(reader.line()) + " " + std::to_string(reader.bytes_read()) + " ";
    if (way == Way::kItems) {
      out += std::visit(Describe(), item);
    } else if (const VoucherView* v = std::get_if<VoucherView>(&view)) {
      CopyVoucher(*v, &copy);
      out += Describe()(copy);
    } else {
      std::visit(
          [&](const auto& record) {
            if constexpr (!std::is_same_v<std::decay_t<decltype(record)>, VoucherView>) {
              out += Describe()(record);
            }
          },
          view);
    }
    out += "\n";
  }
  for (const Issue& d : reader.errors()) out += "error " + FormatIssue(d) + "\n";
  for (const Issue& d : reader.warnings()) out += "warning " + FormatIssue(d) + "\n";
  out += "not listed " + std::to_string(reader.errors_not_listed()) + ", checksum " +
         (reader.checksum_verified() ? "verified" : "not verified") + "\n";
  return out;
}

// "" if the two readings agree, else the first line where they differ (the readings of a
// large file are too long to print whole).
std::string Difference(const std::string& expected, const std::string& got) {
  if (expected == got) return "";
  std::istringstream a(expected);
  std::istringstream b(got);
  std::string line_a;
  std::string line_b;
  for (int line = 1;; ++line) {
    const bool more_a = static_cast<bool>(std::getline(a, line_a));
    const bool more_b = static_cast<bool>(std::getline(b, line_b));
    if (!more_a && !more_b) return "they differ in their last byte";
    if (line_a != line_b || more_a != more_b) {
      return "line " + std::to_string(line) +
             " of the reading:\n  expected: " + (more_a ? line_a : "(end)") +
             "\n  got:      " + (more_b ? line_b : "(end)");
    }
  }
}

// The general path only: what the fast paths must agree with.
std::string ReadAllSlowly(std::string_view bytes, const ReaderOptions& options) {
  internal::SetFastPathsForTesting(false);
  std::string out = ReadAll(bytes, options, Way::kItems);
  internal::SetFastPathsForTesting(true);
  return out;
}

// A ledger in many of the spellings real files use, and some they should not. Half of the
// vouchers use only good spellings (so that they are returned, and their fields compared);
// the others any, so that most of them are rejected somewhere.
std::string TransactionCorpus(uint64_t seed, int vouchers) {
  std::mt19937_64 rng(seed);
  bool clean = false;
  // One of `good`, or in a voucher that need not be clean, of `good` and `bad`.
  const auto pick = [&](std::initializer_list<const char*> good,
                        std::initializer_list<const char*> bad = {}) {
    const size_t n = good.size() + (clean ? 0 : bad.size());
    const size_t i = rng() % n;
    return std::string(i < good.size() ? good.begin()[i] : bad.begin()[i - good.size()]);
  };
  const auto maybe = [&](int one_in) { return rng() % one_in == 0; };
  const auto blank = [&] { return maybe(5) ? pick({"  ", "\t", " \t", "   "}) : " "; };
  std::string out =
      "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#RAR 0 20210101 20211231\n#DIM 1 \"Ansvar\"\n";
  if (maybe(4)) out = "#FLAGGA 0\n#KSUMMA\n" + out.substr(10);
  for (int v = 0; v < vouchers; ++v) {
    clean = maybe(2);
    out += "#VER" + blank() + pick({"A", "\"B\"", "\"\"", "V\x94r"}) + blank() +
           std::to_string(v + 1) + blank() + pick({"20210105", "20210131", "2021-03-01"});
    // Text, registration date and signature: each only if the ones before it are there.
    const int header = static_cast<int>(rng() % 4);
    if (header > 0) {
      out += blank() + pick({"\"Faktura\"", "\"L\x94n augusti\"", "\"L\xC3\xB6n\"",
                             "\"a \\\"b\\\"\"", "\"C:\\SIE\\\"", "\"\""},
                            {"{}"});
    }
    if (header > 1)
      out += blank() + pick({"20210102", "\"\"", "20210331"}, {"2021", "{}", "20210230"});
    if (header > 2) out += blank() + pick({"\"Sign\"", "S\x94", "\"\""}, {"{}", "\"x\" extra"});
    out += pick({"\n", "\r\n", " \n"}) + pick({"{\n"}, {"{\n", "{ \n", ""});
    const int lines = 1 + static_cast<int>(rng() % 6);
    for (int k = 0; k < lines; ++k) {
      std::string line = pick({"", "\t", "   "}) +
                         pick({"#TRANS", "#TRANS", "#TRANS", "#RTRANS", "#BTRANS"}, {"#TRANSX"}) +
                         blank() +
                         pick({"1910", "\"1910\"", "3010",
                               "19\x8E"
                               "0"},
                              {"\"\""});
      if (clean || !maybe(10)) {
        line += blank() + "{";
        const int objects = static_cast<int>(rng() % 4) - (!clean && maybe(20) ? 1 : 0);
        for (int o = 0; o < objects; ++o) {
          line += (o > 0 ? blank() : pick({"", " "})) +
                  pick({"1", "\"1\"", "6", "20"}, {"0", "x"}) + blank() +
                  pick({"\"KLS\"", "KLS", "\"P100\"", "\"\x99st\"", "\"a\\\\b\""}, {"\"\""});
        }
        if (objects < 0) line += "1";
        line += pick({"}", " }"}, {""});
      }
      line += blank() + pick({"100.00", "-1234.50", "7", "-0.5", "123456789012345.67", "0.07",
                              "+12.00", "1.000"},
                             {"1.234", "12,5", "1234567890123456", "x"});
      const int optional = static_cast<int>(rng() % 6);
      if (optional > 0) {
        line += blank() + pick({"20210105", "\"\"", "20210131", "2021-01-05"},
                               {"20210229", "20210431", "20211301", "{}"});
      }
      if (optional > 1) {
        line += blank() + pick({"\"Kaffe till \x99-staben\"", "\"\"", "text", "\"a\\\"b\"",
                                "\"C:\\temp\"", "\"\xC3\xA5r\"", "\"\xEF\xBF\xBD\""},
                               {"\"tab\tin\""});
      }
      if (optional > 2) line += blank() + pick({"1.5", "\"\"", "-3"}, {"x", "2,5"});
      if (optional > 3) line += blank() + pick({"\"sign\"", "S\x94"}, {"{}"});
      if (optional > 4) line += blank() + pick({"extra", "\"more\""});
      if (!clean && maybe(30)) line += pick({"\"unterminated", "\x01", "}", "{"});
      out += line + pick({"\n", "\n", "\n", "\r\n", " \n"});
    }
    out += pick({"}\n", " } \n"}, {""});
  }
  if (out.find("#KSUMMA") != std::string::npos) out += "#KSUMMA 12345\n";
  return out;
}

std::vector<std::string> Samples() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(testing::SharedDir() + "/sie-samples")) {
    std::string ext = entry.path().extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext != ".se" && ext != ".si") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    files.push_back(s.str());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string Mutate(const std::string& input, std::mt19937_64& rng) {
  std::string s = input;
  static const char kSpecial[] = {'"',  '\\',   '{',    '}',    '#', '\n', '\r', ' ', '\t',
                                  '\0', '\x7F', '\xFF', '\x94', '-', '.',  '0',  '9'};
  const int edits = 1 + static_cast<int>(rng() % 6);
  for (int e = 0; e < edits && !s.empty(); ++e) {
    const size_t at = rng() % s.size();
    switch (rng() % 6) {
      case 0:
        s[at] = static_cast<char>(rng());
        break;
      case 1:
        s[at] = kSpecial[rng() % sizeof(kSpecial)];
        break;
      case 2:
        s.insert(at, 1, kSpecial[rng() % sizeof(kSpecial)]);
        break;
      case 3:
        s.erase(at, 1 + rng() % 16);
        break;
      case 4:
        s.resize(at);
        break;
      case 5:
        s.insert(rng() % s.size(), s.substr(at, 1 + rng() % 200));
        break;
    }
  }
  return s;
}

ReaderOptions SomeOptions(std::mt19937_64& rng) {
  ReaderOptions options;
  if (rng() % 4 == 0) options.max_line_bytes = 1 + rng() % 120;
  if (rng() % 4 == 0) options.max_errors = static_cast<int>(rng() % 5);
  if (rng() % 4 == 0) options.max_voucher_transactions = rng() % 4;
  return options;
}

TEST(ReaderFastPathTest, GivesWhatTheGeneralPathGivesForEverySample) {
  for (const std::string& sample : Samples()) {
    const std::string expected = ReadAllSlowly(sample, {});
    ASSERT_EQ(Difference(expected, ReadAll(sample, {}, Way::kItems)), "");
    ASSERT_EQ(Difference(expected, ReadAll(sample, {}, Way::kViews)), "");
    ASSERT_EQ(Difference(expected, ReadAll(sample, {}, Way::kItems, 7)), "");
  }
}

TEST(ReaderFastPathTest, GivesWhatTheGeneralPathGivesForEverySpellingOfATransaction) {
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    const std::string corpus = TransactionCorpus(seed, 60);
    const std::string expected = ReadAllSlowly(corpus, {});
    ASSERT_EQ(Difference(expected, ReadAll(corpus, {}, Way::kItems)), "") << "seed " << seed;
    ASSERT_EQ(Difference(expected, ReadAll(corpus, {}, Way::kViews)), "") << "seed " << seed;
  }
}

TEST(ReaderFastPathTest, GivesWhatTheGeneralPathGivesForMutatedInput) {
  std::vector<std::string> corpus = Samples();
  for (uint64_t seed = 1; seed <= 8; ++seed) corpus.push_back(TransactionCorpus(seed, 40));
  const char* env = std::getenv("SIE_FUZZ_SECONDS");
  const double seconds = env != nullptr ? std::atof(env) : 2.0;
  std::mt19937_64 rng(20240601);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  int runs = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string input = Mutate(corpus[rng() % corpus.size()], rng);
    const ReaderOptions options = SomeOptions(rng);
    const std::string expected = ReadAllSlowly(input, options);
    const Way way = rng() % 2 ? Way::kItems : Way::kViews;
    const std::string got = ReadAll(input, options, way, rng() % 3 == 0 ? 1 + rng() % 64 : 0);
    if (const std::string difference = Difference(expected, got); !difference.empty()) {
      const std::string path = testing::TempDir().path() + "-fast-path-failure.se";
      std::ofstream(path, std::ios::binary) << input;
      FAIL() << "run " << runs << " differs (input in " << path << "): " << difference;
    }
    ++runs;
  }
  EXPECT_GT(runs, 10);
}

// A ledger large enough that the line buffer is refilled in the middle of vouchers, with
// one voucher too large to keep in the buffer at all; and, independently of the reader,
// what each of its vouchers must read as.
struct LargeLedger {
  std::string text;
  std::vector<std::string> vouchers;  // Describe() of each
};

LargeLedger MakeLargeLedger() {
  LargeLedger ledger;
  ledger.text = "#FLAGGA 0\n#SIETYP 4\n#RAR 0 20210101 20211231\n";
  std::mt19937_64 rng(7);
  // About 2.5 MB: the 1 MB buffer is refilled inside vouchers, and voucher 700 (0.7 MB) is
  // more than the reader keeps in the buffer.
  for (int v = 0; v < 1500; ++v) {
    const int lines = v == 700 ? 12000 : 1 + static_cast<int>(rng() % 40);
    Voucher expected;
    expected.series = "A";
    expected.number = std::to_string(v);
    expected.date = {2021, 3, 1};
    expected.text = "Verifikation " + std::to_string(v);
    expected.line = static_cast<int>(std::count(ledger.text.begin(), ledger.text.end(), '\n')) + 1;
    ledger.text +=
        "#VER A " + std::to_string(v) + " 20210301 \"Verifikation " + std::to_string(v) + "\"\n{\n";
    for (int k = 0; k < lines; ++k) {
      Transaction& t = expected.transactions.emplace_back();
      t.account = std::to_string(1000 + rng() % 9000);
      t.objects = {{1, "E" + std::to_string(rng() % 50)}};
      t.amount_ore = static_cast<int64_t>(rng() % 100000) * 100 + 25;
      t.date = Date{2021, 3, 1};
      const bool from = rng() % 2 != 0;
      t.text = (from ? "Fr\xC3\xA5n " : "Till ") + std::to_string(k);
      t.line = expected.line + 2 + k;
      ledger.text += "\t#TRANS " + t.account + " {1 \"" + t.objects[0].object_id + "\"} " +
                     std::to_string(t.amount_ore / 100) + ".25 20210301 \"" +
                     (from ? "Fr\x86n " : "Till ") + std::to_string(k) + "\"\n";
    }
    ledger.text += "}\n";
    ledger.vouchers.push_back(Describe()(expected));
  }
  return ledger;
}

TEST(ReaderFastPathTest, KeepsViewsIntactWhenTheBufferIsRefilledInsideAVoucher) {
  const LargeLedger ledger = MakeLargeLedger();
  ASSERT_GT(ledger.text.size(), size_t{2} << 20);
  for (const auto& [views, read_size] : {std::pair{true, size_t{0}}, std::pair{false, size_t{4093}},
                                         std::pair{true, size_t{4093}}}) {
    {
      SCOPED_TRACE(std::string(views ? "views" : "items") + ", reads of " +
                   std::to_string(read_size));
      std::istringstream reading(
          ReadAll(ledger.text, {}, views ? Way::kViews : Way::kItems, read_size));
      std::string line;
      size_t v = 0;
      for (std::string voucher; std::getline(reading, line);) {
        // A voucher's description runs from its "@... #VER" line to the next item.
        if (line.rfind("@", 0) == 0 || line.rfind("not listed", 0) == 0) {
          if (!voucher.empty()) {
            ASSERT_LT(v, ledger.vouchers.size());
            ASSERT_EQ(Difference(ledger.vouchers[v], voucher), "") << "voucher " << v;
            ++v;
          }
          const size_t ver = line.find("#VER");
          voucher = ver == std::string::npos ? "" : line.substr(ver);
          continue;
        }
        ASSERT_FALSE(voucher.empty()) << line;
        voucher += "\n" + line;
      }
      EXPECT_EQ(v, ledger.vouchers.size());
    }
  }
}

TEST(ReaderFastPathTest, ViewsHoldTheVoucherAndRecordsComeOwned) {
  // Vouchers as views (decoded where the file has CP437), the records between them owned.
  std::string text = "#FLAGGA 0\n#SIETYP 4\n#RAR 0 20210101 20211231\n";
  for (int v = 0; v < 200; ++v) {
    text += "#VER A " + std::to_string(v) + " 20210101 \"V " + std::to_string(v) + "\"\n{\n";
    text += "#TRANS 1910 {1 \"U" + std::to_string(v) + "\"} " + std::to_string(v) +
            " 20210101 \"K\x94p " + std::to_string(v) + "\"\n#TRANS 2440 {} -" + std::to_string(v) +
            "\n}\n#KONTO " + std::to_string(v) + " \"Konto\"\n";
  }
  auto source = FromString(text);
  Reader reader(source.get(), "test.se");
  ItemView item;
  int vouchers = 0;
  for (;;) {
    absl::StatusOr<bool> more = reader.Next(&item);
    ASSERT_TRUE(more.ok());
    if (!*more) break;
    const VoucherView* v = std::get_if<VoucherView>(&item);
    if (v == nullptr) {
      if (vouchers > 0) {
        ASSERT_TRUE(std::holds_alternative<Konto>(item));
        EXPECT_EQ(std::get<Konto>(item).account, std::to_string(vouchers - 1));
      }
      continue;
    }
    const int i = vouchers++;
    ASSERT_THAT(v->transactions, SizeIs(2));
    EXPECT_EQ(v->number, std::to_string(i));
    EXPECT_EQ(v->text, "V " + std::to_string(i));
    const TransactionView& t = v->transactions[0];
    EXPECT_EQ(t.account, "1910");
    ASSERT_THAT(t.objects, SizeIs(1));
    EXPECT_EQ(t.objects[0].object_id, "U" + std::to_string(i));
    EXPECT_EQ(t.text, "K\xC3\xB6p " + std::to_string(i));
    EXPECT_EQ(t.amount_ore, 100 * i);
    EXPECT_TRUE(CountsTowardsBalance(t));
    EXPECT_EQ(v->transactions[1].amount_ore, -100 * i);
    EXPECT_TRUE(v->transactions[1].objects.empty());
  }
  EXPECT_EQ(vouchers, 200);
  EXPECT_THAT(reader.errors(), SizeIs(0));
}

TEST(ReaderFastPathTest, CopyVoucherGivesTheOwnedVoucher) {
  const std::string text =
      "#FLAGGA 0\n#SIETYP 4\n#RAR 0 20210101 20211231\n"
      "#VER A 1 20210101 \"Text\" 20210102 \"Sign\"\n{\n"
      "#RTRANS 1910 {1 \"KLS\" 6 \"P1\"} 5.50 20210103 \"R\" 2 \"S\"\n"
      "#TRANS 1910 {1 \"KLS\" 6 \"P1\"} 5.50 20210103 \"R\" 2 \"S\"\n"
      "#BTRANS 1920 {} 1\n#TRANS 2440 {} -5.50\n}\n";
  auto owned_source = FromString(text);
  Reader owned_reader(owned_source.get(), "test.se");
  auto view_source = FromString(text);
  Reader view_reader(view_source.get(), "test.se");
  Item item;
  ItemView view;
  for (;;) {
    absl::StatusOr<bool> a = owned_reader.Next(&item);
    absl::StatusOr<bool> b = view_reader.Next(&view);
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_EQ(*a, *b);
    if (!*a) break;
    if (const Voucher* v = std::get_if<Voucher>(&item)) {
      // Into a voucher that held something else before: every field is replaced.
      Voucher copy;
      copy.text = "old";
      copy.transactions.resize(9);
      copy.transactions[0].objects.resize(5);
      CopyVoucher(std::get<VoucherView>(view), &copy);
      EXPECT_EQ(Describe()(copy), Describe()(*v));
      ASSERT_THAT(copy.transactions, SizeIs(4));
      EXPECT_TRUE(copy.transactions[1].repeats_rtrans);
      EXPECT_FALSE(CountsTowardsBalance(std::get<VoucherView>(view).transactions[1]));
      EXPECT_FALSE(CountsTowardsBalance(std::get<VoucherView>(view).transactions[2]));
    }
  }
  EXPECT_THAT(owned_reader.errors(), SizeIs(0));
}

}  // namespace
}  // namespace tertial::sie
