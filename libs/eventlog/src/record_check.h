#ifndef TERTIAL_EVENTLOG_RECORD_CHECK_H_
#define TERTIAL_EVENTLOG_RECORD_CHECK_H_

#include <string>
#include <string_view>

#include "google/protobuf/descriptor.h"

namespace tertial::eventlog::internal {

// Why `data` would not parse as a serialized `type`: the first string field that is not
// UTF-8, as a path of field names with the bad byte ("unit_defined.name (byte \x94 at
// offset 1) is not valid UTF-8"), or "the bytes are not a <type>"; "" if it would parse.
std::string FindBadText(std::string_view data, const google::protobuf::Descriptor* type);

}  // namespace tertial::eventlog::internal

#endif  // TERTIAL_EVENTLOG_RECORD_CHECK_H_
