#include "tertial/contract/json_schema.h"

#include <cstdint>
#include <limits>
#include <map>
#include <vector>

#include "tertial/base/strings.h"
#include "tertial/json/json.h"

namespace tertial::contract {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;

constexpr std::string_view kTimestamp = "google.protobuf.Timestamp";
constexpr std::string_view kDuration = "google.protobuf.Duration";
// What TimeUtil::ToString prints: UTC, 0, 3, 6 or 9 digits of fraction.
constexpr std::string_view kTimestampPattern =
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$";

bool PrintedAsString(const Descriptor* message) {
  return message->full_name() == kTimestamp || message->full_name() == kDuration;
}

void TypeIs(json::Writer& out, std::string_view type) {
  out.Key("type");
  out.String(type);
}

void Timestamp(json::Writer& out) {
  out.BeginObject();
  TypeIs(out, "string");
  out.Key("pattern");
  out.String(kTimestampPattern);
  out.EndObject();
}

void IntegerRange(json::Writer& out, int64_t low, int64_t high) {
  out.BeginObject();
  TypeIs(out, "integer");
  out.Key("minimum");
  out.Int(low);
  out.Key("maximum");
  out.Int(high);
  out.EndObject();
}

void DigitString(json::Writer& out, bool signed_digits) {
  out.BeginObject();
  TypeIs(out, "string");
  out.Key("pattern");
  out.String(signed_digits ? "^-?[0-9]+$" : "^[0-9]+$");
  out.EndObject();
}

void Enum(json::Writer& out, const EnumDescriptor* type) {
  out.BeginObject();
  out.Key("anyOf");
  out.BeginArray();
  out.BeginObject();
  out.Key("enum");
  out.BeginArray();
  for (int i = 0; i < type->value_count(); ++i) out.String(type->value(i)->name());
  out.EndArray();
  out.EndObject();
  out.BeginObject();
  TypeIs(out, "integer");  // a value added by a newer producer prints as its number
  out.EndObject();
  out.EndArray();
  out.EndObject();
}

// The schema of one value of `field` (an element, for a repeated one).
void ValueSchema(json::Writer& out, const FieldDescriptor* field) {
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return IntegerRange(out, std::numeric_limits<int32_t>::min(),
                          std::numeric_limits<int32_t>::max());
    case FieldDescriptor::CPPTYPE_UINT32:
      return IntegerRange(out, 0, std::numeric_limits<uint32_t>::max());
    case FieldDescriptor::CPPTYPE_INT64:
      return DigitString(out, true);
    case FieldDescriptor::CPPTYPE_UINT64:
      return DigitString(out, false);
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
      out.BeginObject();
      out.Key("anyOf");
      out.BeginArray();
      out.BeginObject();
      TypeIs(out, "number");
      out.EndObject();
      out.BeginObject();
      out.Key("enum");
      out.BeginArray();
      for (std::string_view special : {"NaN", "Infinity", "-Infinity"}) out.String(special);
      out.EndArray();
      out.EndObject();
      out.EndArray();
      out.EndObject();
      return;
    case FieldDescriptor::CPPTYPE_BOOL:
      out.BeginObject();
      TypeIs(out, "boolean");
      out.EndObject();
      return;
    case FieldDescriptor::CPPTYPE_STRING:
      out.BeginObject();
      TypeIs(out, "string");
      if (field->type() == FieldDescriptor::TYPE_BYTES) {
        out.Key("contentEncoding");
        out.String("base64");
      }
      out.EndObject();
      return;
    case FieldDescriptor::CPPTYPE_ENUM:
      return Enum(out, field->enum_type());
    case FieldDescriptor::CPPTYPE_MESSAGE:
      if (field->message_type()->full_name() == kTimestamp) return Timestamp(out);
      if (field->message_type()->full_name() == kDuration) {
        out.BeginObject();
        TypeIs(out, "string");
        out.Key("pattern");
        out.String("^-?[0-9]+(\\.[0-9]+)?s$");
        out.EndObject();
        return;
      }
      out.BeginObject();
      out.Key("$ref");
      out.String(StrCat("#/$defs/", field->message_type()->full_name()));
      out.EndObject();
      return;
  }
}

