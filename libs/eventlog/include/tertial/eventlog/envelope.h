#ifndef TERTIAL_EVENTLOG_ENVELOPE_H_
#define TERTIAL_EVENTLOG_ENVELOPE_H_

// Wrapping a context's event into an Envelope and back (see envelope.proto for the
// payload typing decision: one `<Context>Event` message per topic with a oneof `event`).

#include <string>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "tertial/eventlog/event_log.h"

namespace tertial::eventlog {

// Who and what caused the events of one command or import.
struct EventContext {
  std::string organisation;    // kommunkod
  std::string actor;           // the user (or "system:<service>")
  std::string correlation_id;  // one per command/import; random if empty
  std::string causation_id;    // the event or command that caused these
  // When it happened in the domain, in seconds since the epoch; 0: now.
  int64_t occurred_at_seconds = 0;
};

// Wraps `event` (a <Context>Event whose oneof `event` has one case set). event_type is the
// full name of that case's message, e.g. "tertial.ledger.v1.VoucherPosted". `event_id`
// empty: a random UUID. Fails if no case is set.
absl::StatusOr<Envelope> Wrap(const google::protobuf::Message& event, std::string aggregate_key,
                              const EventContext& context, std::string event_id = "");

// Parses the envelope's payload into `event`.
absl::Status Unwrap(const Envelope& envelope, google::protobuf::Message* event);

}  // namespace tertial::eventlog

#endif  // TERTIAL_EVENTLOG_ENVELOPE_H_
