#include "tertial/contract/catalogue.h"

#include <google/protobuf/descriptor.pb.h>

#include <set>

#include "tertial/admin/v1/events.pb.h"
#include "tertial/base/strings.h"
#include "tertial/contract/json_schema.h"
#include "tertial/eventlog/event_log.h"
#include "tertial/forecast/v1/events.pb.h"
#include "tertial/goals/v1/events.pb.h"
#include "tertial/json/json.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/reporting/v1/events.pb.h"

namespace tertial::contract {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;
using google::protobuf::OneofDescriptor;

TopicContract Entry(std::string_view topic, std::string_view context, std::string_view key,
                    const Descriptor* payload) {
  TopicContract entry{.topic = std::string(topic),
                      .public_topic = StrCat("tertial.public.", context, ".v1"),
                      .context = std::string(context),
                      .key = std::string(key),
                      .payload = payload};
  const OneofDescriptor* cases = payload->FindOneofByName("event");
  for (int i = 0; cases != nullptr && i < cases->field_count(); ++i) {
    entry.events.push_back(cases->field(i)->message_type());
  }
  return entry;
}

// Adds `file` to `out` after everything it imports, once.
void AddWithImports(const FileDescriptor* file, std::set<const FileDescriptor*>* added,
                    google::protobuf::FileDescriptorSet* out) {
  if (!added->insert(file).second) return;
  for (int i = 0; i < file->dependency_count(); ++i) {
    AddWithImports(file->dependency(i), added, out);
  }
  file->CopyTo(out->add_file());
}

}  // namespace

const std::vector<TopicContract>& Catalogue() {
  static const std::vector<TopicContract>* const catalogue = [] {
    constexpr std::string_view kOrganisation = "the organisation's kommunkod";
    return new std::vector<TopicContract>{
        Entry(eventlog::kLedgerTopic, "ledger", kOrganisation,
              ledger::v1::LedgerEvent::descriptor()),
        Entry(eventlog::kForecastTopic, "forecast", kOrganisation,
              forecast::v1::ForecastEvent::descriptor()),
        Entry(eventlog::kGoalsTopic, "goals", kOrganisation, goals::v1::GoalsEvent::descriptor()),
        Entry(eventlog::kReportingTopic, "reporting", kOrganisation,
              reporting::v1::ReportingEvent::descriptor()),
        Entry(eventlog::kAdminTopic, "admin", "quarantine", admin::v1::AdminEvent::descriptor()),
    };
  }();
  return *catalogue;
}

const TopicContract* FindTopic(std::string_view topic) {
  for (const TopicContract& entry : Catalogue()) {
    if (entry.topic == topic) return &entry;
  }
  return nullptr;
}

const FieldDescriptor* EventCase(const TopicContract& topic, std::string_view event_type) {
  const OneofDescriptor* cases = topic.payload->FindOneofByName("event");
  for (int i = 0; cases != nullptr && i < cases->field_count(); ++i) {
    if (cases->field(i)->message_type()->full_name() == event_type) return cases->field(i);
  }
  return nullptr;
}

std::string CatalogueJson() {
  std::string text;
  json::Writer out(&text);
  out.BeginObject();
  out.Key("topics");
  out.BeginArray();
  for (const TopicContract& topic : Catalogue()) {
    out.BeginObject();
    out.Key("topic");
    out.String(topic.topic);
    out.Key("public_topic");
    out.String(topic.public_topic);
    out.Key("key");
    out.String(topic.key);
    out.Key("payload");
    out.String(topic.payload->full_name());
    out.Key("events");
    out.BeginArray();
    for (const Descriptor* event : topic.events) {
      out.BeginObject();
      out.Key("type");
      out.String(event->full_name());
      out.Key("schema");
      out.String(SchemaFileName(event));
      out.EndObject();
    }
    out.EndArray();
    out.EndObject();
  }
  out.EndArray();
  out.EndObject();
  return text;
}

std::string DescriptorSet() {
  google::protobuf::FileDescriptorSet set;
  std::set<const FileDescriptor*> added;
  AddWithImports(eventlog::Envelope::descriptor()->file(), &added, &set);
  for (const TopicContract& topic : Catalogue()) {
    AddWithImports(topic.payload->file(), &added, &set);
  }
  return set.SerializeAsString();
}

}  // namespace tertial::contract
