#include "core.h"

#include <mutex>

#include "projection.h"
#include "retract.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/period/proto.h"

namespace tertial::ledger {

LedgerCore::LedgerCore(eventlog::EventLog* log, projection::ProjectionDb* db,
                       projection::Runner* runner, ImporterOptions options)
    : log_(log),
      db_(db),
      runner_(runner),
      importer_(log, db, runner, options),
      posting_(log, db, runner, &importer_) {}

absl::Status LedgerCore::CheckKnown(std::string_view organisation,
                                    const std::function<bool(std::string_view)>& may_read) {
  if (absl::Status s = runner_->AwaitRead().status(); !s.ok()) return s;
  std::unique_ptr<projection::Reader> snapshot = db_->Snapshot();
  return CheckOrganisationKnown(*snapshot, organisation, may_read);
}

absl::StatusOr<bool> LedgerCore::ClosePeriod(const std::string& organisation,
                                             const period::Period& p, const std::string& actor) {
  if (organisation.empty()) return absl::InvalidArgumentError("organisation: expected a kommunkod");
  if (p.month < 1 || p.month > 12 || p.year < 1900 || p.year > 2200) {
    return absl::InvalidArgumentError("period: expected YYYY-MM");
  }
  std::lock_guard<std::mutex> guard(importer_.command_mutex());
  if (absl::Status s = runner_->AwaitRead().status(); !s.ok()) return s;
  std::unique_ptr<projection::Reader> snapshot = db_->Snapshot();
  // Closing a month whose fiscal year is closed through a later month appends nothing: it
  // is closed already (tertial/chart/posting.h).
  absl::StatusOr<std::optional<period::Period>> closing =
      QueryClosingOf(*snapshot, organisation, p);
  if (!closing.ok()) return closing.status();
  if (closing->has_value()) return true;
  v1::LedgerEvent event;
  period::ToProto(p, event.mutable_period_closed()->mutable_period());
  std::string formatted = period::FormatPeriod(p);
  absl::StatusOr<eventlog::Envelope> envelope =
      eventlog::Wrap(event, StrCat("period/", formatted),
                     {.organisation = organisation, .actor = actor.empty() ? "unknown" : actor},
                     DeterministicUuid(ClosingEventSeed(*snapshot, organisation, p)));
  if (!envelope.ok()) return envelope.status();
  absl::StatusOr<eventlog::AppendResult> appended =
      log_->Append(eventlog::kLedgerTopic, organisation, {*envelope});
  if (!appended.ok()) return appended.status();
  if (absl::Status s = runner_->CatchUp(); !s.ok()) return s;
  return false;
}

}  // namespace tertial::ledger
