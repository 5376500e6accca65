#include "tertial/sie/writer.h"

#include <zlib.h>

#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::sie {
namespace {

uint32_t Zlib(std::string_view s) {
  return static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size())));
}

std::string WriteAll(const std::vector<Item>& items, WriterOptions options = {}) {
  std::string out;
  auto sink = StringSink(&out);
  Writer writer(sink.get(), options);
  for (const Item& item : items) {
    absl::Status s = writer.Write(item);
    EXPECT_TRUE(s.ok()) << s;
  }
  EXPECT_TRUE(writer.Finish().ok());
  return out;
}

Voucher SmallVoucher() {
  Voucher v;
  v.series = "A";
  v.number = "1";
  v.date = {2021, 8, 31};
  v.text = "Kaffe åt Ö-staben";
  v.transactions.push_back({.account = "1910", .amount_ore = -12550});
  v.transactions.push_back({.account = "5460",
                            .objects = {{1, "KLS"}, {6, "P 100"}},
                            .amount_ore = 12550,
                            .text = "Bryggare"});
  return v;
}

TEST(WriterTest, WritesRecordsAsTheSpecificationSpellsThem) {
  std::string out = WriteAll({
      Flagga{},
      Format{"PC8"},
      SieTyp{"4"},
      Program{"tertial", "0.1"},
      Gen{{2021, 9, 1}, "demo"},
      Fnamn{"Linköpings kommun"},
      Orgnr{"212000-0142"},
      Rar{0, {2021, 1, 1}, {2021, 12, 31}},
      Rar{-1, {2020, 1, 1}, {2020, 12, 31}},
      Kptyp{"BAS2021"},
      Konto{"1910", "Kassa \"special\""},
      Ktyp{"1910", "T"},
      Dim{1, "Ansvar"},
      Underdim{21, "Underavdelning", 1},
      Objekt{1, "KLS", "Kommunledningsstaben"},
      Balance{.kind = BalanceKind::kIb, .year_index = 0, .account = "1910", .amount_ore = 2378078},
      Balance{.kind = BalanceKind::kOub,
              .year_index = -1,
              .account = "1510",
              .objects = {{8, "12345"}},
              .amount_ore = -5},
      PeriodBalance{.kind = PeriodBalanceKind::kPbudget,
                    .year_index = 0,
                    .period = {2021, 8},
                    .account = "5010",
                    .objects = {{1, "KLS"}},
                    .amount_ore = 341180},
      SmallVoucher(),
  });
  EXPECT_EQ(out,
            "#FLAGGA 0\n"
            "#FORMAT PC8\n"
            "#SIETYP 4\n"
            "#PROGRAM \"tertial\" 0.1\n"
            "#GEN 20210901 \"demo\"\n"
            "#FNAMN \"Link\x94pings kommun\"\n"
            "#ORGNR 212000-0142\n"
            "#RAR 0 20210101 20211231\n"
            "#RAR -1 20200101 20201231\n"
            "#KPTYP BAS2021\n"
            "#KONTO 1910 \"Kassa \\\"special\\\"\"\n"
            "#KTYP 1910 T\n"
            "#DIM 1 \"Ansvar\"\n"
            "#UNDERDIM 21 \"Underavdelning\" 1\n"
            "#OBJEKT 1 \"KLS\" \"Kommunledningsstaben\"\n"
            "#IB 0 1910 23780.78\n"
            "#OUB -1 1510 {8 \"12345\"} -0.05\n"
            "#PBUDGET 0 202108 5010 {1 \"KLS\"} 3411.80\n"
            "#VER A 1 20210831 \"Kaffe \x86t \x99-staben\"\n"
            "{\n"
            "\t#TRANS 1910 {} -125.50\n"
            "\t#TRANS 5460 {1 \"KLS\" 6 \"P 100\"} 125.50 \"\" \"Bryggare\"\n"
            "}\n");
}

