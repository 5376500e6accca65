#include "tertial/ledger/component.h"

#include <cstdlib>
#include <filesystem>

#include "absl/strings/numbers.h"
#include "core.h"
#include "grpc_service.h"
#include "projection.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"

namespace tertial::ledger {
namespace {

class LedgerComponent final : public grpcutil::Component {
 public:
  static absl::StatusOr<std::unique_ptr<grpcutil::Component>> Make(
      const grpcutil::ComponentOptions& options) {
    if (options.log == nullptr) return absl::InvalidArgumentError("ledger: no event log");
    std::error_code error;
    std::filesystem::create_directories(options.data_dir, error);
    if (error) {
      return absl::UnavailableError(
          StrCat("cannot create ", options.data_dir, ": ", error.message()));
    }
    auto db = projection::ProjectionDb::Open(options.data_dir + "/projection");
    if (!db.ok()) return db.status();
    // Uploads left by a process that died mid-import are of no use to anyone.
    std::filesystem::remove_all(options.data_dir + "/spool", error);
    ImporterOptions importer;
    if (options.max_import_bytes < 0) {
      return absl::InvalidArgumentError(StrCat("--max-import-bytes: ", options.max_import_bytes,
                                               " is not a positive number of bytes"));
    }
    if (options.max_import_bytes > 0) importer.max_bytes = options.max_import_bytes;
    return std::unique_ptr<grpcutil::Component>(
        new LedgerComponent(options, std::move(*db), importer));
  }

  ~LedgerComponent() override { Stop(); }

  std::string_view name() const override { return "ledger"; }
  std::vector<std::string_view> service_names() const override {
    return {"tertial.ledger.v1.LedgerService"};
  }
  std::vector<grpc::Service*> services() override { return {&service_}; }
  absl::Status Start() override {
    if (absl::Status s = runner_.CatchUpAndStart(); !s.ok()) return s;
    return absl::OkStatus();
  }
  void Stop() override { runner_.Stop(); }

 private:
  LedgerComponent(const grpcutil::ComponentOptions& options,
                  std::unique_ptr<projection::ProjectionDb> db, ImporterOptions importer)
      : db_(std::move(db)),
        runner_(options.log, db_.get(), &projection_, {.records_per_step = 20000}),
        core_(options.log, db_.get(), &runner_, importer),
        service_(&core_, options.authorizer, options.data_dir + "/spool") {}

  std::unique_ptr<projection::ProjectionDb> db_;
  LedgerProjection projection_;
  projection::Runner runner_;
  LedgerCore core_;
  LedgerService service_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<grpcutil::Component>> MakeComponent(
    const grpcutil::ComponentOptions& options) {
  return LedgerComponent::Make(options);
}

}  // namespace tertial::ledger
