#include "unparsed_request_interceptor.h"

#include "google/protobuf/descriptor.h"
#include "tertial/base/strings.h"

namespace tertial::grpcutil {
namespace {

using grpc::experimental::InterceptionHookPoints;

class UnparsedRequestInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit UnparsedRequestInterceptor(grpc::experimental::ServerRpcInfo* info)
      : method_(info->method() != nullptr ? info->method() : "") {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      // A message that did not parse (or, on a stream, its end: told apart below by the
      // status the call ends with).
      no_message_ = true;
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS) &&
        no_message_) {
      grpc::Status status = methods->GetSendStatus();
      if (status.error_code() == grpc::StatusCode::INTERNAL && status.error_message().empty()) {
        methods->ModifySendStatus(
            grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, UnparsedRequestMessage(method_)));
      }
    }
    methods->Proceed();
  }

 private:
  std::string method_;
  bool no_message_ = false;
};

class Factory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new UnparsedRequestInterceptor(info);
  }
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
UnparsedRequestInterceptorFactory() {
  return std::make_unique<Factory>();
}

std::string UnparsedRequestMessage(std::string_view method) {
  // "/tertial.forecast.v1.ForecastService/Adjust" -> tertial.forecast.v1.ForecastService.Adjust
  std::string name(method.substr(method.empty() || method[0] != '/' ? 0 : 1));
  if (size_t slash = name.rfind('/'); slash != std::string::npos) name[slash] = '.';
  const google::protobuf::MethodDescriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(name);
  std::string expected = descriptor != nullptr ? StrCat("a ", descriptor->input_type()->full_name())
                                               : std::string("the request message");
  return StrCat("the request is not ", expected,
                " that can be read: a string field holds bytes that are not UTF-8 (every "
                "text must be UTF-8), or the bytes are not that message");
}

}  // namespace tertial::grpcutil
