// Real SIE files from many programs (../shared/sie-samples, see its README): every file is
// read, the #KSUMMA files verify, every voucher file imports except the two known-bad
// ones, which are rejected naming the voucher and its line.

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

#include "ledger_fixture.h"
#include "tertial/base/utf8.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/sie/reader.h"

namespace tertial::ledger::testing {
namespace {

std::string SamplesDir() { return tertial::testing::SharedDir() + "/sie-samples"; }

std::vector<std::string> SampleFiles() {
  std::vector<std::string> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(SamplesDir(), error)) {
    std::string name = entry.path().filename().string();
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (lower.size() > 3 && (lower.ends_with(".se") || lower.ends_with(".si")))
      files.push_back(name);
  }
  std::sort(files.begin(), files.end());
  return files;
}

struct Scan {
  bool read = false;
  std::string error;
  bool has_vouchers = false;
  bool checksum_verified = false;
  std::vector<Issue> errors;
};

Scan ScanFile(const std::string& name) {
  Scan scan;
  auto source = sie::OpenFile(SamplesDir() + "/" + name);
  if (!source.ok()) {
    scan.error = std::string(source.status().message());
    return scan;
  }
  sie::Reader reader(source->get(), name);
  sie::Item item;
  for (;;) {
    auto more = reader.Next(&item);
    if (!more.ok()) {
      scan.error = std::string(more.status().message());
      return scan;
    }
    if (!*more) break;
    if (std::holds_alternative<sie::Voucher>(item)) scan.has_vouchers = true;
  }
  scan.read = true;
  scan.errors = reader.errors();
  scan.checksum_verified = reader.checksum_verified();
  return scan;
}

bool KnownBad(const std::string& name) {
  return name == "transaktioner_ovnbolag-bad-balance.se" || name == "XE_SIE_4_20151125095119.SE";
}

TEST(SieSamplesTest, EveryFileIsRead) {
  std::vector<std::string> files = SampleFiles();
  ASSERT_GE(files.size(), 50u) << "expected the SIE samples in " << SamplesDir();
  for (const std::string& name : files) {
    Scan scan = ScanFile(name);
    EXPECT_TRUE(scan.read) << name << ": " << scan.error;
    for (const auto& e : scan.errors) {
      ADD_FAILURE() << name << ":" << e.line << ": " << e.field << ": " << e.message;
    }
  }
}

TEST(SieSamplesTest, TheFiveChecksummedFilesVerify) {
  for (const char* name : {"Sie1.se", "Norstedts_Bokslut_SIE_1.se", "Bokslut_Norstedts_SIE_4E.se",
                           "Norstedts_Bokslut_SIE_4I.si", "Norstedts_Revision_SIE_1.SE"}) {
    Scan scan = ScanFile(name);
    EXPECT_TRUE(scan.read) << name << ": " << scan.error;
    EXPECT_TRUE(scan.checksum_verified) << name;
  }
}

class SieSamplesImportTest : public LedgerFixture {};

TEST_F(SieSamplesImportTest, EveryVoucherFileImportsExceptTheKnownBadOnes) {
  int organisation = 0, imported = 0;
  for (const std::string& name : SampleFiles()) {
    Scan scan = ScanFile(name);
    if (!scan.read || !scan.has_vouchers) continue;
    // Each file into a ledger of its own: several samples are the same company
    // (Övningsbolaget) exported by different programs.
    Reset();
    const std::string org = "S" + std::to_string(++organisation);
    v1::ImportMetadata metadata;
    metadata.set_organisation(org);
    metadata.set_file_name(name);
    const std::string content = ReadFile(SamplesDir() + "/" + name);
    v1::ImportResult result;
    ASSERT_TRUE(Import(content, metadata, &result).ok()) << name;
    if (KnownBad(name)) {
      // Rejected for the unbalanced voucher and nothing else, even with the flags that
      // let files with unlisted accounts and objects in.
      metadata.set_define_unknown_accounts(true);
      metadata.set_define_unknown_objects(true);
      ASSERT_TRUE(Import(content, metadata, &result).ok()) << name;
      EXPECT_FALSE(result.committed()) << name;
      EXPECT_GT(result.errors_size(), 0) << name;
      for (const auto& e : result.errors()) {
        EXPECT_TRUE(e.line() > 0 && e.field() == "#VER" &&
                    e.message().find("does not balance") != std::string::npos &&
                    e.message().find("voucher ") != std::string::npos)
            << name << ": " << e.line() << ": " << e.field() << ": " << e.message();
      }
      EXPECT_EQ(LogEnd(), 0) << name;
      continue;
    }
    if (!result.committed()) {
      // Files that use accounts or objects they do not list import with the flags.
      metadata.set_define_unknown_accounts(true);
      metadata.set_define_unknown_objects(true);
      ASSERT_TRUE(Import(content, metadata, &result).ok()) << name;
    }
    EXPECT_TRUE(result.committed()) << name << "\n" << Issues(result);
    if (result.committed()) {
      ++imported;
      EXPECT_GT(result.summary().vouchers(), 0) << name;
    }
  }
  EXPECT_GE(imported, 20);
}

TEST_F(SieSamplesImportTest, AnEmptyVoucherIsWarnedOfOnceAndWarningsComeInLineOrder) {
  // Bokslut_Norstedts_SIE_4E.se has vouchers without transactions (B 17 at line 1149).
  v1::ImportMetadata metadata;
  metadata.set_organisation("S1");
  metadata.set_file_name("Bokslut_Norstedts_SIE_4E.se");
  metadata.set_define_unknown_accounts(true);
  metadata.set_define_unknown_objects(true);
  v1::ImportResult result;
  ASSERT_TRUE(
      Import(ReadFile(SamplesDir() + "/Bokslut_Norstedts_SIE_4E.se"), metadata, &result).ok());
  ASSERT_TRUE(result.committed()) << Issues(result);
  std::map<int, int> empty_by_line;
  int previous = 0;
  for (const v1::ImportIssue& w : result.warnings()) {
    EXPECT_GE(w.line(), previous) << "warnings out of line order at " << w.line() << ": "
                                  << w.message();
    previous = w.line();
    if (w.message().find("no transactions") != std::string::npos) ++empty_by_line[w.line()];
  }
  ASSERT_FALSE(empty_by_line.empty()) << "expected the file's empty vouchers to be warned of";
  EXPECT_EQ(empty_by_line.count(1149), 1u);
  for (const auto& [line, count] : empty_by_line) {
    EXPECT_EQ(count, 1) << "line " << line << " warned of " << count << " times";
  }
}

TEST_F(SieSamplesImportTest, AFileWhoseChecksumDoesNotMatchIsRejectedWhole) {
  // One letter of the company name changed: the #KSUMMA no longer matches.
  std::string content = ReadFile(SamplesDir() + "/Bokslut_Norstedts_SIE_4E.se");
  size_t at = content.find("#FNAMN");
  ASSERT_NE(at, std::string::npos);
  size_t letter = content.find_first_of("abcdefghijklmnopqrstuvwxyz", at + 7);
  ASSERT_NE(letter, std::string::npos);
  content[letter] = content[letter] == 'x' ? 'y' : 'x';
  v1::ImportMetadata metadata;
  metadata.set_organisation("S1");
  metadata.set_file_name("tampered.se");
  metadata.set_define_unknown_accounts(true);
  metadata.set_define_unknown_objects(true);
  v1::ImportResult result;
  ASSERT_TRUE(Import(content, metadata, &result).ok());
  EXPECT_FALSE(result.committed());
  bool named = false;
  for (const auto& e : result.errors())
    named = named || (e.field().rfind("#KSUMMA", 0) == 0 && e.line() > 0);
  EXPECT_TRUE(named) << Issues(result);
  EXPECT_EQ(LogEnd(), 0);
}

// Every string of a message and the messages in it.
void CollectStrings(const google::protobuf::Message& message, std::vector<std::string>* out) {
  const google::protobuf::Reflection* reflection = message.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const google::protobuf::FieldDescriptor* field : fields) {
    const int count = field->is_repeated() ? reflection->FieldSize(message, field) : 1;
    for (int i = 0; i < count; ++i) {
      if (field->type() == google::protobuf::FieldDescriptor::TYPE_STRING) {
        out->push_back(field->is_repeated() ? reflection->GetRepeatedString(message, field, i)
                                            : reflection->GetString(message, field));
      } else if (field->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE) {
        CollectStrings(field->is_repeated() ? reflection->GetRepeatedMessage(message, field, i)
                                            : reflection->GetMessage(message, field),
                       out);
      }
    }
  }
}

