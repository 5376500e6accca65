#ifndef TERTIAL_GRPCUTIL_TEST_CERTIFICATES_H_
#define TERTIAL_GRPCUTIL_TEST_CERTIFICATES_H_

// Makes a throwaway CA and certificates signed by it, for TLS tests (OpenSSL, EC P-256).

#include <string>

namespace tertial::grpcutil::testing {

struct Pem {
  std::string certificate;
  std::string key;
};

struct TestPki {
  Pem ca;
  Pem server;  // subjectAltName DNS:localhost, IP:127.0.0.1
  Pem client;
};

TestPki MakeTestPki();

}  // namespace tertial::grpcutil::testing

#endif  // TERTIAL_GRPCUTIL_TEST_CERTIFICATES_H_