TEST(WriterTest, ChecksumCoversLabelsAndFieldContentsOnly) {
  std::string out =
      WriteAll({Flagga{}, Konto{"1915", "Kassa \"special\""}, SmallVoucher()}, {.checksum = true});
  // What the specification sums: labels and field contents, without blanks, quotes, the
  // escaping backslash or braces, in CP437.
  const std::string covered =
      "#KONTO1915Kassa \"special\""
      "#VERA120210831Kaffe \x86t \x99-staben"
      "#TRANS1910-125.50"
      "#TRANS54601KLS6P 100125.50Bryggare";
  const std::string expected_tail = "#KSUMMA " + std::to_string(Zlib(covered)) + "\n";
  ASSERT_GE(out.size(), expected_tail.size());
  EXPECT_EQ(out.substr(out.size() - expected_tail.size()), expected_tail);
  EXPECT_EQ(out.substr(0, 18), "#FLAGGA 0\n#KSUMMA\n");
}

TEST(WriterTest, OpensTheChecksumFirstWhenThereIsNoFlag) {
  std::string out = WriteAll({SieTyp{"1"}}, {.checksum = true});
  EXPECT_EQ(out, "#KSUMMA\n#SIETYP 1\n#KSUMMA " + std::to_string(Zlib("#SIETYP1")) + "\n");
}

TEST(WriterTest, WritesCrlfWhenAsked) {
  EXPECT_EQ(WriteAll({Flagga{}, SieTyp{"4"}}, {.crlf = true}), "#FLAGGA 0\r\n#SIETYP 4\r\n");
}

TEST(WriterTest, WritesAmountsFromOreWithTwoDecimals) {
  std::string out = WriteAll({
      Balance{.kind = BalanceKind::kUb, .account = "1", .amount_ore = 0},
      Balance{.kind = BalanceKind::kUb, .account = "1", .amount_ore = 7},
      Balance{.kind = BalanceKind::kUb, .account = "1", .amount_ore = -100},
      Balance{.kind = BalanceKind::kUb, .account = "1", .amount_ore = INT64_MIN},
  });
  EXPECT_EQ(out, "#UB 0 1 0.00\n#UB 0 1 0.07\n#UB 0 1 -1.00\n#UB 0 1 -92233720368547758.08\n");
}

TEST(WriterTest, QuotesCodesOnlyWhenNeededAndWritesEmptyPlaceholders) {
  Voucher v;
  v.date = {2021, 1, 5};
  v.signature = "AN";
  v.transactions.push_back(
      {.account = "1910", .amount_ore = 100, .date = Date{2021, 1, 6}, .signature = "x y"});
  v.transactions.push_back({.account = "3010", .amount_ore = -100, .quantity = "-2.5"});
  EXPECT_EQ(WriteAll({v, Fnr{"C:\\SIE\\"}, Fnr{"a\\\"b"}, Fnr{"C:\\SIE\\x"}}),
            "#VER \"\" \"\" 20210105 \"\" \"\" \"AN\"\n"
            "{\n"
            "\t#TRANS 1910 {} 1.00 20210106 \"\" \"\" \"x y\"\n"
            "\t#TRANS 3010 {} -1.00 \"\" \"\" -2.5\n"
            "}\n"
            "#FNR \"C:\\SIE\\\\\"\n"
            "#FNR \"a\\\\\\\"b\"\n"
            "#FNR \"C:\\SIE\\x\"\n");
}

TEST(WriterTest, WritesTheTransCopyAfterEachRtrans) {
  Voucher v;
  v.series = "A";
  v.number = "2";
  v.date = {2021, 1, 5};
  v.transactions.push_back(
      {.kind = TransactionKind::kTrans, .account = "1910", .amount_ore = -100});
  v.transactions.push_back(
      {.kind = TransactionKind::kBtrans, .account = "6110", .amount_ore = 100});
  v.transactions.push_back(
      {.kind = TransactionKind::kRtrans, .account = "6250", .amount_ore = 100});
  // As the reader returns it: the copy is marked and is not written a second time.
  v.transactions.push_back({.kind = TransactionKind::kTrans,
                            .account = "6250",
                            .amount_ore = 100,
                            .repeats_rtrans = true});
  EXPECT_EQ(WriteAll({v}),
            "#VER A 2 20210105\n{\n"
            "\t#TRANS 1910 {} -1.00\n"
            "\t#BTRANS 6110 {} 1.00\n"
            "\t#RTRANS 6250 {} 1.00\n"
            "\t#TRANS 6250 {} 1.00\n"
            "}\n");
}

