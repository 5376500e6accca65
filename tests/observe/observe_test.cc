// tertial as an operator observes it:
// - every binary's --help lists every setting, flag or environment-only, with its
//   default; and the settings the code reads (getenv, FlagSet declarations) are all in
//   some --help, so that a new one cannot be forgotten;
// - tertiald writes one JSON object per line on stderr: the start-up line with the build
//   and the settings, an audit line for every command and every refused call (who,
//   organisation, method, result, duration) and never a token;
// - its /metrics, scraped while it runs, has the latency histograms, the process, the
//   build, the RocksDB databases and the import counters.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "process.h"
#include "service_table.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"
#include "tertial/json/json.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::e2e {
namespace {

using std::chrono::seconds;

std::string Bin(std::string_view relative) { return StrCat(TERTIAL_BINARY_DIR, "/", relative); }

const std::vector<std::string>& ServerBinaries() {
  static const std::vector<std::string> kBinaries = {"apps/tertiald",
                                                     "services/ledger/tertial-ledger",
                                                     "services/forecast/tertial-forecast",
                                                     "services/goals/tertial-goals",
                                                     "services/reporting/tertial-reporting",
                                                     "apps/tertial-devbroker/tertial-devbroker",
                                                     "apps/tertial-healthcheck/tertial-healthcheck",
                                                     "apps/tertial-web/tertial-web",
                                                     "apps/tertial-relay/tertial-relay",
                                                     "data/generator/tertial-demo-data"};
  return kBinaries;
}

// The commands `tertial help` lists ("import", "forecast adjust", ...).
std::vector<std::vector<std::string>> CliCommands() {
  Result help = Run({Bin("apps/tertial"), "help"}, {});
  EXPECT_EQ(help.exit_code, 0) << help.err;
  std::vector<std::vector<std::string>> commands;
  bool in_commands = false;
  std::istringstream lines(help.out);
  for (std::string line; std::getline(lines, line);) {
    if (line == "commands:") {
      in_commands = true;
      continue;
    }
    if (!in_commands) continue;
    if (line.empty()) break;
    // "  forecast adjust        summary": the name is the words before the run of spaces.
    size_t start = line.find_first_not_of(' ');
    size_t end = line.find("  ", start);
    std::istringstream words(line.substr(start, end - start));
    std::vector<std::string> command;
    for (std::string word; words >> word;) command.push_back(word);
    if (!command.empty()) commands.push_back(command);
  }
  return commands;
}

// Every --help to check: what it is, and its output.
std::vector<std::pair<std::string, Result>> AllHelp() {
  std::vector<std::pair<std::string, Result>> out;
  for (const std::string& binary : ServerBinaries()) {
    out.emplace_back(binary, Run({Bin(binary), "--help"}, {}));
  }
  for (const std::vector<std::string>& command : CliCommands()) {
    std::vector<std::string> args = {Bin("apps/tertial")};
    args.insert(args.end(), command.begin(), command.end());
    args.push_back("--help");
    std::string name = "tertial";
    for (const std::string& word : command) name += " " + word;
    out.emplace_back(name, Run(args, {}));
  }
  return out;
}

TEST(Help, EveryBinaryAndCommandListsEverySettingWithItsDefault) {
  std::vector<std::pair<std::string, Result>> all = AllHelp();
  ASSERT_GT(all.size(), ServerBinaries().size() + 10) << "tertial help lists too few commands";
  for (const auto& [name, help] : all) {
    SCOPED_TRACE(name);
    EXPECT_EQ(help.exit_code, 0) << help.err;
    EXPECT_EQ(help.err, "");
    ASSERT_NE(help.out.find("usage: "), std::string::npos) << help.out;
    // Each entry is "  --flag[=VALUE]  help" or "  [$VARIABLE]  help", and the line after it
    // says where it comes from and its default: "[$ENV] default X", "default X", "required".
    std::vector<std::string> lines;
    std::istringstream stream(help.out);
    for (std::string line; std::getline(stream, line);) lines.push_back(line);
    int entries = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].rfind("  --", 0) != 0 && lines[i].rfind("  [$", 0) != 0) continue;
      ++entries;
      // A long head puts the help on the next line, then the defaults.
      size_t where = i + 1;
      if (where < lines.size() && lines[where].find("default") == std::string::npos &&
          lines[where].find("required") == std::string::npos) {
        ++where;
      }
      ASSERT_LT(where, lines.size()) << lines[i];
      EXPECT_TRUE(lines[where].find("default") != std::string::npos ||
                  lines[where].find("required") != std::string::npos)
          << lines[i] << "\n"
          << lines[where];
    }
    EXPECT_GT(entries, 0) << help.out;
  }
}

