#include "tertial/projection/quarantine.h"

#include "absl/strings/numbers.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"

namespace tertial::projection {
namespace {

constexpr std::string_view kQuarantineKey = "quarantine";
constexpr auto kLookAgain = std::chrono::seconds(30);

}  // namespace

std::string RecordPlace(std::string_view topic, int partition, int64_t offset) {
  return StrCat(topic, "/", partition, "@", offset);
}

absl::StatusOr<RecordRef> ParseRecordPlace(std::string_view text) {
  auto bad = [&] {
    return absl::InvalidArgumentError(
        StrCat("'", ValidUtf8(text),
               "' is not a record's place; expected TOPIC/PARTITION@OFFSET, as a projection's "
               "error names it (e.g. tertial.ledger.v1/2@17)"));
  };
  size_t slash = text.rfind('/');
  size_t at = text.rfind('@');
  if (slash == std::string_view::npos || at == std::string_view::npos || at < slash || slash == 0) {
    return bad();
  }
  RecordRef ref;
  ref.topic = std::string(text.substr(0, slash));
  if (!absl::SimpleAtoi(ToAbsl(text.substr(slash + 1, at - slash - 1)), &ref.partition) ||
      !absl::SimpleAtoi(ToAbsl(text.substr(at + 1)), &ref.offset) || ref.partition < 0 ||
      ref.offset < 0) {
    return bad();
  }
  return ref;
}

std::string ReadBackProblem(std::string_view topic, const eventlog::Record& record) {
  absl::StatusOr<eventlog::Envelope> envelope = record.ParseEnvelope();
  if (!envelope.ok()) {
    return "the envelope does not parse (a text field that is not UTF-8, or bytes that are "
           "not an envelope)";
  }
  return eventlog::ReadBackProblem(topic, *envelope);
}

absl::Status QuarantineList::Refresh(eventlog::EventLog& log) {
  auto now = std::chrono::steady_clock::now();
  if (now < look_again_) return absl::OkStatus();
  absl::StatusOr<int> partitions = log.Partitions(eventlog::kAdminTopic);
  if (absl::IsNotFound(partitions.status())) {
    look_again_ = now + kLookAgain;
    return absl::OkStatus();
  }
  if (!partitions.ok()) return partitions.status();
  // One partition where the deployment creates the topic; every one is read regardless.
  next_.resize(static_cast<size_t>(*partitions), 0);
  for (int p = 0; p < *partitions; ++p) {
    for (;;) {
      absl::StatusOr<std::vector<eventlog::Record>> records =
          log.Read(eventlog::kAdminTopic, p, next_[p], 1000);
      if (!records.ok()) return records.status();
      if (records->empty()) break;
      for (const eventlog::Record& record : *records) {
        next_[p] = record.offset + 1;
        absl::StatusOr<eventlog::Envelope> envelope = record.ParseEnvelope();
        admin::v1::AdminEvent event;
        // The operator's topic is written only through Quarantine below; a record of it
        // that does not read is passed over, since stopping here would stop everything.
        if (!envelope.ok() || !eventlog::Unwrap(*envelope, &event).ok()) continue;
        if (!event.has_record_quarantined()) continue;
        const admin::v1::RecordQuarantined& q = event.record_quarantined();
        records_[{q.topic(), q.partition(), q.offset()}] = q;
      }
    }
  }
  return absl::OkStatus();
}

const admin::v1::RecordQuarantined* QuarantineList::Find(std::string_view topic, int partition,
                                                         const eventlog::Record& record) const {
  if (records_.empty()) return nullptr;
  auto it = records_.find({std::string(topic), partition, record.offset});
  if (it == records_.end()) return nullptr;
  if (it->second.record_sha256() != Sha256Hex(record.value)) return nullptr;
  return &it->second;
}

absl::StatusOr<QuarantineResult> Quarantine(eventlog::EventLog& log, const RecordRef& ref,
                                            std::string_view reason, bool force,
                                            const eventlog::EventContext& context) {
  const std::string place = RecordPlace(ref.topic, ref.partition, ref.offset);
  if (reason.empty()) {
    return absl::InvalidArgumentError("reason: say why the record is quarantined (--reason)");
  }
  if (ref.topic == eventlog::kAdminTopic) {
    return absl::InvalidArgumentError(
        StrCat(place, ": the operator's own topic is not quarantined"));
  }
  absl::StatusOr<int> partitions = log.Partitions(ref.topic);
  if (!partitions.ok()) return partitions.status();
  if (ref.partition >= *partitions) {
    return absl::NotFoundError(StrCat(place, ": ", ref.topic, " has ", *partitions,
                                      " partitions (0 to ", *partitions - 1, ")"));
  }
  absl::StatusOr<std::vector<eventlog::Record>> records =
      log.Read(ref.topic, ref.partition, ref.offset, 1);
  if (!records.ok()) return records.status();
  if (records->empty() || records->front().offset != ref.offset) {
    return absl::NotFoundError(StrCat(place, ": there is no record at this offset"));
  }
  const eventlog::Record& record = records->front();
  QuarantineResult result;
  result.problem = ReadBackProblem(ref.topic, record);
  if (result.problem.empty() && !force) {
    return absl::FailedPreconditionError(
        StrCat(place,
               " reads back (its envelope and payload parse); quarantine is for records "
               "that cannot be applied. If its apply fails for good, give --force"));
  }
  QuarantineList known;
  if (absl::Status s = known.Refresh(log); !s.ok()) return s;
  if (known.Find(ref.topic, ref.partition, record) != nullptr) {
    return absl::AlreadyExistsError(StrCat(place, " is quarantined already"));
  }
  admin::v1::AdminEvent event;
  admin::v1::RecordQuarantined* q = event.mutable_record_quarantined();
  q->set_topic(ref.topic);
  q->set_partition(ref.partition);
  q->set_offset(ref.offset);
  q->set_record_sha256(Sha256Hex(record.value));
  q->set_reason(std::string(reason));
  // What the record holds may be the very bytes that are not UTF-8: shown, not copied.
  q->set_record_key(ValidUtf8(record.key));
  if (absl::StatusOr<eventlog::Envelope> envelope = record.ParseEnvelope(); envelope.ok()) {
    q->set_event_type(ValidUtf8(envelope->event_type()));
    q->set_event_id(ValidUtf8(envelope->event_id()));
  }
  absl::StatusOr<eventlog::Envelope> wrapped =
      eventlog::Wrap(event, StrCat("record/", place), context,
                     StrCat("quarantine/", place, "/", q->record_sha256()));
  if (!wrapped.ok()) return wrapped.status();
  absl::StatusOr<eventlog::AppendResult> appended =
      log.Append(eventlog::kAdminTopic, kQuarantineKey, {*wrapped});
  if (!appended.ok()) return appended.status();
  result.offset = appended->first_offset;
  result.event = *q;
  return result;
}

}  // namespace tertial::projection
