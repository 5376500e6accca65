// Writer -> reader round trips: what the writer writes, the reader reads back unchanged;
// and every sample, read, written again and read once more, gives the same items.

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tertial/sie/reader.h"
#include "tertial/sie/writer.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::sie {
namespace {

namespace fs = std::filesystem;

std::string Show(const Date& d) { return absl::StrFormat("%04d%02d%02d", d.year, d.month, d.day); }

std::string Show(const std::vector<ObjectRef>& objects) {
  std::string out = "{";
  for (const ObjectRef& o : objects) out += absl::StrFormat("%d:[%s]", o.dimension, o.object_id);
  return out + "}";
}

// Every field of an item, spelled out, so that items can be compared and differences shown.
std::string Describe(const Item& item) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Flagga>) return absl::StrFormat("FLAGGA %d", v.flag);
        if constexpr (std::is_same_v<T, Format>) return "FORMAT " + v.format;
        if constexpr (std::is_same_v<T, SieTyp>) return "SIETYP " + v.type;
        if constexpr (std::is_same_v<T, Program>)
          return "PROGRAM [" + v.name + "][" + v.version + "]";
        if constexpr (std::is_same_v<T, Gen>)
          return "GEN " + Show(v.date) + " [" + v.signature + "]";
        if constexpr (std::is_same_v<T, Fnamn>) return "FNAMN [" + v.name + "]";
        if constexpr (std::is_same_v<T, Fnr>) return "FNR [" + v.id + "]";
        if constexpr (std::is_same_v<T, Orgnr>) {
          return absl::StrFormat("ORGNR [%s] %d %d", v.orgnr, v.acquisition, v.activity);
        }
        if constexpr (std::is_same_v<T, Adress>) {
          return absl::StrFormat("ADRESS [%s][%s][%s][%s]", v.contact, v.street, v.postal, v.phone);
        }
        if constexpr (std::is_same_v<T, Taxar>) return absl::StrFormat("TAXAR %d", v.year);
        if constexpr (std::is_same_v<T, Kptyp>) return "KPTYP " + v.type;
        if constexpr (std::is_same_v<T, Valuta>) return "VALUTA " + v.currency;
        if constexpr (std::is_same_v<T, Rar>) {
          return absl::StrFormat("RAR %d %s %s", v.year_index, Show(v.start), Show(v.end));
        }
        if constexpr (std::is_same_v<T, Konto>) return "KONTO [" + v.account + "][" + v.name + "]";
        if constexpr (std::is_same_v<T, Ktyp>) return "KTYP [" + v.account + "] " + v.type;
        if constexpr (std::is_same_v<T, Enhet>) return "ENHET [" + v.account + "][" + v.unit + "]";
        if constexpr (std::is_same_v<T, Sru>) return "SRU [" + v.account + "][" + v.code + "]";
        if constexpr (std::is_same_v<T, Dim>)
          return absl::StrFormat("DIM %d [%s]", v.dimension, v.name);
        if constexpr (std::is_same_v<T, Underdim>) {
          return absl::StrFormat("UNDERDIM %d [%s] %d", v.dimension, v.name, v.parent_dimension);
        }
        if constexpr (std::is_same_v<T, Objekt>) {
          return absl::StrFormat("OBJEKT %d [%s][%s]", v.dimension, v.object_id, v.name);
        }
        if constexpr (std::is_same_v<T, Balance>) {
          return absl::StrFormat("BALANCE %d %d [%s] %s %d [%s]", static_cast<int>(v.kind),
                                 v.year_index, v.account, Show(v.objects), v.amount_ore,
                                 v.quantity);
        }
        if constexpr (std::is_same_v<T, PeriodBalance>) {
          return absl::StrFormat("PERIOD %d %d %04d%02d [%s] %s %d [%s]", static_cast<int>(v.kind),
                                 v.year_index, v.period.year, v.period.month, v.account,
                                 Show(v.objects), v.amount_ore, v.quantity);
        }
        if constexpr (std::is_same_v<T, Voucher>) {
          std::string out =
              absl::StrFormat("VER [%s][%s] %s [%s] %s [%s]", v.series, v.number, Show(v.date),
                              v.text, v.registered ? Show(*v.registered) : "-", v.signature);
          for (const Transaction& t : v.transactions) {
            // The copy after an #RTRANS is written anew from the #RTRANS, so only what makes
            // it a copy is compared.
            if (t.repeats_rtrans) {
              out +=
                  absl::StrFormat("\n  copy [%s] %s %d", t.account, Show(t.objects), t.amount_ore);
              continue;
            }
            out += absl::StrFormat("\n  %d [%s] %s %d %s [%s] [%s] [%s]", static_cast<int>(t.kind),
                                   t.account, Show(t.objects), t.amount_ore,
                                   t.date ? Show(*t.date) : "-", t.text, t.quantity, t.signature);
          }
          return out;
        }
        if constexpr (std::is_same_v<T, Ksumma>) return "KSUMMA";
        return "?";
      },
      item);
}

