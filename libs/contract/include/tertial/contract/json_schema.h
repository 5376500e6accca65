#ifndef TERTIAL_CONTRACT_JSON_SCHEMA_H_
#define TERTIAL_CONTRACT_JSON_SCHEMA_H_

// JSON Schemas (draft 2020-12) of the public form (public_event.h), made from the protos'
// descriptors so that they cannot drift from what is published: one per event type, each
// the whole CloudEvent with its `data` typed as the event message. The mapping is
// protobuf's JSON mapping as public_event.h prints it:
//   int32, uint32 (and the fixed and zigzag kinds) -> integer within their range
//   int64, uint64 (and kinds)                      -> string of digits
//   float, double                                  -> number, or "NaN", "Infinity", "-Infinity"
//   bool -> boolean; string -> string; bytes -> base64 string
//   enum            -> its value names (or an integer, for a value this build does not know)
//   message         -> object, fields by proto name, nothing else allowed
//   repeated, map   -> array, object keyed by strings
//   google.protobuf.Timestamp -> RFC 3339 string
// Every field without presence (scalars, enums, repeated, maps) is required, as the printer
// prints it; message fields, oneof cases and `optional` scalars may be absent.

#include <google/protobuf/descriptor.h>

#include <string>

#include "tertial/contract/catalogue.h"

namespace tertial::contract {

inline constexpr std::string_view kJsonSchemaDialect =
    "https://json-schema.org/draft/2020-12/schema";

// The schema of `event` (one of topic.events) in its public form, as a JSON document.
std::string PublicEventSchema(const TopicContract& topic,
                              const google::protobuf::Descriptor* event);

// The file name `tertial log schema` gives that schema: "<event type>.schema.json".
std::string SchemaFileName(const google::protobuf::Descriptor* event);

}  // namespace tertial::contract

#endif  // TERTIAL_CONTRACT_JSON_SCHEMA_H_
