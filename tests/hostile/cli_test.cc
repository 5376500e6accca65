// Hostile and careless input through the CLI, as a user or an attacker sends it (issue
// "Hostile input"): bytes of another encoding in CSV files, flags and narrative files, text
// over its limit, a garbage file; each gets an error that names the place and appends
// nothing. A log that already holds a poison record (written here straight into the
// embedded log, past the append check, as an older version could) stops projections with an
// error naming the record until an operator quarantines it; then every organisation is
// served again. And an SIE file's PC8 (CP437) text reaches the report and the HTTP index
// decoded.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "process.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::e2e {
namespace {

using std::chrono::seconds;

std::string Bin(std::string_view relative) { return StrCat(TERTIAL_BINARY_DIR, "/", relative); }

// The body of GET `path` on 127.0.0.1:port, "" if nothing answers.
std::string HttpGet(int port, const std::string& path) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return "";
  }
  std::string request =
      StrCat("GET ", path, " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  send(fd, request.data(), request.size(), 0);
  std::string response;
  char buffer[8192];
  for (ssize_t n; (n = recv(fd, buffer, sizeof buffer, 0)) > 0;) {
    response.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return response;
}

class HostileCli : public ::testing::Test {
 protected:
  Result Cli(std::vector<std::string> args) {
    args.insert(args.begin(), Bin("apps/tertial"));
    return e2e::Run(args,
                    {{"TERTIAL_DATA_DIR", dir_.Sub("data")}, {"TERTIAL_ACTOR", "hostile.test"}},
                    seconds(120));
  }
  std::string Write(const std::string& name, std::string_view bytes) {
    std::string path = dir_.Sub(name);
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  // Every organisation's units, as the ledger lists them (exit code and output).
  Result Units(const std::string& org) { return Cli({"units", "--org", org, "--format", "csv"}); }
  // The end offset of every partition of every topic, read with the log closed.
  std::map<std::pair<std::string, int>, int64_t> Ends() {
    std::map<std::pair<std::string, int>, int64_t> ends;
    if (!std::filesystem::exists(dir_.Sub("data/log"))) return ends;
    auto log = eventlog::EmbeddedLog::Open(dir_.Sub("data/log"));
    EXPECT_TRUE(log.ok()) << log.status();
    for (std::string_view topic : {eventlog::kLedgerTopic, eventlog::kForecastTopic,
                                   eventlog::kGoalsTopic, eventlog::kReportingTopic}) {
      int partitions = *(*log)->Partitions(topic);
      for (int p = 0; p < partitions; ++p) {
        ends[{std::string(topic), p}] = *(*log)->EndOffset(topic, p);
      }
    }
    return ends;
  }
  void ImportUnits(const std::string& org) {
    Result r = Cli({"import", "--org", org,
                    Write(StrCat("units-", org, ".csv"),
                          "unit_id,name,parent_id,kind\nKS,Kommunstyrelsen,,namnd\n"
                          "KLF,Kommunledningsförvaltningen,KS,forvaltning\n")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  tertial::testing::TempDir dir_;
};

// The issue's file: one CP437 byte in a unit's name was committed and stopped everything.
TEST_F(HostileCli, CsvFilesWithBytesOfAnotherEncodingAreRefusedNamingLineFieldAndColumn) {
  ImportUnits("0580");
  auto before = Ends();
  Result units = Cli({"import", "--org", "0580",
                      Write("units.csv",
                            "unit_id,name,parent_id,kind,scb_activity_code\n"
                            "QR,F\x94rvaltning,,namnd,\n")});
  EXPECT_NE(units.exit_code, 0);
  EXPECT_NE(units.err.find("units.csv:2: error: name: column 5: byte \\x94 is not UTF-8; "
                           "save the "
                           "file as UTF-8"),
            std::string::npos)
      << units.err;
  Result projects = Cli({"import", "--org", "0580",
                         Write("projects.csv",
                               "project_id,name,unit_id,fiscal_year,frame\n"
                               "P1,Simhall i \xE5n,KLF,2021,100\n")});
  EXPECT_NE(projects.exit_code, 0);
  EXPECT_NE(projects.err.find("projects.csv:2: error: name: column 14: byte \\xE5 is not UTF-8"),
            std::string::npos)
      << projects.err;
  Result budget = Cli({"import", "--org", "0580", "--year", "2021",
                       Write("budget.csv",
                             "unit_id,account,period,amount\n"
                             "KLF,4010,2021-01,100\nKL\xC4,4010,2021-02,100\n")});
  EXPECT_NE(budget.exit_code, 0);
  EXPECT_NE(budget.err.find("budget.csv:3: error: unit_id: column 3: byte \\xC4 is not UTF-8"),
            std::string::npos)
      << budget.err;
  EXPECT_EQ(budget.err.find("the server sent no result"), std::string::npos) << budget.err;
  Result adjust = Cli({"forecast", "adjust", "--org", "0580", "--year", "2021", "--file",
                       Write("adj.csv",
                             "unit_id,side,amount,reason\n"
                             "KLF,costs,-100,R\xE4"
                             "ddningstj\xE4nst\n")});
  EXPECT_NE(adjust.exit_code, 0);
  EXPECT_NE(adjust.err.find("adj.csv:2:17: reason: byte \\xE4 is not UTF-8"), std::string::npos)
      << adjust.err;
  // Garbage in a field an error message quotes: the message was lost on the wire (its
  // bytes were not UTF-8) and the user read "the server sent no result".
  Result junk = Cli({"import", "--org", "0580",
                     Write("junk.csv", std::string("unit_id,name,parent_id,kind\nA,B,,\xFF\xFE"
                                                   "\x01\x80garbage\n"))});
  EXPECT_NE(junk.exit_code, 0);
  EXPECT_EQ(junk.err.find("the server sent no result"), std::string::npos) << junk.err;
  EXPECT_NE(junk.err.find("junk.csv:2: error: kind: column 6: byte \\xFF is not UTF-8"),
            std::string::npos)
      << junk.err;
  std::string garbage = "unit_id,name,parent_id,kind\n";
  for (int i = 0; i < 512; ++i) garbage.push_back(static_cast<char>((i * 37 + 11) % 256));
  Result binary = Cli({"import", "--org", "0580", Write("binary.csv", garbage)});
  EXPECT_NE(binary.exit_code, 0);
  EXPECT_NE(binary.err.find("binary.csv:2: error: unit_id: column 1: control character"),
            std::string::npos)
      << binary.err;
  EXPECT_EQ(Ends(), before) << "a refused file appended something";
  Result listed = Units("0580");
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(listed.out.find("QR"), std::string::npos);
}

TEST_F(HostileCli, FlagsAndNarrativeFilesThatAreNotUtf8GetAnErrorNamingWhere) {
  ImportUnits("0580");
  auto before = Ends();
  Result reason = Cli({"forecast", "adjust", "--org", "0580", "--year", "2021", "--unit", "KLF",
                       "--side", "costs", "--amount", "-100", "--reason",
                       "R\xE4"
                       "ddning"});
  EXPECT_NE(reason.exit_code, 0);
  EXPECT_NE(reason.err.find("--reason: byte \\xE4 at character 2 is not UTF-8"), std::string::npos)
      << reason.err;
  Result actor =
      Cli({"goals", "assess", "--org", "0580", "--board", "KS", "--period", "2021-08",
           "--assessment", "uppfylls", "--rationale", "ok", "--actor", "\xD6rjan", "G1"});
  EXPECT_NE(actor.exit_code, 0);
  EXPECT_NE(actor.err.find("--actor: byte \\xD6 at character 1 is not UTF-8"), std::string::npos)
      << actor.err;
  Result narrative =
      Cli({"narrative", "set", "--org", "0580", "--board", "KS", "--period", "2021-08", "--section",
           "summary", "--file", Write("summary.md", "# Sammanfattning\n\nPrognosen \xE4r god.\n")});
  EXPECT_NE(narrative.exit_code, 0);
  EXPECT_NE(narrative.err.find("summary.md: byte \\xE4 at line 3, column 11 (character 29) is "
                               "not UTF-8"),
            std::string::npos)
      << narrative.err;
  Result control =
      Cli({"narrative", "set", "--org", "0580", "--board", "KS", "--period", "2021-08", "--section",
           "summary", "--file", Write("bell.md", "Ljud\x07 och \x1B[31mf\xC3\xA4rg\n")});
  EXPECT_NE(control.exit_code, 0);
  EXPECT_NE(control.err.find("bell.md: control character U+0007 at character 5"), std::string::npos)
      << control.err;
  EXPECT_EQ(Ends(), before);
}

TEST_F(HostileCli, TextOverItsLimitIsRefusedNamingTheLimit) {
  ImportUnits("0580");
  auto before = Ends();
  Result narrative =
      Cli({"narrative", "set", "--org", "0580", "--board", "KS", "--period", "2021-08", "--section",
           "summary", "--file", Write("huge.md", std::string(300'000, 'x'))});
  EXPECT_NE(narrative.exit_code, 0);
  EXPECT_NE(narrative.err.find("markdown: 300000 characters, more than the 262144 a document of "
                               "text may hold (--max-document-chars, TERTIAL_MAX_DOCUMENT_CHARS)"),
            std::string::npos)
      << narrative.err;
  Result reason =
      Cli({"forecast", "adjust", "--org", "0580", "--year", "2021", "--unit", "KLF", "--side",
           "costs", "--amount", "-100", "--reason", std::string(10'001, 'r')});
  EXPECT_NE(reason.exit_code, 0);
  EXPECT_NE(reason.err.find("reason: 10001 characters, more than the 10000 a paragraph"),
            std::string::npos)
      << reason.err;
  Result name = Cli({"import", "--org", "0580",
                     Write("long-units.csv", StrCat("unit_id,name,parent_id,kind\nX,",
                                                    std::string(1'001, 'n'), ",KS,stab\n"))});
  EXPECT_NE(name.exit_code, 0);
  EXPECT_NE(name.err.find("long-units.csv:2: error: name: 1001 characters, more than the 1000 a "
                          "line of text may hold"),
            std::string::npos)
      << name.err;
  EXPECT_EQ(Ends(), before);
}

// A request over the server's size limit (a goals file of 17 MiB): gRPC refuses it before
// any handler; the CLI says which limit it was and how to raise it.
TEST_F(HostileCli, ARequestOverTheServersLimitSaysWhichLimit) {
  Result big = Cli({"goals", "import", Write("big.yaml", "# " + std::string(17 << 20, 'x'))});
  EXPECT_NE(big.exit_code, 0);
  EXPECT_NE(big.err.find("vs. 16777216) bytes: the request is larger than the server accepts "
                         "(its --max-request-bytes, TERTIAL_MAX_REQUEST_BYTES"),
            std::string::npos)
      << big.err;
}

// A goal plan's texts (YAML may escape any character) are checked by kind and limit, each
// error naming the file's line.
TEST_F(HostileCli, GoalFileTextsAreCheckedWhereTheFileSaysThem) {
  std::string plan = ReadFile(StrCat(TERTIAL_SOURCE_DIR, "/data/linkoping-ks/plan.yaml"));
  const std::string name = "name: Kommunstyrelsens verksamhetsplan 2021";
  ASSERT_NE(plan.find(name), std::string::npos);
  std::string long_name = plan;
  long_name.replace(long_name.find(name), name.size(), "name: " + std::string(1'001, 'p'));
  Result refused = Cli({"goals", "import", Write("long.yaml", long_name)});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("plan_defined.name: 1001 characters, more than the 1000 a line"),
            std::string::npos)
      << refused.err;
  std::string bell = plan;
  bell.replace(bell.find(name), name.size(), "name: \"Verksamhetsplan\\a 2021\"");
  Result control = Cli({"goals", "import", Write("bell.yaml", bell)});
  EXPECT_NE(control.exit_code, 0);
  EXPECT_NE(control.err.find("plan_defined.name: control character U+0007"), std::string::npos)
      << control.err;
  Result plans = Cli({"goals", "plans", "--org", "0580", "--format", "csv"});
  EXPECT_EQ(plans.out.find("KS,2021"), std::string::npos) << "a refused file left a plan";
}

// A record committed before the log checked records (here: written straight into the
// embedded log, past the check) stops the projections; quarantined, it is skipped.
TEST_F(HostileCli, APoisonRecordStopsProjectionsNamingItUntilQuarantined) {
  ImportUnits("0580");
  ImportUnits("0581");
  std::string place;
  {
    auto log = eventlog::EmbeddedLog::Open(dir_.Sub("data/log"));
    ASSERT_TRUE(log.ok()) << log.status();
    ledger::v1::LedgerEvent event;
    ledger::v1::UnitDefined* unit = event.mutable_unit_defined();
    unit->set_unit_id("QR");
    unit->set_name("F\x94rvaltning");  // the issue's CP437 'ö'
    unit->set_parent_id("KS");
    unit->set_kind(ledger::v1::UNIT_KIND_FORVALTNING);
    auto envelope = eventlog::Wrap(event, "unit/QR", {.organisation = "0581", .actor = "old"});
    ASSERT_TRUE(envelope.ok());
    auto writer = (*log)->BeginBatch(eventlog::kLedgerTopic, "0581");
    ASSERT_TRUE(writer.ok());
    EXPECT_FALSE((*writer)->Add(*envelope).ok()) << "the log must refuse it now";
    ASSERT_TRUE(eventlog::testing::AddWithoutCheck(**writer, *envelope).ok());
    auto appended = (*writer)->Commit();
    ASSERT_TRUE(appended.ok());
    place = StrCat(eventlog::kLedgerTopic, "/", appended->partition, "@", appended->first_offset);
  }
  // Every organisation's queries stop, with an error that names the record and the way out;
  // the process still starts (it has to, for its admin API to quarantine the record).
  Result stopped = Units("0580");
  EXPECT_NE(stopped.exit_code, 0);
  EXPECT_NE(stopped.err.find(
                StrCat("cannot apply ", place, " (tertial.ledger.v1.UnitDefined, key 0581)")),
            std::string::npos)
      << stopped.err;
  EXPECT_NE(stopped.err.find("field unit_defined.name (byte \\x94 at offset 1) is not valid "
                             "UTF-8"),
            std::string::npos)
      << stopped.err;
  EXPECT_NE(stopped.err.find(StrCat("tertial quarantine ", place, " --reason")), std::string::npos)
      << stopped.err;
  Result status = Cli({"status", "--format", "json"});
  EXPECT_NE(status.out.find(StrCat("cannot apply ", place)), std::string::npos) << status.out;

  Result healthy = Cli({"quarantine", "tertial.ledger.v1/0@0", "--reason", "typo"});
  EXPECT_NE(healthy.exit_code, 0);
  EXPECT_NE(healthy.err.find("reads back"), std::string::npos) << healthy.err;
  Result quarantined =
      Cli({"quarantine", place, "--reason", "CP437 name from 1.x; re-imported as UTF-8"});
  ASSERT_EQ(quarantined.exit_code, 0) << quarantined.err;
  EXPECT_NE(quarantined.out.find("tertial.ledger.v1.UnitDefined"), std::string::npos)
      << quarantined.out;

  for (const char* org : {"0580", "0581"}) {
    Result served = Units(org);
    EXPECT_EQ(served.exit_code, 0) << org << ": " << served.err;
    EXPECT_NE(served.out.find("KLF,Kommunledningsförvaltningen,KS"), std::string::npos)
        << served.out;
    EXPECT_EQ(served.out.find("QR"), std::string::npos) << served.out;
  }
  Result reports = Cli({"report", "list", "--format", "csv"});
  EXPECT_EQ(reports.exit_code, 0) << reports.err;
  Result again = Cli({"quarantine", place, "--reason", "twice"});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.err.find("quarantined already"), std::string::npos) << again.err;
}

// `report list` and `goals plans` without --org list what the token may see; for a token
// of one organisation they were refused ("may only see organisation 0580").
TEST_F(HostileCli, ListsWithoutAnOrganisationShowWhatAOneOrganisationTokenMaySee) {
  ImportUnits("0580");
  ImportUnits("0581");
  Write("tokens", StrCat("sha256:", Sha256Hex("read-0580"), " rita reader 0580\n"));
  const std::string address = StrCat("127.0.0.1:", FreePort());
  Process daemon({Bin("apps/tertiald"), "--data-dir", dir_.Sub("data"), "--listen", address,
                  "--tokens", dir_.Sub("tokens")},
                 {}, dir_.Sub("tertiald.err"));
  auto remote = [&](std::vector<std::string> args) {
    args.insert(args.begin(), Bin("apps/tertial"));
    return e2e::Run(args, {{"TERTIAL_SERVER", address}, {"TERTIAL_TOKEN", "read-0580"}},
                    seconds(60));
  };
  Result up = remote({"status", "--wait", "30"});
  ASSERT_EQ(up.exit_code, 0) << up.err << ReadFile(dir_.Sub("tertiald.err"));
  Result reports = remote({"report", "list", "--format", "csv"});
  EXPECT_EQ(reports.exit_code, 0) << reports.err;
  EXPECT_EQ(reports.out.find("0581"), std::string::npos) << reports.out;
  Result plans = remote({"goals", "plans", "--format", "csv"});
  EXPECT_EQ(plans.exit_code, 0) << plans.err;
  Result other = remote({"report", "list", "--org", "0581"});
  EXPECT_NE(other.exit_code, 0);
  EXPECT_NE(other.err.find("no access to organisation 0581"), std::string::npos) << other.err;
  daemon.Signal(SIGTERM);
  daemon.Wait();
}

// SIE 4B prescribes PC8 (CP437): #FNAMN and every other text is decoded, so the company is
// "Övningsbolaget AB" in the report and on the HTTP index, not a replacement character.
TEST_F(HostileCli, SieTextIsDecodedFromPc8IntoTheReportAndTheHttpIndex) {
  const std::string sie =
      StrCat(tertial::testing::SharedDir(), "/sie-samples/transaktioner_ovnbolag.se");
  Result imported = Cli({"import", sie});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  Result units = Cli({"import", "--org", "5555555555",
                      Write("ovn-units.csv",
                            "unit_id,name,parent_id,kind\nFB,Företaget,,namnd\n"
                            "F1,Förvaltning,FB,forvaltning\n"
                            "Nord,Kontor Nord,F1,enhet\nSyd,Kontor Syd,F1,enhet\n")});
  ASSERT_EQ(units.exit_code, 0) << units.err;
  Result report = Cli({"report", "--org", "5555555555", "--board", "FB", "--period", "2011-03",
                       "-o", dir_.Sub("out")});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  std::string html = ReadFile(dir_.Sub("out/delarsrapport-5555555555-FB-2011-03.html"));
  EXPECT_TRUE(IsValidUtf8(html));
  EXPECT_NE(html.find("Övningsbolaget AB (Ekonomi 60)"), std::string::npos);
  EXPECT_EQ(html.find("\xEF\xBF\xBD"), std::string::npos) << "a replacement character";
  Result json = Cli({"balances", "--org", "5555555555", "--by", "account", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;

  // The HTTP index of a daemon on the same data.
  const int http = FreePort();
  Process daemon({Bin("apps/tertiald"), "--data-dir", dir_.Sub("data"), "--listen",
                  StrCat("127.0.0.1:", FreePort())},
                 {{"TERTIAL_REPORTING_HTTP", StrCat("127.0.0.1:", http)}},
                 dir_.Sub("tertiald.err"));
  std::string index;
  for (int i = 0; i < 100 && index.find("</html>") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    index = HttpGet(http, "/");
  }
  daemon.Signal(SIGTERM);
  daemon.Wait();
  EXPECT_NE(index.find("<h2>Övningsbolaget AB (Ekonomi 60) – Företaget</h2>"), std::string::npos)
      << index;
}

}  // namespace
}  // namespace tertial::e2e
