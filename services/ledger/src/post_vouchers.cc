#include "post_vouchers.h"

#include <thread>
#include <utility>
#include <vector>

#include "import_job.h"
#include "posted_index.h"
#include "projection.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"
#include "tertial/base/text.h"
#include "tertial/eventlog/envelope.h"

namespace tertial::ledger {
namespace {

// The voucher as the domain takes it (domain/voucher_post.h).
v1::VoucherPosted AsSent(const v1::VoucherToPost& voucher) {
  v1::VoucherPosted out;
  out.set_fiscal_year(voucher.fiscal_year());
  out.set_series(voucher.series());
  out.set_number(voucher.number());
  *out.mutable_date() = voucher.date();
  out.set_text(voucher.text());
  out.set_sender_id(voucher.sender_id());
  out.mutable_transactions()->Reserve(voucher.lines_size());
  for (const v1::VoucherLine& line : voucher.lines()) {
    v1::Transaction* transaction = out.add_transactions();
    transaction->set_account(line.account());
    *transaction->mutable_objects() = line.objects();
    transaction->set_amount_ore(line.amount_ore());
    transaction->set_text(line.text());
    if (line.has_date()) *transaction->mutable_date() = line.date();
  }
  return out;
}

void AddIssue(const Issue& issue, google::protobuf::RepeatedPtrField<v1::ImportIssue>* out) {
  v1::ImportIssue* added = out->Add();
  added->set_file(issue.file);
  added->set_line(issue.line);
  added->set_field(issue.field);
  added->set_message(issue.message);
}

v1::VoucherAnswer ToAnswer(const v1::VoucherToPost& voucher, const VoucherDecision& decision) {
  v1::VoucherAnswer answer;
  switch (decision.outcome) {
    case VoucherDecision::Outcome::kAccepted:
      answer.set_outcome(v1::VOUCHER_OUTCOME_ACCEPTED);
      break;
    case VoucherDecision::Outcome::kDuplicate:
      answer.set_outcome(v1::VOUCHER_OUTCOME_DUPLICATE);
      break;
    case VoucherDecision::Outcome::kRejected:
      answer.set_outcome(v1::VOUCHER_OUTCOME_REJECTED);
      break;
  }
  answer.set_fiscal_year(decision.fiscal_year);
  answer.set_series(voucher.series());
  answer.set_number(voucher.number());
  answer.set_sender_id(voucher.sender_id());
  for (const Issue& issue : decision.errors) AddIssue(issue, answer.mutable_errors());
  for (const Issue& issue : decision.warnings) AddIssue(issue, answer.mutable_warnings());
  answer.set_import_id(decision.import_id);
  return answer;
}

}  // namespace

VoucherPosting::VoucherPosting(eventlog::EventLog* log, projection::ProjectionDb* db,
                               projection::Runner* runner, Importer* importer, PostLimits limits)
    : log_(log), db_(db), runner_(runner), importer_(importer), limits_(limits) {}

absl::Status VoucherPosting::Lock(Clock::time_point deadline,
                                  std::unique_lock<std::timed_mutex>* own,
                                  std::unique_lock<std::mutex>* commands) {
  *own = std::unique_lock<std::timed_mutex>(mutex_, deadline);
  if (!own->owns_lock()) {
    return absl::DeadlineExceededError(
        "PostVouchers: other requests held the ledger until this request's deadline; nothing "
        "was posted (send it again)");
  }
  // An import holds the command lock for as long as its file takes; a request waits for
  // it, but not past its deadline.
  *commands = std::unique_lock<std::mutex>(importer_->command_mutex(), std::try_to_lock);
  auto pause = std::chrono::microseconds(200);
  while (!commands->owns_lock()) {
    if (Clock::now() + pause > deadline) {
      return absl::DeadlineExceededError(
          "PostVouchers: an import or command held the ledger until this request's deadline; "
          "nothing was posted (send it again)");
    }
    std::this_thread::sleep_for(pause);
    pause = std::min<std::chrono::microseconds>(pause * 2, std::chrono::milliseconds(20));
    commands->try_lock();
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::PostVouchersResponse> VoucherPosting::Post(
    const v1::PostVouchersRequest& request, const std::string& actor, Clock::time_point deadline,
    const std::function<bool(std::string_view)>& may_read) {
  if (request.organisation().empty()) {
    return absl::InvalidArgumentError("organisation: expected a kommunkod");
  }
  if (request.vouchers_size() > limits_.max_vouchers) {
    return absl::InvalidArgumentError(
        StrCat("vouchers: ", request.vouchers_size(), " in one request, more than the ",
               limits_.max_vouchers, " a request may carry; send them in several requests"));
  }
  const text::Limits text_limits = text::CurrentLimits();
  for (const auto& [field, value] :
       {std::pair<std::string_view, const std::string&>{"organisation", request.organisation()},
        {"sender", request.sender()},
        {"request_id", request.request_id()},
        {"actor", actor}}) {
    if (absl::Status s = text::Check(value, text::Kind::kLine, field, text_limits); !s.ok()) {
      return s;
    }
  }
  v1::PostVouchersResponse response;
  response.set_request_id(request.request_id());
  if (request.vouchers_size() == 0) return response;

  std::unique_lock<std::timed_mutex> own;
  std::unique_lock<std::mutex> commands;
  if (absl::Status s = Lock(deadline, &own, &commands); !s.ok()) return s;
  if (absl::Status s = runner_->AwaitRead().status(); !s.ok()) return s;
  std::unique_ptr<projection::Reader> snapshot = db_->Snapshot();
  if (absl::Status s = CheckOrganisationKnown(
          *snapshot, request.organisation(),
          may_read ? may_read : [](std::string_view) { return true; });
      !s.ok()) {
    return s;
  }
  ProjectionView view(snapshot.get(), request.organisation());
  ProjectionPostedIndex index(snapshot.get(), request.organisation());
  VoucherPoster poster(&view, &index,
                       {.define_unknown_accounts = request.define_unknown_accounts(),
                        .define_unknown_objects = request.define_unknown_objects(),
                        .text_limits = text_limits},
                       limits_);
  for (int i = 0; i < request.vouchers_size(); ++i) {
    *response.add_answers() =
        ToAnswer(request.vouchers(i), poster.Post(AsSent(request.vouchers(i)), i + 1));
  }
  if (poster.accepted() == 0) return response;

  const std::string sha =
      poster.BatchSha256(request.organisation(), request.sender(), request.request_id());
  const std::string import_id = import_job::ImportId(*snapshot, request.organisation(), sha);
  v1::ImportCompleted completed;
  completed.set_file_name(StrCat("PostVouchers ", request.sender().empty() ? "-" : request.sender(),
                                 request.request_id().empty() ? "" : " ", request.request_id()));
  completed.set_format(v1::IMPORT_FORMAT_POSTED_VOUCHERS);
  completed.set_content_sha256(sha);
  completed.set_bytes(static_cast<int64_t>(request.ByteSizeLong()));
  std::vector<VoucherPoster::Event> events = poster.TakeEvents(import_id, std::move(completed));
  std::vector<eventlog::Envelope> envelopes;
  envelopes.reserve(events.size());
  eventlog::EventContext context{.organisation = request.organisation(),
                                 .actor = actor.empty() ? "unknown" : actor,
                                 .correlation_id = import_id};
  for (VoucherPoster::Event& event : events) {
    context.occurred_at_seconds = event.occurred_at;
    absl::StatusOr<eventlog::Envelope> envelope = eventlog::Wrap(
        event.event, std::move(event.aggregate_key), context, DeterministicUuid(event.id_seed));
    if (!envelope.ok()) return envelope.status();
    envelopes.push_back(std::move(*envelope));
  }
  absl::StatusOr<eventlog::AppendResult> appended =
      log_->Append(eventlog::kLedgerTopic, request.organisation(), envelopes);
  if (!appended.ok()) return appended.status();
  // The next request decides on a projection that holds this one.
  if (absl::Status s = runner_->CatchUp(); !s.ok()) return s;
  response.set_import_id(import_id);
  for (v1::VoucherAnswer& answer : *response.mutable_answers()) {
    // A duplicate of a voucher earlier in this request is this batch's too.
    if (answer.outcome() == v1::VOUCHER_OUTCOME_ACCEPTED ||
        (answer.outcome() == v1::VOUCHER_OUTCOME_DUPLICATE && answer.import_id().empty())) {
      answer.set_import_id(import_id);
    }
  }
  return response;
}

}  // namespace tertial::ledger