TEST(Help, TheServersListTheSettingsOperatorsSet) {
  std::map<std::string, std::string> help;
  for (const auto& [name, result] : AllHelp()) help[name] = result.out;
  const std::vector<std::string> every_server = {"--log-level",
                                                 "$TERTIAL_LOG_LEVEL",
                                                 "--log-format",
                                                 "$TERTIAL_LOG_FORMAT",
                                                 "--rocksdb-memory-mb",
                                                 "$TERTIAL_ROCKSDB_MEMORY_MB",
                                                 "--metrics-listen",
                                                 "$TERTIAL_KAFKA_CONFIG",
                                                 "$TERTIAL_KAFKA_CLIENT_ID",
                                                 "$TERTIAL_KAFKA_MAX_BATCH_BYTES"};
  const std::vector<std::string> reporting = {"$TERTIAL_REPORTING_HTTP", "$TMPDIR"};
  for (std::string server :
       {"apps/tertiald", "services/ledger/tertial-ledger", "services/forecast/tertial-forecast",
        "services/goals/tertial-goals", "services/reporting/tertial-reporting"}) {
    SCOPED_TRACE(server);
    std::vector<std::string> settings = every_server;
    if (server.find("tertiald") != std::string::npos ||
        server.find("reporting") != std::string::npos) {
      settings.insert(settings.end(), reporting.begin(), reporting.end());
    }
    // Each peer it does not host, at $<SERVICE>_ADDR (tertiald hosts them all).
    for (const std::string& service : host::ServiceNames()) {
      std::string variable = "$" + service + "_ADDR";
      for (char& c : variable) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (server.find("tertiald") != std::string::npos ||
          server.find("tertial-" + service) != std::string::npos) {
        EXPECT_EQ(help[server].find(variable), std::string::npos) << variable;
      } else {
        settings.push_back(variable);
      }
    }
    for (const std::string& setting : settings) {
      EXPECT_NE(help[server].find(setting), std::string::npos) << setting << "\n" << help[server];
    }
  }
  for (const char* setting : {"--log-level", "--rocksdb-memory-mb", "$TMPDIR"}) {
    EXPECT_NE(help["tertial report"].find(setting), std::string::npos) << setting;
  }
}

// Source files the binaries are built from (not tests, test helpers or benchmarks).
std::vector<std::filesystem::path> ProductionSources() {
  std::vector<std::filesystem::path> out;
  for (const char* root : {"apps", "services", "libs", "data/generator"}) {
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(StrCat(TERTIAL_SOURCE_DIR, "/", root))) {
      if (!entry.is_regular_file()) continue;
      const std::string path = entry.path().string();
      const std::string ext = entry.path().extension().string();
      if (ext != ".cc" && ext != ".h") continue;
      if (path.ends_with("_test.cc") || path.find("/testing/") != std::string::npos ||
          path.ends_with("_harness.h") || path.ends_with("crash_child_main.cc") ||
          path.ends_with("kafka_crash_writer.cc")) {
        continue;
      }
      out.push_back(entry.path());
    }
  }
  return out;
}

// Every environment variable the code reads must be in some --help: read through a
// FlagSet (flags.cc is then the only getenv), or, for the few standard variables read
// where they are used, declared beside the flags as well.
TEST(Help, EveryEnvironmentVariableTheCodeReadsIsInSomeHelp) {
  // file (relative) -> the variables it may read directly, and why.
  const std::map<std::string, std::set<std::string>> direct = {
      {"libs/config/src/flags.cc", {}},                       // the FlagSet itself
      {"apps/tertial/cli.cc", {"USER", "LOGNAME"}},           // --actor's default
      {"services/reporting/src/render/xlsx.cc", {"TMPDIR"}},  // POSIX temporary directory
      {"apps/tertial/commands_reporting.cc", {"TMPDIR"}},
  };
  std::string all_help;
  for (const auto& [name, result] : AllHelp()) all_help += result.out;

  std::regex getenv_call(R"re(getenv\s*\(\s*("([A-Za-z0-9_]+)")?)re");
  std::regex declared(R"re((\.env\s*=\s*|Env(?:String|Int|Note)\s*\(\s*)"([A-Z0-9_]+)")re");
  std::set<std::string> names;
  for (const std::filesystem::path& path : ProductionSources()) {
    std::string text = ReadFile(path.string());
    std::string relative = std::filesystem::relative(path, TERTIAL_SOURCE_DIR).string();
    for (auto it = std::sregex_iterator(text.begin(), text.end(), getenv_call);
         it != std::sregex_iterator(); ++it) {
      auto allowed = direct.find(relative);
      if (allowed == direct.end()) {
        ADD_FAILURE() << relative << " reads the environment (" << (*it)[0]
                      << "): declare the setting in a FlagSet so that --help lists it";
        continue;
      }
      if (relative == "libs/config/src/flags.cc") continue;
      std::string name = (*it)[2];
      EXPECT_TRUE(allowed->second.count(name)) << relative << " reads $" << name;
      names.insert(name);
    }
    for (auto it = std::sregex_iterator(text.begin(), text.end(), declared);
         it != std::sregex_iterator(); ++it) {
      names.insert((*it)[2]);
    }
  }
  EXPECT_GT(names.size(), 20u);
  for (const std::string& name : names) {
    EXPECT_NE(all_help.find(StrCat("$", name)), std::string::npos)
        << "$" << name << " is read by the code but no --help lists it";
  }
}

