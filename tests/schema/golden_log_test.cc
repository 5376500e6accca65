// Schema evolution: logs written by older code are replayed by every build. Each
// generation under testdata/ (v1, v2, ...) holds a dump of a log written by the code of its
// day (log.tdump.gz: `tertial log export`, gzipped) and what that code rendered from it.
// Today's code restores the dump into an empty embedded log, replays it into every
// projection, and must decode every event and render the same outputs, byte for byte. When it does
// not, the failure names what changed: the first differing bytes of each output, and events that
// today's schema reads differently (unknown fields, a oneof case that is not the event's type).
// README.md says what to do about it.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/unknown_field_set.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "../e2e/process.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/eventlog/log_dump.h"
#include "tertial/forecast/v1/events.pb.h"
#include "tertial/goals/v1/events.pb.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/reporting/v1/events.pb.h"
#include "tertial/testing/compare.h"
#include "tertial/testing/temp_dir.h"

namespace tertial {
namespace {

namespace fs = std::filesystem;
using google::protobuf::Message;

std::string Testdata() { return StrCat(TERTIAL_SOURCE_DIR, "/tests/schema/testdata"); }

std::vector<std::string> Generations() {
  std::vector<std::string> out;
  for (const fs::directory_entry& entry : fs::directory_iterator(Testdata())) {
    if (entry.is_directory() && fs::exists(entry.path() / "log.tdump.gz")) {
      out.push_back(entry.path().filename().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::unique_ptr<Message> EventOf(std::string_view topic) {
  if (topic == eventlog::kLedgerTopic) return std::make_unique<ledger::v1::LedgerEvent>();
  if (topic == eventlog::kForecastTopic) return std::make_unique<forecast::v1::ForecastEvent>();
  if (topic == eventlog::kGoalsTopic) return std::make_unique<goals::v1::GoalsEvent>();
  if (topic == eventlog::kReportingTopic) return std::make_unique<reporting::v1::ReportingEvent>();
  return nullptr;
}

// Fields of `message` (and of every message inside it) that today's schema does not know.
void UnknownFields(const Message& message, const std::string& path, std::vector<std::string>* out) {
  const google::protobuf::Reflection* reflection = message.GetReflection();
  const google::protobuf::UnknownFieldSet& unknown = reflection->GetUnknownFields(message);
  for (int i = 0; i < unknown.field_count(); ++i) {
    out->push_back(StrCat(path, " field ", unknown.field(i).number()));
  }
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const google::protobuf::FieldDescriptor* field : fields) {
    if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    std::string inner = StrCat(path, ".", field->name());
    if (field->is_repeated()) {
      for (int j = 0; j < reflection->FieldSize(message, field); ++j) {
        UnknownFields(reflection->GetRepeatedMessage(message, field, j), inner, out);
      }
    } else {
      UnknownFields(reflection->GetMessage(message, field), inner, out);
    }
  }
}

class GoldenLog : public ::testing::TestWithParam<std::string> {
 protected:
  std::string Dir() const { return StrCat(Testdata(), "/", GetParam()); }
};

TEST_P(GoldenLog, TodaysCodeReadsItAndRendersTheSame) {
  tertial::testing::TempDir dir;
  // Kept gzipped in the repository (a dump compresses about four to one).
  const std::string dump = dir.Sub("log.tdump");
  e2e::Result unzipped =
      e2e::Run({"/bin/sh", "-c", StrCat("gzip -dc '", Dir(), "/log.tdump.gz' > '", dump, "'")}, {});
  ASSERT_EQ(unzipped.exit_code, 0) << unzipped.err;
  // Restored into an empty log, as an operator would.
  absl::StatusOr<eventlog::DumpSummary> summary;
  {
    fs::create_directories(dir.Sub("data"));
    auto log = eventlog::EmbeddedLog::Open(dir.Sub("data/log"));
    ASSERT_TRUE(log.ok()) << log.status();
    summary = eventlog::ImportLog(**log, dump);
    ASSERT_TRUE(summary.ok()) << summary.status();
    EXPECT_GT(summary->records, 1000);

    // Every event decodes into its topic's event, as the case its envelope names.
    std::map<std::string, int> types;
    std::vector<std::string> changed;
    for (const eventlog::DumpTopic& topic : summary->topics) {
      for (int p = 0; p < topic.partitions; ++p) {
        absl::StatusOr<std::vector<eventlog::Record>> records =
            (*log)->Read(topic.name, p, 0, 1'000'000);
        ASSERT_TRUE(records.ok()) << records.status();
        for (const eventlog::Record& record : *records) {
          absl::StatusOr<eventlog::Envelope> envelope = record.ParseEnvelope();
          ASSERT_TRUE(envelope.ok()) << envelope.status();
          std::unique_ptr<Message> event = EventOf(topic.name);
          ASSERT_NE(event, nullptr) << "a topic today's code does not know: " << topic.name;
          ASSERT_TRUE(event->ParseFromString(envelope->payload()))
              << topic.name << " offset " << record.offset << " (" << envelope->event_type()
              << ") no longer parses";
          const google::protobuf::OneofDescriptor* oneof =
              event->GetDescriptor()->FindOneofByName("event");
          const google::protobuf::FieldDescriptor* set =
              event->GetReflection()->GetOneofFieldDescriptor(*event, oneof);
          std::string now = set == nullptr ? "(no case)" : set->message_type()->full_name();
          if (now != envelope->event_type()) {
            changed.push_back(StrCat(envelope->event_type(), " now reads as ", now));
          }
          UnknownFields(*event, envelope->event_type(), &changed);
          ++types[envelope->event_type()];
        }
      }
    }
    std::set<std::string> unique(changed.begin(), changed.end());
    for (const std::string& change : unique) {
      ADD_FAILURE() << GetParam() << ": today's schema reads golden events differently: " << change;
    }
    std::string listing;
    for (const auto& [type, count] : types) StrAppend(&listing, "\n  ", type, " ", count);
    std::fprintf(stderr, "%s: %lld events of %zu types:%s\n", GetParam().c_str(),
                 static_cast<long long>(summary->records), types.size(), listing.c_str());
  }

  // Replayed into every projection by the CLI hosting the services, and rendered.
  const e2e::Env env = {{"TERTIAL_DATA_DIR", dir.Sub("data")}, {"TERTIAL_ORG", "0580"}};
  auto tertial = [&](std::vector<std::string> args) {
    args.insert(args.begin(), StrCat(TERTIAL_BINARY_DIR, "/apps/tertial"));
    return e2e::Run(args, env, std::chrono::seconds(120));
  };
  e2e::Result report = tertial({"report", "--board", "KS", "--period", "2021-08", "--format",
                                "json", "-o", dir.Sub("report")});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  e2e::Result balances = tertial({"balances", "--by", "unit,account_class", "--format", "csv"});
  ASSERT_EQ(balances.exit_code, 0) << balances.err;
  e2e::Result forecast = tertial({"forecast", "--year", "2021", "--format", "csv"});
  ASSERT_EQ(forecast.exit_code, 0) << forecast.err;
  const std::map<std::string, std::string> now = {
      {"report.json", e2e::ReadFile(dir.Sub("report/delarsrapport-0580-KS-2021-08.json"))},
      {"balances.csv", balances.out},
      {"forecast.csv", forecast.out}};
  const bool update = std::getenv("TERTIAL_UPDATE_GOLDEN") != nullptr;
  for (const auto& [name, text] : now) {
    const std::string path = StrCat(Dir(), "/", name);
    ASSERT_FALSE(text.empty()) << name;
    if (update) std::ofstream(path, std::ios::binary) << text;
    std::string golden = e2e::ReadFile(path);
    EXPECT_TRUE(text == golden)
        << GetParam() << "/" << name << " differs from what this log gave when it was written: "
        << tertial::testing::FirstDifference(text, golden, "now", "golden", 120)
        << "\nIf the change is intended, TERTIAL_UPDATE_GOLDEN=1 rewrites the expected outputs "
           "(never log.tdump.gz); see tests/schema/README.md.";
  }
}

INSTANTIATE_TEST_SUITE_P(Schema, GoldenLog, ::testing::ValuesIn(Generations()));

TEST(GoldenLogs, AtLeastOneGenerationIsCommitted) { EXPECT_FALSE(Generations().empty()); }

}  // namespace
}  // namespace tertial