// SIE 4B prescribes PC8 (CP437): every text of the file, not only #FNAMN, reaches the
// events decoded (the report and the HTTP index show the company as "Övningsbolaget AB").
TEST_F(SieSamplesImportTest, EveryTextOfAPc8FileReachesTheEventsDecoded) {
  v1::ImportResult result = MustImport(ReadFile(SamplesDir() + "/transaktioner_ovnbolag.se"),
                                       "transaktioner_ovnbolag.se", "");
  ASSERT_TRUE(result.committed()) << Issues(result);
  std::vector<std::string> texts;
  for (int64_t offset = 0;; ++offset) {
    auto records = log_->Read(eventlog::kLedgerTopic, 0, offset, 1);
    ASSERT_TRUE(records.ok()) << records.status();
    if (records->empty()) break;
    auto envelope = records->front().ParseEnvelope();
    ASSERT_TRUE(envelope.ok()) << envelope.status();
    v1::LedgerEvent event;
    ASSERT_TRUE(eventlog::Unwrap(*envelope, &event).ok());
    CollectStrings(event, &texts);
  }
  for (const std::string& text : texts) {
    EXPECT_TRUE(IsValidUtf8(text)) << ValidUtf8(text);
    EXPECT_EQ(text.find("\xEF\xBF\xBD"), std::string::npos) << "U+FFFD in " << text;
  }
  for (const char* decoded : {"Övningsbolaget AB (Ekonomi 60)",  // #FNAMN
                              "Varumärken",                      // #KONTO
                              "Utbildning av användare",         // #OBJEKT
                              "Övriga personalkostnader",        // #VER
                              "K134 / Storstads Åkeri AB"}) {    // #TRANS
    EXPECT_NE(std::find(texts.begin(), texts.end(), decoded), texts.end()) << decoded;
  }
}

}  // namespace
}  // namespace tertial::ledger::testing
