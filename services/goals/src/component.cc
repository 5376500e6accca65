#include "tertial/goals/component.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <thread>

#include "core.h"
#include "grpc_service.h"
#include "tertial/base/strings.h"
#include "tertial/log/log.h"
#include "tertial/projection/runner.h"

namespace tertial::goals {
namespace {

class GoalsComponent final : public grpcutil::Component {
 public:
  GoalsComponent(eventlog::EventLog* log, std::unique_ptr<GoalsCore> core,
                 std::shared_ptr<const grpcutil::Authorizer> authorizer)
      : log_(log), core_(std::move(core)), service_(core_.get(), std::move(authorizer)) {}
  ~GoalsComponent() override { Stop(); }

  std::string_view name() const override { return "goals"; }
  std::vector<std::string_view> service_names() const override {
    return {pb::GoalService::service_full_name()};
  }
  std::vector<grpc::Service*> services() override { return {&service_}; }

  absl::Status Start() override {
    // A record that cannot be applied does not stop the start (the admin API must be up
    // to quarantine it); the follower keeps trying and says why.
    if (absl::Status s = core_->FollowLog(); !s.ok() && !projection::IsRecordError(s)) return s;
    stop_ = false;
    follower_ = std::thread([this] { Follow(); });
    return absl::OkStatus();
  }

  void Stop() override {
    stop_ = true;
    if (follower_.joinable()) follower_.join();
  }

 private:
  // Keeps the projection current and publishes what the ledger changes, so that the
  // reporting service sees derived values without anyone asking the goals service.
  void Follow() {
    while (!stop_) {
      absl::Status s = core_->FollowLog();
      if (!s.ok()) {
        // Said once per distinct error, not once a second.
        std::string text(s.message());
        if (text != last_error_) {
          log::Warning("goals: refreshing the projection failed; retrying in 1 s",
                       {{"component", "goals"}, {"error", s}});
        }
        last_error_ = std::move(text);
        std::this_thread::sleep_for(std::chrono::seconds(1));
        continue;
      }
      last_error_.clear();
      // Wake up for new events on any partition of the topics goals follows.
      core_->runner().WaitForRecords(std::chrono::milliseconds(250));
    }
  }

  eventlog::EventLog* log_;
  std::unique_ptr<GoalsCore> core_;
  GoalServiceImpl service_;
  std::atomic<bool> stop_{false};
  std::thread follower_;
  std::string last_error_;  // the follower's, said once
};

}  // namespace

absl::StatusOr<std::unique_ptr<grpcutil::Component>> MakeComponent(
    const grpcutil::ComponentOptions& options) {
  if (options.log == nullptr) return absl::InvalidArgumentError("goals: no event log");
  auto core = GoalsCore::Open(options.log, options.data_dir);
  if (!core.ok()) return core.status();
  return std::unique_ptr<grpcutil::Component>(
      new GoalsComponent(options.log, std::move(*core), options.authorizer));
}

}  // namespace tertial::goals
