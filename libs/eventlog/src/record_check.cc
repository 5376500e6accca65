// CheckAppendable: a record that would not read back is refused before it is written, on
// both logs (BatchWriter::Add). proto3 refuses to parse a string field that is not UTF-8,
// so one such byte in a committed event would stop every projection of its topic.

#include "record_check.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/wire_format_lite.h>

#include <map>
#include <mutex>

#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"
#include "tertial/eventlog/event_log.h"

namespace tertial::eventlog {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;
using google::protobuf::internal::WireFormatLite;

// The message with a oneof `event` in `file` that has a case of type `event_type`.
const Descriptor* ContextEventIn(const FileDescriptor* file, const Descriptor* event_type) {
  if (file == nullptr) return nullptr;
  for (int i = 0; i < file->message_type_count(); ++i) {
    const Descriptor* candidate = file->message_type(i);
    const google::protobuf::OneofDescriptor* oneof = candidate->FindOneofByName("event");
    if (oneof == nullptr) continue;
    for (int f = 0; f < oneof->field_count(); ++f) {
      if (oneof->field(f)->message_type() == event_type) return candidate;
    }
  }
  return nullptr;
}

// The <Context>Event a payload of `event_type` on `topic` is, if this process knows it:
// the topic's events.proto ("tertial.ledger.v1" -> tertial/ledger/v1/events.proto, the
// layout docs/conventions.md asks for), else the file that defines `event_type`.
const Descriptor* ContextEvent(std::string_view topic, std::string_view event_type) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, std::string>, const Descriptor*> cache;
  std::lock_guard<std::mutex> guard(mutex);
  auto key = std::make_pair(std::string(topic), std::string(event_type));
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  const DescriptorPool* pool = DescriptorPool::generated_pool();
  const Descriptor* type = pool->FindMessageTypeByName(key.second);
  const Descriptor* found = nullptr;
  if (type != nullptr) {
    std::string file = key.first;
    for (char& c : file) c = c == '.' ? '/' : c;
    found = ContextEventIn(pool->FindFileByName(file + "/events.proto"), type);
    if (found == nullptr) found = ContextEventIn(type->file(), type);
  }
  cache.emplace(std::move(key), found);
  return found;
}

// Reads the varint at data[*at], moving *at past it; false if it is cut or too long.
bool ReadVarint(std::string_view data, size_t* at, uint64_t* value) {
  *value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (*at >= data.size()) return false;
    const auto byte = static_cast<unsigned char>(data[(*at)++]);
    *value |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

// Walks `data` as a serialized `type` without copying it: the wire format must be whole,
// and every string field this process knows must be UTF-8 (what proto3's parser demands;
// a serializer writes nothing else that it would refuse). "" if it would read back, else
// what is wrong: "unit_defined.name (byte \\x94 at offset 1) is not valid UTF-8", or
// "the bytes are not a <type>" for wire format that is cut or invalid.
std::string WalkPayload(std::string_view data, const Descriptor* type, int depth) {
  auto malformed = [&] { return StrCat("the bytes are not a ", type->full_name()); };
  if (depth > 100) return malformed();
  for (size_t at = 0; at < data.size();) {
    uint64_t tag = 0;
    if (!ReadVarint(data, &at, &tag) || (tag >> 3) == 0 || (tag >> 3) > 0x1FFFFFFF) {
      return malformed();
    }
    const int wire_type = static_cast<int>(tag & 7);
    uint64_t length = 0;
    switch (wire_type) {
      case WireFormatLite::WIRETYPE_VARINT:
        if (!ReadVarint(data, &at, &length)) return malformed();
        continue;
      case WireFormatLite::WIRETYPE_FIXED64:
        length = 8;
        break;
      case WireFormatLite::WIRETYPE_FIXED32:
        length = 4;
        break;
      case WireFormatLite::WIRETYPE_LENGTH_DELIMITED:
        if (!ReadVarint(data, &at, &length)) return malformed();
        break;
      default:
        return malformed();  // proto3 writes no groups; 6 and 7 do not exist
    }
    if (length > data.size() - at) return malformed();
    const std::string_view value = data.substr(at, length);
    at += length;
    if (wire_type != WireFormatLite::WIRETYPE_LENGTH_DELIMITED) continue;
    const FieldDescriptor* field = type->FindFieldByNumber(static_cast<int>(tag >> 3));
    if (field == nullptr) continue;  // unknown here: readers keep it as it is
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      if (size_t bad = FirstInvalidUtf8(value); bad != std::string_view::npos) {
        return StrCat(field->name(), " (byte ", Utf8CharAt(value, bad), " at offset ", bad,
                      ") is not valid UTF-8");
      }
    } else if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
      std::string inner = WalkPayload(value, field->message_type(), depth + 1);
      if (!inner.empty()) {
        return inner.rfind("the bytes", 0) == 0 ? inner : StrCat(field->name(), ".", inner);
      }
    }
  }
  return "";
}

}  // namespace

std::string ReadBackProblem(std::string_view topic, const Envelope& envelope) {
  const Descriptor* descriptor = Envelope::descriptor();
  const google::protobuf::Reflection* reflection = Envelope::GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->type() != FieldDescriptor::TYPE_STRING || field->is_repeated()) continue;
    std::string scratch;
    const std::string& value = reflection->GetStringReference(envelope, field, &scratch);
    if (size_t bad = FirstInvalidUtf8(value); bad != std::string_view::npos) {
      return StrCat("envelope field ", field->name(), " is not valid UTF-8 (byte ",
                    Utf8CharAt(value, bad), " at offset ", bad, ")");
    }
  }
  const Descriptor* context_event = ContextEvent(topic, envelope.event_type());
  if (context_event == nullptr) return "";
  std::string problem = WalkPayload(envelope.payload(), context_event, 0);
  if (problem.empty()) return "";
  return StrCat(problem.rfind("the bytes", 0) == 0 ? "payload: " : "payload field ", problem);
}

absl::Status CheckAppendable(std::string_view topic, const Envelope& envelope) {
  std::string problem = ReadBackProblem(topic, envelope);
  if (problem.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(StrCat(
      "refusing to append ", ValidUtf8(envelope.event_type()), " (",
      ValidUtf8(envelope.aggregate_key()), ") to ", ValidUtf8(topic), ": it would not read back: ",
      problem, "; every text of an event must be UTF-8 (a bug of the writer: please report it)"));
}

absl::Status BatchWriter::Add(const Envelope& envelope) {
  if (absl::Status s = CheckAppendable(topic_, envelope); !s.ok()) return s;
  return AddChecked(envelope);
}

namespace internal {

std::string FindBadText(std::string_view data, const google::protobuf::Descriptor* type) {
  return WalkPayload(data, type, 0);
}

}  // namespace internal

namespace testing {

absl::Status AddWithoutCheck(BatchWriter& writer, const Envelope& envelope) {
  return writer.AddChecked(envelope);
}

}  // namespace testing
}  // namespace tertial::eventlog
