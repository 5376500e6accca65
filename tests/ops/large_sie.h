#ifndef TERTIAL_TESTS_OPS_LARGE_SIE_H_
#define TERTIAL_TESTS_OPS_LARGE_SIE_H_

#include <cstdio>
#include <fstream>
#include <string>

namespace tertial::e2e {

// An SIE file of `vouchers` balanced two-line vouchers (series S), for a log long enough
// that replaying it takes seconds.
inline void WriteLargeSie(const std::string& path, int vouchers) {
  std::ofstream out(path, std::ios::binary);
  out << "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#PROGRAM \"ops_test\" 1\n"
         "#FNAMN \"Syntetisk kommun\"\n#RAR 0 20210101 20211231\n"
         "#KONTO 1930 \"Bank\"\n#KONTO 1510 \"Kundfordringar\"\n";
  for (int i = 1; i <= vouchers; ++i) {
    int amount = 100 + i % 1000;
    // September to December: the demo's cycle closed the periods up to August.
    char date[9];
    std::snprintf(date, sizeof date, "2021%02d%02d", 9 + i % 4, 1 + i % 28);
    out << "#VER S " << i << " " << date << " \"Syntetisk\"\n{\n\t#TRANS 1930 {} " << amount
        << ".00\n\t#TRANS 1510 {} -" << amount << ".00\n}\n";
  }
}

}  // namespace tertial::e2e

#endif  // TERTIAL_TESTS_OPS_LARGE_SIE_H_
