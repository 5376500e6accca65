// The ledger's commands: import, balances, units, projects, imports, close-period.

#include <grpcpp/client_context.h>
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

#include "absl/strings/str_split.h"
#include "cli.h"
#include "output.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"
#include "tertial/grpcutil/status.h"
#include "tertial/ledger/v1/service.grpc.pb.h"
#include "tertial/money/money.h"
#include "tertial/period/period.h"

namespace tertial::cli {
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

// Sends one file and returns the server's result.
absl::StatusOr<v1::ImportResult> SendFile(Connection& connection, const std::string& path,
                                          v1::ImportMetadata metadata) {
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

  auto channel = connection.channel("ledger");
  if (!channel.ok()) return channel.status();
  auto stub = v1::LedgerService::NewStub(*channel);
  grpc::ClientContext context;
  connection.Decorate(context);
  auto stream = stub->ImportWithProgress(&context);
  ProgressDisplay display(name, size, isatty(STDERR_FILENO) != 0);

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
  std::optional<v1::ImportResult> result;
  v1::ImportUpdate update;
  while (stream->Read(&update)) {
    if (update.has_progress()) {
      if (update.progress().phase() != v1::IMPORT_PHASE_UPLOAD) display.Update(update.progress());
    } else if (update.has_result()) {
      result = update.result();
    }
  }
  writer.join();
  grpc::Status status = stream->Finish();
  if (!status.ok()) {
    display.Done();
    return absl::Status(grpcutil::FromGrpc(status).code(),
                        StrCat(name, ": ", status.error_message()));
  }
  display.Done();
  if (!result) return absl::InternalError(StrCat(name, ": the server sent no result"));
  return *result;
}

int RunImport(const std::vector<std::string>& args) {
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
  auto connection = Connection::Open(global);
  if (!connection.ok()) return Fail(connection.status());

  Table table({{"file", "Fil"},
               {"status", "Status"},
               {"format", "Format"},
               {"fiscal_year", "År"},
               {"vouchers", "Verifikat"},
               {"transactions", "Transaktioner"},
               {"duplicate_vouchers", "Redan bokförda"},
               {"budget_lines", "Budgetrader"},
               {"units", "Enheter"},
               {"accounts", "Konton"},
               {"projects", "Projekt"},
               {"warnings", "Varningar"},
               {"import_id", "Import"}});
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
    absl::StatusOr<v1::ImportResult> result = SendFile(**connection, path, metadata);
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
    table.AddRow(
        {Cell::Text(path), Cell::Text(status), Cell::Text(std::string(FormatName(s.format()))),
         s.fiscal_year()
             ? Cell::Number(std::to_string(s.fiscal_year()), std::to_string(s.fiscal_year()))
             : Cell::Empty(),
         Cell::Int(s.vouchers()), Cell::Int(s.transactions()),
         Cell::Int(s.duplicate_vouchers_skipped()), Cell::Int(s.budget_lines()),
         Cell::Int(s.units()), Cell::Int(s.accounts()), Cell::Int(s.projects()),
         Cell::Int(result->warnings_size()), Cell::Text(s.import_id())});
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

absl::StatusOr<std::vector<v1::GroupBy>> ParseGroupBy(const std::vector<std::string>& names,
                                                      std::vector<std::string>* columns) {
  std::vector<v1::GroupBy> out;
  for (const std::string& name : names) {
    v1::GroupBy g;
    if (name == "unit")
      g = v1::GROUP_BY_UNIT;
    else if (name == "account_class")
      g = v1::GROUP_BY_ACCOUNT_CLASS;
    else if (name == "account")
      g = v1::GROUP_BY_ACCOUNT;
    else if (name == "project")
      g = v1::GROUP_BY_PROJECT;
    else if (name == "month")
      g = v1::GROUP_BY_MONTH;
    else {
      return absl::InvalidArgumentError(
          StrCat("--by ", name,
                 ": expected a comma-separated list of unit, account_class, account, "
                 "project, month"));
    }
    for (v1::GroupBy seen : out) {
      if (seen == g) return absl::InvalidArgumentError(StrCat("--by ", name, " is given twice"));
    }
    out.push_back(g);
    columns->push_back(name);
  }
  return out;
}

int RunBalances(const std::vector<std::string>& args) {
  GlobalOptions global;
  std::string organisation, range, unit;
  std::vector<std::string> by, accounts;
  bool rollup = false;
  config::FlagSet flags("tertial balances");
  AddGlobalFlags(flags, &global);
  flags.String("org", &organisation, "kommunkod", {.env = "TERTIAL_ORG", .required = true});
  flags.String("period", &range, "YYYY-MM..YYYY-MM, YYYY-MM or YYYY; default: all periods");
  flags.List("by", &by, "group by: unit, account_class, account, project, month (comma-separated)");
  flags.String("unit", &unit, "only this unit and its subtree");
  flags.List("accounts", &accounts,
             "only accounts starting with these prefixes (3,4,11); with --by unit and without "
             "--by account_class or account, default 3,4,5,6,7 (the operating statement's)");
  bool all_accounts = false;
  flags.Bool("all-accounts", &all_accounts,
             "with --by unit: sum every account class, the balance sheet and investments too");
  flags.Bool("rollup", &rollup, "with --by unit: each unit's row sums its whole subtree");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (!rest->empty())
    return Fail(absl::InvalidArgumentError(StrCat("unexpected argument ", (*rest)[0])));
  v1::GetBalancesRequest request;
  request.set_organisation(organisation);
  if (!range.empty()) {
    absl::StatusOr<period::PeriodRange> parsed = period::ParsePeriodRange(range);
    if (!parsed.ok()) {
      return Fail(absl::InvalidArgumentError(StrCat("--period: ", parsed.status().message())));
    }
    request.mutable_range()->mutable_first()->set_year(parsed->first.year);
    request.mutable_range()->mutable_first()->set_month(parsed->first.month);
    request.mutable_range()->mutable_last()->set_year(parsed->last.year);
    request.mutable_range()->mutable_last()->set_month(parsed->last.month);
  }
  std::vector<std::string> keys;
  absl::StatusOr<std::vector<v1::GroupBy>> groups = ParseGroupBy(by, &keys);
  if (!groups.ok()) return Fail(groups.status());
  if (all_accounts && !accounts.empty()) {
    return Fail(absl::InvalidArgumentError("--all-accounts and --accounts: give one"));
  }
  // "Actual per unit" means the operating statement's: a unit's sum over every class would
  // add balance-sheet, investment and financial movements, figures no report shows. The
  // classes are then not shown, so the default is said.
  auto grouped = [&](std::string_view key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
  };
  if (grouped("unit") && !grouped("account_class") && !grouped("account") && accounts.empty() &&
      !all_accounts) {
    accounts = {"3", "4", "5", "6", "7"};
    std::fprintf(stderr,
                 "tertial balances: by unit, the operating accounts (classes 3-7, as the "
                 "operating statement); --accounts or --all-accounts for others\n");
  }
  for (v1::GroupBy g : *groups) request.add_group_by(g);
  request.set_unit_subtree(unit);
  for (const std::string& a : accounts) request.add_account_prefixes(a);
  request.set_rollup_units(rollup);

  auto connection = Connection::Open(global);
  if (!connection.ok()) return Fail(connection.status());
  auto channel = (*connection)->channel("ledger");
  if (!channel.ok()) return Fail(channel.status());
  auto stub = v1::LedgerService::NewStub(*channel);
  grpc::ClientContext context;
  (*connection)->Decorate(context);
  v1::GetBalancesResponse response;
  grpc::Status status = stub->GetBalances(&context, request, &response);
  if (!status.ok()) return Fail(grpcutil::FromGrpc(status));
  WarnIfStale(context);

  std::vector<Column> columns;
  for (const std::string& key : keys) {
    std::string header = key == "unit"            ? "Enhet"
                         : key == "account_class" ? "Kontoklass"
                         : key == "account"       ? "Konto"
                         : key == "project"       ? "Projekt"
                                                  : "Period";
    columns.push_back({key, header});
  }
  columns.push_back({"actual_ore", "Utfall (tkr)"});
  columns.push_back({"budget_ore", "Budget (tkr)"});
  Table table(columns);
  for (const v1::BalanceRow& row : response.rows()) {
    std::vector<Cell> cells;
    for (const std::string& key : keys) {
      if (key == "unit")
        cells.push_back(Cell::Text(row.unit_id()));
      else if (key == "account_class")
        cells.push_back(Cell::Text(row.account_class()));
      else if (key == "account")
        cells.push_back(Cell::Text(row.account()));
      else if (key == "project")
        cells.push_back(Cell::Text(row.project_id()));
      else
        cells.push_back(
            Cell::Text(period::FormatPeriod({row.period().year(), row.period().month()})));
    }
    cells.push_back(Cell::Ore(row.actual_ore()));
    cells.push_back(Cell::Ore(row.budget_ore()));
    table.AddRow(std::move(cells));
  }
  table.Print(global.format, std::cout);
  return 0;
}

std::string_view KindName(v1::UnitKind kind) {
  switch (kind) {
    case v1::UNIT_KIND_NAMND:
      return "namnd";
    case v1::UNIT_KIND_FORVALTNING:
      return "forvaltning";
    case v1::UNIT_KIND_STAB:
      return "stab";
    case v1::UNIT_KIND_ENHET:
      return "enhet";
    default:
      return "";
  }
}

// The flags of a list command: the globals and --org.
struct ListSetup {
  GlobalOptions global;
  std::string organisation;
  std::unique_ptr<Connection> connection;
  std::shared_ptr<grpc::Channel> channel;  // to the ledger service
};

int OpenList(const std::string& name, const std::vector<std::string>& args, ListSetup* setup) {
  config::FlagSet flags(name);
  AddGlobalFlags(flags, &setup->global);
  flags.String("org", &setup->organisation, "kommunkod", {.env = "TERTIAL_ORG", .required = true});
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (!rest->empty())
    return Fail(absl::InvalidArgumentError(StrCat("unexpected argument ", (*rest)[0])));
  auto connection = Connection::Open(setup->global);
  if (!connection.ok()) return Fail(connection.status());
  auto channel = (*connection)->channel("ledger");
  if (!channel.ok()) return Fail(channel.status());
  setup->connection = std::move(*connection);
  setup->channel = *std::move(channel);
  return -1;
}

int RunUnits(const std::vector<std::string>& args) {
  ListSetup setup;
  if (int code = OpenList("tertial units", args, &setup); code >= 0) return code;
  auto stub = v1::LedgerService::NewStub(setup.channel);
  grpc::ClientContext context;
  setup.connection->Decorate(context);
  v1::ListUnitsRequest request;
  request.set_organisation(setup.organisation);
  v1::ListUnitsResponse response;
  grpc::Status status = stub->ListUnits(&context, request, &response);
  if (!status.ok()) return Fail(grpcutil::FromGrpc(status));
  WarnIfStale(context);
  Table table({{"unit_id", "Enhet"},
               {"name", "Namn"},
               {"parent_id", "Överordnad"},
               {"kind", "Typ"},
               {"scb_activity_code", "Verksamhet (SCB)"}});
  for (const v1::Unit& unit : response.units()) {
    table.AddRow({Cell::Text(unit.unit_id()), Cell::Text(unit.name()), Cell::Text(unit.parent_id()),
                  Cell::Text(std::string(KindName(unit.kind()))),
                  Cell::Text(unit.scb_activity_code())});
  }
  table.Print(setup.global.format, std::cout);
  return 0;
}

int RunProjects(const std::vector<std::string>& args) {
  ListSetup setup;
  if (int code = OpenList("tertial projects", args, &setup); code >= 0) return code;
  auto stub = v1::LedgerService::NewStub(setup.channel);
  grpc::ClientContext context;
  setup.connection->Decorate(context);
  v1::ListProjectsRequest request;
  request.set_organisation(setup.organisation);
  v1::ListProjectsResponse response;
  grpc::Status status = stub->ListProjects(&context, request, &response);
  if (!status.ok()) return Fail(grpcutil::FromGrpc(status));
  WarnIfStale(context);
  Table table({{"project_id", "Projekt"},
               {"name", "Namn"},
               {"unit_id", "Enhet"},
               {"fiscal_year", "År"},
               {"frame_ore", "Ram (tkr)"}});
  for (const v1::Project& project : response.projects()) {
    if (project.frames().empty()) {
      table.AddRow({Cell::Text(project.project_id()), Cell::Text(project.name()),
                    Cell::Text(project.unit_id()), Cell::Empty(), Cell::Empty()});
    }
    for (const v1::ProjectFrame& frame : project.frames()) {
      table.AddRow(
          {Cell::Text(project.project_id()), Cell::Text(project.name()),
           Cell::Text(project.unit_id()),
           Cell::Number(std::to_string(frame.fiscal_year()), std::to_string(frame.fiscal_year())),
           Cell::Ore(frame.frame_ore())});
    }
  }
  table.Print(setup.global.format, std::cout);
  return 0;
}

int RunImports(const std::vector<std::string>& args) {
  ListSetup setup;
  if (int code = OpenList("tertial imports", args, &setup); code >= 0) return code;
  auto stub = v1::LedgerService::NewStub(setup.channel);
  grpc::ClientContext context;
  setup.connection->Decorate(context);
  v1::ListImportsRequest request;
  request.set_organisation(setup.organisation);
  v1::ListImportsResponse response;
  grpc::Status status = stub->ListImports(&context, request, &response);
  if (!status.ok()) return Fail(grpcutil::FromGrpc(status));
  WarnIfStale(context);
  Table table({{"import_id", "Import"},
               {"file_name", "Fil"},
               {"format", "Format"},
               {"fiscal_year", "År"},
               {"vouchers", "Verifikat"},
               {"transactions", "Transaktioner"},
               {"duplicate_vouchers", "Redan bokförda"},
               {"budget_lines", "Budgetrader"},
               {"units", "Enheter"},
               {"accounts", "Konton"},
               {"projects", "Projekt"},
               {"bytes", "Byte"},
               {"content_sha256", "SHA-256"}});
  for (const v1::ImportCompleted& s : response.imports()) {
    table.AddRow({Cell::Text(s.import_id()), Cell::Text(s.file_name()),
                  Cell::Text(std::string(FormatName(s.format()))),
                  s.fiscal_year() ? Cell::Number(std::to_string(s.fiscal_year()),
                                                 std::to_string(s.fiscal_year()))
                                  : Cell::Empty(),
                  Cell::Int(s.vouchers()), Cell::Int(s.transactions()),
                  Cell::Int(s.duplicate_vouchers_skipped()), Cell::Int(s.budget_lines()),
                  Cell::Int(s.units()), Cell::Int(s.accounts()), Cell::Int(s.projects()),
                  Cell::Int(s.bytes()), Cell::Text(s.content_sha256())});
  }
  table.Print(setup.global.format, std::cout);
  return 0;
}

int RunClosePeriod(const std::vector<std::string>& args) {
  GlobalOptions global;
  std::string organisation, period_text;
  config::FlagSet flags("tertial close-period");
  AddGlobalFlags(flags, &global);
  flags.String("org", &organisation, "kommunkod", {.env = "TERTIAL_ORG", .required = true});
  flags.String("period", &period_text, "the month to close, YYYY-MM (or give it as argument)");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (period_text.empty() && rest->size() == 1) period_text = (*rest)[0];
  if (period_text.empty() || rest->size() > 1 || (!rest->empty() && flags.IsSet("period"))) {
    return Fail(
        absl::InvalidArgumentError("usage: tertial close-period --org KOD --period YYYY-MM"));
  }
  absl::StatusOr<period::Period> p = period::ParsePeriod(period_text);
  if (!p.ok()) return Fail(absl::InvalidArgumentError(StrCat("--period: ", p.status().message())));
  auto connection = Connection::Open(global);
  if (!connection.ok()) return Fail(connection.status());
  auto channel = (*connection)->channel("ledger");
  if (!channel.ok()) return Fail(channel.status());
  auto stub = v1::LedgerService::NewStub(*channel);
  grpc::ClientContext context;
  (*connection)->Decorate(context);
  v1::ClosePeriodRequest request;
  request.set_organisation(organisation);
  request.mutable_period()->set_year(p->year);
  request.mutable_period()->set_month(p->month);
  request.set_actor(global.actor);
  v1::ClosePeriodResponse response;
  grpc::Status status = stub->ClosePeriod(&context, request, &response);
  if (!status.ok()) return Fail(grpcutil::FromGrpc(status));
  Table table({{"organisation", "Organisation"}, {"period", "Period"}, {"status", "Status"}});
  table.AddRow({Cell::Text(organisation), Cell::Text(period::FormatPeriod(*p)),
                Cell::Text(response.already_closed() ? "already closed" : "closed")});
  table.Print(global.format, std::cout);
  return 0;
}

}  // namespace

std::vector<Command> LedgerCommands() {
  return {
      {"import", "import SIE ledgers and CSV units, projects and budgets (all or nothing)",
       RunImport},
      {"balances", "actual and budget per unit, account class, account, project, month",
       RunBalances},
      {"units", "the unit tree of an organisation", RunUnits},
      {"projects", "the investment projects and their frames", RunProjects},
      {"imports", "the files imported so far", RunImports},
      {"close-period", "close a month for follow-up (forecasts are published for it)",
       RunClosePeriod},
  };
}

}  // namespace tertial::cli
