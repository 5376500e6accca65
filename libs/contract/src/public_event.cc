#include "tertial/contract/public_event.h"

#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include <memory>

#include "absl/strings/escaping.h"
#include "tertial/base/strings.h"
#include "tertial/json/json.h"

namespace tertial::contract {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::util::TimeUtil;

void OptionalString(json::Writer& out, std::string_view key, std::string_view value) {
  if (value.empty()) return;
  out.Key(key);
  out.String(value);
}

void OptionalTime(json::Writer& out, std::string_view key, const google::protobuf::Timestamp& time,
                  bool present) {
  if (!present) return;
  out.Key(key);
  out.String(TimeUtil::ToString(time));
}

// The event message (the payload's case) as protobuf's JSON mapping. The caller asks only
// for event types this build knows (an unknown one keeps its bytes).
absl::StatusOr<std::string> DataJson(const TopicContract& topic,
                                     const eventlog::Envelope& envelope) {
  // The payloads are this build's generated messages (catalogue.cc links them).
  std::unique_ptr<Message> payload(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(topic.payload)->New());
  if (!payload->ParseFromString(envelope.payload())) {
    return absl::InvalidArgumentError(StrCat("event ", envelope.event_id(), " on ", topic.topic,
                                             ": the payload is not a ",
                                             topic.payload->full_name()));
  }
  const FieldDescriptor* expected = EventCase(topic, envelope.event_type());
  const FieldDescriptor* found = payload->GetReflection()->GetOneofFieldDescriptor(
      *payload, topic.payload->FindOneofByName("event"));
  if (found == nullptr || found != expected) {
    return absl::InvalidArgumentError(
        StrCat("event ", envelope.event_id(), " on ", topic.topic, ": its type is ",
               envelope.event_type(), " but the payload holds ",
               found == nullptr ? std::string("no event this build knows")
                                : found->message_type()->full_name()));
  }
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string data;
  auto printed = google::protobuf::util::MessageToJsonString(
      payload->GetReflection()->GetMessage(*payload, found), &data, options);
  if (!printed.ok()) {
    return absl::InvalidArgumentError(
        StrCat("event ", envelope.event_id(), " on ", topic.topic, ": ", printed.ToString()));
  }
  return data;
}

}  // namespace

absl::StatusOr<std::string> PublicEventJson(const TopicContract& topic,
                                            const eventlog::Envelope& envelope) {
  const bool known = EventCase(topic, envelope.event_type()) != nullptr;
  std::string data;
  if (known) {
    absl::StatusOr<std::string> printed = DataJson(topic, envelope);
    if (!printed.ok()) return printed.status();
    data = *std::move(printed);
  }

  std::string out;
  json::Writer writer(&out);
  writer.BeginObject();
  writer.Key("specversion");
  writer.String(kSpecVersion);
  writer.Key("id");
  writer.String(envelope.event_id());
  writer.Key("source");
  writer.String(envelope.organisation().empty()
                    ? StrCat("/tertial/", topic.context)
                    : StrCat("/tertial/", topic.context, "/", envelope.organisation()));
  writer.Key("type");
  writer.String(envelope.event_type());
  OptionalString(writer, "subject", envelope.aggregate_key());
  OptionalTime(writer, "time", envelope.occurred_at(), envelope.has_occurred_at());
  writer.Key("datacontenttype");
  writer.String(known ? "application/json" : "application/protobuf");
  OptionalString(writer, "organisation", envelope.organisation());
  OptionalString(writer, "actor", envelope.actor());
  OptionalString(writer, "correlationid", envelope.correlation_id());
  OptionalString(writer, "causationid", envelope.causation_id());
  OptionalTime(writer, "recordedat", envelope.recorded_at(), envelope.has_recorded_at());
  writer.Key("schemaversion");
  writer.Int(envelope.schema_version());
  if (known) {
    writer.Key("data");
    writer.RawJson(data);
  } else {
    writer.Key("data_base64");
    writer.String(absl::Base64Escape(envelope.payload()));
  }
  writer.EndObject();
  return out;
}

}  // namespace tertial::contract
