#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <set>

#include "absl/strings/escaping.h"
#include "tertial/contract/catalogue.h"
#include "tertial/contract/json_schema.h"
#include "tertial/contract/public_event.h"
#include "tertial/json/json.h"
#include "tertial/ledger/v1/events.pb.h"

namespace tertial::contract {
namespace {

using google::protobuf::util::TimeUtil;

const TopicContract& Ledger() { return *FindTopic(eventlog::kLedgerTopic); }

eventlog::Envelope VoucherEnvelope() {
  ledger::v1::LedgerEvent event;
  ledger::v1::VoucherPosted* voucher = event.mutable_voucher_posted();
  voucher->set_fiscal_year(2021);
  voucher->set_series("A");
  voucher->set_number("17");
  voucher->set_text("Hyra för augusti");
  ledger::v1::Transaction* line = voucher->add_transactions();
  line->set_account("5010");
  line->set_amount_ore(1234567890123);
  eventlog::Envelope envelope;
  envelope.set_event_id("ev-1");
  envelope.set_organisation("0580");
  envelope.set_aggregate_key("voucher/2021/A/17");
  envelope.set_event_type("tertial.ledger.v1.VoucherPosted");
  envelope.set_schema_version(1);
  *envelope.mutable_occurred_at() = TimeUtil::SecondsToTimestamp(1630368000);  // 2021-08-31
  envelope.set_actor("controller@linkoping");
  envelope.set_correlation_id("import-9");
  envelope.set_payload(event.SerializeAsString());
  return envelope;
}

json::Value Parsed(const std::string& text) {
  absl::StatusOr<json::Value> value = json::Parse(text, "test");
  EXPECT_TRUE(value.ok()) << value.status() << "\n" << text;
  return value.ok() ? *value : json::Value();
}

std::string Text(const json::Value& object, std::string_view key) {
  const json::Value* found = object.Find(key);
  return found == nullptr ? "<absent>" : found->text;
}

TEST(Catalogue, ListsEveryTopicWithItsEventTypes) {
  std::set<std::string> topics;
  for (const TopicContract& topic : Catalogue()) {
    topics.insert(topic.topic);
    EXPECT_EQ(topic.public_topic, "tertial.public." + topic.context + ".v1");
    ASSERT_NE(topic.payload, nullptr);
    const google::protobuf::OneofDescriptor* cases = topic.payload->FindOneofByName("event");
    ASSERT_NE(cases, nullptr) << topic.topic;
    EXPECT_EQ(topic.events.size(), static_cast<size_t>(cases->field_count())) << topic.topic;
    for (const google::protobuf::Descriptor* event : topic.events) {
      EXPECT_NE(EventCase(topic, event->full_name()), nullptr) << event->full_name();
    }
  }
  EXPECT_EQ(topics,
            (std::set<std::string>{"tertial.ledger.v1", "tertial.forecast.v1", "tertial.goals.v1",
                                   "tertial.reporting.v1", "tertial.admin.v1"}));
  EXPECT_EQ(FindTopic("tertial.unknown.v1"), nullptr);
  EXPECT_EQ(EventCase(Ledger(), "tertial.forecast.v1.ForecastPublished"), nullptr);
}

TEST(PublicEvent, IsACloudEventWithTheEventInProtobufsJsonMapping) {
  eventlog::Envelope envelope = VoucherEnvelope();
  absl::StatusOr<std::string> text = PublicEventJson(Ledger(), envelope);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(text->find('\n'), std::string::npos) << "one line per event";
  json::Value event = Parsed(*text);
  EXPECT_EQ(Text(event, "specversion"), "1.0");
  EXPECT_EQ(Text(event, "id"), envelope.event_id());
  EXPECT_EQ(Text(event, "source"), "/tertial/ledger/0580");
  EXPECT_EQ(Text(event, "type"), envelope.event_type());
  EXPECT_EQ(Text(event, "subject"), envelope.aggregate_key());
  EXPECT_EQ(Text(event, "time"), "2021-08-31T00:00:00Z");
  EXPECT_EQ(Text(event, "datacontenttype"), "application/json");
  EXPECT_EQ(Text(event, "organisation"), "0580");
  EXPECT_EQ(Text(event, "actor"), envelope.actor());
  EXPECT_EQ(Text(event, "correlationid"), envelope.correlation_id());
  EXPECT_EQ(event.Find("causationid"), nullptr) << "empty attributes are left out";
  EXPECT_EQ(event.Find("recordedat"), nullptr);
  EXPECT_EQ(Text(event, "schemaversion"), "1");

  const json::Value* data = event.Find("data");
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(Text(*data, "series"), "A");
  EXPECT_EQ(Text(*data, "text"), "Hyra för augusti");
  EXPECT_EQ(Text(*data, "fiscal_year"), "2021") << "proto field names, not lowerCamelCase";
  EXPECT_EQ(Text(*data, "number_repeated"), "") << "defaults are printed";
  ASSERT_NE(data->Find("number_repeated"), nullptr);
  EXPECT_EQ(data->Find("number_repeated")->type, json::Type::kBool);
  const json::Value* lines = data->Find("transactions");
  ASSERT_NE(lines, nullptr);
  ASSERT_EQ(lines->items.size(), 1u);
  const json::Value* amount = lines->items[0].Find("amount_ore");
  ASSERT_NE(amount, nullptr);
  EXPECT_EQ(amount->type, json::Type::kString) << "64-bit integers are strings";
  EXPECT_EQ(amount->text, "1234567890123");
  EXPECT_EQ(Text(lines->items[0], "kind"),
            ledger::v1::TransactionKind_Name(ledger::v1::TransactionKind(0)))
      << "enums by name, the default too";
}

TEST(PublicEvent, KeepsTheBytesOfAnEventTypeThisBuildDoesNotKnow) {
  eventlog::Envelope envelope = VoucherEnvelope();
  envelope.set_event_type("tertial.ledger.v1.SomethingNewer");
  ledger::v1::LedgerEvent newer;
  newer.GetReflection()->MutableUnknownFields(&newer)->AddLengthDelimited(99, "future");
  envelope.set_payload(newer.SerializeAsString());
  absl::StatusOr<std::string> text = PublicEventJson(Ledger(), envelope);
  ASSERT_TRUE(text.ok()) << text.status();
  json::Value event = Parsed(*text);
  EXPECT_EQ(event.Find("data"), nullptr);
  EXPECT_EQ(Text(event, "datacontenttype"), "application/protobuf");
  std::string bytes;
  ASSERT_TRUE(absl::Base64Unescape(Text(event, "data_base64"), &bytes));
  EXPECT_EQ(bytes, envelope.payload());
}

TEST(PublicEvent, RefusesAPayloadThatIsNotItsType) {
  eventlog::Envelope envelope = VoucherEnvelope();
  envelope.set_event_type("tertial.ledger.v1.UnitDefined");
  absl::StatusOr<std::string> text = PublicEventJson(Ledger(), envelope);
  EXPECT_EQ(text.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(text.status().message().find("VoucherPosted"), std::string::npos) << text.status();

  envelope = VoucherEnvelope();
  envelope.set_payload("\xff\xff not protobuf");
  text = PublicEventJson(Ledger(), envelope);
  EXPECT_EQ(text.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(text.status().message().find("not a tertial.ledger.v1.LedgerEvent"), std::string::npos)
      << text.status();
}

// What the schema says of VoucherPosted follows from its descriptor; python's jsonschema
// checks real events against every schema (tests/contract).
TEST(JsonSchema, DescribesTheEventFromItsDescriptor) {
  const google::protobuf::Descriptor* voucher = ledger::v1::VoucherPosted::descriptor();
  EXPECT_EQ(SchemaFileName(voucher), "tertial.ledger.v1.VoucherPosted.schema.json");
  json::Value schema = Parsed(PublicEventSchema(Ledger(), voucher));
  EXPECT_EQ(Text(schema, "$schema"), kJsonSchemaDialect);
  const json::Value* properties = schema.Find("properties");
  ASSERT_NE(properties, nullptr);
  EXPECT_EQ(Text(*properties->Find("type"), "const"), voucher->full_name());
  EXPECT_EQ(Text(*properties->Find("data"), "$ref"), "#/$defs/tertial.ledger.v1.VoucherPosted");

  const json::Value* defs = schema.Find("$defs");
  ASSERT_NE(defs, nullptr);
  const json::Value* message = defs->Find("tertial.ledger.v1.VoucherPosted");
  ASSERT_NE(message, nullptr);
  std::set<std::string> required;
  for (const json::Value& name : message->Find("required")->items) required.insert(name.text);
  std::set<std::string> fields;
  for (const auto& [name, field] : message->Find("properties")->fields) fields.insert(name);
  EXPECT_EQ(fields.size(), static_cast<size_t>(voucher->field_count()));
  for (int i = 0; i < voucher->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = voucher->field(i);
    EXPECT_EQ(required.count(field->name()), field->has_presence() ? 0u : 1u) << field->name();
  }
  EXPECT_NE(defs->Find("tertial.ledger.v1.Transaction"), nullptr) << "nested messages too";
  EXPECT_NE(defs->Find("tertial.common.v1.Date"), nullptr);
  const json::Value* amount =
      defs->Find("tertial.ledger.v1.Transaction")->Find("properties")->Find("amount_ore");
  EXPECT_EQ(Text(*amount, "type"), "string");
}

TEST(JsonSchema, EveryEventOfEveryTopicHasOne) {
  for (const TopicContract& topic : Catalogue()) {
    for (const google::protobuf::Descriptor* event : topic.events) {
      json::Value schema = Parsed(PublicEventSchema(topic, event));
      EXPECT_EQ(Text(schema, "title"), event->full_name());
      ASSERT_NE(schema.Find("$defs"), nullptr);
      EXPECT_NE(schema.Find("$defs")->Find(event->full_name()), nullptr);
    }
  }
}

TEST(Catalogue, AsJsonNamesEachEventsSchemaFile) {
  json::Value catalogue = Parsed(CatalogueJson());
  const json::Value* topics = catalogue.Find("topics");
  ASSERT_NE(topics, nullptr);
  ASSERT_EQ(topics->items.size(), Catalogue().size());
  for (size_t i = 0; i < Catalogue().size(); ++i) {
    const TopicContract& topic = Catalogue()[i];
    const json::Value& entry = topics->items[i];
    EXPECT_EQ(Text(entry, "topic"), topic.topic);
    EXPECT_EQ(Text(entry, "public_topic"), topic.public_topic);
    EXPECT_EQ(Text(entry, "payload"), topic.payload->full_name());
    ASSERT_EQ(entry.Find("events")->items.size(), topic.events.size());
    for (size_t e = 0; e < topic.events.size(); ++e) {
      EXPECT_EQ(Text(entry.Find("events")->items[e], "schema"), SchemaFileName(topic.events[e]));
    }
  }
}

// The set must stand on its own: a fresh pool builds every file in the order given.
TEST(Catalogue, DescriptorSetBuildsAPoolWithEveryPayload) {
  google::protobuf::FileDescriptorSet set;
  ASSERT_TRUE(set.ParseFromString(DescriptorSet()));
  google::protobuf::DescriptorPool pool;
  for (const google::protobuf::FileDescriptorProto& file : set.file()) {
    ASSERT_NE(pool.BuildFile(file), nullptr) << file.name() << " before its imports";
  }
  EXPECT_NE(pool.FindMessageTypeByName("tertial.eventlog.v1.Envelope"), nullptr);
  for (const TopicContract& topic : Catalogue()) {
    EXPECT_NE(pool.FindMessageTypeByName(topic.payload->full_name()), nullptr) << topic.topic;
  }
}

}  // namespace
}  // namespace tertial::contract
