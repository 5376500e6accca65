// tertial log export, import and verify: the topics are the system of record, and these
// commands back them up to a file and restore them into an empty log, on the embedded log
// (--data-dir) or Kafka (--kafka). The file format is libs/eventlog/.../log_dump.h's.
// They talk to the log itself, not to the services: the projections are derived, and after
// a restore the services replay the restored topics into empty projections.
//
// tertial log events and schema: the log's committed events in their public JSON form, and
// the contract that describes them (libs/contract), for systems outside tertial.

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
#include "tertial/base/paths.h"
#include "tertial/base/strings.h"
#include "tertial/contract/catalogue.h"
#include "tertial/contract/json_schema.h"
#include "tertial/contract/public_event.h"
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

// The embedded log is read beside a tertiald that may be running on it (read-only, no
// lock); Kafka as the services read it.
absl::StatusOr<std::unique_ptr<eventlog::EventLog>> OpenForReading(const LogFlags& options) {
  if (options.kafka.bootstrap.empty()) {
    auto opened =
        eventlog::EmbeddedLog::Open(StrCat(options.data_dir, "/log"), {.read_only = true});
    if (!opened.ok()) return opened.status();
    return std::unique_ptr<eventlog::EventLog>(*std::move(opened));
  }
  return host::OpenUnmeteredLog("", options.kafka);
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

  absl::StatusOr<std::unique_ptr<eventlog::EventLog>> log = OpenForReading(options);
  if (!log.ok()) return Fail(log.status());
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
    summary = eventlog::ExportLog(**log, export_options, std::cout);
  } else {
    // Written beside its final name and renamed when complete and synced: a file under the
    // final name is always a whole dump.
    const std::string partial = *file + ".partial";
    {
      std::ofstream out(partial, std::ios::binary | std::ios::trunc);
      if (!out) return Fail(absl::UnavailableError(StrCat("cannot write ", partial)));
      summary = eventlog::ExportLog(**log, export_options, out);
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

// Prints the committed events of `topic`, partition by partition in offset order, up to
// each partition's end when it is reached. A topic the log does not hold prints nothing.
absl::Status PrintEvents(eventlog::EventLog& log, const contract::TopicContract& topic,
                         int64_t* printed) {
  absl::StatusOr<int> partitions = log.Partitions(topic.topic);
  if (absl::IsNotFound(partitions.status())) return absl::OkStatus();
  if (!partitions.ok()) return partitions.status();
  for (int partition = 0; partition < *partitions; ++partition) {
    absl::StatusOr<int64_t> end = log.EndOffset(topic.topic, partition);
    if (!end.ok()) return end.status();
    for (int64_t next = 0; next < *end;) {
      auto records = log.Read(topic.topic, partition, next, 1000);
      if (!records.ok()) return records.status();
      if (records->empty()) break;
      for (const eventlog::Record& record : *records) {
        next = record.offset + 1;
        if (record.offset >= *end) break;
        absl::StatusOr<eventlog::Envelope> envelope = record.ParseEnvelope();
        if (!envelope.ok()) return envelope.status();
        absl::StatusOr<std::string> line = contract::PublicEventJson(topic, *envelope);
        if (!line.ok()) {
          return absl::Status(line.status().code(),
                              StrCat(topic.topic, "/", partition, "@", record.offset, ": ",
                                     line.status().message()));
        }
        std::fwrite(line->data(), 1, line->size(), stdout);
        std::fputc('\n', stdout);
        ++*printed;
      }
    }
  }
  return absl::OkStatus();
}

int RunEvents(const std::vector<std::string>& args) {
  LogFlags options;
  std::vector<std::string> topics;
  config::FlagSet flags("tertial log events");
  AddLogFlags(flags, &options);
  flags.List("topic", &topics, "topics to print; default: every topic tertial writes");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (absl::Status s = CheckWhere(options); !s.ok()) return Fail(s);
  if (!rest->empty()) {
    return Fail(absl::InvalidArgumentError(StrCat("unexpected argument ", (*rest)[0])));
  }
  std::vector<const contract::TopicContract*> chosen;
  for (const std::string& name : topics) {
    const contract::TopicContract* topic = contract::FindTopic(name);
    if (topic == nullptr) {
      return Fail(absl::InvalidArgumentError(StrCat(
          "--topic ", name, ": not a topic tertial writes (tertial log schema lists them)")));
    }
    chosen.push_back(topic);
  }
  if (chosen.empty()) {
    for (const contract::TopicContract& topic : contract::Catalogue()) chosen.push_back(&topic);
  }
  absl::StatusOr<std::unique_ptr<eventlog::EventLog>> log = OpenForReading(options);
  if (!log.ok()) return Fail(log.status());
  int64_t printed = 0;
  for (const contract::TopicContract* topic : chosen) {
    if (absl::Status s = PrintEvents(**log, *topic, &printed); !s.ok()) return Fail(s);
  }
  if (std::fflush(stdout) != 0) return Fail(absl::UnavailableError("cannot write the events"));
  std::fprintf(stderr, "tertial: %lld events from %s\n", static_cast<long long>(printed),
               Where(options).c_str());
  return 0;
}

int RunSchema(const std::vector<std::string>& args) {
  std::string out_dir;
  config::FlagSet flags("tertial log schema");
  flags.String("out", &out_dir, "directory to write the contract into (created if missing)");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (out_dir.empty() || !rest->empty()) {
    return Fail(absl::InvalidArgumentError(rest->empty()
                                               ? "--out DIR: where to write the contract"
                                               : StrCat("unexpected argument ", (*rest)[0])));
  }
  std::vector<std::pair<std::string, std::string>> files = {
      {"catalogue.json", contract::CatalogueJson() + "\n"},
      {"tertial-events.binpb", contract::DescriptorSet()}};
  for (const contract::TopicContract& topic : contract::Catalogue()) {
    for (const google::protobuf::Descriptor* event : topic.events) {
      files.emplace_back(contract::SchemaFileName(event),
                         contract::PublicEventSchema(topic, event) + "\n");
    }
  }
  std::error_code error;
  std::filesystem::create_directories(out_dir, error);
  if (error) {
    return Fail(absl::UnavailableError(StrCat("cannot create ", out_dir, ": ", error.message())));
  }
  for (const auto& [name, bytes] : files) {
    absl::StatusOr<std::filesystem::path> path = paths::PathInside(out_dir, name);
    if (!path.ok()) return Fail(path.status());
    if (absl::Status s = WriteFileAtomically(*path, bytes); !s.ok()) return Fail(s);
  }
  std::fprintf(stderr, "tertial: wrote %zu files of the event contract into %s\n", files.size(),
               out_dir.c_str());
  return 0;
}

}  // namespace

std::vector<Command> LogCommands() {
  return {
      {"log export", "dump the topics (or the embedded log) to a file with checksums", RunExport},
      {"log import", "restore a dump into an empty log, embedded or Kafka", RunImport},
      {"log verify", "check a dump's checksums and batches without a log", RunVerify},
      {"log events", "print committed events as JSON lines (CloudEvents), for other systems",
       RunEvents},
      {"log schema", "write the event catalogue, a JSON Schema per event and the descriptors",
       RunSchema},
  };
}

}  // namespace tertial::cli
