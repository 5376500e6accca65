// tertiald: all four services in one process, on the embedded event log or on Kafka.
//
//   tertiald --data-dir DIR [--listen 127.0.0.1:50551] [--kafka BOOTSTRAP]
//            [--metrics-listen 0.0.0.0:9464]

#include "../host/main.h"

#include "../host/all_services.h"

int main(int argc, char** argv) {
  return tertial::host::Main(argc, argv,
                             {.program = "tertiald",
                              .default_listen = "127.0.0.1:50551",
                              .services = tertial::host::AllServiceSpecs()});
}
