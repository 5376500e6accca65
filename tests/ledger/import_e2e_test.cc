// The ledger's import through gRPC: the golden import of a small municipality, every way
// a file is rejected (whole), re-imports and duplicates, closing periods, authorization.

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "ledger_fixture.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"
#include "tertial/grpcutil/read_call.h"
#include "tertial/ledger/v1/events.pb.h"

namespace tertial::ledger::testing {
namespace {

std::string Testdata(const std::string& name) {
  return tertial::testing::SourceDir() + "/tests/ledger/testdata/" + name;
}

using Cells = std::map<std::pair<std::string, std::string>, std::pair<int64_t, int64_t>>;

std::pair<int64_t, int64_t> Cell(const Cells& cells, const std::string& unit,
                                 const std::string& account_class) {
  auto it = cells.find({unit, account_class});
  return it == cells.end() ? std::make_pair(int64_t{0}, int64_t{0}) : it->second;
}

class LedgerImportTest : public LedgerFixture {
 protected:
  void ImportMunicipality() {
    for (const char* name : {"units.csv", "projects.csv", "kommun.se", "budget.csv"}) {
      v1::ImportResult result = MustImport(ReadFile(Testdata(name)), name);
      ASSERT_TRUE(result.committed()) << name << "\n" << Issues(result);
    }
  }

  // Every event in the log as text, without the clock's timestamps.
  std::string DumpLog() {
    auto records = log_->Read(eventlog::kLedgerTopic, 0, 0, 100000);
    EXPECT_TRUE(records.ok());
    std::string out;
    for (const auto& record : *records) {
      auto envelope = record.ParseEnvelope();
      EXPECT_TRUE(envelope.ok());
      v1::LedgerEvent event;
      EXPECT_TRUE(event.ParseFromString(envelope->payload()));
      std::string text;
      google::protobuf::TextFormat::PrintToString(event, &text);
      out += "# " + std::to_string(record.offset) + " " + envelope->event_type() +
             " key=" + envelope->aggregate_key() + " actor=" + envelope->actor() +
             " id=" + envelope->event_id() + " correlation=" + envelope->correlation_id() + "\n" +
             text;
    }
    return out;
  }

