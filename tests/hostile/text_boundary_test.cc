// Every text field of every command, hostile: for each method of every service a host
// serves (ledger, forecast, goals, reporting, admin) and each string field of its request,
// nested ones included, a request whose only field set is that one, holding
//   - bytes that are not UTF-8,
//   - one character more than its kind may hold,
//   - a control character no kind allows (U+0001),
// gets INVALID_ARGUMENT with a message that says what is wrong (and, but for the bytes
// that protobuf refuses before any handler sees them, which field), and appends nothing:
// the end offset of every partition of every topic is the same before and after.
//
// The table is the services' own descriptors, so a method or field added later is in it.

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "all_services.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "host.h"
#include "in_process.h"
#include "service_table.h"
#include "tertial/base/strings.h"
#include "tertial/base/text.h"
#include "tertial/eventlog/event_log.h"
#include "tertial/grpcutil/message_text.h"
#include "tertial/testing/temp_dir.h"

namespace tertial {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// A string field reached from a request: the fields on the way, outermost first.
using FieldPath = std::vector<const FieldDescriptor*>;

void StringFields(const Descriptor* type, FieldPath& prefix, std::set<const Descriptor*>& on_way,
                  std::vector<FieldPath>* out) {
  if (on_way.count(type) > 0 || prefix.size() > 4) return;
  on_way.insert(type);
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    prefix.push_back(field);
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      out->push_back(prefix);
    } else if (field->type() == FieldDescriptor::TYPE_MESSAGE && !field->is_map()) {
      StringFields(field->message_type(), prefix, on_way, out);
    }
    prefix.pop_back();
  }
  on_way.erase(type);
}

// "adjustments[0].reason", as grpcutil::CheckMessageText names it.
std::string PathName(const FieldPath& path) {
  std::string name;
  for (const FieldDescriptor* field : path) {
    StrAppend(&name, name.empty() ? "" : ".", field->name(), field->is_repeated() ? "[0]" : "");
  }
  return name;
}

// A request of `type` with only the field at `path` set (to `value`), serialized as it is
// (proto3 complains in the log about bytes that are not UTF-8, and writes them anyway).
std::string RequestWith(const Descriptor* type, const FieldPath& path, const std::string& value) {
  std::unique_ptr<Message> request(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(type)->New());
  Message* at = request.get();
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    const FieldDescriptor* field = path[i];
    at = field->is_repeated() ? at->GetReflection()->AddMessage(at, field)
                              : at->GetReflection()->MutableMessage(at, field);
  }
  const FieldDescriptor* last = path.back();
  if (last->is_repeated()) {
    at->GetReflection()->AddString(at, last, value);
  } else {
    at->GetReflection()->SetString(at, last, value);
  }
  return request->SerializeAsString();
}

// Calls `method` with one request message and reads every answer; a generic call works for
// unary and streaming methods alike.
grpc::Status Call(grpc::Channel* channel, const std::string& method, const std::string& bytes) {
  grpc::GenericStub stub(std::shared_ptr<grpc::Channel>(channel, [](grpc::Channel*) {}));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  grpc::CompletionQueue queue;
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call =
      stub.PrepareCall(&context, method, &queue);
  void* tag = nullptr;
  bool ok = false;
  auto wait = [&] { return queue.Next(&tag, &ok) && ok; };
  call->StartCall(reinterpret_cast<void*>(1));
  if (wait()) {
    grpc::Slice slice(bytes);
    grpc::ByteBuffer buffer(&slice, 1);
    call->Write(buffer, reinterpret_cast<void*>(2));
    if (wait()) {
      call->WritesDone(reinterpret_cast<void*>(3));
      wait();
    }
    grpc::ByteBuffer answer;
    for (;;) {
      call->Read(&answer, reinterpret_cast<void*>(4));
      if (!wait()) break;
    }
  }
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(5));
  queue.Next(&tag, &ok);
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  return status;
}

// The end offset of every partition of every topic: what an append would move.
std::map<std::pair<std::string, int>, int64_t> Ends(eventlog::EventLog& log) {
  std::map<std::pair<std::string, int>, int64_t> ends;
  std::vector<std::string_view> topics = {eventlog::kAdminTopic};
  for (const host::ServiceRow& row : host::kServiceTable) topics.push_back(row.topic);
  for (std::string_view topic : topics) {
    absl::StatusOr<int> partitions = log.Partitions(topic);
    EXPECT_TRUE(partitions.ok()) << partitions.status();
    for (int p = 0; partitions.ok() && p < *partitions; ++p) {
      ends[{std::string(topic), p}] = *log.EndOffset(topic, p);
    }
  }
  return ends;
}

class TextBoundary : public ::testing::Test {
 protected:
  void SetUp() override {
    auto in_process =
        host::InProcess::Start({.data_dir = dir_.Sub("data"), .services = host::AllServiceSpecs()});
    ASSERT_TRUE(in_process.ok()) << in_process.status();
    in_process_ = std::move(*in_process);
  }

  tertial::testing::TempDir dir_;
  std::unique_ptr<host::InProcess> in_process_;
};

TEST_F(TextBoundary, EveryTextFieldOfEveryCommandRefusesHostileTextAndAppendsNothing) {
  const text::Limits limits = text::CurrentLimits();
  int methods = 0, fields = 0;
  // Every gRPC service the host serves: each row of the service table's and the admin one.
  std::vector<std::string> served;
  for (grpcutil::Component* component : in_process_->host().components()) {
    for (std::string_view name : component->service_names()) served.emplace_back(name);
  }
  ASSERT_EQ(served.size(), std::size(host::kServiceTable) + 1);
  for (const std::string& service_name : served) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service_name);
    ASSERT_NE(service, nullptr) << service_name;
    for (int m = 0; m < service->method_count(); ++m) {
      const google::protobuf::MethodDescriptor* method = service->method(m);
      const std::string route = StrCat("/", service->full_name(), "/", method->name());
      std::vector<FieldPath> paths;
      FieldPath prefix;
      std::set<const Descriptor*> on_way;
      StringFields(method->input_type(), prefix, on_way, &paths);
      ++methods;
      for (const FieldPath& path : paths) {
        ++fields;
        const std::string name = PathName(path);
        const text::Kind kind = grpcutil::TextKindOf(*path.back());
        struct Case {
          std::string what, value, expected;
        };
        const std::vector<Case> cases = {
            {"bytes that are not UTF-8", "F\x94rvaltning", "UTF-8"},
            {"one character too many", std::string(static_cast<size_t>(limits.For(kind)) + 1, 'x'),
             StrCat(name, ": ", limits.For(kind) + 1, " characters, more than the ")},
            {"a control character", "a\x01z", StrCat(name, ": control character U+0001")},
        };
        for (const Case& c : cases) {
          SCOPED_TRACE(StrCat(route, " ", name, ": ", c.what));
          auto before = Ends(in_process_->host().log());
          grpc::Status status = Call(in_process_->channel().get(), route,
                                     RequestWith(method->input_type(), path, c.value));
          EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
              << status.error_message();
          EXPECT_NE(status.error_message().find(c.expected), std::string::npos)
              << status.error_message();
          EXPECT_EQ(Ends(in_process_->host().log()), before) << "something was appended";
        }
      }
    }
  }
  std::printf("checked %d string fields of %d methods, 3 hostile values each\n", fields, methods);
  // The table is not empty by accident: every service, and the texts that matter most.
  EXPECT_GE(methods, 40);
  EXPECT_GE(fields, 150);
}

}  // namespace
}  // namespace tertial
