#ifndef TERTIAL_FORECAST_LOADER_H_
#define TERTIAL_FORECAST_LOADER_H_

// Reads one organisation's figures from the projection into the domain's OrgModel, and
// keeps the last model per organisation while the projection's version of it is unchanged.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/org_model.h"
#include "tertial/forecast/v1/service.pb.h"
#include "tertial/projection/store.h"

namespace tertial::forecast {

absl::StatusOr<OrgInput> LoadOrgInput(const projection::Reader& reader, std::string_view org);

// Every adjustment of the organisation as stored (withdrawn ones too), in id order.
absl::StatusOr<std::vector<v1::Adjustment>> LoadAdjustments(const projection::Reader& reader,
                                                            std::string_view org);

// Thread-safe.
class ModelCache {
 public:
  absl::StatusOr<std::shared_ptr<const OrgModel>> Get(const projection::Reader& reader,
                                                      std::string_view org);

 private:
  struct Entry {
    uint64_t version = 0;
    std::shared_ptr<const OrgModel> model;
  };
  std::mutex mutex_;
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace tertial::forecast

#endif  // TERTIAL_FORECAST_LOADER_H_