  // A small valid SIE 4 file with `vouchers` of the given text.
  static std::string Sie(const std::string& vouchers, const std::string& extra_header = "") {
    return "#FLAGGA 0\n#SIETYP 4\n#ORGNR 212000-2817\n#RAR 0 20210101 20211231\n"
           "#KONTO 1930 \"Bank\"\n#KONTO 5010 \"Lon\"\n#DIM 1 \"Ansvar\"\n"
           "#OBJEKT 1 \"EKS\" \"Ekonomistaben\"\n" +
           extra_header + vouchers;
  }
};

TEST_F(LedgerImportTest, GoldenImportOfAMunicipality) {
  ImportMunicipality();
  const std::string golden_path = Testdata("golden_events.txt");
  const std::string dump = DumpLog();
  if (std::getenv("TERTIAL_UPDATE_GOLDEN") != nullptr) WriteFile(golden_path, dump);
  EXPECT_EQ(dump, ReadFile(golden_path))
      << "the events differ from " << golden_path
      << " (TERTIAL_UPDATE_GOLDEN=1 rewrites it; review the diff)";
}

TEST_F(LedgerImportTest, BalancesOfTheMunicipality) {
  ImportMunicipality();
  // EKS (Ekonomistaben): 120 000 salary, 30 000 rent (the #BTRANS does not count),
  // -2 500 rent income; budget 150 000 per month on 5010 from #PBUDGET, -3 000 from the CSV.
  auto rows = Balances({v1::GROUP_BY_UNIT, v1::GROUP_BY_ACCOUNT_CLASS});
  Cells got;
  for (const auto& r : rows)
    got[{r.unit_id(), r.account_class()}] = {r.actual_ore(), r.budget_ore()};
  EXPECT_EQ(Cell(got, "EKS", "5"), std::make_pair(int64_t{12000000}, int64_t{30000000}));
  EXPECT_EQ(Cell(got, "EKS", "6"), std::make_pair(int64_t{3000000}, int64_t{0}));
  EXPECT_EQ(Cell(got, "EKS", "3"), std::make_pair(int64_t{-250000}, int64_t{-300000}));
  EXPECT_EQ(Cell(got, "KLS", "5"), std::make_pair(int64_t{9500050}, int64_t{18000000}));
  EXPECT_EQ(Cell(got, "KLS", "6"), std::make_pair(int64_t{100000}, int64_t{0}));
  EXPECT_EQ(Cell(got, "KLS", "1"), std::make_pair(int64_t{50000000}, int64_t{60000000}));
  // The organisation's own part of the #PBUDGET total: 250 000 - 150 000.
  EXPECT_EQ(Cell(got, "", "5"), std::make_pair(int64_t{0}, int64_t{10000000}));

  // The board's subtree rolls everything with a unit up.
  auto ks = Balances({v1::GROUP_BY_ACCOUNT_CLASS}, "0580", "KS");
  int64_t operating = 0;
  for (const auto& r : ks) {
    if (r.account_class() >= "3" && r.account_class() <= "7") operating += r.actual_ore();
  }
  EXPECT_EQ(operating, 12000000 + 3000000 - 250000 + 9500050 + 100000);

  grpc::ClientContext context;
  v1::ListUnitsRequest request;
  request.set_organisation("0580");
  v1::ListUnitsResponse units;
  ASSERT_TRUE(stub_->ListUnits(&context, request, &units).ok());
  ASSERT_EQ(units.units_size(), 4);
  EXPECT_EQ(units.units(0).unit_id(), "KS");
  EXPECT_EQ(units.units(2).unit_id(), "KLS");  // file order among siblings
  EXPECT_EQ(units.organisation_name(), "Linköpings kommun");

  grpc::ClientContext context2;
  v1::ListProjectsRequest projects_request;
  projects_request.set_organisation("0580");
  v1::ListProjectsResponse projects;
  ASSERT_TRUE(stub_->ListProjects(&context2, projects_request, &projects).ok());
  ASSERT_EQ(projects.projects_size(), 1);
  EXPECT_EQ(projects.projects(0).unit_id(), "KLS");
  ASSERT_EQ(projects.projects(0).frames_size(), 2);
  EXPECT_EQ(projects.projects(0).frames(0).frame_ore(), 1200000000);

  grpc::ClientContext context3;
  v1::ListImportsRequest imports_request;
  imports_request.set_organisation("0580");
  v1::ListImportsResponse imports;
  ASSERT_TRUE(stub_->ListImports(&context3, imports_request, &imports).ok());
  ASSERT_EQ(imports.imports_size(), 4);
  EXPECT_EQ(imports.imports(2).file_name(), "kommun.se");
  EXPECT_EQ(imports.imports(2).vouchers(), 3);
  EXPECT_EQ(imports.imports(2).content_sha256(), Sha256Hex(ReadFile(Testdata("kommun.se"))));
}

TEST_F(LedgerImportTest, ReimportOfTheSameFileAppendsNothing) {
  ImportMunicipality();
  const int64_t end = LogEnd();
  for (const char* name : {"units.csv", "kommun.se", "budget.csv"}) {
    v1::ImportResult again = MustImport(ReadFile(Testdata(name)), name);
    EXPECT_TRUE(again.already_imported()) << name;
    EXPECT_FALSE(again.committed()) << name;
  }
  EXPECT_EQ(LogEnd(), end);
}

TEST_F(LedgerImportTest, VoucherPostedBeforeIsSkippedAndCountedOnce) {
  const std::string first =
      Sie("#VER A 1 20210105 \"\"\n{\n#TRANS 5010 {1 EKS} 100.00\n#TRANS 1930 {} -100.00\n}\n");
  ASSERT_TRUE(MustImport(first, "jan.se").committed());
  // The February file repeats January's voucher A 1 and adds A 2.
  const std::string second =
      first + "#VER A 2 20210205 \"\"\n{\n#TRANS 5010 {1 EKS} 50.00\n#TRANS 1930 {} -50.00\n}\n";
  v1::ImportResult result = MustImport(second, "feb.se");
  ASSERT_TRUE(result.committed()) << Issues(result);
  EXPECT_EQ(result.summary().vouchers(), 1);
  EXPECT_EQ(result.summary().duplicate_vouchers_skipped(), 1);
  auto rows = Balances({v1::GROUP_BY_ACCOUNT});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].account(), "5010");
  EXPECT_EQ(rows[1].actual_ore(), 15000);

