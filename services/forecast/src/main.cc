// tertial-forecast: the forecast service deployed alone.
//   tertial-forecast --kafka BOOTSTRAP --data-dir DIR --listen ADDR

#include "main.h"

#include "tertial/forecast/component.h"

int main(int argc, char** argv) {
  return tertial::host::Main(
      argc, argv, tertial::host::ServiceBinary("forecast", &tertial::forecast::MakeComponent));
}