struct Items {
  std::vector<Item> items;
  std::vector<Issue> errors;
  std::vector<Issue> warnings;
  bool checksum_verified = false;
};

Items ReadItems(ByteSource* source, const std::string& name) {
  Items out;
  Reader reader(source, name);
  Item item;
  for (;;) {
    absl::StatusOr<bool> more = reader.Next(&item);
    EXPECT_TRUE(more.ok()) << more.status();
    if (!more.ok() || !*more) break;
    if (!std::holds_alternative<Ksumma>(item)) out.items.push_back(item);
  }
  out.errors = reader.errors();
  out.warnings = reader.warnings();
  out.checksum_verified = reader.checksum_verified();
  return out;
}

std::string Errors(const std::vector<Issue>& diagnostics) {
  std::string out;
  for (const Issue& d : diagnostics) out += FormatIssue(d) + "\n";
  return out;
}

void ExpectSameItems(const std::vector<Item>& expected, const std::vector<Item>& actual) {
  ASSERT_EQ(expected.size(), actual.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    ASSERT_EQ(Describe(expected[i]), Describe(actual[i])) << "item " << i;
  }
}

std::string WriteItems(const std::vector<Item>& items, WriterOptions options) {
  std::string out;
  auto sink = StringSink(&out);
  Writer writer(sink.get(), options);
  for (const Item& item : items) {
    absl::Status s = writer.Write(item);
    EXPECT_TRUE(s.ok()) << s << "\n" << Describe(item);
  }
  EXPECT_TRUE(writer.Finish().ok());
  return out;
}

TEST(RoundTripTest, SwedishTextSurvivesWriterAndReader) {
  const std::string names = "åäö ÅÄÖ é Ü ½ «citat» \"quoted\" back\\slash\\";
  Voucher v;
  v.series = "Ö";
  v.number = "12";
  v.date = {2021, 8, 31};
  v.text = "Fakturor för " + names;
  v.registered = Date{2021, 9, 1};
  v.signature = "Åsa";
  v.transactions.push_back({.account = "5460",
                            .objects = {{1, "KLS"}, {6, "Simhall Ö"}},
                            .amount_ore = 123456789,
                            .date = Date{2021, 8, 30},
                            .text = names,
                            .quantity = "2.5",
                            .signature = "Östen"});
  v.transactions.push_back({.account = "2440", .amount_ore = -123456789});
  const std::vector<Item> items = {
      Flagga{},
      Format{"PC8"},
      SieTyp{"4"},
      Program{"tertial", "1"},
      Gen{{2021, 9, 1}, "Åke"},
      Fnamn{"Linköpings kommun"},
      Orgnr{"212000-0142", 0, 3},
      Adress{"Ärla Öberg", "Box 1", "581 81 LINKÖPING", "013-20 60 00"},
      Taxar{2022},
      Kptyp{"BAS2021"},
      Valuta{"SEK"},
      Rar{0, {2021, 1, 1}, {2021, 12, 31}},
      Konto{"1910", names},
      Ktyp{"1910", "T"},
      Enhet{"4010", "kWh/m²"},
      Sru{"1910", "7281"},
      Dim{1, "Ansvar"},
      Underdim{21, "Enhet", 1},
      Objekt{1, "KLS", "Kommunledningsstaben"},
      Balance{.kind = BalanceKind::kIb, .account = "1910", .amount_ore = -1},
      Balance{.kind = BalanceKind::kOub,
              .year_index = -1,
              .account = "1910",
              .objects = {{1, "KLS"}},
              .amount_ore = 99,
              .quantity = "-3"},
      PeriodBalance{.kind = PeriodBalanceKind::kPsaldo,
                    .period = {2021, 8},
                    .account = "5460",
                    .objects = {{1, "KLS"}},
                    .amount_ore = 5},
      v};
  for (bool crlf : {false, true}) {
    const std::string bytes = WriteItems(items, {.checksum = true, .crlf = crlf});
    auto source = FromString(bytes);
    Items back = ReadItems(source.get(), "roundtrip.se");
    EXPECT_EQ(Errors(back.errors), "");
    EXPECT_EQ(Errors(back.warnings), "");
    EXPECT_TRUE(back.checksum_verified);
    ExpectSameItems(items, back.items);
  }
}

