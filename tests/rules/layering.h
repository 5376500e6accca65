#ifndef TERTIAL_TESTS_RULES_LAYERING_H_
#define TERTIAL_TESTS_RULES_LAYERING_H_

// The include rules of DESIGN.md's layering, checked on the source tree:
//
//   pure        a service's domain/ and the pure libraries (base, money, period, csv, json,
//               sie, config and chart without its voucher index) reach — directly or through
//               any of our headers — neither gRPC, RocksDB nor librdkafka, nor the libraries
//               that wrap them (eventlog, storage, projection, grpcutil, metrics);
//   services    no service includes another service's files;
//   libs        no library includes a service's files;
//   apps        apps include only a service's public headers (services/<svc>/include), and
//               reach no service's src/ through any header they include either;
//   private     nothing outside a service includes its src/, but for the tests and benches
//               that test it from inside: tests/<svc>/, bench/<svc>/, and tests/demo/ for
//               reporting (the demo's product is the report); and a service's src/testing/
//               (fixtures, generated ledgers), which any test or bench may use.
//
// A quoted include is resolved as the compiler would find it here: beside the including file,
// then in the including service's or library's own src/ and include/, then in every public
// include directory; one spelled <...> the same way but for the first step. Generated protobuf
// headers ("tertial/<ctx>/v1/x.pb.h") are the services' published contract and may be included by
// anyone; ".grpc.pb.h" counts as gRPC.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace tertial::rules {

struct Violation {
  std::string rule;  // "pure", "services", "libs", "apps", "private"
  std::string file;  // relative to the root, as "services/ledger/src/domain/x.cc"
  // How the file reaches what it may not: the include chain, ending in the forbidden one.
  std::vector<std::string> chain;
};

std::string Describe(const Violation& violation);

// Checks every .h and .cc under root's libs/, services/, apps/, tests/ and bench/.
std::vector<Violation> CheckLayering(const std::filesystem::path& root);

}  // namespace tertial::rules

#endif  // TERTIAL_TESTS_RULES_LAYERING_H_