  // A file of nothing but posted vouchers appends nothing and says so.
  const int64_t end = LogEnd();
  v1::ImportResult nothing = MustImport(first + "\n", "jan-again.se");
  EXPECT_FALSE(nothing.committed());
  EXPECT_FALSE(nothing.already_imported());
  EXPECT_EQ(nothing.summary().duplicate_vouchers_skipped(), 1);
  EXPECT_EQ(LogEnd(), end);
}

TEST_F(LedgerImportTest, RejectsAFileWithErrorsWholeAndNamesEveryError) {
  std::string good;
  for (int i = 1; i <= 200; ++i) {
    good += "#VER A " + std::to_string(i) +
            " 20210105 \"\"\n{\n#TRANS 5010 {1 EKS} 100.00\n#TRANS 1930 {} -100.00\n}\n";
  }
  // Line numbers: the header is 8 lines, each good voucher 5.
  const std::string bad =
      "#VER B 1 20210105 \"unbalanced\"\n{\n#TRANS 5010 {1 EKS} 100.00\n#TRANS 1930 {} -90.00\n}\n"
      "#VER B 2 20220105 \"next year\"\n{\n#TRANS 5010 {1 EKS} 1.00\n#TRANS 1930 {} -1.00\n}\n"
      "#VER B 3 20210105 \"\"\n{\n#TRANS 4999 {1 EKS} 1.00\n#TRANS 1930 {} -1.00\n}\n"
      "#VER B 4 20210105 \"\"\n{\n#TRANS 5010 {1 NOPE} 1.00\n#TRANS 1930 {} -1.00\n}\n"
      "#VER B 5 20210105 \"\"\n{\n#TRANS 5010 {33 X} 1.00\n#TRANS 1930 {} -1.00\n}\n";
  const int first_bad = 8 + 200 * 5 + 1;
  v1::ImportResult result = MustImport(Sie(good + bad), "bad.se");
  EXPECT_FALSE(result.committed());
  EXPECT_TRUE(HasError(result, first_bad, "#VER", "voucher B 1 does not balance"))
      << Issues(result);
  EXPECT_TRUE(HasError(result, first_bad + 5, "#VER verdatum", "outside the fiscal year"))
      << Issues(result);
  EXPECT_TRUE(HasError(result, first_bad + 12, "#TRANS kontonr", "account 4999")) << Issues(result);
  EXPECT_TRUE(HasError(result, first_bad + 17, "objects", "object NOPE")) << Issues(result);
  EXPECT_TRUE(HasError(result, first_bad + 22, "objects", "dimension 33")) << Issues(result);
  for (const auto& e : result.errors()) EXPECT_EQ(e.file(), "bad.se");
  EXPECT_EQ(LogEnd(), 0);
  // Nothing of it landed: the ledger does not know the organisation.
  grpc::ClientContext context;
  v1::GetBalancesRequest request;
  request.set_organisation("0580");
  v1::GetBalancesResponse response;
  grpc::Status status = stub_->GetBalances(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  EXPECT_EQ(status.error_message(), "organisation 0580 is unknown; nothing has been imported yet");
}

// Review item 4: 200 vouchers of 999 999 999 999 999,00 kronor were accepted and the
// balances printed a wrapped number. Every account total per period now stays within
// ±10^15 kronor, what the ledger held before included; past it, nothing is appended.
TEST_F(LedgerImportTest, RefusesAnImportWhoseAccountTotalsWouldPassTheBound) {
  const std::string one_huge =
      "#VER A 1 20210305 \"\"\n{\n#TRANS 5010 {1 EKS} 999999999999999.00\n"
      "#TRANS 1930 {} -999999999999999.00\n}\n";
  ASSERT_TRUE(MustImport(Sie(one_huge), "one.se").committed());
  const auto before = Balances({v1::GROUP_BY_ACCOUNT});
  const int64_t end = LogEnd();

  std::string many;
  for (int i = 1; i <= 200; ++i) {
    many += "#VER B " + std::to_string(i) +
            " 20210310 \"\"\n{\n#TRANS 5010 {1 EKS} 999999999999999.00\n"
            "#TRANS 1930 {} -999999999999999.00\n}\n";
  }
  v1::ImportResult result = MustImport(Sie(many), "huge.se");
  EXPECT_FALSE(result.committed());
  // Its first voucher already takes the totals past the bound, with what the ledger held.
  EXPECT_TRUE(
      HasError(result, 11, "#TRANS belopp", "takes the total of account 5010 in period 2021-03"))
      << Issues(result);
  EXPECT_TRUE(
      HasError(result, 12, "#TRANS belopp", "takes the total of account 1930 in period 2021-03"))
      << Issues(result);
  EXPECT_EQ(result.errors_size(), 2) << Issues(result);
  EXPECT_EQ(LogEnd(), end);
  const auto after = Balances({v1::GROUP_BY_ACCOUNT});
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].actual_ore(), before[i].actual_ore()) << after[i].account();
  }
  EXPECT_EQ(after.back().account(), "5010");
  EXPECT_EQ(after.back().actual_ore(), 99'999'999'999'999'900);
}

