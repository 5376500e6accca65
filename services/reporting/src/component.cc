#include "tertial/reporting/component.h"

#include <filesystem>

#include "grpc_service.h"
#include "http_page.h"
#include "projection.h"
#include "tertial/base/strings.h"
#include "tertial/log/log.h"

namespace tertial::reporting {
namespace {

class ReportingComponent final : public grpcutil::Component {
 public:
  ReportingComponent(const grpcutil::ComponentOptions& options,
                     std::unique_ptr<projection::ProjectionDb> db, std::string http_listen)
      : db_(std::move(db)),
        runner_(options.log, db_.get(), &projection_),
        queries_(options.log, db_.get(), &runner_),
        service_(&queries_, options.authorizer),
        authorizer_(options.authorizer),
        http_listen_(std::move(http_listen)),
        http_settings_(options.http) {}
  ~ReportingComponent() override { Stop(); }

  std::string_view name() const override { return "reporting"; }
  std::vector<std::string_view> service_names() const override {
    return {"tertial.reporting.v1.ReportService"};
  }
  std::vector<grpc::Service*> services() override { return {&service_}; }

  absl::Status Start() override {
    if (absl::Status s = runner_.CatchUpAndStart(); !s.ok()) return s;
    if (!http_listen_.empty()) {
      auto page = HttpPage::Start(http_listen_, &queries_, authorizer_, http_settings_);
      if (!page.ok()) return page.status();
      page_ = std::move(*page);
      log::Info("reporting: report pages over HTTP",
                {{"component", "reporting"}, {"port", page_->port()}});
    }
    return absl::OkStatus();
  }
  void Stop() override {
    page_.reset();
    runner_.Stop();
  }

 private:
  ReportingProjection projection_;
  std::unique_ptr<projection::ProjectionDb> db_;
  projection::Runner runner_;
  ReportQueries queries_;
  ReportServiceImpl service_;
  std::shared_ptr<const grpcutil::Authorizer> authorizer_;
  std::string http_listen_;
  grpcutil::HttpSettings http_settings_;
  std::unique_ptr<HttpPage> page_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<grpcutil::Component>> MakeComponent(
    const grpcutil::ComponentOptions& options) {
  if (options.log == nullptr) return absl::InvalidArgumentError("reporting: no event log");
  std::error_code error;
  std::filesystem::create_directories(options.data_dir, error);
  if (error)
    return absl::UnavailableError(
        StrCat("reporting: cannot create ", options.data_dir, ": ", error.message()));
  auto db = projection::ProjectionDb::Open(StrCat(options.data_dir, "/projection"));
  if (!db.ok()) return db.status();
  return std::unique_ptr<grpcutil::Component>(
      new ReportingComponent(options, std::move(*db), options.http_listen));
}

}  // namespace tertial::reporting
