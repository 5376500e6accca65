#ifndef TERTIAL_CONTRACT_PUBLIC_EVENT_H_
#define TERTIAL_CONTRACT_PUBLIC_EVENT_H_

// The public form of a committed event, for systems outside tertial: a CloudEvents 1.0
// event in its structured JSON form (one object, one line), so that any JSON tool reads it
// without tertial's envelope, payload typing or commit protocol. docs/events.md, "Reading
// tertial from outside", describes it for consumers; json_schema.h writes its schema.
//
//   {"specversion":"1.0","id":<event_id>,"source":"/tertial/<context>/<organisation>",
//    "type":<event_type>,"subject":<aggregate_key>,"time":<occurred_at, RFC 3339>,
//    "datacontenttype":"application/json","organisation":...,"actor":...,
//    "correlationid":...,"causationid":...,"recordedat":...,"schemaversion":<n>,
//    "data":<the event message in protobuf's JSON mapping>}
//
// `data` uses the proto field names (snake_case, as docs/events.md writes them) and prints
// every scalar field, defaults too (0, "", false, [] are present, never left out); 64-bit
// integers are strings, enums their names, timestamps RFC 3339 (protobuf's JSON mapping).
// Attributes whose envelope field is empty (subject, time, causationid, ...) are left out.
// An event type this build does not know (a newer producer's) keeps its payload as it is:
// "data_base64" (the serialized <Context>Event) with datacontenttype "application/protobuf".

#include <string>

#include "absl/status/statusor.h"
#include "tertial/contract/catalogue.h"
#include "tertial/eventlog/event_log.h"

namespace tertial::contract {

inline constexpr std::string_view kSpecVersion = "1.0";

// `envelope`, read from `topic`, in its public form. INVALID_ARGUMENT when the payload does
// not parse as the topic's <Context>Event or its case is not the envelope's event_type.
absl::StatusOr<std::string> PublicEventJson(const TopicContract& topic,
                                            const eventlog::Envelope& envelope);

}  // namespace tertial::contract

#endif  // TERTIAL_CONTRACT_PUBLIC_EVENT_H_