TEST_F(LedgerImportTest, RejectsFilesThatAreNotSieOrTruncated) {
  v1::ImportResult binary = MustImport(std::string("\x89PNG\r\n\x1a\n\0\0\0", 11), "image.png");
  EXPECT_FALSE(binary.committed());
  EXPECT_GT(binary.errors_size(), 0);
  v1::ImportResult truncated =
      MustImport(Sie("#VER A 1 20210105 \"\"\n{\n#TRANS 5010 {1 EKS} 100.00\n"), "truncated.se");
  EXPECT_FALSE(truncated.committed());
  EXPECT_GT(truncated.errors_size(), 0) << "a #VER without its closing brace";
  EXPECT_EQ(LogEnd(), 0);
}

TEST_F(LedgerImportTest, UnknownAccountIsDefinedByUseOnlyWhenAsked) {
  const std::string file =
      Sie("#VER A 1 20210105 \"\"\n{\n#TRANS 4999 {1 EKS} 100.00\n#TRANS 1930 {} -100.00\n}\n");
  EXPECT_FALSE(MustImport(file, "x.se").committed());
  v1::ImportMetadata metadata;
  metadata.set_organisation("0580");
  metadata.set_file_name("x.se");
  metadata.set_define_unknown_accounts(true);
  v1::ImportResult result;
  ASSERT_TRUE(Import(file, metadata, &result).ok());
  EXPECT_TRUE(result.committed()) << Issues(result);
  ASSERT_EQ(result.warnings_size(), 1);
  EXPECT_EQ(result.warnings(0).line(), 11);
  EXPECT_NE(result.warnings(0).message().find("defined by use"), std::string::npos);
}

TEST_F(LedgerImportTest, OrganisationComesFromOrgnrOnceKnown) {
  ImportMunicipality();
  v1::ImportMetadata metadata;  // no organisation
  metadata.set_file_name("mar.se");
  v1::ImportResult result;
  ASSERT_TRUE(
      Import(Sie("#VER C 1 20210305 \"\"\n{\n#TRANS 5010 {1 EKS} 1.00\n#TRANS 1930 {} -1.00\n}\n"),
             metadata, &result)
          .ok());
  ASSERT_TRUE(result.committed()) << Issues(result);
  auto rows = Balances({v1::GROUP_BY_UNIT, v1::GROUP_BY_ACCOUNT});
  bool found = false;
  for (const auto& r : rows)
    found = found || (r.unit_id() == "EKS" && r.account() == "5010" && r.actual_ore() == 12000100);
  EXPECT_TRUE(found);
}

TEST_F(LedgerImportTest, FileWithoutRarGoesToTheYearOfItsDatesOrToYearFlag) {
  const std::string no_rar =
      "#FLAGGA 0\n#SIETYP 4\n#KONTO 1930 \"Bank\"\n#KONTO 5010 \"Lon\"\n"
      "#VER A 1 20210105 \"\"\n{\n#TRANS 5010 {} 100.00\n#TRANS 1930 {} -100.00\n}\n";
  v1::ImportResult wrong_year = MustImport(no_rar, "norar.se", "0580", 2020);
  EXPECT_FALSE(wrong_year.committed());
  EXPECT_TRUE(HasError(wrong_year, 5, "#VER verdatum", "outside the fiscal year 2020-01-01"))
      << Issues(wrong_year);
  v1::ImportResult by_date = MustImport(no_rar, "norar.se");
  ASSERT_TRUE(by_date.committed()) << Issues(by_date);
  EXPECT_EQ(by_date.summary().fiscal_year(), 2021);
  v1::ImportResult with_year = MustImport(
      no_rar + "#VER A 2 20210106 \"\"\n{\n#TRANS 5010 {} 1.00\n#TRANS 1930 {} -1.00\n}\n",
      "norar2.se", "0580", 2021);
  EXPECT_TRUE(with_year.committed()) << Issues(with_year);
  EXPECT_EQ(with_year.summary().duplicate_vouchers_skipped(), 1);
}

