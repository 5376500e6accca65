#include "grpc_service.h"

#include <algorithm>

#include "domain/builder.h"
#include "domain/figures.h"
#include "domain/reference.h"
#include "ledger_months.h"
#include "projection.h"
#include "render/readback.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/grpcutil/message_text.h"
#include "tertial/grpcutil/read_call.h"
#include "tertial/grpcutil/status.h"
#include "tertial/period/proto.h"
#include "tertial/reporting/v1/events.pb.h"

namespace tertial::reporting {
namespace {

constexpr size_t kChunkBytes = 64 << 10;

void ToProto(const Finding& f, v1::Finding* out) {
  out->set_severity(f.severity == Severity::kError ? v1::SEVERITY_ERROR : v1::SEVERITY_WARNING);
  out->set_rule(f.rule);
  out->set_table_id(f.file);
  out->set_row_id(f.record);
  out->set_column_id(f.field);
  out->set_where(f.where);
  out->set_shown(f.shown);
  out->set_consistent(f.consistent);
  out->set_message(f.message);
}

}  // namespace

absl::StatusOr<Report> ReportQueries::BuildReport(std::string_view organisation,
                                                  std::string_view board,
                                                  const period::Period& period) {
  if (organisation.empty())
    return absl::InvalidArgumentError("organisation (kommunkod) is required");
  if (board.empty()) return absl::InvalidArgumentError("board (the nämnd's unit id) is required");
  if (absl::Status s = runner_->AwaitRead().status(); !s.ok()) return s;
  std::unique_ptr<projection::Reader> snapshot = db_->Snapshot();
  auto input = LoadInput(*snapshot, organisation, board, period);
  if (!input.ok()) return input.status();
  return Build(*input);
}

absl::StatusOr<std::vector<RenderedFile>> ReportQueries::RenderReport(std::string_view organisation,
                                                                      std::string_view board,
                                                                      const period::Period& period,
                                                                      std::string_view format,
                                                                      bool force) {
  auto f = ParseFormat(format);
  if (!f.ok()) return f.status();
  auto report = BuildReport(organisation, board, period);
  if (report.ok() && !force) {
    if (absl::Status s = CheckLedgerData(*db_->Snapshot(), organisation, board, period); !s.ok())
      return s;
  }
  if (!report.ok()) return report.status();
  return Render(*report, *f);
}

absl::StatusOr<std::vector<ReportListing>> ReportQueries::List(std::string_view organisation) {
  if (absl::Status s = runner_->AwaitRead().status(); !s.ok()) return s;
  std::unique_ptr<projection::Reader> snapshot = db_->Snapshot();
  return ListReports(*snapshot, organisation);
}

absl::StatusOr<bool> ReportQueries::SetNarrative(
    std::string_view organisation, std::string_view board, const period::Period& period,
    std::string_view section, std::string_view markdown, std::string_view actor) {
  const std::vector<std::string>& sections = SectionIds();
  if (std::find(sections.begin(), sections.end(), section) == sections.end()) {
    std::string list;
    for (const std::string& s : sections) StrAppend(&list, list.empty() ? "" : ", ", s);
    return absl::InvalidArgumentError(StrCat("section '", section, "': expected one of ", list));
  }
  auto report = BuildReport(organisation, board, period);
  if (!report.ok()) return report.status();
  if (absl::Status s = CheckNarrative(*report, markdown); !s.ok()) {
    return absl::InvalidArgumentError(StrCat("narrative for section ", section, ": ", s.message()));
  }
  // The same text again appends nothing, so that a script setting its texts can be re-run.
  // BuildReport caught the projection up, so the stored text is the latest.
  auto current = db_->Snapshot()->Get(NarrativeKey(organisation, board, period, section));
  if (!current.ok()) return current.status();
  if (current->value_or("") == markdown) return false;
  v1::ReportingEvent event;
  v1::NarrativeSet* n = event.mutable_narrative_set();
  n->set_board_unit_id(std::string(board));
  period::ToProto(period, n->mutable_period());
  n->set_section(std::string(section));
  n->set_markdown(std::string(markdown));
  n->set_author(std::string(actor));
  auto envelope = eventlog::Wrap(
      event, StrCat("narrative/", board, "/", period::FormatPeriod(period), "/", section),
      {.organisation = std::string(organisation), .actor = std::string(actor)});
  if (!envelope.ok()) return envelope.status();
  auto appended = log_->Append(eventlog::kReportingTopic, organisation, {*envelope});
  if (!appended.ok()) return appended.status();
  if (absl::Status s = runner_->CatchUp(); !s.ok()) return s;
  return true;
}

absl::Status ReportServiceImpl::Check(grpc::ServerContext* context,
                                      const google::protobuf::Message& request,
                                      std::string_view organisation, grpcutil::Role role) const {
  if (absl::Status s = grpcutil::CheckMessageText(request); !s.ok()) return s;
  if (authorizer_ == nullptr) return absl::OkStatus();
  return authorizer_->Check(context, organisation, role);
}

grpc::Status ReportServiceImpl::Render(grpc::ServerContext* context,
                                       const v1::RenderRequest* request,
                                       grpc::ServerWriter<v1::RenderChunk>* writer) {
  grpcutil::ReadCall call(context);
  if (absl::Status s = Check(context, *request, request->organisation(), grpcutil::Role::kReader);
      !s.ok()) {
    return grpcutil::ToGrpc(s);
  }
  auto period = period::PeriodFromRequest(request->period(), "period");
  if (!period.ok()) return grpcutil::ToGrpc(period.status());
  auto files = queries_->RenderReport(request->organisation(), request->board(), *period,
                                      request->format().empty() ? "html" : request->format(),
                                      request->force());
  if (!files.ok()) return grpcutil::ToGrpc(files.status());
  for (const RenderedFile& file : *files) {
    size_t offset = 0;
    do {
      v1::RenderChunk chunk;
      if (offset == 0) {
        chunk.set_file_name(file.name);
        chunk.set_content_type(file.content_type);
      }
      size_t n = std::min(kChunkBytes, file.bytes.size() - offset);
      chunk.set_data(file.bytes.substr(offset, n));
      offset += n;
      chunk.set_end_of_file(offset >= file.bytes.size());
      if (!writer->Write(chunk))
        return grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
    } while (offset < file.bytes.size());
  }
  return grpc::Status::OK;
}

grpc::Status ReportServiceImpl::Validate(grpc::ServerContext* context,
                                         const v1::ValidateRequest* request,
                                         v1::ValidateResponse* response) {
  grpcutil::ReadCall call(context);
  if (!request->figures_json().empty() || request->report_files_size() > 0) {
    // Files carry no organisation's data from the store; any authenticated reader may
    // check them.
    if (absl::Status s = Check(context, *request, request->organisation(), grpcutil::Role::kReader);
        !s.ok()) {
      return grpcutil::ToGrpc(s);
    }
    std::vector<ReportFile> files;
    if (!request->figures_json().empty()) {
      files.push_back({request->figures_name().empty() ? "figures" : request->figures_name(),
                       request->figures_json()});
    }
    for (const v1::ReportFile& f : request->report_files()) files.push_back({f.name(), f.data()});
    auto figures = ParseValidationInput(files);
    if (!figures.ok()) return grpcutil::ToGrpc(figures.status());
    for (const Finding& f : ValidateTypedFigures(*figures)) ToProto(f, response->add_findings());
    return grpc::Status::OK;
  }
  if (absl::Status s = Check(context, *request, request->organisation(), grpcutil::Role::kReader);
      !s.ok()) {
    return grpcutil::ToGrpc(s);
  }
  auto period = period::PeriodFromRequest(request->period(), "period");
  if (!period.ok()) return grpcutil::ToGrpc(period.status());
  auto report = queries_->BuildReport(request->organisation(), request->board(), *period);
  if (!report.ok()) return grpcutil::ToGrpc(report.status());
  for (const Finding& f : report->findings) ToProto(f, response->add_findings());
  return grpc::Status::OK;
}

grpc::Status ReportServiceImpl::ListReports(grpc::ServerContext* context,
                                            const v1::ListReportsRequest* request,
                                            v1::ListReportsResponse* response) {
  grpcutil::ReadCall call(context);
  if (absl::Status s = grpcutil::CheckMessageText(*request); !s.ok()) return grpcutil::ToGrpc(s);
  // Without an organisation, what the token may see: its own, or every one.
  std::string scope = request->organisation();
  if (authorizer_ != nullptr) {
    absl::StatusOr<std::string> allowed =
        authorizer_->ListScope(context, scope, grpcutil::Role::kReader);
    if (!allowed.ok()) return grpcutil::ToGrpc(allowed.status());
    scope = *allowed;
  }
  auto list = queries_->List(scope);
  if (!list.ok()) return grpcutil::ToGrpc(list.status());
  for (const ReportListing& l : *list) {
    v1::ReportRef* r = response->add_reports();
    r->set_organisation(l.organisation);
    r->set_organisation_name(l.organisation_name);
    r->set_board(l.board);
    r->set_board_name(l.board_name);
    period::ToProto(l.period, r->mutable_period());
    r->set_has_forecast(l.has_forecast);
    r->set_closed(l.closed);
  }
  return grpc::Status::OK;
}

grpc::Status ReportServiceImpl::SetNarrative(grpc::ServerContext* context,
                                             const v1::SetNarrativeRequest* request,
                                             v1::SetNarrativeResponse* response) {
  grpcutil::ReadCall call(context, grpcutil::ReadCall::kCommand);
  if (absl::Status s =
          Check(context, *request, request->organisation(), grpcutil::Role::kController);
      !s.ok()) {
    return grpcutil::ToGrpc(s);
  }
  auto period = period::PeriodFromRequest(request->period(), "period");
  if (!period.ok()) return grpcutil::ToGrpc(period.status());
  // Open, the client names itself in x-tertial-actor metadata (the request has no field).
  std::string actor;
  if (authorizer_ && !authorizer_->open()) {
    actor = authorizer_->Actor(context, "");
  } else if (auto md = context->client_metadata().find("x-tertial-actor");
             md != context->client_metadata().end()) {
    actor = std::string(md->second.data(), md->second.size());
  } else {
    actor = "unknown";
  }
  auto changed = queries_->SetNarrative(request->organisation(), request->board(), *period,
                                        request->section(), request->markdown(), actor);
  if (!changed.ok()) return grpcutil::ToGrpc(changed.status());
  response->set_unchanged(!*changed);
  return grpc::Status::OK;
}

}  // namespace tertial::reporting