void FieldSchema(json::Writer& out, const FieldDescriptor* field) {
  if (field->is_map()) {
    out.BeginObject();
    TypeIs(out, "object");
    out.Key("additionalProperties");
    ValueSchema(out, field->message_type()->map_value());
    out.EndObject();
  } else if (field->is_repeated()) {
    out.BeginObject();
    TypeIs(out, "array");
    out.Key("items");
    ValueSchema(out, field);
    out.EndObject();
  } else {
    ValueSchema(out, field);
  }
}

// Every message `root` refers to (itself included), but map entries and the types printed
// as strings, by full name.
void Collect(const Descriptor* message, std::map<std::string, const Descriptor*>* found) {
  if (PrintedAsString(message) || !found->emplace(message->full_name(), message).second) return;
  for (int i = 0; i < message->field_count(); ++i) {
    const FieldDescriptor* field = message->field(i);
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (field->is_map()) {
      const FieldDescriptor* value = field->message_type()->map_value();
      if (value->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        Collect(value->message_type(), found);
      }
      continue;
    }
    Collect(field->message_type(), found);
  }
}

void MessageSchema(json::Writer& out, const Descriptor* message) {
  out.BeginObject();
  TypeIs(out, "object");
  out.Key("properties");
  out.BeginObject();
  std::vector<std::string> required;
  for (int i = 0; i < message->field_count(); ++i) {
    const FieldDescriptor* field = message->field(i);
    out.Key(field->name());
    FieldSchema(out, field);
    if (!field->has_presence()) required.push_back(field->name());
  }
  out.EndObject();
  out.Key("required");
  out.BeginArray();
  for (const std::string& name : required) out.String(name);
  out.EndArray();
  out.Key("additionalProperties");
  out.Bool(false);
  out.EndObject();
}

void StringProperty(json::Writer& out, std::string_view name) {
  out.Key(name);
  out.BeginObject();
  TypeIs(out, "string");
  out.Key("minLength");
  out.Int(1);
  out.EndObject();
}

void ConstProperty(json::Writer& out, std::string_view name, std::string_view value) {
  out.Key(name);
  out.BeginObject();
  out.Key("const");
  out.String(value);
  out.EndObject();
}

}  // namespace

std::string SchemaFileName(const Descriptor* event) {
  return StrCat(event->full_name(), ".schema.json");
}

std::string PublicEventSchema(const TopicContract& topic, const Descriptor* event) {
  std::string text;
  json::Writer out(&text);
  out.BeginObject();
  out.Key("$schema");
  out.String(kJsonSchemaDialect);
  out.Key("$id");
  out.String(SchemaFileName(event));
  out.Key("title");
  out.String(event->full_name());
  out.Key("description");
  out.String(StrCat("A committed ", event->name(), " of ", topic.topic, " in its public form ",
                    "(CloudEvents 1.0, structured JSON), as published on ", topic.public_topic,
                    " and printed by `tertial log events`."));
  TypeIs(out, "object");

  out.Key("properties");
  out.BeginObject();
  ConstProperty(out, "specversion", "1.0");
  StringProperty(out, "id");
  out.Key("source");
  out.BeginObject();
  TypeIs(out, "string");
  out.Key("pattern");
  out.String(StrCat("^/tertial/", topic.context, "(/[^/]+)?$"));
  out.EndObject();
  ConstProperty(out, "type", event->full_name());
  StringProperty(out, "subject");
  out.Key("time");
  Timestamp(out);
  ConstProperty(out, "datacontenttype", "application/json");
  for (std::string_view name : {"organisation", "actor", "correlationid", "causationid"}) {
    StringProperty(out, name);
  }
  out.Key("recordedat");
  Timestamp(out);
  out.Key("schemaversion");
  IntegerRange(out, 0, std::numeric_limits<uint32_t>::max());
  out.Key("data");
  out.BeginObject();
  out.Key("$ref");
  out.String(StrCat("#/$defs/", event->full_name()));
  out.EndObject();
  out.EndObject();

  out.Key("required");
  out.BeginArray();
  for (std::string_view name :
       {"specversion", "id", "source", "type", "datacontenttype", "schemaversion", "data"}) {
    out.String(name);
  }
  out.EndArray();
  out.Key("additionalProperties");
  out.Bool(false);

  std::map<std::string, const Descriptor*> messages;
  Collect(event, &messages);
  out.Key("$defs");
  out.BeginObject();
  for (const auto& [name, message] : messages) {
    out.Key(name);
    MessageSchema(out, message);
  }
  out.EndObject();
  out.EndObject();
  return text;
}

}  // namespace tertial::contract
