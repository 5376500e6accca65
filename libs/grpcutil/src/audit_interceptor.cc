#include "audit_interceptor.h"

#include <grpcpp/server_context.h>

#include <chrono>
#include <cmath>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "metrics_interceptor.h"
#include "tertial/log/log.h"

namespace tertial::grpcutil {
namespace {

using grpc::experimental::InterceptionHookPoints;

struct CallNote {
  bool checked = false;
  internal::Authentication authentication = internal::Authentication::kNone;
  std::string subject;
  std::string organisation;
  Role role = Role::kReader;
};

// The calls being audited, by their server context.
struct Calls {
  std::mutex mutex;
  std::unordered_map<const grpc::ServerContextBase*, CallNote> notes;
};

Calls& AuditedCalls() {
  static Calls* calls = new Calls();
  return *calls;
}

std::string_view AuthenticationName(internal::Authentication a) {
  switch (a) {
    case internal::Authentication::kOpen:
      return "open";
    case internal::Authentication::kToken:
      return "token";
    case internal::Authentication::kNone:
      return "none";
  }
  return "none";
}

// Status messages are the handler's words, not secrets, but may quote input at length:
// at most 300 bytes, cut before a UTF-8 character rather than through it.
std::string_view Shorten(std::string_view text) {
  if (text.size() <= 300) return text;
  size_t end = 300;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

class AuditInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit AuditInterceptor(grpc::experimental::ServerRpcInfo* info)
      : method_(info->method() != nullptr ? info->method() : "unknown"),
        context_(info->server_context()),
        start_(std::chrono::steady_clock::now()) {
    std::lock_guard<std::mutex> guard(AuditedCalls().mutex);
    AuditedCalls().notes[context_] = CallNote{};
  }

  ~AuditInterceptor() override {
    std::lock_guard<std::mutex> guard(AuditedCalls().mutex);
    AuditedCalls().notes.erase(context_);
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Write(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  void Write(const grpc::Status& status) {
    CallNote note;
    {
      std::lock_guard<std::mutex> guard(AuditedCalls().mutex);
      auto it = AuditedCalls().notes.find(context_);
      if (it != AuditedCalls().notes.end()) note = it->second;
    }
    const bool refused = status.error_code() == grpc::StatusCode::UNAUTHENTICATED ||
                         status.error_code() == grpc::StatusCode::PERMISSION_DENIED;
    const bool command = note.checked && note.role >= Role::kController;
    log::Level level = refused   ? log::Level::kWarning
                       : command ? log::Level::kInfo
                                 : log::Level::kDebug;
    if (!log::Enabled(level)) return;
    double duration_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_)
            .count();
    std::string peer = context_ != nullptr ? context_->peer() : "";
    const std::string message = status.error_message();  // a copy: gRPC returns it by value
    std::vector<log::Field> fields = {
        {"who", note.subject},
        {"auth", AuthenticationName(note.authentication)},
        {"organisation", note.organisation},
        {"role", note.checked ? RoleName(note.role) : std::string_view()},
        {"method", method_},
        {"code", StatusCodeName(status.error_code())},
        {"duration_ms", std::round(duration_ms * 1000) / 1000},
        {"peer", peer}};
    if (!status.ok()) fields.emplace_back("error", Shorten(message));
    log::Log(level, refused ? "refused" : command ? "command" : "call", fields);
  }

  std::string method_;
  const grpc::ServerContextBase* context_;
  std::chrono::steady_clock::time_point start_;
};

class Factory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new AuditInterceptor(info);
  }
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> AuditInterceptorFactory() {
  return std::make_unique<Factory>();
}

namespace internal {

void NoteCheck(const grpc::ServerContextBase* context, Authentication authentication,
               std::string_view subject, std::string_view organisation, Role role) {
  if (context == nullptr) return;
  std::lock_guard<std::mutex> guard(AuditedCalls().mutex);
  auto it = AuditedCalls().notes.find(context);
  if (it == AuditedCalls().notes.end()) return;
  CallNote& note = it->second;
  if (note.checked && role < note.role) return;
  if (note.checked && role == note.role) {
    // A check across organisations ("*") first, then the organisation itself: name it.
    if ((note.organisation.empty() || note.organisation == "*") && !organisation.empty() &&
        organisation != "*") {
      note.organisation = std::string(organisation);
    }
    return;
  }
  note.checked = true;
  note.authentication = authentication;
  note.subject = std::string(subject);
  note.organisation = std::string(organisation);
  note.role = role;
}

}  // namespace internal
}  // namespace tertial::grpcutil
