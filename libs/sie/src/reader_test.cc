#include "tertial/sie/reader.h"

#include <cstring>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tertial/sie/checksum.h"

namespace tertial::sie {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

struct Parsed {
  std::vector<Item> items;
  std::vector<Issue> errors;
  std::vector<Issue> warnings;
  absl::Status status;
  bool checksum_verified = false;
  int errors_not_listed = 0;

  template <typename T>
  std::vector<T> All() const {
    std::vector<T> out;
    for (const Item& item : items) {
      if (const T* v = std::get_if<T>(&item)) out.push_back(*v);
    }
    return out;
  }
  template <typename T>
  T One() const {
    std::vector<T> all = All<T>();
    EXPECT_THAT(all, SizeIs(1));
    return all.empty() ? T{} : all[0];
  }
  std::string Errors() const {
    std::string out;
    for (const Issue& d : errors) out += FormatIssue(d) + "\n";
    return out;
  }
  std::string Warnings() const {
    std::string out;
    for (const Issue& d : warnings) out += FormatIssue(d) + "\n";
    return out;
  }
};

Parsed Parse(std::string_view text, ReaderOptions options = {}) {
  Parsed p;
  auto source = FromString(text);
  Reader reader(source.get(), "test.se", options);
  Item item;
  for (;;) {
    absl::StatusOr<bool> more = reader.Next(&item);
    if (!more.ok()) {
      p.status = more.status();
      break;
    }
    if (!*more) break;
    p.items.push_back(item);
  }
  p.errors = reader.errors();
  p.warnings = reader.warnings();
  p.checksum_verified = reader.checksum_verified();
  p.errors_not_listed = reader.errors_not_listed();
  return p;
}

// A minimal valid head, so that tests of one record do not warn about the file.
constexpr std::string_view kHead = "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#RAR 0 20210101 20211231\n";

Parsed ParseBody(std::string_view body, ReaderOptions options = {}) {
  return Parse(std::string(kHead) + std::string(body), options);
}

// ---------------------------------------------------------------------------------------
// Records

TEST(ReaderTest, ReadsTheIdentificationRecords) {
  Parsed p = Parse(
      "#FLAGGA 1\n"
      "#FORMAT PC8\n"
      "#SIETYP 2\n"
      "#PROGRAM \"Visma Compact\" 5.1\n"
      "#GEN 20080518 AN\n"
      "#FNAMN \"M\x86lerifirman Axelsson & Johnsson AB\"\n"
      "#FNR Kalles\n"
      "#ORGNR 556334-3689 1 2\n"
      "#ADRESS \"Sven Svensson\" \"Box 21\" \"211 20 MALM\x99\" \"040-123 45\"\n"
      "#TAXAR 2008\n"
      "#KPTYP EUBAS97\n"
      "#VALUTA NOK\n"
      "#RAR 0 20080101 20081231\n"
      "#RAR -1 20070101 20071231\n");
  EXPECT_EQ(p.Errors(), "");
  EXPECT_EQ(p.Warnings(), "");
  EXPECT_EQ(p.One<Flagga>().flag, 1);
  EXPECT_EQ(p.One<Format>().format, "PC8");
  EXPECT_EQ(p.One<SieTyp>().type, "2");
  EXPECT_EQ(p.One<Program>().name, "Visma Compact");
  EXPECT_EQ(p.One<Program>().version, "5.1");
  EXPECT_EQ(p.One<Gen>().date, (Date{2008, 5, 18}));
  EXPECT_EQ(p.One<Gen>().signature, "AN");
  EXPECT_EQ(p.One<Fnamn>().name, "Målerifirman Axelsson & Johnsson AB");
  EXPECT_EQ(p.One<Fnr>().id, "Kalles");
  EXPECT_EQ(p.One<Orgnr>().orgnr, "556334-3689");
  EXPECT_EQ(p.One<Orgnr>().acquisition, 1);
  EXPECT_EQ(p.One<Orgnr>().activity, 2);
  EXPECT_EQ(p.One<Adress>().contact, "Sven Svensson");
  EXPECT_EQ(p.One<Adress>().street, "Box 21");
  EXPECT_EQ(p.One<Adress>().postal, "211 20 MALMÖ");
  EXPECT_EQ(p.One<Adress>().phone, "040-123 45");
  EXPECT_EQ(p.One<Taxar>().year, 2008);
  EXPECT_EQ(p.One<Kptyp>().type, "EUBAS97");
  EXPECT_EQ(p.One<Valuta>().currency, "NOK");
  std::vector<Rar> rar = p.All<Rar>();
  ASSERT_THAT(rar, SizeIs(2));
  EXPECT_EQ(rar[0].year_index, 0);
  EXPECT_EQ(rar[0].start, (Date{2008, 1, 1}));
  EXPECT_EQ(rar[0].end, (Date{2008, 12, 31}));
  EXPECT_EQ(rar[1].year_index, -1);
}

TEST(ReaderTest, ReadsAFiscalYearThatIsNotACalendarYear) {
  Parsed p = Parse("#FLAGGA 0\n#SIETYP 1\n#RAR 0 20090701 20100630\n");
  EXPECT_EQ(p.Errors(), "");
  EXPECT_EQ(p.One<Rar>().start, (Date{2009, 7, 1}));
  EXPECT_EQ(p.One<Rar>().end, (Date{2010, 6, 30}));
}

TEST(ReaderTest, ReadsTheChartOfAccountsRecords) {
  Parsed p = ParseBody(
      "#KONTO 1510 \"Kundfordringar\"\n"
      "#KONTO 3740 Öresavrundning\n"
      "#KTYP 1510 T\n"
      "#ENHET 4010 liter\n"
      "#SRU 1910 7214\n"
      "#DIM 1 \"Avdelning\"\n"
      "#UNDERDIM 21 \"Underavdelning\" 1\n"
      "#OBJEKT 1 \"0123\" \"Serviceavdelningen\"\n"
      "#OBJEKT 6 P100\n");
  EXPECT_EQ(p.Errors(), "");
  std::vector<Konto> konto = p.All<Konto>();
  ASSERT_THAT(konto, SizeIs(2));
  EXPECT_EQ(konto[0].account, "1510");
  EXPECT_EQ(konto[0].name, "Kundfordringar");
  EXPECT_EQ(konto[1].name, "Öresavrundning");  // bare UTF-8: decided as UTF-8 (warned)
  EXPECT_EQ(p.One<Ktyp>().type, "T");
  EXPECT_EQ(p.One<Enhet>().unit, "liter");
  EXPECT_EQ(p.One<Sru>().code, "7214");
  EXPECT_EQ(p.One<Dim>().dimension, 1);
  EXPECT_EQ(p.One<Dim>().name, "Avdelning");
  EXPECT_EQ(p.One<Underdim>().dimension, 21);
  EXPECT_EQ(p.One<Underdim>().parent_dimension, 1);
  std::vector<Objekt> objekt = p.All<Objekt>();
  ASSERT_THAT(objekt, SizeIs(2));
  EXPECT_EQ(objekt[0].object_id, "0123");
  EXPECT_EQ(objekt[0].name, "Serviceavdelningen");
  EXPECT_EQ(objekt[1].object_id, "P100");
  EXPECT_EQ(objekt[1].name, "");
}

TEST(ReaderTest, ReadsBalances) {
  Parsed p = ParseBody(
      "#IB 0 1930 23780.78\n"
      "#UB -1 2440 -2380.39 -12\n"
      "#RES 0 3010 -1068599\n"
      "#OIB 0 1510 {8 \"12345\"} 23780.7\n"
      "#OUB 0 1510 {8 \"12345\" 1 \"KLS\"} -0.05 3\n");
  EXPECT_EQ(p.Errors(), "");
  std::vector<Balance> b = p.All<Balance>();
  ASSERT_THAT(b, SizeIs(5));
  EXPECT_EQ(b[0].kind, BalanceKind::kIb);
  EXPECT_EQ(b[0].year_index, 0);
  EXPECT_EQ(b[0].account, "1930");
  EXPECT_EQ(b[0].amount_ore, 2378078);
  EXPECT_EQ(b[1].kind, BalanceKind::kUb);
  EXPECT_EQ(b[1].year_index, -1);
  EXPECT_EQ(b[1].amount_ore, -238039);
  EXPECT_EQ(b[1].quantity, "-12");
  EXPECT_EQ(b[2].kind, BalanceKind::kRes);
  EXPECT_EQ(b[2].amount_ore, -106859900);
  EXPECT_EQ(b[3].kind, BalanceKind::kOib);
  EXPECT_EQ(b[3].objects, (std::vector<ObjectRef>{{8, "12345"}}));
  EXPECT_EQ(b[3].amount_ore, 2378070);
  EXPECT_EQ(b[4].kind, BalanceKind::kOub);
  EXPECT_EQ(b[4].objects, (std::vector<ObjectRef>{{8, "12345"}, {1, "KLS"}}));
  EXPECT_EQ(b[4].amount_ore, -5);
  EXPECT_EQ(b[4].quantity, "3");
}

TEST(ReaderTest, ReadsPeriodBalancesWithAndWithoutObjectList) {
  Parsed p = ParseBody(
      "#PSALDO 0 200808 1910 { } 1243.50 123\n"
      "#PSALDO 0 200809 5010 {1 \"0123\"} 3411.80\n"
      "#PBUDGET -1 200801 3011 {} -1243.50 -415\n"
      "#PBUDGET 0 200801 3011 -99.00\n");  // type 2 may leave the list out
  EXPECT_EQ(p.Errors(), "");
  std::vector<PeriodBalance> b = p.All<PeriodBalance>();
  ASSERT_THAT(b, SizeIs(4));
  EXPECT_EQ(b[0].kind, PeriodBalanceKind::kPsaldo);
  EXPECT_EQ(b[0].period, (period::Period{2008, 8}));
  EXPECT_EQ(b[0].account, "1910");
  EXPECT_TRUE(b[0].objects.empty());
  EXPECT_EQ(b[0].amount_ore, 124350);
  EXPECT_EQ(b[0].quantity, "123");
  EXPECT_EQ(b[1].objects, (std::vector<ObjectRef>{{1, "0123"}}));
  EXPECT_EQ(b[2].kind, PeriodBalanceKind::kPbudget);
  EXPECT_EQ(b[2].year_index, -1);
  EXPECT_EQ(b[2].quantity, "-415");
  EXPECT_EQ(b[3].amount_ore, -9900);
}

TEST(ReaderTest, ReadsAVoucherWithItsTransactions) {
  Parsed p = ParseBody(
      "#VER A 567 20081216 \"Kontant lön\" 20081217 \"AN\"\n"
      "{\n"
      "   #TRANS 7010 {\"1\" \"456\" \"7\" \"47\"} 13200.00 20081215 \"Lön\" 2 \"BB\"\n"
      "   #TRANS 1910 {} -13200.00\n"
      "}\n");
  EXPECT_EQ(p.Errors(), "");
  Voucher v = p.One<Voucher>();
  EXPECT_EQ(v.series, "A");
  EXPECT_EQ(v.number, "567");
  EXPECT_EQ(v.date, (Date{2008, 12, 16}));
  EXPECT_EQ(v.text, "Kontant lön");
  EXPECT_EQ(v.registered, (Date{2008, 12, 17}));
  EXPECT_EQ(v.signature, "AN");
  EXPECT_EQ(v.line, 5);
  ASSERT_THAT(v.transactions, SizeIs(2));
  const Transaction& t = v.transactions[0];
  EXPECT_EQ(t.kind, TransactionKind::kTrans);
  EXPECT_EQ(t.account, "7010");
  EXPECT_EQ(t.objects, (std::vector<ObjectRef>{{1, "456"}, {7, "47"}}));
  EXPECT_EQ(t.amount_ore, 1320000);
  EXPECT_EQ(t.date, (Date{2008, 12, 15}));
  EXPECT_EQ(t.text, "Lön");
  EXPECT_EQ(t.quantity, "2");
  EXPECT_EQ(t.signature, "BB");
  EXPECT_EQ(t.line, 7);
  EXPECT_EQ(v.transactions[1].amount_ore, -1320000);
  EXPECT_FALSE(v.transactions[1].date.has_value());
  EXPECT_EQ(v.transactions[1].text, "");
}

TEST(ReaderTest, ReadsImportVouchersWithoutSeriesOrNumber) {
  Parsed p = ParseBody(
      "#VER \"\" \"\" 20080101 \"Porto\"\n{\n#TRANS 1910 { } -1000.00\n#TRANS 6250 { } "
      "1000.00\n}\n");
  EXPECT_EQ(p.Errors(), "");
  Voucher v = p.One<Voucher>();
  EXPECT_EQ(v.series, "");
  EXPECT_EQ(v.number, "");
  EXPECT_THAT(v.transactions, SizeIs(2));
}

TEST(ReaderTest, MarksTheTransThatRepeatsAnRtrans) {
  // SIE 4B's own example (#RTRANS note 4), with a #BTRANS.
  Parsed p = ParseBody(
      "#VER \"\" \"\" 20080101 \"Porto\"\n"
      "{\n"
      "#TRANS 1910 { } -1000.00\n"
      "#TRANS 2640 { } 200.00\n"
      "#BTRANS 6110 { } 800.00\n"
      "#RTRANS 6250 { } 800.00\n"
      "#TRANS 6250 { } 800.00 20080102 \"copy\"\n"
      "}\n");
  EXPECT_EQ(p.Errors(), "");
  EXPECT_EQ(p.Warnings(), "");
  Voucher v = p.One<Voucher>();
  ASSERT_THAT(v.transactions, SizeIs(5));
  EXPECT_EQ(v.transactions[2].kind, TransactionKind::kBtrans);
  EXPECT_EQ(v.transactions[3].kind, TransactionKind::kRtrans);
  EXPECT_TRUE(v.transactions[4].repeats_rtrans);
  EXPECT_FALSE(v.transactions[0].repeats_rtrans);
  int64_t sum = 0;
  for (const Transaction& t : v.transactions) {
    if (CountsTowardsBalance(t)) sum += t.amount_ore;
  }
  EXPECT_EQ(sum, 0);
}

TEST(ReaderTest, WarnsWhenAnRtransHasNoCopy) {
  Parsed p = ParseBody(
      "#VER A 1 20080101\n{\n#RTRANS 6250 {} 800.00\n#TRANS 6250 {} 700.00\n"
      "#TRANS 1910 {} -1500.00\n}\n"
      "#VER A 2 20080101\n{\n#TRANS 1910 {} -5\n#RTRANS 6250 {} 5\n}\n");
  EXPECT_EQ(p.Errors(), "");
  std::vector<Voucher> v = p.All<Voucher>();
  ASSERT_THAT(v, SizeIs(2));
  EXPECT_FALSE(v[0].transactions[1].repeats_rtrans);  // 700 is not a copy of 800
  EXPECT_THAT(p.Warnings(), HasSubstr("test.se:8: #TRANS: the #RTRANS on line 7 is not followed"));
  EXPECT_THAT(p.Warnings(), HasSubstr("test.se:14: #RTRANS: the #RTRANS is not followed"));
}

TEST(ReaderTest, ReturnsEachVoucherIntactWhenTheItemIsReused) {
  // Vouchers of different sizes through one Item: buffers are reused, contents are not.
  Parsed p = ParseBody(
      "#VER A 1 20210101 \"long text that does not fit a short string\"\n{\n"
      "#TRANS 1910 {1 \"KLS\"} -3 \"\" \"a text long enough to allocate its own buffer\"\n"
      "#TRANS 1920 {} 1\n#TRANS 1930 {} 2\n}\n"
      "#VER A 2 20210102\n{\n#TRANS 5010 {} 7\n#TRANS 1910 {} -7\n}\n"
      "#KONTO 1910 Kassa\n"
      "#VER A 3 20210103\n{\n#TRANS 5010 {6 P1} 1\n#TRANS 5020 {} 1\n#TRANS 1910 {} -2\n}\n");
  EXPECT_EQ(p.Errors(), "");
  std::vector<Voucher> v = p.All<Voucher>();
  ASSERT_THAT(v, SizeIs(3));
  ASSERT_THAT(v[0].transactions, SizeIs(3));
  EXPECT_EQ(v[0].transactions[0].text, "a text long enough to allocate its own buffer");
  EXPECT_EQ(v[0].transactions[0].objects, (std::vector<ObjectRef>{{1, "KLS"}}));
  ASSERT_THAT(v[1].transactions, SizeIs(2));
  EXPECT_EQ(v[1].number, "2");
  EXPECT_EQ(v[1].text, "");
  EXPECT_EQ(v[1].transactions[0].account, "5010");
  EXPECT_EQ(v[1].transactions[0].text, "");
  EXPECT_TRUE(v[1].transactions[0].objects.empty());
  ASSERT_THAT(v[2].transactions, SizeIs(3));
  EXPECT_EQ(v[2].transactions[0].objects, (std::vector<ObjectRef>{{6, "P1"}}));
  EXPECT_EQ(v[2].transactions[2].amount_ore, -200);
}

TEST(ReaderTest, ReadsTheFileAsItIsWhenTheReaderReusesTheCallersVoucher) {
  // The same, but the caller keeps each voucher in the item (no copy): the reader swaps.
  std::string text = std::string(kHead);
  for (int i = 0; i < 50; ++i) {
    text += "#VER A " + std::to_string(i) + " 20210101\n{\n";
    for (int k = 0; k <= i % 7; ++k) {
      text += "#TRANS " + std::to_string(1000 + k) + " {} " + std::to_string(i) + ".0" +
              std::to_string(k) + " \"\" \"text number " + std::to_string(i * 10 + k) +
              " long enough\"\n";
    }
    text += "}\n";
  }
  auto source = FromString(text);
  Reader reader(source.get(), "test.se");
  Item item;
  int vouchers = 0;
  for (;;) {
    absl::StatusOr<bool> more = reader.Next(&item);
    ASSERT_TRUE(more.ok());
    if (!*more) break;
    const Voucher* v = std::get_if<Voucher>(&item);
    if (v == nullptr) continue;
    const int i = vouchers++;
    ASSERT_EQ(v->number, std::to_string(i));
    ASSERT_THAT(v->transactions, SizeIs(i % 7 + 1));
    for (int k = 0; k <= i % 7; ++k) {
      EXPECT_EQ(v->transactions[k].account, std::to_string(1000 + k));
      EXPECT_EQ(v->transactions[k].amount_ore, i * 100 + k);
      EXPECT_EQ(v->transactions[k].text,
                "text number " + std::to_string(i * 10 + k) + " long enough");
    }
  }
  EXPECT_EQ(vouchers, 50);
  EXPECT_THAT(reader.errors(), SizeIs(0));
}

// ---------------------------------------------------------------------------------------
// Fields

TEST(ReaderTest, ReadsQuotedFieldsWithEscapes) {
  Parsed p = ParseBody(
      "#KONTO 1915 \"Kassa \\\"special\\\"\"\n"
      "#KONTO 1916 \"C:\\\\Documents\\\\x\"\n"   // \\ is a backslash
      "#KONTO 1917 \"C:\\ProgramData\\SPCS\"\n"  // any other backslash is itself
      "#KONTO 1918 \"\"\n"
      "#KONTO \"1919\" \"a\"\"b\"\n"  // two fields glued: "a" then "b"
      "#KONTO\t1920\t\t\"tabbed\"   \n");
  EXPECT_EQ(p.Errors(), "");
  std::vector<Konto> k = p.All<Konto>();
  ASSERT_THAT(k, SizeIs(6));
  EXPECT_EQ(k[0].name, "Kassa \"special\"");
  EXPECT_EQ(k[1].name, "C:\\Documents\\x");
  EXPECT_EQ(k[2].name, "C:\\ProgramData\\SPCS");
  EXPECT_EQ(k[3].name, "");
  EXPECT_EQ(k[4].account, "1919");
  EXPECT_EQ(k[4].name, "a");
  EXPECT_EQ(k[5].account, "1920");
  EXPECT_EQ(k[5].name, "tabbed");
}

TEST(ReaderTest, ReadsAQuotedFieldEndingInABackslash) {
  Parsed p = ParseBody("#FNR \"C:\\SIE\\\"\n");
  EXPECT_EQ(p.Errors(), "");
  EXPECT_EQ(p.One<Fnr>().id, "C:\\SIE\\");
  EXPECT_THAT(p.Warnings(), HasSubstr("ends in a backslash"));
}

TEST(ReaderTest, ReadsAnUnterminatedLastFieldToTheEndOfTheLine) {
  Parsed p = ParseBody(
      "#VER A 1 20210101\n{\n#TRANS 3010 {} -9.00 20210101 \"260    aaa\n"
      "#TRANS 1910 {} 9.00\n}\n");
  EXPECT_EQ(p.Errors(), "");
  EXPECT_EQ(p.One<Voucher>().transactions[0].text, "260    aaa");
  EXPECT_THAT(p.Warnings(), HasSubstr("has no closing quote; read to the end of the line"));
}

TEST(ReaderTest, ReadsObjectListsInEverySpellingTheSamplesUse) {
  Parsed p = ParseBody(
      "#VER A 1 20210101\n{\n"
      "#TRANS 1 {} 1\n"
      "#TRANS 2 { } 1\n"
      "#TRANS 3 {1 \"KLS\"} 1\n"
      "#TRANS 4 {\"1\" \"KLS\" \"6\" \"P100\"} 1\n"
      "#TRANS 5 { \"1\" \"KLS\"} 1\n"
      "#TRANS 6 {1         IB } 1\n"
      "#TRANS 7 {1 Nord\t6 \"P 1\"}1\n"
      "#TRANS 8 {1 \"KLS\"\t6 \"P100\"\t7 \"47\"} -12\n"
      "}\n");
  EXPECT_EQ(p.Errors(), "");
  std::vector<Transaction> t = p.One<Voucher>().transactions;
  ASSERT_THAT(t, SizeIs(8));
  EXPECT_TRUE(t[0].objects.empty());
  EXPECT_TRUE(t[1].objects.empty());
  EXPECT_EQ(t[2].objects, (std::vector<ObjectRef>{{1, "KLS"}}));
  EXPECT_EQ(t[3].objects, (std::vector<ObjectRef>{{1, "KLS"}, {6, "P100"}}));
  EXPECT_EQ(t[4].objects, (std::vector<ObjectRef>{{1, "KLS"}}));
  EXPECT_EQ(t[5].objects, (std::vector<ObjectRef>{{1, "IB"}}));
  EXPECT_EQ(t[6].objects, (std::vector<ObjectRef>{{1, "Nord"}, {6, "P 1"}}));
  EXPECT_EQ(t[6].amount_ore, 100);
  EXPECT_EQ(t[7].objects, (std::vector<ObjectRef>{{1, "KLS"}, {6, "P100"}, {7, "47"}}));
}

TEST(ReaderTest, ReadsAmountsWithSignAndDecimals) {
  Parsed p = ParseBody(
      "#UB 0 1 0\n#UB 0 1 -0.49\n#UB 0 1 12.5\n#UB 0 1 -1068599.00\n#UB 0 1 007.10\n"
      "#UB 0 1 999999999999999.99\n");
  EXPECT_EQ(p.Errors(), "");
  std::vector<int64_t> amounts;
  for (const Balance& b : p.All<Balance>()) amounts.push_back(b.amount_ore);
  EXPECT_EQ(amounts, (std::vector<int64_t>{0, -49, 1250, -106859900, 710, 99999999999999999}));
}

TEST(ReaderTest, AcceptsUnambiguousAmountDeviationsWithAWarning) {
  Parsed p = ParseBody("#UB 0 1 +12.50\n#UB 0 2 10.000\n");
  EXPECT_EQ(p.Errors(), "");
  std::vector<Balance> b = p.All<Balance>();
  ASSERT_THAT(b, SizeIs(2));
  EXPECT_EQ(b[0].amount_ore, 1250);
  EXPECT_EQ(b[1].amount_ore, 1000);
  EXPECT_THAT(p.Warnings(), HasSubstr("plus sign"));
  EXPECT_THAT(p.Warnings(), HasSubstr("more than two decimals"));
}

TEST(ReaderTest, DecodesCp437) {
  Parsed p = ParseBody("#FNAMN \"\x99vningsbolaget \x86\x84\x94 \x8F\x8E\x99 \x82\"\n");
  EXPECT_EQ(p.Errors(), "");
  EXPECT_EQ(p.Warnings(), "");
  EXPECT_EQ(p.One<Fnamn>().name, "Övningsbolaget åäö ÅÄÖ é");
}

TEST(ReaderTest, ReadsUtf8DespiteFormatPc8WithAWarning) {
  Parsed p = ParseBody("#FNAMN \"Övningsbolaget\"\n#KONTO 3010 \"Försäljning\"\n");
  EXPECT_EQ(p.Errors(), "");
  EXPECT_EQ(p.One<Fnamn>().name, "Övningsbolaget");
  EXPECT_EQ(p.One<Konto>().name, "Försäljning");
  EXPECT_THAT(p.Warnings(), HasSubstr("test.se:5: #FNAMN: the text is UTF-8"));
}

TEST(ReaderTest, SkipsAUtf8ByteOrderMark) {
  Parsed p = Parse("\xEF\xBB\xBF#FLAGGA 0\n#SIETYP 4\n#RAR 0 20210101 20211231\n#FNAMN \"Å\"\n");
  EXPECT_EQ(p.Errors(), "");
  EXPECT_EQ(p.One<Flagga>().flag, 0);
  EXPECT_EQ(p.One<Fnamn>().name, "Å");
  EXPECT_THAT(p.Warnings(), HasSubstr("byte order mark"));
}

TEST(ReaderTest, AcceptsCrlfTrailingBlanksAndBlankLines) {
  Parsed p = Parse(
      "#FLAGGA 0\r\n\r\n   \r\n#SIETYP 4  \t\r\n#RAR 0 20210101 20211231\r\n"
      "#VER A 1 20210101 \"x\"  \r\n{  \r\n\t#TRANS 1910 {} 1  \r\n#TRANS 1920 {} -1\r\n}\t\r\n");
  EXPECT_EQ(p.Errors(), "");
  EXPECT_EQ(p.Warnings(), "");
  EXPECT_EQ(p.One<Voucher>().text, "x");
  EXPECT_EQ(p.One<Voucher>().transactions[0].account, "1910");
  EXPECT_EQ(p.One<SieTyp>().type, "4");
}

TEST(ReaderTest, ReadsALastLineWithoutLineFeed) {
  Parsed p = ParseBody("#VER A 1 20210101\n{\n#TRANS 1910 {} 1\n#TRANS 1920 {} -1\n}");
  EXPECT_EQ(p.Errors(), "");
  EXPECT_THAT(p.All<Voucher>(), SizeIs(1));
}

TEST(ReaderTest, AcceptsAFileWithoutRarWithAWarning) {
  Parsed p =
      Parse("#FLAGGA 0\n#SIETYP 4\n#VER A 1 20210101\n{\n#TRANS 1 {} 1\n#TRANS 2 {} -1\n}\n");
  EXPECT_EQ(p.Errors(), "");
  EXPECT_THAT(p.All<Voucher>(), SizeIs(1));
  EXPECT_THAT(p.Warnings(), HasSubstr("no #RAR"));
}

TEST(ReaderTest, AcceptsATransactionWithoutObjectListWithAWarning) {
  Parsed p = ParseBody(
      "#VER A 1 20210101\n{\n#TRANS 1910 -5.00 20210102 \"x\"\n"
      "#TRANS 1920 {} 5.00\n}\n");
  EXPECT_EQ(p.Errors(), "");
  Transaction t = p.One<Voucher>().transactions[0];
  EXPECT_EQ(t.amount_ore, -500);
  EXPECT_EQ(t.date, (Date{2021, 1, 2}));
  EXPECT_EQ(t.text, "x");
  EXPECT_THAT(p.Warnings(), HasSubstr("no object list"));
}

TEST(ReaderTest, SkipsUnknownLabelsWithOneWarningEach) {
  Parsed p = ParseBody(
      "#FOO 1 2 3\n#FOO 4\n#BAR\n#KONTO 1910 Kassa\n"
      "#VER A 1 20210101\n{\n#TRANS 1 {} 1\n#XTRANS 9\n#TRANS 2 {} -1\n}\n");
  EXPECT_EQ(p.Errors(), "");
  EXPECT_THAT(p.All<Konto>(), SizeIs(1));
  EXPECT_THAT(p.One<Voucher>().transactions, SizeIs(2));
  EXPECT_THAT(p.warnings, SizeIs(3));
  EXPECT_THAT(p.Warnings(), HasSubstr("test.se:5: #FOO: unknown label"));
  EXPECT_THAT(p.Warnings(), HasSubstr("test.se:7: #BAR: unknown label"));
  EXPECT_THAT(p.Warnings(), HasSubstr("test.se:12: #XTRANS: unknown label inside a #VER block"));
}

TEST(ReaderTest, IgnoresUnknownFieldsAtTheEndOfARecord) {
  Parsed p = ParseBody("#KONTO 1910 Kassa future-field \"another\"\n#TAXAR 2012 ÅRL\n");
  EXPECT_EQ(p.Errors(), "");
  EXPECT_EQ(p.One<Konto>().name, "Kassa");
  EXPECT_EQ(p.One<Taxar>().year, 2012);
}

TEST(ReaderTest, ReadsButDoesNotReturnTheOtherSpecificationLabels) {
  Parsed p = ParseBody("#PROSA \"fri text\"\n#FTYP AB\n#BKOD 82300\n#OMFATTN 20080630\n");
  EXPECT_EQ(p.Errors(), "");
  EXPECT_EQ(p.Warnings(), "");
  EXPECT_THAT(p.items, SizeIs(4));  // the head's four records only
}

TEST(ReaderTest, SkipsDescriptiveRecordsThatSayNothingWithAWarning) {
  Parsed p = ParseBody("#RAR 0\n#SRU 2010\n#ORGNR  \n#KTYP DIFF\n#KONTO 1910 Kassa\n");
  EXPECT_EQ(p.Errors(), "");
  EXPECT_THAT(p.All<Sru>(), SizeIs(0));
  EXPECT_THAT(p.All<Orgnr>(), SizeIs(0));
  EXPECT_THAT(p.All<Ktyp>(), SizeIs(0));
  EXPECT_THAT(p.All<Rar>(), SizeIs(1));  // the head's
  EXPECT_THAT(p.warnings, SizeIs(4));
  EXPECT_THAT(p.Warnings(), HasSubstr("test.se:6: #SRU SRU-kod: missing; the record says nothing"));
}

// ---------------------------------------------------------------------------------------
// #KSUMMA

std::string WithChecksum(std::string_view body, uint32_t sum) {
  return "#FLAGGA 0\n#KSUMMA\n" + std::string(body) + "#KSUMMA " + std::to_string(sum) + "\n";
}

TEST(ReaderTest, VerifiesTheChecksumOverLabelsAndFieldContents) {
  // The specification's example (section 10.15): of #KONTO 1915 "Kassa \"special\"" the
  // sum covers #KONTO1915Kassa "special". The covered bytes are written out by hand.
  const std::string covered = "#KONTO1915Kassa \"special\"#SIETYP4";
  Crc32 crc;
  crc.Update(covered);
  Parsed p =
      Parse(WithChecksum("#KONTO 1915 \"Kassa \\\"special\\\"\"\n#SIETYP\t4\n", crc.value()));
  EXPECT_EQ(p.Errors(), "");
  EXPECT_TRUE(p.checksum_verified);
  std::vector<Ksumma> k = p.All<Ksumma>();
  ASSERT_THAT(k, SizeIs(2));
  EXPECT_FALSE(k[0].checksum.has_value());
  EXPECT_EQ(k[1].checksum, crc.value());
}

TEST(ReaderTest, ChecksumIgnoresBlanksQuotesAndBraces) {
  Crc32 crc;
  crc.Update("#VERA120210101text#TRANS19101KLS-1#TRANS19201");
  const std::string body =
      "#VER  \"A\" 1 20210101 text\n  {\n#TRANS 1910 { 1 \"KLS\" }\t-1\n#TRANS \"1920\" {} 1\n}\n";
  Parsed p = Parse(WithChecksum(body, crc.value()));
  EXPECT_EQ(p.Errors(), "");
  EXPECT_TRUE(p.checksum_verified);
}

TEST(ReaderTest, RejectsAWrongChecksum) {
  Crc32 crc;
  crc.Update("#SIETYP4");
  Parsed p = Parse(WithChecksum("#SIETYP 3\n", crc.value()));
  EXPECT_FALSE(p.checksum_verified);
  ASSERT_THAT(p.errors, SizeIs(1));
  EXPECT_EQ(p.errors[0].line, 4);
  EXPECT_EQ(p.errors[0].field, "#KSUMMA kontrollsumma");
  EXPECT_THAT(p.errors[0].message, HasSubstr("the file was changed or damaged"));
  EXPECT_THAT(p.All<Ksumma>(), SizeIs(1));  // the opening one only
}

TEST(ReaderTest, AcceptsAChecksumWrittenAsASignedNumberWithAWarning) {
  Crc32 crc;
  crc.Update("#SIETYP2");
  ASSERT_GT(crc.value(), 0x7FFFFFFFu);  // so that the signed form is negative
  const int64_t as_signed = static_cast<int64_t>(crc.value()) - (int64_t{1} << 32);
  Parsed p = Parse("#FLAGGA 0\n#KSUMMA\n#SIETYP 2\n#KSUMMA " + std::to_string(as_signed) + "\n");
  EXPECT_EQ(p.Errors(), "");
  EXPECT_TRUE(p.checksum_verified);
  EXPECT_THAT(p.Warnings(), HasSubstr("signed"));
}

TEST(ReaderTest, RejectsAnOpenedChecksumThatNeverCloses) {
  Parsed p = Parse("#FLAGGA 0\n#KSUMMA\n#SIETYP 4\n#RAR 0 20210101 20211231\n");
  EXPECT_FALSE(p.checksum_verified);
  EXPECT_THAT(p.Errors(),
              HasSubstr("test.se:2: #KSUMMA: the file opens a checksum but has no closing"));
}

TEST(ReaderTest, RejectsChecksumRecordsOutOfPlace) {
  EXPECT_THAT(Parse("#FLAGGA 0\n#KSUMMA 123\n").Errors(),
              HasSubstr("a closing #KSUMMA without the opening"));
  EXPECT_THAT(Parse("#FLAGGA 0\n#KSUMMA\n#KSUMMA\n").Errors(), HasSubstr("second opening"));
  EXPECT_THAT(Parse("#FLAGGA 0\n#KSUMMA\n#KSUMMA 0\n#SIETYP 4\n").Errors(),
              HasSubstr("test.se:4: #SIETYP: record after the closing #KSUMMA"));
  EXPECT_THAT(Parse("#FLAGGA 0\n#KSUMMA\n#KSUMMA abc\n").Errors(), HasSubstr("is not a checksum"));
  EXPECT_THAT(Parse("#FLAGGA 0\n#KSUMMA\n#KSUMMA 4294967296\n").Errors(),
              HasSubstr("is not a checksum"));
}

// ---------------------------------------------------------------------------------------
// Rejections: each names file, line, field and what was expected.

struct Rejection {
  std::string body;
  int line;
  std::string field;
  std::string message;
};

class RejectsTest : public ::testing::TestWithParam<Rejection> {};

TEST_P(RejectsTest, NamesLineFieldAndWhatWasExpected) {
  const Rejection& r = GetParam();
  Parsed p = ParseBody(r.body);
  ASSERT_THAT(p.errors, SizeIs(1)) << p.Errors();
  EXPECT_EQ(p.errors[0].file, "test.se");
  EXPECT_EQ(p.errors[0].line, r.line) << p.Errors();
  EXPECT_EQ(p.errors[0].field, r.field) << p.Errors();
  EXPECT_THAT(p.errors[0].message, HasSubstr(r.message));
  EXPECT_TRUE(p.status.ok()) << p.status;
  // Nothing of a rejected voucher is returned.
  if (r.body.find("#VER") != std::string::npos) {
    EXPECT_THAT(p.All<Voucher>(), SizeIs(0));
  }
}

const std::string kVer = "#VER A 1 20210101\n{\n";

INSTANTIATE_TEST_SUITE_P(
    Records, RejectsTest,
    ::testing::Values(
        Rejection{"#FLAGGA 2\n", 5, "#FLAGGA x", "expected 0 or 1"},
        Rejection{"#GEN 20210231\n", 5, "#GEN datum", "not a day of the calendar"},
        Rejection{"#GEN 2021-0-1\n", 5, "#GEN datum", "expected YYYYMMDD"},
        Rejection{"#RAR 1 20210101 20211231\n", 5, "#RAR årsnr", "expected 0 (this year)"},
        Rejection{"#RAR 0 20211231 20210101\n", 5, "#RAR slut", "ends before it starts"},
        Rejection{"#RAR x 20210101 20211231\n", 5, "#RAR årsnr", "not a whole number"},
        Rejection{"#TAXAR 95\n", 5, "#TAXAR år", "expected YYYY"},
        Rejection{"#KTYP 1910 X\n", 5, "#KTYP kontotyp", "expected T, S, K or I"},
        Rejection{"#DIM 0 \"x\"\n", 5, "#DIM dimensionsnr", "not a dimension number"},
        Rejection{"#UNDERDIM 2 \"x\" a\n", 5, "#UNDERDIM superdimension", "not a whole number"},
        Rejection{"#IB 0 1910 12,50\n", 5, "#IB saldo", "expected kronor with '.'"},
        Rejection{"#IB 0 1910 1.234\n", 5, "#IB saldo", "fractions of öre"},
        Rejection{"#IB 0 1910 12345678901234567\n", 5, "#IB saldo", "larger than any amount"},
        Rejection{"#IB 0 1910\n", 5, "#IB saldo", "missing"},
        Rejection{"#IB 0 1910 1 x\n", 5, "#IB kvantitet", "is not a quantity"},
        Rejection{"#UB 0 {} 1\n", 5, "#UB konto", "found an object list"},
        Rejection{"#OIB 0 1510 23780.78\n", 5, "#OIB objektlista", "expected an object list"},
        Rejection{"#OUB 0 1510 {1} 2\n", 5, "#OUB objektlista", "pairs of dimension and object"},
        Rejection{"#OUB 0 1510 {x \"A\"} 2\n", 5, "#OUB dimensionsnr", "not a dimension number"},
        Rejection{"#OUB 0 1510 {1 \"\"} 2\n", 5, "#OUB objektnr", "empty object id"},
        Rejection{"#PSALDO 0 202113 1910 {} 1\n", 5, "#PSALDO period", "expected YYYYMM"},
        Rejection{"#PBUDGET 0 202101 1910 {} abc\n", 5, "#PBUDGET belopp", "is not an amount"},
        Rejection{"#VER A 1 20210132\n{\n#TRANS 1 {} 1\n}\n", 5, "#VER verdatum", "not a day"},
        Rejection{"#VER A 1\n{\n}\n", 5, "#VER verdatum", "missing"},
        Rejection{"#VER A 1 20210101 \"x\" 2021\n{\n}\n", 5, "#VER regdatum", "expected YYYYMMDD"},
        Rejection{kVer + "#TRANS 1910 {} 1 20211301\n#TRANS 1920 {} -1\n}\n", 7, "#TRANS transdat",
                  "not a day"},
        Rejection{kVer + "#TRANS 1910 {} x\n#TRANS 1920 {} -1\n}\n", 7, "#TRANS belopp",
                  "is not an amount"},
        Rejection{kVer + "#TRANS \"\" {} 1\n}\n", 7, "#TRANS kontonr", "is empty"},
        Rejection{kVer + "#TRANS 1910 {}\n}\n", 7, "#TRANS belopp", "missing"},
        Rejection{kVer + "#TRANS 1910 {1 \"A\" 2} 1\n}\n", 7, "#TRANS objektlista", "pairs"},
        Rejection{kVer + "#TRANS 1910 {} 1 {}\n}\n", 7, "#TRANS transdat", "object list"},
        Rejection{"#TRANS 1910 {} 1\n", 5, "#TRANS", "outside a #VER"},
        Rejection{"#VER A 1 20210101\n#KONTO 1 x\n", 5, "#VER", "expected { on the line after"},
        Rejection{kVer + "#TRANS 1 {} 1\n#KONTO 1 x\n", 5, "#VER", "has no closing }"},
        Rejection{kVer + "#TRANS 1 {} 1\n", 5, "#VER",
                  "never closed with }: the file is truncated"},
        Rejection{"#VER A 1 20210101\n", 5, "#VER", "before its { } block: it is truncated"},
        Rejection{"{\n", 5, "{", "without a #VER"},
        Rejection{"}\n", 5, "}", "without a #VER block"},
        Rejection{kVer + "{\n#TRANS 1 {} 1\n}\n", 7, "{", "a second {"},
        Rejection{"#KONTO 1910 \"Kassa\x01\"\n", 5, "", "control character 0x01 at column 19"},
        Rejection{"#KONTO 1910 {1 {2}}\n", 5, "", "{ inside an object list"},
        Rejection{"#KONTO 1910 {1 \"A\"\n", 5, "", "has no closing }"},
        Rejection{"#KONTO 1910 x}\n", 5, "", "closes no object list"},
        Rejection{"\"#KONTO\" 1910 x\n", 5, "", "expected a record label"}));

TEST(ReaderTest, RejectsOverlongLines) {
  ReaderOptions options;
  options.max_line_bytes = 100;
  Parsed p =
      ParseBody("#KONTO 1910 \"" + std::string(200, 'x') + "\"\n#KONTO 1920 Bank\n", options);
  ASSERT_THAT(p.errors, SizeIs(1));
  EXPECT_EQ(p.errors[0].line, 5);
  EXPECT_THAT(p.errors[0].message, HasSubstr("longer than 100 bytes"));
  EXPECT_EQ(p.One<Konto>().account, "1920");  // reading goes on after it
}

TEST(ReaderTest, RejectsAnOverlongLineInsideAVoucherAndDropsTheVoucher) {
  ReaderOptions options;
  options.max_line_bytes = 64;
  Parsed p = ParseBody(kVer + "#TRANS 1 {} 1 \"\" \"" + std::string(3000000, 'y') +
                           "\"\n#TRANS 2 {} -1\n}\n#KONTO 1 x\n",
                       options);
  ASSERT_THAT(p.errors, SizeIs(1)) << p.Errors();
  EXPECT_EQ(p.errors[0].line, 7);
  EXPECT_THAT(p.All<Voucher>(), SizeIs(0));
  EXPECT_THAT(p.All<Konto>(), SizeIs(1));
}

TEST(ReaderTest, RejectsAVoucherWithTooManyTransactions) {
  ReaderOptions options;
  options.max_voucher_transactions = 3;
  Parsed p =
      ParseBody(kVer + "#TRANS 1 {} 1\n#TRANS 1 {} 1\n#TRANS 1 {} 1\n#TRANS 1 {} -3\n}\n", options);
  ASSERT_THAT(p.errors, SizeIs(1)) << p.Errors();
  EXPECT_EQ(p.errors[0].line, 5);
  EXPECT_THAT(p.errors[0].message, HasSubstr("more than 3 transactions"));
  EXPECT_THAT(p.All<Voucher>(), SizeIs(0));
}

TEST(ReaderTest, ReportsEveryErrorOfAVoucherInOnePass) {
  Parsed p = ParseBody(kVer + "#TRANS 1 {} x\n#TRANS 2 {} 1 2021\n#TRANS 3 {} 1\n}\n");
  ASSERT_THAT(p.errors, SizeIs(2)) << p.Errors();
  EXPECT_EQ(p.errors[0].line, 7);
  EXPECT_EQ(p.errors[1].line, 8);
  EXPECT_THAT(p.All<Voucher>(), SizeIs(0));
}

TEST(ReaderTest, StopsAfterTooManyErrors) {
  ReaderOptions options;
  options.max_errors = 5;
  std::string body;
  for (int i = 0; i < 50; ++i) body += "#IB 0 1910 bad\n";
  Parsed p = ParseBody(body, options);
  EXPECT_EQ(p.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(p.status.message()), HasSubstr("more than 5 errors"));
  EXPECT_THAT(p.errors, SizeIs(5));
  EXPECT_EQ(p.errors_not_listed, 1);
}

TEST(ReaderTest, RejectsBinaryInputAtOnce) {
  std::string binary =
      "\x7F"
      "ELF\x02\x01\x01";
  binary += std::string(5000, '\0');
  Parsed p = Parse(binary);
  EXPECT_EQ(p.status.code(), absl::StatusCode::kInvalidArgument);
  ASSERT_THAT(p.errors, SizeIs(1));
  EXPECT_EQ(p.errors[0].line, 1);
  EXPECT_THAT(p.errors[0].message, HasSubstr("is this a SIE file?"));
}

TEST(ReaderTest, RejectsTextThatIsNotSie) {
  Parsed p = Parse("konto;belopp\n1910;12.50\n");
  EXPECT_FALSE(p.status.ok());
  EXPECT_THAT(p.Errors(), HasSubstr("test.se:1: the file does not start with a #label"));
}

TEST(ReaderTest, RejectsAnEmptyFile) {
  EXPECT_THAT(Parse("").Errors(), HasSubstr("the file is empty"));
  EXPECT_THAT(Parse("\n  \n\n").Errors(), HasSubstr("the file is empty"));
}

TEST(ReaderTest, ReportsProgressAndKeepsReturningFalseAtTheEnd) {
  const std::string text = std::string(kHead) + "#KONTO 1910 Kassa\n";
  auto source = FromString(text);
  Reader reader(source.get(), "test.se");
  Item item;
  int items = 0;
  while (true) {
    absl::StatusOr<bool> more = reader.Next(&item);
    ASSERT_TRUE(more.ok());
    if (!*more) break;
    ++items;
  }
  EXPECT_EQ(items, 5);
  EXPECT_EQ(reader.bytes_read(), static_cast<int64_t>(text.size()));
  EXPECT_EQ(reader.line(), 5);
  absl::StatusOr<bool> again = reader.Next(&item);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
}

class FailingSource final : public ByteSource {
 public:
  absl::StatusOr<size_t> Read(char* buffer, size_t size) override {
    if (calls_++ == 0) {
      static constexpr std::string_view kStart = "#FLAGGA 0\n#SIETYP 4\n";
      std::memcpy(buffer, kStart.data(), kStart.size());
      return kStart.size();
    }
    return absl::DataLossError("disk on fire");
  }

 private:
  int calls_ = 0;
};

TEST(ReaderTest, PassesOnReadFailures) {
  FailingSource source;
  Reader reader(&source, "test.se");
  Item item;
  absl::Status status;
  for (int i = 0; i < 10 && status.ok(); ++i) {
    absl::StatusOr<bool> more = reader.Next(&item);
    if (!more.ok()) status = more.status();
  }
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
}

TEST(ReaderTest, OpenFileFailsForMissingFilesAndDirectories) {
  EXPECT_EQ(OpenFile("/nonexistent/x.se").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(OpenFile("/tmp").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tertial::sie