TEST(RoundTripTest, RandomVouchersSurvive) {
  std::mt19937_64 rng(31);
  const std::string letters = "abcåäöÅÄÖé \"\\{}#-";
  const auto text = [&](int max) {
    std::string s;
    for (int n = static_cast<int>(rng() % (max + 1)); n > 0; --n) {
      // Letters are UTF-8 and may be two bytes; pick whole characters.
      static const std::vector<std::string> kChars = {"a", "b", "c", "å", "ä",  "ö",  "Å",
                                                      "Ä", "Ö", "é", " ", "\"", "\\", "{",
                                                      "}", "#", "-", "1", "."};
      s += kChars[rng() % kChars.size()];
    }
    return s;
  };
  std::vector<Item> items = {Flagga{}, SieTyp{"4"}, Rar{0, {2021, 1, 1}, {2021, 12, 31}}};
  for (int i = 0; i < 300; ++i) {
    Voucher v;
    v.series = text(3);
    v.number = std::to_string(i);
    v.date = {2021, static_cast<int>(1 + rng() % 12), static_cast<int>(1 + rng() % 28)};
    v.text = text(20);
    if (rng() % 2) v.registered = Date{2022, 1, 1};
    v.signature = text(4);
    int64_t sum = 0;
    const int n = static_cast<int>(1 + rng() % 8);
    for (int k = 0; k < n; ++k) {
      Transaction t;
      t.kind = static_cast<TransactionKind>(rng() % 3);
      t.account = std::to_string(1000 + rng() % 9000);
      for (int o = static_cast<int>(rng() % 3); o > 0; --o) {
        std::string id = text(6);
        if (id.empty()) id = "x";
        t.objects.push_back({static_cast<int>(1 + rng() % 20), id});
      }
      t.amount_ore = static_cast<int64_t>(rng() % 2000000000) - 1000000000;
      if (rng() % 2) t.date = Date{2021, 2, 28};
      t.text = text(30);
      if (rng() % 3 == 0) t.quantity = std::to_string(static_cast<int>(rng() % 100) - 50);
      t.signature = text(5);
      if (CountsTowardsBalance(t)) sum += t.amount_ore;
      v.transactions.push_back(t);
      if (t.kind == TransactionKind::kRtrans) {
        Transaction copy = t;
        copy.kind = TransactionKind::kTrans;
        copy.repeats_rtrans = true;
        v.transactions.push_back(copy);
      }
    }
    v.transactions.push_back({.account = "1930", .amount_ore = -sum});
    items.push_back(v);
  }
  const std::string bytes = WriteItems(items, {.checksum = true});
  auto source = FromString(bytes);
  Items back = ReadItems(source.get(), "random.se");
  EXPECT_EQ(Errors(back.errors), "");
  EXPECT_TRUE(back.checksum_verified);
  ExpectSameItems(items, back.items);
}

TEST(RoundTripTest, ThroughAFile) {
  testing::TempDir dir;
  const std::string path = dir.Sub("file.se");
  const std::vector<Item> items = {
      Flagga{}, SieTyp{"1"}, Fnamn{"Åre kommun"}, Rar{0, {2021, 1, 1}, {2021, 12, 31}},
      Balance{.kind = BalanceKind::kUb, .account = "1910", .amount_ore = 1234567}};
  {
    auto sink = CreateFile(path);
    ASSERT_TRUE(sink.ok());
    Writer writer(sink->get(), {.checksum = true});
    for (const Item& item : items) ASSERT_TRUE(writer.Write(item).ok());
    ASSERT_TRUE(writer.Finish().ok());
  }
  auto source = OpenFile(path);
  ASSERT_TRUE(source.ok());
  Items back = ReadItems(source->get(), path);
  EXPECT_EQ(Errors(back.errors), "");
  EXPECT_TRUE(back.checksum_verified);
  ExpectSameItems(items, back.items);
}

std::vector<std::string> SampleFiles() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(testing::SharedDir() + "/sie-samples")) {
    std::string ext = entry.path().extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".se" || ext == ".si") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(RoundTripTest, EverySampleReadsTheSameAfterWritingItAgain) {
  int rewritten = 0;
  for (const std::string& path : SampleFiles()) {
    SCOPED_TRACE(path);
    auto source = OpenFile(path);
    ASSERT_TRUE(source.ok());
    Items first = ReadItems(source->get(), path);
    ASSERT_EQ(Errors(first.errors), "");
    if (fs::path(path).filename() == "SIE4_Exempelfil_med_underdim.SE") {
      // Its text holds U+FFFD (letters lost before it was published), which CP437 cannot
      // hold: the writer refuses it rather than write something else.
      std::string out;
      auto sink = StringSink(&out);
      Writer writer(sink.get());
      bool refused = false;
      for (const Item& item : first.items) refused = refused || !writer.Write(item).ok();
      EXPECT_TRUE(refused);
      continue;
    }
    const std::string bytes =
        WriteItems(first.items, {.checksum = true, .require_balanced_vouchers = false});
    auto again = FromString(bytes);
    Items second = ReadItems(again.get(), path + " (rewritten)");
    EXPECT_EQ(Errors(second.errors), "");
    EXPECT_TRUE(second.checksum_verified);
    ExpectSameItems(first.items, second.items);
    ++rewritten;
  }
  EXPECT_GE(rewritten, 59);
}

}  // namespace
}  // namespace tertial::sie
