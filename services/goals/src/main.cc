// tertial-goals: the goals service deployed alone.
//   tertial-goals --kafka BOOTSTRAP --data-dir DIR --listen ADDR

#include "service_main.h"
#include "tertial/goals/component.h"

int main(int argc, char** argv) {
  return tertial::host::ServiceMain(argc, argv, "goals", &tertial::goals::MakeComponent);
}
