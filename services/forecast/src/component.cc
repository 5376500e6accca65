#include "tertial/forecast/component.h"

#include <atomic>
#include <filesystem>
#include <thread>

#include "grpc_service.h"
#include "loader.h"
#include "projection.h"
#include "reactor.h"
#include "tertial/base/strings.h"
#include "tertial/grpcutil/auth.h"
#include "tertial/log/log.h"
#include "tertial/projection/runner.h"
#include "tertial/projection/store.h"

namespace tertial::forecast {
namespace {

class ForecastComponent final : public grpcutil::Component {
 public:
  ForecastComponent(eventlog::EventLog* log, std::unique_ptr<projection::ProjectionDb> db,
                    std::shared_ptr<const grpcutil::Authorizer> authorizer)
      : log_(log),
        db_(std::move(db)),
        runner_(log, db_.get(), &projection_),
        reactor_(log, db_.get(), &runner_, &cache_),
        core_({.log = log,
               .db = db_.get(),
               .runner = &runner_,
               .cache = &cache_,
               .reactor = &reactor_}),
        service_(&core_, std::move(authorizer)) {}
  ~ForecastComponent() override { Stop(); }

  std::string_view name() const override { return "forecast"; }
  std::vector<std::string_view> service_names() const override {
    return {v1::ForecastService::service_full_name()};
  }
  std::vector<grpc::Service*> services() override { return {&service_}; }

  absl::Status Start() override {
    // Cold start: the projection follows the ledger topic from offset 0 (or from where it
    // stopped); what was pending when the process stopped is published now.
    // A record that cannot be applied does not stop the start (the admin API must be up
    // to quarantine it); the follower keeps trying and says why.
    absl::Status caught_up = runner_.CatchUp();
    if (!caught_up.ok() && !projection::IsRecordError(caught_up)) return caught_up;
    Report(caught_up.ok() ? reactor_.PublishPending().status() : caught_up);
    if (follower_.joinable()) return absl::OkStatus();
    stop_ = false;
    follower_ = std::thread([this] { Follow(); });
    return absl::OkStatus();
  }

  void Stop() override {
    stop_ = true;
    if (follower_.joinable()) {
      follower_.join();
      // Whatever arrived last (a period closed just before shutdown) is published before
      // the process goes, not on the next start.
      Report(reactor_.PublishPending().status());
    }
  }

 private:
  void Follow() {
    while (!stop_) {
      absl::Status published = reactor_.PublishPending().status();
      Report(published);
      if (!published.ok()) {
        // The records are there, so waiting for records would return at once: pause, so
        // that a record that cannot be applied is not retried in a loop.
        for (int i = 0; i < 20 && !stop_; ++i) {
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        continue;
      }
      // Wake up for new events on any partition of the ledger and forecast topics.
      runner_.WaitForRecords(std::chrono::milliseconds(250));
    }
  }

  void Report(const absl::Status& status) {
    std::string text = status.ok() ? "" : status.ToString();
    if (text != last_report_ && !text.empty()) {
      log::Warning("forecast: publishing derived values failed; retrying",
                   {{"component", "forecast"}, {"error", status}});
    }
    last_report_ = text;
  }

  eventlog::EventLog* log_;
  std::unique_ptr<projection::ProjectionDb> db_;
  ForecastProjection projection_;
  projection::Runner runner_;
  ModelCache cache_;
  Reactor reactor_;
  ForecastCore core_;
  ForecastServiceImpl service_;
  std::atomic<bool> stop_{false};
  std::thread follower_;
  std::string last_report_;  // written by Start/Stop and the follower, never at once
};

}  // namespace

absl::StatusOr<std::unique_ptr<grpcutil::Component>> MakeComponent(
    const grpcutil::ComponentOptions& options) {
  if (options.log == nullptr) return absl::InvalidArgumentError("forecast: no event log");
  std::error_code error;
  std::filesystem::create_directories(options.data_dir, error);
  if (error) {
    return absl::UnavailableError(
        StrCat("forecast: cannot create ", options.data_dir, ": ", error.message()));
  }
  absl::StatusOr<std::unique_ptr<projection::ProjectionDb>> db =
      projection::ProjectionDb::Open(options.data_dir);
  if (!db.ok()) return db.status();
  return std::unique_ptr<grpcutil::Component>(
      new ForecastComponent(options.log, std::move(*db), options.authorizer));
}

}  // namespace tertial::forecast
