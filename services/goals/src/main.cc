// tertial-goals: the goals service deployed alone.
//   tertial-goals --kafka BOOTSTRAP --data-dir DIR --listen ADDR

#include "main.h"

#include "tertial/goals/component.h"

int main(int argc, char** argv) {
  return tertial::host::Main(argc, argv,
                             tertial::host::ServiceBinary("goals", &tertial::goals::MakeComponent));
}
