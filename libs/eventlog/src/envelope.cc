#include "tertial/eventlog/envelope.h"

#include <chrono>

#include "google/protobuf/descriptor.h"
#include "record_check.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"

namespace tertial::eventlog {
namespace {

void SetTimestamp(google::protobuf::Timestamp* out, int64_t seconds) {
  if (seconds != 0) {
    out->set_seconds(seconds);
    return;
  }
  auto now = std::chrono::system_clock::now().time_since_epoch();
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now).count();
  out->set_seconds(micros / 1'000'000);
  out->set_nanos(static_cast<int32_t>(micros % 1'000'000) * 1000);
}

}  // namespace

absl::StatusOr<Envelope> Wrap(const google::protobuf::Message& event, std::string aggregate_key,
                              const EventContext& context, std::string event_id) {
  const google::protobuf::Descriptor* descriptor = event.GetDescriptor();
  const google::protobuf::OneofDescriptor* oneof = descriptor->FindOneofByName("event");
  if (oneof == nullptr) {
    return absl::InvalidArgumentError(
        StrCat(descriptor->full_name(), " has no oneof `event`; it is not a topic's event"));
  }
  const google::protobuf::FieldDescriptor* field =
      event.GetReflection()->GetOneofFieldDescriptor(event, oneof);
  if (field == nullptr || field->message_type() == nullptr) {
    return absl::InvalidArgumentError(StrCat(descriptor->full_name(), " has no event set"));
  }
  Envelope envelope;
  envelope.set_event_id(event_id.empty() ? RandomUuid() : std::move(event_id));
  envelope.set_organisation(context.organisation);
  envelope.set_aggregate_key(std::move(aggregate_key));
  envelope.set_event_type(field->message_type()->full_name());
  envelope.set_schema_version(1);
  SetTimestamp(envelope.mutable_occurred_at(), context.occurred_at_seconds);
  SetTimestamp(envelope.mutable_recorded_at(), 0);
  envelope.set_actor(context.actor);
  envelope.set_correlation_id(context.correlation_id.empty() ? RandomUuid()
                                                             : context.correlation_id);
  envelope.set_causation_id(context.causation_id);
  if (!event.SerializeToString(envelope.mutable_payload())) {
    return absl::InternalError("event could not be serialized");
  }
  return envelope;
}

absl::Status Unwrap(const Envelope& envelope, google::protobuf::Message* event) {
  if (!event->ParseFromString(envelope.payload())) {
    std::string why = internal::FindBadText(envelope.payload(), event->GetDescriptor());
    const bool about_a_field = !why.empty() && why.rfind("the bytes", 0) != 0;
    return absl::DataLossError(StrCat("event ", envelope.event_id(), " (", envelope.event_type(),
                                      ") does not parse as ", event->GetTypeName(),
                                      why.empty() ? "" : ": ", about_a_field ? "field " : "", why));
  }
  return absl::OkStatus();
}

}  // namespace tertial::eventlog
