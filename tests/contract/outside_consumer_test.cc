// The public event contract, read as a system outside tertial would read it: the golden log
// (tests/schema) restored with `tertial log import`, printed with `tertial log events`, and
// checked by a Python consumer that knows only JSON and the schemas `tertial log schema`
// wrote (check_events.py, with Debian's python3-jsonschema).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "../e2e/process.h"
#include "tertial/base/strings.h"
#include "tertial/testing/temp_dir.h"

namespace tertial {
namespace {

std::string Cli() { return StrCat(TERTIAL_BINARY_DIR, "/apps/tertial"); }

TEST(OutsideConsumer, ReadsEveryCommittedEventOfTheGoldenLogByTheSchemas) {
  tertial::testing::TempDir dir;
  const std::string dump = dir.Sub("log.tdump");
  e2e::Result unzipped =
      e2e::Run({"/bin/sh", "-c",
                StrCat("gzip -dc '", TERTIAL_SOURCE_DIR,
                       "/tests/schema/testdata/v1/log.tdump.gz' > '", dump, "'")},
               {});
  ASSERT_EQ(unzipped.exit_code, 0) << unzipped.err;
  e2e::Result restored =
      e2e::Run({Cli(), "log", "import", "--data-dir", dir.Sub("data"), "--format", "json", dump},
               {}, std::chrono::seconds(120));
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  // {"topic":..., "records": N, ...} per topic: the events there are to print.
  int64_t records = 0;
  std::regex count("\"records\": *([0-9]+)");
  for (std::sregex_iterator it(restored.out.begin(), restored.out.end(), count), end; it != end;
       ++it) {
    records += std::stoll((*it)[1]);
  }
  ASSERT_GT(records, 1000) << restored.out;

  e2e::Result schema = e2e::Run({Cli(), "log", "schema", "--out", dir.Sub("contract")}, {});
  ASSERT_EQ(schema.exit_code, 0) << schema.err;

  e2e::Result events = e2e::Run({Cli(), "log", "events", "--data-dir", dir.Sub("data")}, {},
                                std::chrono::seconds(120));
  ASSERT_EQ(events.exit_code, 0) << events.err;
  EXPECT_EQ(std::count(events.out.begin(), events.out.end(), '\n'), records)
      << "one line per committed record";
  { std::ofstream(dir.Sub("events.jsonl"), std::ios::binary) << events.out; }

  e2e::Result checked =
      e2e::Run({"/usr/bin/python3", StrCat(TERTIAL_SOURCE_DIR, "/tests/contract/check_events.py"),
                dir.Sub("contract"), dir.Sub("events.jsonl")},
               {}, std::chrono::seconds(120));
  std::printf("%s", checked.out.c_str());
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
  EXPECT_NE(checked.out.find(StrCat("validated ", records, " events")), std::string::npos)
      << checked.out;
}

TEST(OutsideConsumer, ProtocDecodesARecordWithTheDescriptorSet) {
  tertial::testing::TempDir dir;
  e2e::Result schema = e2e::Run({Cli(), "log", "schema", "--out", dir.Sub("contract")}, {});
  ASSERT_EQ(schema.exit_code, 0) << schema.err;
  // A ledger event as protoc's text format, encoded by protoc with our descriptors and
  // decoded again: the set is whole and names the payload types.
  const std::string text = "unit_defined { unit_id: \"KS\" name: \"Kommunstyrelsen\" }";
  e2e::Result roundtrip = e2e::Run(
      {"/bin/sh", "-c",
       StrCat("printf '%s' '", text, "' | protoc --descriptor_set_in='", dir.Sub("contract"),
              "/tertial-events.binpb' --encode tertial.ledger.v1.LedgerEvent | protoc "
              "--descriptor_set_in='",
              dir.Sub("contract"),
              "/tertial-events.binpb' --decode tertial.ledger.v1.LedgerEvent")},
      {});
  ASSERT_EQ(roundtrip.exit_code, 0) << roundtrip.err;
  EXPECT_NE(roundtrip.out.find("name: \"Kommunstyrelsen\""), std::string::npos) << roundtrip.out;
}

TEST(OutsideConsumer, SchemaRefusesADirectoryThatCannotBeMade) {
  tertial::testing::TempDir dir;
  std::ofstream(dir.Sub("file")) << "x";
  e2e::Result schema = e2e::Run({Cli(), "log", "schema", "--out", dir.Sub("file/contract")}, {});
  EXPECT_NE(schema.exit_code, 0);
  EXPECT_NE(schema.err.find("cannot create"), std::string::npos) << schema.err;
}

}  // namespace
}  // namespace tertial
