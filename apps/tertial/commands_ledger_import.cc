// tertial import and tertial imports: ledger files (SIE, and CSV units, projects and
// budgets) streamed to the ledger with progress, all or nothing, and the imports made.

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "commands_ledger.h"
#include "output.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"
#include "tertial/money/money.h"

namespace tertial::cli::ledger_commands {
namespace {

namespace v1 = ::tertial::ledger::v1;
using Clock = std::chrono::steady_clock;

std::string Megabytes(int64_t bytes) {
  return money::FormatFixed(money::RoundToUnits(bytes * 10, 1 << 20), 1);
}

std::string Duration(double seconds) {
  int64_t s = static_cast<int64_t>(seconds + 0.5);
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%02lld:%02lld", static_cast<long long>(s / 60),
                static_cast<long long>(s % 60));
  return buffer;
}

std::string_view PhaseName(v1::ImportPhase phase) {
  switch (phase) {
    case v1::IMPORT_PHASE_UPLOAD:
      return "upload";
    case v1::IMPORT_PHASE_VALIDATE:
      return "validate";
    case v1::IMPORT_PHASE_APPEND:
      return "append";
    case v1::IMPORT_PHASE_PROJECT:
      return "balances";
    default:
      return "";
  }
}

// Progress of one file: a bar on a terminal, a plain line now and then otherwise. The
// work is four passes over the file (upload, validate, append, balances); the ETA is over
// all four.
class ProgressDisplay {
 public:
  ProgressDisplay(std::string file, int64_t total, bool terminal)
      : file_(std::move(file)), total_(total), terminal_(terminal), start_(Clock::now()) {}

  // Called from the writing and the reading thread.
  void Update(const v1::ImportProgress& p) {
    std::lock_guard<std::mutex> guard(mutex_);
    Clock::time_point now = Clock::now();
    if (p.phase() != phase_) {
      phase_ = p.phase();
      phase_start_ = now;
      phase_lines_ = p.lines_done();
      if (!terminal_) {
        std::fprintf(stderr, "%s: %s\n", file_.c_str(), std::string(PhaseName(phase_)).c_str());
        last_plain_ = now;
      }
    }
    int step = phase_ == v1::IMPORT_PHASE_UPLOAD     ? 0
               : phase_ == v1::IMPORT_PHASE_VALIDATE ? 1
               : phase_ == v1::IMPORT_PHASE_APPEND   ? 2
                                                     : 3;
    double fraction =
        total_ > 0 ? static_cast<double>(p.bytes_done()) / static_cast<double>(total_) : 0;
    double overall = (step + std::min(fraction, 1.0)) / 4.0;
    double elapsed = std::chrono::duration<double>(now - start_).count();
    double in_phase = std::chrono::duration<double>(now - phase_start_).count();
    double lines_per_second =
        in_phase > 0.05 ? static_cast<double>(p.lines_done() - phase_lines_) / in_phase : 0;
    std::string eta = overall > 0.01 && elapsed > 0.5 ? Duration(elapsed / overall * (1 - overall))
                                                      : std::string("--:--");
    std::string rate = money::GroupThousands(static_cast<int64_t>(lines_per_second));
    if (terminal_) {
      constexpr int kWidth = 30;
      int filled = static_cast<int>(overall * kWidth);
      std::string bar(static_cast<size_t>(filled), '#');
      bar.append(static_cast<size_t>(kWidth - filled), '.');
      std::fprintf(stderr, "\r\033[K%s [%s] %3d%% %-8s %s/%s MB %s lines/s ETA %s", file_.c_str(),
                   bar.c_str(), static_cast<int>(overall * 100),
                   std::string(PhaseName(phase_)).c_str(), Megabytes(p.bytes_done()).c_str(),
                   Megabytes(total_).c_str(), rate.c_str(), eta.c_str());
      std::fflush(stderr);
      drawn_ = true;
    } else if (now - last_plain_ > std::chrono::seconds(5)) {
      last_plain_ = now;
      std::fprintf(stderr, "%s: %s %s of %s MB, %s lines/s, ETA %s\n", file_.c_str(),
                   std::string(PhaseName(phase_)).c_str(), Megabytes(p.bytes_done()).c_str(),
                   Megabytes(total_).c_str(), rate.c_str(), eta.c_str());
    }
  }