TEST_F(LedgerImportTest, ClosePeriodOnceAndThenRefusesVouchersInIt) {
  ImportMunicipality();
  grpc::ClientContext context;
  v1::ClosePeriodRequest request;
  request.set_organisation("0580");
  request.mutable_period()->set_year(2021);
  request.mutable_period()->set_month(3);
  v1::ClosePeriodResponse response;
  ASSERT_TRUE(stub_->ClosePeriod(&context, request, &response).ok());
  EXPECT_FALSE(response.already_closed());
  const int64_t end = LogEnd();
  grpc::ClientContext again_context;
  ASSERT_TRUE(stub_->ClosePeriod(&again_context, request, &response).ok());
  EXPECT_TRUE(response.already_closed());
  EXPECT_EQ(LogEnd(), end);
  auto records = log_->Read(eventlog::kLedgerTopic, 0, end - 1, 1);
  ASSERT_TRUE(records.ok());
  EXPECT_EQ(records->at(0).ParseEnvelope()->event_type(), "tertial.ledger.v1.PeriodClosed");

  v1::ImportResult late = MustImport(
      Sie("#VER Z 1 20210320 \"\"\n{\n#TRANS 5010 {1 EKS} 1.00\n#TRANS 1930 {} -1.00\n}\n"),
      "late.se");
  EXPECT_FALSE(late.committed());
  EXPECT_TRUE(HasError(late, 9, "#VER verdatum", "period 2021-03 is closed")) << Issues(late);
}

