#ifndef TERTIAL_TESTS_CONSISTENCY_PROVKOMMUN_H_
#define TERTIAL_TESTS_CONSISTENCY_PROVKOMMUN_H_

// The small municipality the consistency tests feed to all four services: a nämnd N with
// one förvaltning F of two stabs A and B, one investment project P1, an SIE header that
// declares its accounts and objects, and a goal plan with the two ledger-derived
// indicators. Each test gives it its own kommunkod, so that tests never share a log key.

#include <string>
#include <string_view>

#include "tertial/base/strings.h"

namespace tertial::provkommun {

inline constexpr char kUnits[] =
    "unit_id,name,parent_id,kind,scb_activity_code\n"
    "N,Namnden,,namnd,\nF,Forvaltningen,N,forvaltning,\n"
    "A,Astaben,F,stab,920\nB,Bstaben,F,stab,920\n";

inline constexpr char kProjects[] =
    "project_id,name,unit_id,fiscal_year,frame_ore\nP1,Ny skola,F,2021,1200000\n";

// An SIE 4 header for fiscal year 2021 of organisation `kommunkod` ("0999"), written by
// `program` on `generated` (YYYYMMDD).
inline std::string SieHeader(std::string_view kommunkod, std::string_view program,
                             std::string_view generated) {
  return StrCat("#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#PROGRAM \"", program, "\" 1\n#GEN ", generated,
                "\n#FNAMN \"Provkommunen\"\n#ORGNR 212000-", kommunkod,
                "\n#RAR 0 20210101 20211231\n"
                "#KONTO 1110 \"Byggnader\"\n#KONTO 1930 \"Bank\"\n"
                "#KONTO 2388 \"Investeringsbidrag\"\n#KONTO 2440 \"Leverantorsskulder\"\n"
                "#KONTO 3010 \"Forsaljning\"\n#KONTO 4010 \"Material\"\n#KONTO 5010 \"Loner\"\n"
                "#DIM 1 \"Ansvar\"\n#DIM 6 \"Projekt\"\n"
                "#OBJEKT 1 \"A\" \"Astaben\"\n#OBJEKT 1 \"B\" \"Bstaben\"\n"
                "#OBJEKT 1 \"F\" \"Forvaltningen\"\n#OBJEKT 6 \"P1\" \"Ny skola\"\n");
}

// The nämnd's plan for 2021, reported per `period` ("2021-03").
inline std::string Plan(std::string_view kommunkod, std::string_view period) {
  return StrCat("organisation: \"", kommunkod, "\"\nboard: N\nyear: 2021\n",
                "name: Namndens plan 2021\nreporting_unit: F\nperiod: ", period, "\n",
                R"(focus_areas:
  - id: ekonomi
    name: Ekonomi
    municipal_goals:
      - id: hallbar-ekonomi
        name: Hallbar ekonomi
        board_goals:
          - id: kontroll
            name: God ekonomisk kontroll
            indicators:
              - id: budgetavvikelse
                name: Procentuell avvikelse budget och utfall (%)
                unit: "%"
                derived: {kind: budget_deviation, unit: F, from_year: 2021}
                target: mindre än 2
              - id: investeringsavvikelse
                name: Procentuell avvikelse investeringsbudget och utfall (%)
                unit: "%"
                derived: {kind: investment_deviation, unit: F, from_year: 2021}
                target: ingen negativ avvikelse
)");
}

}  // namespace tertial::provkommun

#endif  // TERTIAL_TESTS_CONSISTENCY_PROVKOMMUN_H_