// --- tertiald's log and metrics ---------------------------------------------------------

constexpr char kControllerToken[] = "observe-controller-secret-token";
constexpr char kReaderToken[] = "observe-reader-secret-token";

class TertialdObserved : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir_.Sub("tokens"))
        << "sha256:" << Sha256Hex(kControllerToken) << " anna.ekonom controller 0580\n"
        << "sha256:" << Sha256Hex(kReaderToken) << " rita.lasare reader 0580\n";
    demo_ = dir_.Sub("demo");
    Result generated = e2e::Run({Bin("data/generator/tertial-demo-data"), "--out", demo_}, {});
    ASSERT_EQ(generated.exit_code, 0) << generated.err;
    port_ = FreePort();
    metrics_port_ = FreePort();
    daemon_ = std::make_unique<Process>(
        std::vector<std::string>{Bin("apps/tertiald"), "--data-dir", dir_.Sub("data"), "--listen",
                                 StrCat("127.0.0.1:", port_), "--metrics-listen",
                                 StrCat("127.0.0.1:", metrics_port_), "--tokens",
                                 dir_.Sub("tokens")},
        Env{{"TERTIAL_LOG_FORMAT", "json"}}, dir_.Sub("tertiald.err"));
    for (int i = 0; i < 300; ++i) {
      Result health = e2e::Run({Bin("apps/tertial-healthcheck/tertial-healthcheck"), "--addr",
                                StrCat("127.0.0.1:", port_)},
                               {});
      if (health.exit_code == 0) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "tertiald did not start:\n" << ReadFile(dir_.Sub("tertiald.err"));
  }

  Result Cli(std::vector<std::string> args, const std::string& token) {
    args.insert(args.begin(), Bin("apps/tertial"));
    return e2e::Run(args,
                    {{"TERTIAL_SERVER", StrCat("127.0.0.1:", port_)},
                     {"TERTIAL_TOKEN", token},
                     {"TERTIAL_ORG", "0580"}},
                    seconds(120));
  }

  // Stops tertiald and returns its log, one parsed object per line.
  std::vector<json::Value> StopAndReadLog() {
    daemon_->Signal(SIGTERM);
    int status = daemon_->Wait();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
    log_text_ = ReadFile(dir_.Sub("tertiald.err"));
    std::vector<json::Value> lines;
    std::istringstream stream(log_text_);
    int number = 0;
    for (std::string line; std::getline(stream, line);) {
      ++number;
      absl::StatusOr<json::Value> value = json::Parse(line, StrCat("log line ", number));
      EXPECT_TRUE(value.ok()) << value.status() << "\n" << line;
      if (!value.ok()) continue;
      for (const char* key : {"timestamp", "level", "service", "message"}) {
        EXPECT_NE(value->Find(key), nullptr) << key << " missing: " << line;
      }
      if (value->Find("service") != nullptr) {
        EXPECT_EQ(value->Find("service")->text, "tertiald");
      }
      lines.push_back(*std::move(value));
    }
    return lines;
  }

  tertial::testing::TempDir dir_;
  std::string demo_;
  int port_ = 0;
  int metrics_port_ = 0;
  std::unique_ptr<Process> daemon_;
  std::string log_text_;
};

std::string Field(const json::Value& line, std::string_view key) {
  const json::Value* fields = line.Find("fields");
  const json::Value* value = fields != nullptr ? fields->Find(key) : nullptr;
  return value != nullptr ? value->text : "(none)";
}

