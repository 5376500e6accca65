#include "tertial/grpcutil/message_text.h"

#include <string>
#include <vector>

#include "tertial/base/strings.h"
#include "tertial/common/v1/text.pb.h"

namespace tertial::grpcutil {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

absl::Status CheckFields(const Message& message, const text::Limits& limits,
                         const std::string& prefix, int depth) {
  if (depth > 32) return absl::InvalidArgumentError(StrCat(prefix, ": nested too deep"));
  const Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);  // the fields set, in field-number order
  for (const FieldDescriptor* field : fields) {
    const bool is_string = field->cpp_type() == FieldDescriptor::CPPTYPE_STRING &&
                           field->type() == FieldDescriptor::TYPE_STRING;
    const bool is_message = field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    if (!is_string && !is_message) continue;
    const std::string name = prefix.empty() ? field->name() : StrCat(prefix, ".", field->name());
    const int count = field->is_repeated() ? reflection->FieldSize(message, field) : 1;
    for (int i = 0; i < count; ++i) {
      const std::string path = field->is_repeated() ? StrCat(name, "[", i, "]") : name;
      if (is_string) {
        std::string scratch;
        const std::string& value =
            field->is_repeated()
                ? reflection->GetRepeatedStringReference(message, field, i, &scratch)
                : reflection->GetStringReference(message, field, &scratch);
        if (absl::Status s = text::Check(value, TextKindOf(*field), path, limits); !s.ok()) {
          return s;
        }
      } else {
        const Message& inner = field->is_repeated()
                                   ? reflection->GetRepeatedMessage(message, field, i)
                                   : reflection->GetMessage(message, field);
        if (absl::Status s = CheckFields(inner, limits, path, depth + 1); !s.ok()) return s;
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

text::Kind TextKindOf(const FieldDescriptor& field) {
  const google::protobuf::FieldOptions& options = field.options();
  if (!options.HasExtension(common::v1::text)) return text::Kind::kLine;
  switch (options.GetExtension(common::v1::text)) {
    case common::v1::TEXT_KIND_PARAGRAPH:
      return text::Kind::kParagraph;
    case common::v1::TEXT_KIND_DOCUMENT:
      return text::Kind::kDocument;
    default:
      return text::Kind::kLine;
  }
}

absl::Status CheckMessageText(const Message& request, const text::Limits& limits) {
  return CheckFields(request, limits, "", 0);
}

absl::Status CheckMessageText(const Message& request) {
  return CheckMessageText(request, text::CurrentLimits());
}

}  // namespace tertial::grpcutil
