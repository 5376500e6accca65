#ifndef TERTIAL_CONTRACT_CATALOGUE_H_
#define TERTIAL_CONTRACT_CATALOGUE_H_

// What tertial publishes, for systems outside it: every topic, the payload message its
// envelopes carry (a <Context>Event whose oneof `event` lists the event types), the key its
// records are written under, and the topic its public JSON form goes to. docs/events.md
// is the prose beside this list; `tertial log schema` writes it out with a JSON Schema per
// event (json_schema.h).

#include <google/protobuf/descriptor.h>

#include <string>
#include <string_view>
#include <vector>

namespace tertial::contract {

struct TopicContract {
  std::string topic;         // "tertial.ledger.v1"
  std::string public_topic;  // "tertial.public.ledger.v1": committed events as JSON
  std::string context;       // "ledger"
  // What the records' key is (the partition key): the organisation's kommunkod, or for the
  // operator's topic the constant "quarantine".
  std::string key;
  // tertial.ledger.v1.LedgerEvent: the envelope's payload.
  const google::protobuf::Descriptor* payload = nullptr;
  // The message types of the payload's oneof `event`, in field-number order.
  std::vector<const google::protobuf::Descriptor*> events;
};

// Every topic tertial writes, ledger first, in the order events flow (ledger, forecast,
// goals, reporting, admin).
const std::vector<TopicContract>& Catalogue();

// The topic's entry; nullptr for a topic tertial does not write.
const TopicContract* FindTopic(std::string_view topic);

// The payload's oneof `event` case whose message type is `event_type`
// ("tertial.ledger.v1.VoucherPosted"); nullptr when the topic does not carry it.
const google::protobuf::FieldDescriptor* EventCase(const TopicContract& topic,
                                                   std::string_view event_type);

// The catalogue as JSON, for tools: {"topics":[{"topic", "public_topic", "key", "payload",
// "events":[{"type", "schema"}]}]}, "schema" naming the file json_schema.h's
// SchemaFileName gives.
std::string CatalogueJson();

// A serialized google.protobuf.FileDescriptorSet of every file the topics' payloads and the
// envelope are defined in, with all they import, each after its imports (what
// `protoc --descriptor_set_out --include_imports` writes; without comments). With it any
// protobuf tool decodes a record: `protoc --decode tertial.eventlog.v1.Envelope`.
std::string DescriptorSet();

}  // namespace tertial::contract

#endif  // TERTIAL_CONTRACT_CATALOGUE_H_