TEST_F(TertialdObserved, LogsJsonLinesWithAnAuditLineForEveryCommandAndRefusal) {
  Result imported = Cli({"import", demo_ + "/units.csv"}, kControllerToken);
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  Result refused = Cli({"import", demo_ + "/projects.csv"}, kReaderToken);
  EXPECT_NE(refused.exit_code, 0);
  Result read = Cli({"units"}, kReaderToken);
  EXPECT_EQ(read.exit_code, 0) << read.err;

  std::vector<json::Value> lines = StopAndReadLog();
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.front().Find("message")->text, "starting") << log_text_;
  EXPECT_NE(Field(lines.front(), "version"), "(none)");
  EXPECT_NE(Field(lines.front(), "git_commit"), "(none)");
  EXPECT_EQ(Field(lines.front(), "listen"), StrCat("127.0.0.1:", port_));
  EXPECT_EQ(log_text_.find("secret-token"), std::string::npos) << "a token in the log";

  const json::Value* command = nullptr;
  const json::Value* refusal = nullptr;
  for (const json::Value& line : lines) {
    std::string message = line.Find("message")->text;
    std::string method = Field(line, "method");
    if (method.find("LedgerService/Import") == std::string::npos) {
      EXPECT_EQ(method.find("ListUnits"), std::string::npos) << "a read at info level";
      continue;
    }
    if (message == "command") command = &line;
    if (message == "refused") refusal = &line;
  }
  ASSERT_NE(command, nullptr) << log_text_;
  EXPECT_EQ(command->Find("level")->text, "info");
  EXPECT_EQ(Field(*command, "who"), "anna.ekonom");
  EXPECT_EQ(Field(*command, "organisation"), "0580");
  EXPECT_EQ(Field(*command, "code"), "OK");
  EXPECT_NE(Field(*command, "duration_ms"), "(none)");
  ASSERT_NE(refusal, nullptr) << log_text_;
  EXPECT_EQ(refusal->Find("level")->text, "warning");
  EXPECT_EQ(Field(*refusal, "who"), "rita.lasare");
  EXPECT_EQ(Field(*refusal, "code"), "PERMISSION_DENIED");
}

TEST_F(TertialdObserved, MetricsShowCallsProcessBuildDatabasesAndImports) {
  Result imported =
      Cli({"import", demo_ + "/units.csv", demo_ + "/ledger-2021.se"}, kControllerToken);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  Result again = Cli({"import", demo_ + "/units.csv"}, kControllerToken);
  ASSERT_EQ(again.exit_code, 0) << again.err;

  std::string body = Scrape(metrics_port_);
  auto one = [&](const std::string& series) -> double {
    std::map<std::string, double> samples = Samples(body, series);
    auto it = samples.find(series);
    EXPECT_NE(it, samples.end()) << series << " not in\n" << body;
    return it != samples.end() ? it->second : -1;
  };
  const std::string import_method =
      "method=\"/tertial.ledger.v1.LedgerService/ImportWithProgress\"";
  EXPECT_GE(
      one(StrCat("tertial_grpc_server_handling_seconds_count{", import_method, ",code=\"OK\"}")),
      3);
  EXPECT_GE(one(StrCat("tertial_grpc_server_handling_seconds_bucket{", import_method,
                       ",code=\"OK\",le=\"+Inf\"}")),
            3);
  EXPECT_GT(
      one(StrCat("tertial_grpc_server_handling_seconds_sum{", import_method, ",code=\"OK\"}")), 0);
  EXPECT_GT(one("process_resident_memory_bytes"), 10 << 20);
  EXPECT_GT(one("process_cpu_seconds_total"), 0);
  EXPECT_GT(one("process_open_fds"), 5);
  EXPECT_GT(one("process_start_time_seconds"), 1.6e9);
  EXPECT_EQ(Samples(body, "tertial_build_info{version=").size(), 1u) << body;
  EXPECT_EQ(one("tertial_rocksdb_memory_budget_bytes"), 96 << 20);
  std::string log_db = StrCat("{database=\"", dir_.Sub("data"), "/log\"}");
  EXPECT_GT(one(StrCat("tertial_rocksdb_memtable_bytes", log_db)) +
                one(StrCat("tertial_rocksdb_sst_bytes", log_db)),
            0);
  EXPECT_GE(Samples(body, "tertial_rocksdb_estimated_keys{").size(), 5u);  // log + 4 services
  EXPECT_EQ(one("tertial_imports_total{service=\"ledger\",format=\"units_csv\","
                "result=\"committed\"}"),
            1);
  // Known again by its hash, before its format is read.
  EXPECT_EQ(one("tertial_imports_total{service=\"ledger\",format=\"unknown\","
                "result=\"already_imported\"}"),
            1);
  EXPECT_EQ(one("tertial_imports_total{service=\"ledger\",format=\"sie\",result=\"committed\"}"),
            1);
  EXPECT_GT(one("tertial_ledger_imported_transactions_total"), 1000);
  EXPECT_GT(one("tertial_imported_bytes_total{service=\"ledger\",format=\"sie\"}"), 100000);
  StopAndReadLog();
}

}  // namespace
}  // namespace tertial::e2e
