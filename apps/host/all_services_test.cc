// The service table's rows say what each service's own component says of itself.

#include "all_services.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host.h"
#include "service_table.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::host {
namespace {

TEST(ServiceTable, EveryRowNamesItsComponentAndTheGrpcServiceItServes) {
  tertial::testing::TempDir dir;
  auto host = Host::Open({.data_dir = dir.Sub("data"), .services = AllServiceSpecs()});
  ASSERT_TRUE(host.ok()) << host.status();
  std::vector<grpcutil::Component*> components = (*host)->components();
  // The operator's component comes last and is no row of the table.
  ASSERT_EQ(components.size(), std::size(kServiceTable) + 1);
  for (size_t i = 0; i < std::size(kServiceTable); ++i) {
    const ServiceRow& row = kServiceTable[i];
    EXPECT_EQ(components[i]->name(), row.name);
    EXPECT_EQ(components[i]->service_names(), std::vector<std::string_view>{row.grpc_service})
        << row.name;
    EXPECT_EQ(row.topic, "tertial." + std::string(row.name) + ".v1") << "topics are named so";
    EXPECT_EQ(FindService(row.name), &row);
  }
  EXPECT_EQ(FindService("admin"), nullptr);
}

}  // namespace
}  // namespace tertial::host
