// tertial-forecast: the forecast service deployed alone.
//   tertial-forecast --kafka BOOTSTRAP --data-dir DIR --listen ADDR

#include "service_main.h"
#include "tertial/forecast/component.h"

int main(int argc, char** argv) {
  return tertial::host::ServiceMain(argc, argv, "forecast", &tertial::forecast::MakeComponent);
}
