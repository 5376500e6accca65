// tertial log export, import and verify: the topics are the system of record, and these
// commands back them up to a file and restore them into an empty log, on the embedded log
// (--data-dir) or Kafka (--kafka). The file format is libs/eventlog/.../log_dump.h's.
// They talk to the log itself, not to the services: the projections are derived, and after
// a restore the services replay the restored topics into empty projections.

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "../host/log_factory.h"
#include "../host/service_table.h"
#include "absl/strings/numbers.h"
#include "cli.h"
#include "output.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/eventlog/log_dump.h"

namespace tertial::cli {
namespace {

struct LogFlags {
  std::string data_dir;
  host::KafkaSettings kafka;
  std::string format = "table";
};

void AddLogFlags(config::FlagSet& flags, LogFlags* options) {
  flags.String("data-dir", &options->data_dir, "data directory whose embedded log (DIR/log) to use",
               {.env = "TERTIAL_DATA_DIR"});
  // --kafka and the client settings the services take ($TERTIAL_KAFKA_CONFIG for TLS).
  host::AddKafkaFlags(flags, &options->kafka);
  flags.String("format", &options->format, "the summary: table, csv or json");
}

// Exactly one of --data-dir and --kafka.
absl::Status CheckWhere(const LogFlags& options) {
  if (options.format != "table" && options.format != "csv" && options.format != "json") {
    return absl::InvalidArgumentError(
        StrCat("--format ", options.format, ": expected table, csv or json"));
  }
  if (options.kafka.bootstrap.empty() == options.data_dir.empty()) {
    return absl::InvalidArgumentError(
        "give --data-dir DIR (the embedded log in DIR/log) or --kafka BOOTSTRAP (the Kafka "
        "topics), one of them");
  }
  return absl::OkStatus();
}

std::string Where(const LogFlags& options) {
  return options.kafka.bootstrap.empty() ? StrCat("embedded ", options.data_dir, "/log")
                                         : StrCat("kafka ", options.kafka.bootstrap);
}

// The one positional argument, the dump file.
absl::StatusOr<std::string> FileArgument(const std::vector<std::string>& rest) {
  if (rest.size() != 1) {
    return absl::InvalidArgumentError(rest.empty() ? "name the dump file"
                                                   : StrCat("unexpected argument ", rest[1]));
  }
  return rest[0];
}

void PrintSummary(const eventlog::DumpSummary& summary, const std::string& format,
                  std::ostream& out) {
  Table table({{"topic", "Topic"},
               {"partitions", "Partitioner"},
               {"records", "Händelser"},
               {"batches", "Batchar"}});
  for (const eventlog::DumpTopic& topic : summary.topics) {
    table.AddRow({Cell::Text(topic.name), Cell::Int(topic.partitions), Cell::Int(topic.records),
                  Cell::Int(topic.batches)});
  }
  table.Print(format, out);
}

void Describe(const std::string& what, const std::string& file,
              const eventlog::DumpSummary& summary) {
  std::fprintf(stderr,
               "tertial: %s %s: %lld records in %lld batches of %zu topics, %lld bytes, "
               "SHA-256 %s\n",
               what.c_str(), file.c_str(), static_cast<long long>(summary.records),
               static_cast<long long>(summary.batches), summary.topics.size(),
               static_cast<long long>(summary.bytes), summary.sha256.c_str());
}

// fsync of a file or directory; errors ignored where the file system cannot (a pipe).
absl::Status Sync(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return absl::UnavailableError(StrCat("cannot open ", path, " to sync it"));
  int synced = fsync(fd);
  close(fd);
  if (synced != 0) return absl::UnavailableError(StrCat("cannot sync ", path));
  return absl::OkStatus();
}

int RunExport(const std::vector<std::string>& args) {
  LogFlags options;
  std::vector<std::string> topics;
  config::FlagSet flags("tertial log export");
  AddLogFlags(flags, &options);
  flags.List("topic", &topics, "topics to dump; default: tertial's four");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (absl::Status s = CheckWhere(options); !s.ok()) return Fail(s);
  absl::StatusOr<std::string> file = FileArgument(*rest);
  if (!file.ok()) return Fail(file.status());
  const bool to_stdout = *file == "-";
  if (!to_stdout && std::filesystem::exists(*file)) {
    return Fail(absl::AlreadyExistsError(
        StrCat(*file, " exists; a backup never overwrites one: name a new file")));
  }

  // The embedded log is read beside a tertiald that may be running on it (read-only, no
  // lock); Kafka as the services read it.
  std::unique_ptr<eventlog::EventLog> log;
  if (options.kafka.bootstrap.empty()) {
    auto opened =
        eventlog::EmbeddedLog::Open(StrCat(options.data_dir, "/log"), {.read_only = true});
    if (!opened.ok()) return Fail(opened.status());
    log = *std::move(opened);
  } else {
    auto opened = host::OpenUnmeteredLog("", options.kafka);
    if (!opened.ok()) return Fail(opened.status());
    log = *std::move(opened);
  }
  eventlog::ExportOptions export_options{
      .topics = topics,
      .source = Where(options),
      .progress = [](std::string_view topic, int partition, int64_t records) {
        if (records > 0) {
          std::fprintf(stderr, "tertial: %s/%d: %lld records\n", std::string(topic).c_str(),
                       partition, static_cast<long long>(records));
        }
      }};
  absl::StatusOr<eventlog::DumpSummary> summary;
  if (to_stdout) {
    summary = eventlog::ExportLog(*log, export_options, std::cout);
  } else {
    // Written beside its final name and renamed when complete and synced: a file under the
    // final name is always a whole dump.
    const std::string partial = *file + ".partial";
    {
      std::ofstream out(partial, std::ios::binary | std::ios::trunc);
      if (!out) return Fail(absl::UnavailableError(StrCat("cannot write ", partial)));
      summary = eventlog::ExportLog(*log, export_options, out);
    }
    if (summary.ok()) {
      absl::Status synced = Sync(partial);
      std::error_code error;
      if (synced.ok()) std::filesystem::rename(partial, *file, error);
      if (!synced.ok() || error) {
        summary = synced.ok() ? absl::UnavailableError(StrCat("cannot rename ", partial, " to ",
                                                              *file, ": ", error.message()))
                              : synced;
      } else {
        std::filesystem::path dir = std::filesystem::path(*file).parent_path();
        (void)Sync(dir.empty() ? "." : dir.string());
      }
    }
    if (!summary.ok()) std::filesystem::remove(partial);
  }
  if (!summary.ok()) return Fail(summary.status());
  Describe("exported to", *file, *summary);
  if (!to_stdout) PrintSummary(*summary, options.format, std::cout);
  return 0;
}

int RunImport(const std::vector<std::string>& args) {
  LogFlags options;
  config::FlagSet flags("tertial log import");
  AddLogFlags(flags, &options);
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (absl::Status s = CheckWhere(options); !s.ok()) return Fail(s);
  absl::StatusOr<std::string> file = FileArgument(*rest);
  if (!file.ok()) return Fail(file.status());

  eventlog::ImportOptions import_options{.progress = [](int64_t written, int64_t total) {
    std::fprintf(stderr, "tertial: restored %lld of %lld records\n",
                 static_cast<long long>(written), static_cast<long long>(total));
  }};
  if (options.kafka.bootstrap.empty()) {
    // Projections left in the directory would claim offsets of another log and skip what
    // the restored one holds there.
    for (const host::ServiceRow& row : host::kServiceTable) {
      std::error_code error;
      std::filesystem::path projections = std::filesystem::path(options.data_dir) / row.name;
      if (std::filesystem::exists(projections, error) &&
          !std::filesystem::is_empty(projections, error)) {
        return Fail(absl::FailedPreconditionError(
            StrCat(projections.string(),
                   " holds projections of another log: restore into a "
                   "new data directory")));
      }
    }
    std::error_code error;
    std::filesystem::create_directories(options.data_dir, error);
  } else if (options.kafka.max_batch_bytes > 0) {
    import_options.max_batch_bytes = static_cast<uint64_t>(options.kafka.max_batch_bytes);
  }
  auto log = host::OpenUnmeteredLog(options.data_dir, options.kafka);
  if (!log.ok()) return Fail(log.status());
  absl::StatusOr<eventlog::DumpSummary> summary = eventlog::ImportLog(**log, *file, import_options);
  if (!summary.ok()) return Fail(summary.status());
  Describe(StrCat("restored into ", Where(options), " from"), *file, *summary);
  std::fprintf(stderr,
               "tertial: read back and compared. The projections are not in a dump: start the "
               "services on empty data directories, or run `tertial rebuild --service all`, so "
               "that they replay the restored log\n");
  PrintSummary(*summary, options.format, std::cout);
  return 0;
}

int RunVerify(const std::vector<std::string>& args) {
  std::string format = "table";
  config::FlagSet flags("tertial log verify");
  flags.String("format", &format, "the summary: table, csv or json");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  absl::StatusOr<std::string> file = FileArgument(*rest);
  if (!file.ok()) return Fail(file.status());
  absl::StatusOr<eventlog::DumpSummary> summary = eventlog::VerifyDump(*file);
  if (!summary.ok()) return Fail(summary.status());
  Describe("verified", *file, *summary);
  for (const auto& [name, value] : summary->header) {
    std::fprintf(stderr, "tertial:   %s: %s\n", name.c_str(), value.c_str());
  }
  PrintSummary(*summary, format, std::cout);
  return 0;
}

}  // namespace

std::vector<Command> LogCommands() {
  return {
      {"log export", "dump the topics (or the embedded log) to a file with checksums", RunExport},
      {"log import", "restore a dump into an empty log, embedded or Kafka", RunImport},
      {"log verify", "check a dump's checksums and batches without a log", RunVerify},
  };
}

}  // namespace tertial::cli