  void Done() {
    std::lock_guard<std::mutex> guard(mutex_);
    if (drawn_) std::fprintf(stderr, "\r\033[K");
    double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    std::fprintf(stderr, "%s: done in %s\n", file_.c_str(), Duration(elapsed).c_str());
  }

 private:
  std::string file_;
  int64_t total_;
  bool terminal_;
  Clock::time_point start_;
  Clock::time_point phase_start_;
  Clock::time_point last_plain_;
  v1::ImportPhase phase_ = v1::IMPORT_PHASE_UNSPECIFIED;
  int64_t phase_lines_ = 0;
  bool drawn_ = false;
  std::mutex mutex_;
};

absl::StatusOr<v1::ImportFormat> ParseInputFormat(std::string_view text) {
  if (text.empty()) return v1::IMPORT_FORMAT_UNSPECIFIED;
  if (text == "sie") return v1::IMPORT_FORMAT_SIE;
  if (text == "units") return v1::IMPORT_FORMAT_UNITS_CSV;
  if (text == "projects") return v1::IMPORT_FORMAT_PROJECTS_CSV;
  if (text == "budget") return v1::IMPORT_FORMAT_BUDGET_CSV;
  return absl::InvalidArgumentError(
      StrCat("--input-format ", text, ": expected sie, units, projects or budget"));
}

std::string_view FormatName(v1::ImportFormat format) {
  switch (format) {
    case v1::IMPORT_FORMAT_SIE:
      return "sie";
    case v1::IMPORT_FORMAT_UNITS_CSV:
      return "units";
    case v1::IMPORT_FORMAT_PROJECTS_CSV:
      return "projects";
    case v1::IMPORT_FORMAT_BUDGET_CSV:
      return "budget";
    case v1::IMPORT_FORMAT_POSTED_VOUCHERS:
      return "posted";
    default:
      return "";
  }
}

void PrintIssue(const v1::ImportIssue& issue, std::string_view kind) {
  std::string where = issue.file();
  if (issue.line() > 0) StrAppend(&where, ":", issue.line());
  std::fprintf(stderr, "%s: %s: %s%s\n", where.c_str(), std::string(kind).c_str(),
               issue.field().empty() ? "" : (issue.field() + ": ").c_str(),
               issue.message().c_str());
}

// The columns an import's summary fills, in `tertial import`'s table and in `imports`,
// between the columns of each table's own before and after.
std::vector<Column> SummaryColumns(std::vector<Column> before, const std::vector<Column>& after) {
  for (Column column : {Column{"format", "Format"},
                        {"fiscal_year", "År"},
                        {"vouchers", "Verifikat"},
                        {"transactions", "Transaktioner"},
                        {"duplicate_vouchers", "Redan bokförda"},
                        {"budget_lines", "Budgetrader"},
                        {"units", "Enheter"},
                        {"accounts", "Konton"},
                        {"projects", "Projekt"}}) {
    before.push_back(std::move(column));
  }
  before.insert(before.end(), after.begin(), after.end());
  return before;
}

// The summary's cells (SummaryColumns) between `before` and `after`.
std::vector<Cell> SummaryCells(std::vector<Cell> before, const v1::ImportCompleted& s,
                               std::vector<Cell> after) {
  before.push_back(Cell::Text(std::string(FormatName(s.format()))));
  before.push_back(s.fiscal_year() ? Cell::Year(s.fiscal_year()) : Cell::Empty());
  for (int64_t count : {s.vouchers(), s.transactions(), s.duplicate_vouchers_skipped(),
                        s.budget_lines(), s.units(), s.accounts(), s.projects()}) {
    before.push_back(Cell::Int(count));
  }
  for (Cell& cell : after) before.push_back(std::move(cell));
  return before;
}

// Sends one file and returns the server's result.
absl::StatusOr<v1::ImportResult> SendFile(const std::shared_ptr<Connection>& connection,
                                          const std::string& path, v1::ImportMetadata metadata) {
  std::error_code error;
  std::filesystem::file_status file = std::filesystem::status(path, error);
  if (error) return absl::NotFoundError(StrCat(path, ": cannot read the file: ", error.message()));
  if (std::filesystem::is_directory(file)) {
    return absl::InvalidArgumentError(
        StrCat(path, ": is a directory; expected an SIE or CSV file (give the files in it)"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int reason = errno;
    return absl::Status(
        reason == EACCES ? absl::StatusCode::kPermissionDenied : absl::StatusCode::kNotFound,
        StrCat(path, ": cannot read the file: ", std::strerror(reason)));
  }
  in.seekg(0, std::ios::end);
  const int64_t size = static_cast<int64_t>(in.tellg());
  in.seekg(0);
  metadata.set_total_bytes(size);
  std::string name =
      path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  metadata.set_file_name(ValidUtf8(name));  // for messages; a path may be any bytes
  absl::StatusOr<LedgerClient> client = LedgerClient::On(connection, "ledger");
  if (!client.ok()) return client.status();
  ProgressDisplay display(name, size, isatty(STDERR_FILENO) != 0);
  std::optional<v1::ImportResult> result;
  absl::Status status = client->Stream(
      // The upload and the four passes take longer the larger the file.
      {.deadline = kLongCallDeadline + std::chrono::seconds(size >> 20)},
      [&](LedgerClient::Stub& stub, grpc::ClientContext& context) {
        auto stream = stub.ImportWithProgress(&context);
        // Writing and reading run side by side, so that progress flows during the upload.
        std::thread writer([&] {
          v1::ImportChunk chunk;
          *chunk.mutable_metadata() = metadata;
          bool ok = stream->Write(chunk);
          std::string buffer(1 << 20, '\0');
          int64_t sent = 0;
          Clock::time_point last = Clock::now();
          while (ok && in) {
            in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
            std::streamsize n = in.gcount();
            if (n <= 0) break;
            chunk.set_data(buffer.data(), static_cast<size_t>(n));
            ok = stream->Write(chunk);
            sent += n;
            if (Clock::now() - last > std::chrono::milliseconds(200)) {
              last = Clock::now();
              v1::ImportProgress p;
              p.set_phase(v1::IMPORT_PHASE_UPLOAD);
              p.set_bytes_done(sent);
              p.set_bytes_total(size);
              display.Update(p);
            }
          }
          stream->WritesDone();
        });
        v1::ImportUpdate update;
        while (stream->Read(&update)) {
          if (update.has_progress()) {
            if (update.progress().phase() != v1::IMPORT_PHASE_UPLOAD) {
              display.Update(update.progress());
            }
          } else if (update.has_result()) {
            result = update.result();
          }
        }
        writer.join();
        return stream->Finish();
      });
  display.Done();
  if (!status.ok()) return absl::Status(status.code(), StrCat(name, ": ", status.message()));
  if (!result) return absl::InternalError(StrCat(name, ": the server sent no result"));
  return *result;
}

}  // namespace

int RunImport(const std::vector<std::string>& args) {
  // `import retract ID`: a file named "retract" is imported as ./retract.
  if (!args.empty() && args[0] == "retract")
    return RunImportRetract({args.begin() + 1, args.end()});
  GlobalOptions global;
  std::string organisation, input_format;
  int64_t year = 0;
  bool define_accounts = false, define_objects = false;
  config::FlagSet flags("tertial import");
  AddGlobalFlags(flags, &global);
  flags.String("org", &organisation, "kommunkod; default: from the SIE file's #ORGNR",
               {.env = "TERTIAL_ORG"});
  flags.String("input-format", &input_format,
               "sie, units, projects or budget; default: from the file (--format sie|units|"
               "projects|budget is a deprecated alias; --format is the output's)");
  flags.Int("year", &year, "fiscal year for files without #RAR (and budget CSVs)");
  flags.Bool("define-unknown-accounts", &define_accounts,
             "define accounts a file uses but does not list (with a warning)");
  flags.Bool("define-unknown-objects", &define_objects,
             "define objects a file uses but does not list (with a warning)");
  auto files = flags.Parse(args);
  if (!files.ok()) return Fail(files.status());
  if (files->empty()) return Fail(absl::InvalidArgumentError("usage: tertial import FILE..."));
  // --format is the output's (table, csv, json) as for every command; the input formats
  // are still taken for it, as earlier versions and scripts wrote `--format units`.
  if (global.format == "sie" || global.format == "units" || global.format == "projects" ||
      global.format == "budget") {
    std::fprintf(stderr,
                 "tertial import: --format %s names the input and is deprecated; use "
                 "--input-format %s (--format is the output's: table, csv or json)\n",
                 global.format.c_str(), global.format.c_str());
    if (!input_format.empty() && input_format != global.format) {
      return Fail(
          absl::InvalidArgumentError(StrCat("--format ", global.format, " and --input-format ",
                                            input_format, " disagree; give --input-format only")));
    }
    input_format = global.format;
    global.format = "table";
  }
  absl::StatusOr<v1::ImportFormat> format = ParseInputFormat(input_format);
  if (!format.ok()) return Fail(format.status());
  absl::StatusOr<std::unique_ptr<Connection>> opened = Connection::Open(global);
  if (!opened.ok()) return Fail(opened.status());
  std::shared_ptr<Connection> connection = std::move(*opened);

  Table table(SummaryColumns({{"file", "Fil"}, {"status", "Status"}},
                             {{"warnings", "Varningar"}, {"import_id", "Import"}}));
  int exit_code = 0;
  for (size_t i = 0; i < files->size(); ++i) {
    const std::string& path = (*files)[i];
    v1::ImportMetadata metadata;
    metadata.set_organisation(organisation);
    metadata.set_format(*format);
    metadata.set_fiscal_year(static_cast<int32_t>(year));
    metadata.set_define_unknown_accounts(define_accounts);
    metadata.set_define_unknown_objects(define_objects);
    metadata.set_actor(global.actor);
    absl::StatusOr<v1::ImportResult> result = SendFile(connection, path, metadata);
    if (!result.ok()) {
      exit_code = Fail(result.status());
      break;
    }
    for (const v1::ImportIssue& w : result->warnings()) PrintIssue(w, "warning");
    for (const v1::ImportIssue& e : result->errors()) PrintIssue(e, "error");
    if (result->errors_not_listed() > 0) {
      std::fprintf(stderr, "%s: %d more errors not listed\n", path.c_str(),
                   result->errors_not_listed());
    }
    const v1::ImportCompleted& s = result->summary();
    std::string status = result->already_imported()  ? "already imported"
                         : result->committed()       ? "imported"
                         : result->errors_size() > 0 ? "rejected"
                                                     : "nothing new";
    table.AddRow(SummaryCells({Cell::Text(path), Cell::Text(status)}, s,
                              {Cell::Int(result->warnings_size()), Cell::Text(s.import_id())}));
    if (result->errors_size() > 0 || result->errors_not_listed() > 0) {
      std::fprintf(stderr, "%s: rejected; nothing of it was imported\n", path.c_str());
      exit_code = 1;
      if (i + 1 < files->size()) {
        std::fprintf(stderr, "tertial: stopped; %zu later file(s) not imported\n",
                     files->size() - i - 1);
      }
      break;
    }
  }
  table.Print(global.format, std::cout);
  return exit_code;
}
int RunImports(const std::vector<std::string>& args) {
  GlobalOptions global;
  absl::StatusOr<v1::ListImportsResponse> response =
      AskForList("tertial imports", args, &LedgerClient::Stub::ListImports, &global);
  if (!response.ok()) return Fail(response.status());
  Table table(SummaryColumns({{"import_id", "Import"}, {"file_name", "Fil"}},
                             {{"bytes", "Byte"}, {"content_sha256", "SHA-256"}}));
  for (const v1::ImportCompleted& s : response->imports()) {
    table.AddRow(SummaryCells({Cell::Text(s.import_id()), Cell::Text(s.file_name())}, s,
                              {Cell::Int(s.bytes()), Cell::Text(s.content_sha256())}));
  }
  table.Print(global.format, std::cout);
  return 0;
}

}  // namespace tertial::cli::ledger_commands
