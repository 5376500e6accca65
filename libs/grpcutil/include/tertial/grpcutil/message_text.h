#ifndef TERTIAL_GRPCUTIL_MESSAGE_TEXT_H_
#define TERTIAL_GRPCUTIL_MESSAGE_TEXT_H_

// The command boundary's text check (tertial/base/text.h) over a whole message: every
// string field, in nested messages and lists too, against the kind its proto options give
// it ([(tertial.common.v1.text) = TEXT_KIND_PARAGRAPH]; a line by default) and the
// process's limits. Every handler runs it on its request first, before it reads it; an
// import runs it on the events it built from a file.

#include "absl/status/status.h"
#include "google/protobuf/message.h"
#include "tertial/base/text.h"

namespace tertial::grpcutil {

// INVALID_ARGUMENT naming the field's path in the request, e.g.
//   "adjustments[2].reason: 12000 characters, more than the 10000 a paragraph of text may
//    hold (--max-paragraph-chars, TERTIAL_MAX_PARAGRAPH_CHARS)"
absl::Status CheckMessageText(const google::protobuf::Message& message, const text::Limits& limits);
absl::Status CheckMessageText(const google::protobuf::Message& message);

// The kind of a string field: its (tertial.common.v1.text) option, else a line.
text::Kind TextKindOf(const google::protobuf::FieldDescriptor& field);

}  // namespace tertial::grpcutil

#endif  // TERTIAL_GRPCUTIL_MESSAGE_TEXT_H_