absl::Status WriteOne(const Item& item, std::string* out, WriterOptions options = {}) {
  auto sink = StringSink(out);
  Writer writer(sink.get(), options);
  absl::Status s = writer.Write(item);
  EXPECT_TRUE(writer.Finish().ok());
  return s;
}

TEST(WriterTest, RefusesUnbalancedVoucherUnlessAsked) {
  Voucher v = SmallVoucher();
  v.transactions[0].amount_ore = -12549;
  std::string out;
  absl::Status s = WriteOne(v, &out);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("do not sum to zero"), std::string::npos) << s;
  EXPECT_EQ(out, "");
  EXPECT_TRUE(WriteOne(v, &out, {.require_balanced_vouchers = false}).ok());
  EXPECT_NE(out.find("#VER A 1"), std::string::npos);
}

TEST(WriterTest, RefusesTextCp437CannotHold) {
  std::string out;
  absl::Status s = WriteOne(Konto{"3010", "Försäljning €"}, &out);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("#KONTO field kontonamn"), std::string::npos) << s;
  EXPECT_NE(s.message().find("U+20AC"), std::string::npos) << s;
  EXPECT_EQ(out, "");
}

TEST(WriterTest, RefusesControlCharactersInText) {
  std::string out;
  absl::Status s = WriteOne(Fnamn{"two\nlines"}, &out);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("control character 10"), std::string::npos) << s;
}

TEST(WriterTest, RefusesFieldsThatCannotBeWritten) {
  std::string out;
  EXPECT_FALSE(WriteOne(Konto{"", "Kassa"}, &out).ok());
  EXPECT_FALSE(WriteOne(Ktyp{"1910", "X"}, &out).ok());
  EXPECT_FALSE(WriteOne(Format{"UTF8"}, &out).ok());
  EXPECT_FALSE(WriteOne(SieTyp{"5"}, &out).ok());
  EXPECT_FALSE(WriteOne(Rar{1, {2021, 1, 1}, {2021, 12, 31}}, &out).ok());
  EXPECT_FALSE(WriteOne(Rar{0, {2021, 1, 1}, {2020, 12, 31}}, &out).ok());
  EXPECT_FALSE(WriteOne(Gen{{2021, 2, 30}, ""}, &out).ok());
  EXPECT_FALSE(WriteOne(Ksumma{}, &out).ok());
  EXPECT_FALSE(
      WriteOne(Balance{.kind = BalanceKind::kIb, .account = "1", .objects = {{1, "A"}}}, &out)
          .ok());
  Voucher bad_object = SmallVoucher();
  bad_object.transactions[1].objects = {{0, "KLS"}};
  EXPECT_FALSE(WriteOne(bad_object, &out).ok());
  EXPECT_EQ(out, "");
}

TEST(WriterTest, WritesToAFile) {
  testing::TempDir dir;
  const std::string path = dir.Sub("out.se");
  auto sink = CreateFile(path);
  ASSERT_TRUE(sink.ok()) << sink.status();
  Writer writer(sink->get());
  ASSERT_TRUE(writer.Write(Flagga{}).ok());
  ASSERT_TRUE(writer.Write(SmallVoucher()).ok());
  ASSERT_TRUE(writer.Finish().ok());
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_EQ(content.str().substr(0, 19), "#FLAGGA 0\n#VER A 1 ");
  EXPECT_EQ(static_cast<int64_t>(content.str().size()), writer.bytes_written());
  EXPECT_EQ(writer.records_written(), 4);
}

TEST(WriterTest, CreateFileFailsForAMissingDirectory) {
  EXPECT_FALSE(CreateFile("/nonexistent-dir/x.se").ok());
}

}  // namespace
}  // namespace tertial::sie
