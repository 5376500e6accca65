// tertial-reporting: the reporting service deployed alone.
//   tertial-reporting --kafka BOOTSTRAP --data-dir DIR --listen ADDR
// --reporting-http host:port ($TERTIAL_REPORTING_HTTP) also serves the report pages for
// people.

#include "main.h"

#include "tertial/reporting/component.h"

int main(int argc, char** argv) {
  return tertial::host::Main(
      argc, argv, tertial::host::ServiceBinary("reporting", &tertial::reporting::MakeComponent));
}
