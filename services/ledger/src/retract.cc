// LedgerCore::RetractImport and LedgerCore::ReopenPeriod: what they read of the log and the
// projection, and the batch they append. The decisions are domain/retraction.h's.

#include "retract.h"

#include <mutex>
#include <set>

#include "core.h"
#include "domain/convert.h"
#include "domain/retraction.h"
#include "projection.h"
#include "projection_keys.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/envelope.h"

namespace tertial::ledger {
namespace {

constexpr size_t kReadChunk = 4096;

// The organisation's ImportCompleted of `import_id` and its offset in the log.
struct CompletedImport {
  v1::ImportCompleted completed;
  int64_t offset = -1;
};

absl::StatusOr<CompletedImport> FindImport(const projection::Reader& reader,
                                           std::string_view organisation,
                                           std::string_view import_id) {
  CompletedImport found;
  const std::string prefix = Prefix(kImport, organisation);
  absl::Status s = reader.Scan(prefix, [&](std::string_view key, std::string_view value) {
    v1::ImportCompleted completed;
    if (key.size() != prefix.size() + 8 ||
        !completed.ParseFromArray(value.data(), static_cast<int>(value.size())) ||
        completed.import_id() != import_id) {
      return true;
    }
    found = {std::move(completed),
             static_cast<int64_t>(eventlog::GetBigEndian64(key.data() + prefix.size()))};
    return false;
  });
  if (!s.ok()) return s;
  if (found.offset < 0) {
    return absl::NotFoundError(StrCat("import ", import_id, " is not an import of organisation ",
                                      organisation, "; `tertial imports --org ", organisation,
                                      "` lists them"));
  }
  return found;
}

// Calls `fn` with every VoucherPosted of the import, in log order: the vouchers naming it
// (import_id; not compensations) on the organisation's partition before its
// ImportCompleted. Reads the partition from its start: a retraction
// is rare, and the log keeps no index from import to offsets.
absl::Status ForEachVoucher(eventlog::EventLog& log, std::string_view organisation,
                            const CompletedImport& import,
                            const std::function<absl::Status(const v1::VoucherPosted&)>& fn) {
  absl::StatusOr<int> partition = log.PartitionFor(eventlog::kLedgerTopic, organisation);
  if (!partition.ok()) return partition.status();
  const std::string& import_id = import.completed.import_id();
  const std::string voucher_type = v1::VoucherPosted::descriptor()->full_name();
  v1::LedgerEvent event;
  for (int64_t from = 0; from < import.offset;) {
    absl::StatusOr<std::vector<eventlog::Record>> records =
        log.Read(eventlog::kLedgerTopic, *partition, from, kReadChunk);
    if (!records.ok()) return records.status();
    if (records->empty()) break;
    for (const eventlog::Record& record : *records) {
      from = record.offset + 1;
      if (record.offset >= import.offset) break;
      absl::StatusOr<eventlog::Envelope> envelope = record.ParseEnvelope();
      if (!envelope.ok()) return envelope.status();
      if (envelope->organisation() != organisation || envelope->event_type() != voucher_type) {
        continue;
      }
      event.Clear();
      if (absl::Status s = eventlog::Unwrap(*envelope, &event); !s.ok()) return s;
      const v1::VoucherPosted& voucher = event.voucher_posted();
      if (voucher.import_id() != import_id || !voucher.retraction_id().empty()) continue;
      if (absl::Status s = fn(voucher); !s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

std::optional<v1::Retraction> RetractionOf(const projection::Reader& reader,
                                           std::string_view organisation,
                                           std::string_view import_id) {
  return GetMessage<v1::Retraction>(reader,
                                    Prefix(kRetraction, organisation) + std::string(import_id));
}

std::vector<period::Period> ClosedMonths(const projection::Reader& reader,
                                         std::string_view organisation) {
  std::vector<period::Period> out;
  const std::string prefix = Prefix(kClosed, organisation);
  (void)reader.Scan(prefix, [&](std::string_view key, std::string_view) {
    if (key.size() == prefix.size() + 4) {
      out.push_back(
          period::Period::FromIndex(static_cast<int>(GetBigEndian32(key.data() + prefix.size()))));
    }
    return true;
  });
  return out;
}

}  // namespace

std::string ClosingEventSeed(const projection::Reader& reader, std::string_view organisation,
                             const period::Period& p) {
  ProjectionView view(&reader, std::string(organisation));
  const period::FiscalYear year = FiscalYearOf(view, p);
  std::string seed = StrCat("close/", organisation, "/", period::FormatPeriod(p));
  absl::StatusOr<std::optional<std::string>> reopened =
      reader.Get(YearKey(kReopened, organisation, year.label()));
  if (reopened.ok() && reopened->has_value()) StrAppend(&seed, "/after/", **reopened);
  return seed;
}

absl::StatusOr<v1::RetractImportResponse> LedgerCore::RetractImport(const std::string& organisation,
                                                                    const std::string& import_id,
                                                                    const std::string& reason,
                                                                    const std::string& actor) {
  if (organisation.empty()) return absl::InvalidArgumentError("organisation: expected a kommunkod");
  // Import ids are UUIDs (36 bytes); the bound keeps an absurd one out of the error texts.
  if (import_id.empty() || import_id.size() > 200) {
    return absl::InvalidArgumentError(
        "import_id: expected the id `tertial imports` lists (at most 200 bytes)");
  }
  if (absl::Status s = CheckReason(reason); !s.ok()) return s;
  std::lock_guard<std::mutex> guard(importer_.command_mutex());
  if (absl::Status s = runner_->AwaitRead().status(); !s.ok()) return s;
  std::unique_ptr<projection::Reader> snapshot = db_->Snapshot();
  v1::RetractImportResponse response;
  if (std::optional<v1::Retraction> earlier = RetractionOf(*snapshot, organisation, import_id)) {
    *response.mutable_retraction() = std::move(*earlier);
    response.set_already_retracted(true);
    return response;
  }
  absl::StatusOr<CompletedImport> import = FindImport(*snapshot, organisation, import_id);
  if (!import.ok()) return import.status();
  if (absl::Status s = CheckRetractable(import->completed); !s.ok()) return s;

  // Pass 1: the months the import posted into must be open.
  v1::ImportRetracted retracted;
  retracted.set_import_id(import_id);
  retracted.set_retraction_id(RetractionId(organisation, import_id));
  retracted.set_reason(reason);
  retracted.set_file_name(import->completed.file_name());
  retracted.set_content_sha256(import->completed.content_sha256());
  std::set<period::Period> periods;
  int64_t vouchers = 0, transactions = 0;
  absl::Status read = ForEachVoucher(*log_, organisation, *import, [&](const auto& voucher) {
    periods.insert(chart::CountingPeriod(voucher));
    ++vouchers;
    for (const v1::Transaction& t : voucher.transactions()) transactions += chart::Counts(t);
    return absl::OkStatus();
  });
  if (!read.ok()) return read;
  if (vouchers == 0) {
    return absl::DataLossError(StrCat("import ", import_id, ": its ", import->completed.vouchers(),
                                      " vouchers are not in the log before its ImportCompleted"));
  }
  ProjectionView view(snapshot.get(), organisation);
  if (absl::Status s = CheckPeriodsOpen(view, organisation, import->completed, periods); !s.ok()) {
    return s;
  }
  retracted.set_vouchers(vouchers);
  retracted.set_transactions(transactions);
  for (const period::Period& p : periods) ToProto(p, retracted.add_periods());

  // Pass 2: one batch, the compensations and ImportRetracted last.
  const eventlog::EventContext context{.organisation = organisation,
                                       .actor = actor.empty() ? "unknown" : actor,
                                       .correlation_id = retracted.retraction_id(),
                                       .causation_id = import_id};
  absl::StatusOr<std::unique_ptr<eventlog::BatchWriter>> writer =
      log_->BeginBatch(eventlog::kLedgerTopic, organisation);
  if (!writer.ok()) return writer.status();
  int64_t index = 0;
  v1::LedgerEvent event;
  read = ForEachVoucher(*log_, organisation, *import, [&](const v1::VoucherPosted& voucher) {
    absl::StatusOr<v1::VoucherPosted> compensation =
        CompensationOf(voucher, retracted.retraction_id());
    if (!compensation.ok()) return compensation.status();
    *event.mutable_voucher_posted() = std::move(*compensation);
    absl::StatusOr<eventlog::Envelope> envelope =
        eventlog::Wrap(event, CompensationAggregateKey(event.voucher_posted()), context,
                       DeterministicUuid(StrCat(retracted.retraction_id(), "/voucher/", index++)));
    if (!envelope.ok()) return envelope.status();
    return (*writer)->Add(*envelope);
  });
  if (!read.ok()) return read;
  if (index != vouchers) {
    // The writer is dropped uncommitted: nothing is appended.
    return absl::UnavailableError(StrCat("import ", import_id, ": the log gave ", index,
                                         " of its vouchers on the second reading, ", vouchers,
                                         " on the first; nothing was appended, retry"));
  }
  *event.mutable_import_retracted() = retracted;
  absl::StatusOr<eventlog::Envelope> last =
      eventlog::Wrap(event, StrCat("import/", import_id), context,
                     DeterministicUuid(StrCat(retracted.retraction_id(), "/retracted")));
  if (!last.ok()) return last.status();
  if (absl::Status s = (*writer)->Add(*last); !s.ok()) return s;
  absl::StatusOr<eventlog::AppendResult> appended = (*writer)->Commit();
  if (!appended.ok()) return appended.status();
  writer->reset();
  if (absl::Status s = runner_->CatchUp(); !s.ok()) return s;
  std::optional<v1::Retraction> stored = RetractionOf(*db_->Snapshot(), organisation, import_id);
  if (!stored) return absl::InternalError("the retraction was appended but is not projected");
  *response.mutable_retraction() = std::move(*stored);
  return response;
}

absl::StatusOr<v1::PeriodReopened> LedgerCore::ReopenPeriod(const std::string& organisation,
                                                            const period::Period& p,
                                                            const std::string& reason,
                                                            const std::string& actor) {
  if (organisation.empty()) return absl::InvalidArgumentError("organisation: expected a kommunkod");
  if (p.month < 1 || p.month > 12 || p.year < 1900 || p.year > 2200) {
    return absl::InvalidArgumentError("period: expected YYYY-MM");
  }
  std::lock_guard<std::mutex> guard(importer_.command_mutex());
  if (absl::Status s = runner_->AwaitRead().status(); !s.ok()) return s;
  std::unique_ptr<projection::Reader> snapshot = db_->Snapshot();
  ProjectionView view(snapshot.get(), organisation);
  absl::StatusOr<v1::PeriodReopened> reopened =
      DecideReopen(FiscalYearOf(view, p), ClosedMonths(*snapshot, organisation), p, reason);
  if (!reopened.ok()) return reopened.status();
  v1::LedgerEvent event;
  *event.mutable_period_reopened() = *reopened;
  // Random event id: a retry after a commit that landed finds the month open and is refused.
  absl::StatusOr<eventlog::Envelope> envelope =
      eventlog::Wrap(event, StrCat("period/", period::FormatPeriod(p)),
                     {.organisation = organisation, .actor = actor.empty() ? "unknown" : actor});
  if (!envelope.ok()) return envelope.status();
  absl::StatusOr<eventlog::AppendResult> appended =
      log_->Append(eventlog::kLedgerTopic, organisation, {*envelope});
  if (!appended.ok()) return appended.status();
  if (absl::Status s = runner_->CatchUp(); !s.ok()) return s;
  return reopened;
}

}  // namespace tertial::ledger
