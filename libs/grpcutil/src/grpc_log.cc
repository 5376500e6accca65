#include "grpc_log.h"

#include <grpc/support/log.h>

#include <mutex>
#include <string_view>

#include "tertial/log/log.h"

namespace tertial::grpcutil {
namespace {

void OnGrpcLog(gpr_log_func_args* args) {
  log::Level level = args->severity == GPR_LOG_SEVERITY_ERROR  ? log::Level::kError
                     : args->severity == GPR_LOG_SEVERITY_INFO ? log::Level::kInfo
                                                               : log::Level::kDebug;
  if (!log::Enabled(level)) return;
  log::Log(level, args->message != nullptr ? args->message : "",
           {{"source", "grpc"},
            {"file", args->file != nullptr ? args->file : ""},
            {"line", args->line}});
}

}  // namespace

void RouteGrpcLog() {
  static std::once_flag once;
  std::call_once(once, [] { gpr_set_log_function(&OnGrpcLog); });
}

}  // namespace tertial::grpcutil
