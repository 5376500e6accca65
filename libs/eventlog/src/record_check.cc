// CheckAppendable: a record that would not read back is refused before it is written, on
// both logs (BatchWriter::Add). proto3 refuses to parse a string field that is not UTF-8,
// so one such byte in a committed event would stop every projection of its topic.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/message.h>
#include <google/protobuf/wire_format_lite.h>

#include <map>
#include <memory>
#include <mutex>

#include "record_check.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"
#include "tertial/eventlog/event_log.h"

namespace tertial::eventlog {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;
using google::protobuf::Message;
using google::protobuf::internal::WireFormatLite;

// The message with a oneof `event` in `file` that has a case of type `event_type` (any
// case when `event_type` is null).
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

std::string FindBadTextAt(std::string_view data, const Descriptor* type, int depth) {
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(data.data()),
                                            static_cast<int>(data.size()));
  for (;;) {
    uint32_t tag = in.ReadTag();
    if (tag == 0) return "";
    const FieldDescriptor* field = type->FindFieldByNumber(WireFormatLite::GetTagFieldNumber(tag));
    if (field == nullptr ||
        WireFormatLite::GetTagWireType(tag) != WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
      if (!WireFormatLite::SkipField(&in, tag)) return "";
      continue;
    }
    uint32_t length = 0;
    std::string bytes;
    if (!in.ReadVarint32(&length) || !in.ReadString(&bytes, static_cast<int>(length))) return "";
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      if (size_t bad = FirstInvalidUtf8(bytes); bad != std::string_view::npos) {
        return StrCat(field->name(), " (byte ", Utf8CharAt(bytes, bad), " at offset ", bad, ")");
      }
    } else if (field->type() == FieldDescriptor::TYPE_MESSAGE && depth < 100) {
      std::string inner = FindBadTextAt(bytes, field->message_type(), depth + 1);
      if (!inner.empty()) return StrCat(field->name(), ".", inner);
    }
  }
}

// Whether `payload` parses as `type`. One message per type and thread, parsed into again
// and again, so that a check costs a parse and no allocation.
bool Parses(const Descriptor* type, const std::string& payload) {
  thread_local std::map<const Descriptor*, std::unique_ptr<Message>> scratch;
  std::unique_ptr<Message>& message = scratch[type];
  if (message == nullptr) {
    const Message* prototype =
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
    if (prototype == nullptr) return true;  // not generated here: cannot tell
    message.reset(prototype->New());
  }
  return message->ParseFromString(payload);
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
  if (context_event == nullptr || Parses(context_event, envelope.payload())) return "";
  std::string bad = internal::FindBadText(envelope.payload(), context_event);
  return bad.empty() ? StrCat("the payload does not parse as ", context_event->full_name())
                     : StrCat("payload field ", bad, " is not valid UTF-8");
}

absl::Status CheckAppendable(std::string_view topic, const Envelope& envelope) {
  std::string problem = ReadBackProblem(topic, envelope);
  if (problem.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(StrCat(
      "refusing to append ", ValidUtf8(envelope.event_type()), " (",
      ValidUtf8(envelope.aggregate_key()), ") to ", ValidUtf8(topic),
      ": it would not read back: ", problem,
      "; every text of an event must be UTF-8 (a bug of the writer: please report it)"));
}

absl::Status BatchWriter::Add(const Envelope& envelope) {
  if (absl::Status s = CheckAppendable(topic_, envelope); !s.ok()) return s;
  return AddChecked(envelope);
}

namespace internal {

std::string FindBadText(std::string_view data, const google::protobuf::Descriptor* type) {
  return FindBadTextAt(data, type, 0);
}

}  // namespace internal

namespace testing {

absl::Status AddWithoutCheck(BatchWriter& writer, const Envelope& envelope) {
  return writer.AddChecked(envelope);
}

}  // namespace testing
}  // namespace tertial::eventlog
