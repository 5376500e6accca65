// tertial report / report list / narrative set / validate: the reporting service's commands.
//
//   tertial report --org 0580 --board KS --period 2021-08 --format html,xlsx -o out/
//   tertial report list --org 0580
//   tertial narrative set --org 0580 --board KS --period 2021-08 --section economy --file text.md
//   tertial validate figures.json [--format table|csv|json]
//   tertial validate out/delarsrapport-0580-KS-2021-08.json | out/delarsrapport-0580-KS-2021-08/

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "absl/strings/str_split.h"
#include "cli.h"
#include "client.h"
#include "output.h"
#include "tertial/base/paths.h"
#include "tertial/base/strings.h"
#include "tertial/base/text.h"
#include "tertial/base/utf8.h"
#include "tertial/period/period.h"
#include "tertial/period/proto.h"
#include "tertial/reporting/v1/service.grpc.pb.h"

namespace tertial::cli {
namespace {

namespace rv1 = ::tertial::reporting::v1;
using ReportClient = Client<rv1::ReportService>;

// "-o DIR" is the one short flag: the report's output directory.
std::vector<std::string> ExpandShortFlags(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (const std::string& a : args) out.push_back(a == "-o" ? "--output" : a);
  return out;
}

int RunReport(const std::vector<std::string>& raw) {
  GlobalOptions global;
  std::string org, board, period_text, output = ".";
  config::FlagSet flags("tertial report");
  AddGlobalFlags(flags, &global);
  flags.EnvNote("TMPDIR", "directory for temporary files (the XLSX workbook, scratch data)",
                "/tmp");
  flags.String("org", &org, "organisation (kommunkod), e.g. 0580",
               {.env = "TERTIAL_ORG", .required = true});
  flags.String("board", &board, "the board's (nämnd's) unit id, e.g. KS", {.required = true});
  flags.String("period", &period_text, "the period, YYYY-MM", {.required = true});
  flags.String("output", &output, "directory to write the report files to (-o)", {.path = true});
  bool force = false;
  flags.Bool("force", &force,
             "render even when the ledger has no amounts for the period under the board");
  auto rest = flags.Parse(ExpandShortFlags(raw));
  if (!rest.ok()) return Fail(rest.status());
  if (!rest->empty())
    return Fail(absl::InvalidArgumentError(StrCat("unexpected argument '", (*rest)[0], "'")));
  auto period = period::ParsePeriod(period_text);
  if (!period.ok())
    return Fail(absl::InvalidArgumentError(StrCat("--period: ", period.status().message())));
  // --format here names report formats (html, md, xlsx, csv, json; several with commas).
  std::string formats = flags.IsSet("format") ? global.format : "html";
  global.format = "table";
  std::vector<std::string> list = absl::StrSplit(formats, ',', absl::SkipEmpty());
  for (const std::string& f : list) {
    if (f != "html" && f != "md" && f != "xlsx" && f != "csv" && f != "json") {
      return Fail(absl::InvalidArgumentError(
          StrCat("--format ", f, ": expected html, md, xlsx, csv or json")));
    }
  }
  absl::StatusOr<ReportClient> client = ReportClient::Open(global, "reporting");
  if (!client.ok()) return Fail(client.status());
  for (const std::string& f : list) {
    rv1::RenderRequest request;
    request.set_organisation(org);
    request.set_board(board);
    period::ToProto(*period, request.mutable_period());
    request.set_format(f);
    request.set_force(force);
    std::map<std::string, std::string> files;
    std::vector<std::string> order;
    std::string current;
    absl::Status rendered = client->Read(&ReportClient::Stub::Render, request,
                                         [&](const rv1::RenderChunk& chunk) {
                                           if (!chunk.file_name().empty()) {
                                             current = chunk.file_name();
                                             order.push_back(current);
                                           }
                                           files[current] += chunk.data();
                                         },
                                         {.deadline = kLongCallDeadline});
    if (!rendered.ok()) return Fail(rendered);
    for (const std::string& name : order) {
      // The server names the files; whatever it sends, they go inside -o.
      auto path = paths::PathInside(output, name);
      if (!path.ok()) {
        return Fail(absl::InvalidArgumentError(StrCat(
            "the server sent a file name that is not safe to write: ", path.status().message())));
      }
      if (absl::Status s = WriteFileAtomically(*path, files[name]); !s.ok()) return Fail(s);
      std::printf("%s\n", path->string().c_str());
    }
  }
  return 0;
}

int RunReportList(const std::vector<std::string>& raw) {
  GlobalOptions global;
  std::string org;
  config::FlagSet flags("tertial report list");
  AddGlobalFlags(flags, &global);
  flags.String("org", &org, "organisation (kommunkod); empty: every one the token may see",
               {.env = "TERTIAL_ORG"});
  auto rest = flags.Parse(raw);
  if (!rest.ok()) return Fail(rest.status());
  absl::StatusOr<ReportClient> client = ReportClient::Open(global, "reporting");
  if (!client.ok()) return Fail(client.status());
  rv1::ListReportsRequest request;
  request.set_organisation(org);
  rv1::ListReportsResponse response;
  if (absl::Status s = client->Call(&ReportClient::Stub::ListReports, request, &response);
      !s.ok()) {
    return Fail(s);
  }
  Table table({{"organisation", "Organisation"},
               {"board", "Nämnd"},
               {"board_name", "Namn"},
               {"period", "Period"},
               {"closed", "Stängd"},
               {"has_forecast", "Prognos"}});
  for (const rv1::ReportRef& r : response.reports()) {
    table.AddRow({Cell::Text(r.organisation()), Cell::Text(r.board()), Cell::Text(r.board_name()),
                  Cell::Text(period::FormatPeriod(period::FromProto(r.period()))),
                  Cell::Text(r.closed() ? "ja" : "nej"),
                  Cell::Text(r.has_forecast() ? "ja" : "nej")});
  }
  table.Print(global.format, std::cout);
  return 0;
}

int RunNarrativeSet(const std::vector<std::string>& raw) {
  GlobalOptions global;
  std::string org, board, period_text, section, file;
  config::FlagSet flags("tertial narrative set");
  AddGlobalFlags(flags, &global);
  flags.String("org", &org, "organisation (kommunkod)", {.env = "TERTIAL_ORG", .required = true});
  flags.String("board", &board, "the board's unit id", {.required = true});
  flags.String("period", &period_text, "the period, YYYY-MM", {.required = true});
  flags.String("section", &section,
               "summary, economy, personnel, operating, forecast, investments, charts, "
               "goals, indicators or assignments",
               {.required = true});
  flags.String("file", &file,
               "Markdown file with {{table.row.column|format}} references; '-' reads stdin",
               {.required = true, .path = true});
  auto rest = flags.Parse(raw);
  if (!rest.ok()) return Fail(rest.status());
  auto period = period::ParsePeriod(period_text);
  if (!period.ok())
    return Fail(absl::InvalidArgumentError(StrCat("--period: ", period.status().message())));
  std::string markdown;
  if (file == "-") {
    std::stringstream s;
    s << std::cin.rdbuf();
    markdown = s.str();
  } else {
    auto text = ReadFile(file);
    if (!text.ok()) return Fail(text.status());
    markdown = *text;
  }
  // UTF-8 without control characters, said with the file's line and column; the length is
  // the server's to judge (its limit may be set higher than this machine's).
  text::Limits unlimited;
  unlimited.document_chars = INT64_MAX;
  if (absl::Status s =
          text::Check(markdown, text::Kind::kDocument, file == "-" ? "stdin" : file, unlimited);
      !s.ok()) {
    return Fail(s);
  }
  absl::StatusOr<ReportClient> client = ReportClient::Open(global, "reporting");
  if (!client.ok()) return Fail(client.status());
  rv1::SetNarrativeRequest request;
  request.set_organisation(org);
  request.set_board(board);
  period::ToProto(*period, request.mutable_period());
  request.set_section(section);
  request.set_markdown(markdown);
  rv1::SetNarrativeResponse response;
  // The request has no actor field: the actor goes in metadata.
  if (absl::Status s =
          client->Call(&ReportClient::Stub::SetNarrative, request, &response, {.send_actor = true});
      !s.ok()) {
    return Fail(s);
  }
  std::printf("narrative for %s %s section %s %s\n", board.c_str(), period_text.c_str(),
              section.c_str(), response.unchanged() ? "unchanged (already this text)" : "set");
  return 0;
}

// The files `tertial validate PATH...` names: each file, and the *.csv of each directory
// (a report's CSV output). A table's CSV given alone brings the tables.csv beside it (the
// tables' kinds, titles and column labels), as the report wrote it.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ValidationFiles(
    const std::vector<std::string>& paths) {
  std::vector<std::string> names;
  for (const std::string& p : paths) {
    std::error_code error;
    if (std::filesystem::is_directory(p, error)) {
      std::vector<std::string> in_dir;
      for (const auto& entry : std::filesystem::directory_iterator(p, error)) {
        if (entry.is_regular_file() && entry.path().extension() == ".csv")
          in_dir.push_back(entry.path().string());
      }
      if (error) return absl::UnavailableError(StrCat("cannot list ", p, ": ", error.message()));
      if (in_dir.empty()) return absl::NotFoundError(StrCat(p, " holds no .csv file"));
      std::sort(in_dir.begin(), in_dir.end());
      names.insert(names.end(), in_dir.begin(), in_dir.end());
    } else {
      names.push_back(p);
    }
  }
  bool any_index = false, any_csv = false;
  for (const std::string& n : names) {
    std::filesystem::path path(n);
    any_index = any_index || path.filename() == "tables.csv";
    any_csv = any_csv || path.extension() == ".csv";
  }
  if (any_csv && !any_index) {
    std::filesystem::path index = std::filesystem::path(names.front()).parent_path() / "tables.csv";
    std::error_code error;
    if (std::filesystem::is_regular_file(index, error)) names.push_back(index.string());
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& n : names) {
    auto text = ReadFile(n);
    if (!text.ok()) return text.status();
    out.push_back({n, std::move(*text)});
  }
  return out;
}

// Typed figures are checked by the reporting service's Validate, like every other command
// (in-process or --server). Checking them needs no data, so without --server or
// --data-dir the services run in-process on a scratch directory. Without a file, Validate
// checks the report built from the data (--org, --board, --period), as `tertial report`
// renders it.
int RunValidate(const std::vector<std::string>& raw) {
  GlobalOptions global;
  std::string org, board, period_text;
  config::FlagSet flags("tertial validate");
  AddGlobalFlags(flags, &global);
  flags.EnvNote("TMPDIR", "directory for temporary files (the XLSX workbook, scratch data)",
                "/tmp");
  flags.String("org", &org, "organisation (kommunkod) of the report to check",
               {.env = "TERTIAL_ORG"});
  flags.String("board", &board, "the board's unit id of the report to check");
  flags.String("period", &period_text, "the period of the report to check, YYYY-MM");
  auto rest = flags.Parse(raw);
  if (!rest.ok()) return Fail(rest.status());
  bool typed = !rest->empty();
  if ((typed && (flags.IsSet("board") || flags.IsSet("period"))) ||
      (!typed && (org.empty() || board.empty() || period_text.empty()))) {
    return Fail(
        absl::InvalidArgumentError("usage: tertial validate FILE... (figures typed in JSON, see "
                                   "services/reporting/README.md; a report's "
                                   "JSON; or a report's CSV files or their directory), or tertial "
                                   "validate --org ORG --board BOARD "
                                   "--period YYYY-MM (the report made from the data)"));
  }
  rv1::ValidateRequest request;
  std::string name;
  if (typed) {
    auto files = ValidationFiles(*rest);
    if (!files.ok()) return Fail(files.status());
    name = rest->size() == 1 ? (*rest)[0] : StrCat(files->size(), " files");
    bool json = files->size() == 1 && files->front().first.size() >= 5 &&
                files->front().first.compare(files->front().first.size() - 5, 5, ".json") == 0;
    if (json) {
      request.set_figures_json(files->front().second);
      request.set_figures_name(ValidUtf8(files->front().first));
    } else {
      for (auto& [file, bytes] : *files) {
        rv1::ReportFile* f = request.add_report_files();
        f->set_name(ValidUtf8(file));
        f->set_data(std::move(bytes));
      }
    }
  } else {
    auto period = period::ParsePeriod(period_text);
    if (!period.ok())
      return Fail(absl::InvalidArgumentError(StrCat("--period: ", period.status().message())));
    request.set_organisation(org);
    request.set_board(board);
    period::ToProto(*period, request.mutable_period());
    name = StrCat("report ", org, " ", board, " ", period_text);
  }
  std::string scratch;
  if (typed && !IsRemote(global) && global.data_dir.empty()) {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = StrCat(base && *base ? base : "/tmp", "/tertial-validate-XXXXXX");
    if (mkdtemp(pattern.data()) == nullptr)
      return Fail(absl::UnavailableError("cannot create a scratch directory"));
    scratch = global.data_dir = pattern;
  }
  int code = [&] {
    absl::StatusOr<ReportClient> client = ReportClient::Open(global, "reporting");
    if (!client.ok()) return Fail(client.status());
    rv1::ValidateResponse response;
    if (absl::Status s = client->Call(&ReportClient::Stub::Validate, request, &response); !s.ok()) {
      return Fail(s);
    }
    Table table({{"severity", "Allvar"},
                 {"rule", "Kontroll"},
                 {"table_id", "Tabell"},
                 {"row_id", "Rad"},
                 {"column_id", "Kolumn"},
                 {"shown", "Visat"},
                 {"consistent", "Förenligt"},
                 {"message", "Beskrivning"}});
    int errors = 0;
    for (const rv1::Finding& f : response.findings()) {
      bool error = f.severity() == rv1::SEVERITY_ERROR;
      errors += error;
      table.AddRow({Cell::Text(error ? "error" : "warning"), Cell::Text(f.rule()),
                    Cell::Text(f.table_id()), Cell::Text(f.row_id()), Cell::Text(f.column_id()),
                    Cell::Text(f.shown()), Cell::Text(f.consistent()), Cell::Text(f.message())});
    }
    table.Print(global.format, std::cout);
    std::fprintf(stderr, "%s: %d errors, %d warnings\n", name.c_str(), errors,
                 response.findings_size() - errors);
    return errors > 0 ? 1 : 0;
  }();
  if (!scratch.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(scratch, ignored);
  }
  return code;
}

}  // namespace

std::vector<Command> ReportingCommands() {
  return {
      {"report", "render a board's interim report (html, md, xlsx, csv, json) into a directory",
       RunReport},
      {"report list", "boards and periods a report can be made for", RunReportList},
      {"narrative set", "set a section's text; numbers as {{table.row.column|format}} references",
       RunNarrativeSet},
      {"validate",
       "check a report (typed figures, a rendered report's JSON or CSV files, or the one made from "
       "the data) "
       "and list what does not add up",
       RunValidate}};
}

}  // namespace tertial::cli