TEST_F(LedgerImportTest, EveryCallChecksTheCallersRoleAndOrganisation) {
  Close();
  auto token_line = [](const std::string& token, const std::string& who, const std::string& role,
                       const std::string& org) {
    return "sha256:" + Sha256Hex(token) + " " + who + " " + role + " " + org + "\n";
  };
  auto authorizer = grpcutil::Authorizer::FromText(
      token_line("reader-token", "rita", "reader", "0580") +
          token_line("controller-token", "carl", "controller", "0580") +
          token_line("other-token", "olga", "controller", "0581"),
      "tokens");
  ASSERT_TRUE(authorizer.ok());
  Open(*authorizer);
  const std::string file = ReadFile(Testdata("units.csv"));
  v1::ImportMetadata metadata;
  metadata.set_organisation("0580");
  metadata.set_file_name("units.csv");
  metadata.set_actor("someone-else");
  v1::ImportResult result;
  EXPECT_EQ(Import(file, metadata, &result).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Import(file, metadata, &result, "reader-token").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Import(file, metadata, &result, "other-token").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Import(file, metadata, &result, "controller-token").ok());
  EXPECT_TRUE(result.committed());
  // The actor is the token's subject, not what the client claims.
  auto records = log_->Read(eventlog::kLedgerTopic, 0, 0, 1);
  ASSERT_TRUE(records.ok());
  EXPECT_EQ(records->at(0).ParseEnvelope()->actor(), "carl");

  // Without an organisation in the request, a reader is refused before the upload.
  metadata.clear_organisation();
  EXPECT_EQ(Import(file, metadata, &result, "reader-token").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // And a controller of another organisation once the file names this one.
  v1::ImportMetadata no_org;
  no_org.set_file_name("kommun.se");
  EXPECT_EQ(Import(ReadFile(Testdata("kommun.se")), no_org, &result, "other-token").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  auto query = [&](const std::string& token, const std::string& org) {
    grpc::ClientContext context;
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    v1::ListUnitsRequest request;
    request.set_organisation(org);
    v1::ListUnitsResponse response;
    return stub_->ListUnits(&context, request, &response).error_code();
  };
  EXPECT_EQ(query("reader-token", "0580"), grpc::StatusCode::OK);
  EXPECT_EQ(query("other-token", "0580"), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(query("", "0580"), grpc::StatusCode::UNAUTHENTICATED);

  grpc::ClientContext close_context;
  close_context.AddMetadata("authorization", "Bearer reader-token");
  v1::ClosePeriodRequest close;
  close.set_organisation("0580");
  close.mutable_period()->set_year(2021);
  close.mutable_period()->set_month(1);
  v1::ClosePeriodResponse closed;
  EXPECT_EQ(stub_->ClosePeriod(&close_context, close, &closed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

// Read your writes by the position an import returns (x-tertial-position): a query given it
// sees the import at once, even while what follows it in the log cannot be applied (here a
// record of another organisation that stops the projection; in production, a large import
// still being applied), where a query without it waits for the log's end.
TEST_F(LedgerImportTest, AQueryAfterTheImportsPositionSeesItWithoutWaitingForTheRest) {
  for (const char* name : {"units.csv", "projects.csv"}) {
    ASSERT_TRUE(MustImport(ReadFile(Testdata(name)), name).committed()) << name;
  }
  auto import = [&](const std::string& name, v1::ImportResult* result) {
    grpc::ClientContext context;
    auto writer = stub_->Import(&context, result);
    v1::ImportChunk chunk;
    chunk.mutable_metadata()->set_organisation("0580");
    chunk.mutable_metadata()->set_file_name(name);
    writer->Write(chunk);
    chunk.set_data(ReadFile(Testdata(name)));
    writer->Write(chunk);
    writer->WritesDone();
    grpc::Status status = writer->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    const auto& trailers = context.GetServerTrailingMetadata();
    auto it = trailers.find(std::string(grpcutil::kPositionTrailer));
    return it == trailers.end() ? std::string() : std::string(it->second.data(), it->second.size());
  };
  v1::ImportResult result;
  const std::string token = import("kommun.se", &result);
  ASSERT_TRUE(result.committed()) << Issues(result);
  EXPECT_EQ(token, StrCat(eventlog::kLedgerTopic, "/0:", LogEnd()));

  // The same file again appends nothing: its position is what the import's reads found
  // applied, which holds the first import.
  v1::ImportResult again;
  const std::string again_token = import("kommun.se", &again);
  EXPECT_TRUE(again.already_imported());
  EXPECT_EQ(again_token, token);

  // Another organisation's record the projection cannot apply, after the import.
  auto writer = log_->BeginBatch(eventlog::kLedgerTopic, "0180");
  ASSERT_TRUE(writer.ok());
  eventlog::Envelope poison;
  poison.set_event_id("0180/poison");
  poison.set_organisation("0180");
  poison.set_event_type("tertial.ledger.v1.VoucherPosted");
  poison.set_payload(std::string("\x0a\x7f", 2) + "a field cut short");
  ASSERT_TRUE(eventlog::testing::AddWithoutCheck(**writer, poison).ok());
  ASSERT_TRUE((*writer)->Commit().ok());
  writer->reset();

  auto salaries = [&](std::string_view after, grpc::Status* status) {
    grpc::ClientContext context;
    if (!after.empty())
      context.AddMetadata(std::string(grpcutil::kAfterHeader), std::string(after));
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::GetBalancesRequest request;
    request.set_organisation("0580");
    request.add_group_by(v1::GROUP_BY_UNIT);
    request.add_group_by(v1::GROUP_BY_ACCOUNT_CLASS);
    v1::GetBalancesResponse response;
    *status = stub_->GetBalances(&context, request, &response);
    for (const auto& row : response.rows()) {
      if (row.unit_id() == "EKS" && row.account_class() == "5") return row.actual_ore();
    }
    return int64_t{-1};
  };
  grpc::Status status;
  EXPECT_EQ(salaries(token, &status), 12000000);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(salaries("snapshot", &status), 12000000);
  EXPECT_TRUE(status.ok()) << status.error_message();
  // Without the position, the query waits for the log's end, which it cannot reach.
  salaries("", &status);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.error_message().find("key 0180"), std::string::npos) << status.error_message();
  // A position that is not one is refused, naming what was expected.
  salaries("tertial.ledger.v1/0@17", &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("x-tertial-after: expected latest, snapshot or"),
            std::string::npos)
      << status.error_message();
}

}  // namespace
}  // namespace tertial::ledger::testing
