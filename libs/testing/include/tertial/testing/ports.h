#ifndef TERTIAL_TESTING_PORTS_H_
#define TERTIAL_TESTING_PORTS_H_

namespace tertial::testing {

// A loopback TCP port nobody listens on now (the kernel's choice for a listener just
// closed), for a child process to listen on; 0 when none could be had.
int FreePort();

}  // namespace tertial::testing

#endif  // TERTIAL_TESTING_PORTS_H_
