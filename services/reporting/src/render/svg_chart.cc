// Inline SVG bar charts: categories down the side (unit names are long), one bar per
// series, values in mnkr with one decimal beside each bar, a zero line and a light grid.

#include <algorithm>
#include <cstdint>

#include "render/render.h"
#include "tertial/base/strings.h"
#include "tertial/money/money.h"

namespace tertial::reporting {
namespace {

constexpr const char* kSeriesColours[] = {"#1f4e79", "#8fb4d9", "#c9a227", "#7a9a5b"};

// A step of 1, 2 or 5 × 10^n mnkr (in öre) giving about five grid lines over `span`.
int64_t NiceStep(int64_t span) {
  int64_t step = money::kOrePerMnkr / 10;
  for (;;) {
    for (int64_t m : {1, 2, 5}) {
      if (span / (step * m) <= 6) return step * m;
    }
    step *= 10;
  }
}

std::string Num(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", v);
  return buffer;
}

}  // namespace

std::string RenderSvgChart(const Chart& chart) {
  const int label_width = 210, plot_width = 400, value_pad = 58;
  const int bar = 11, gap = 3, group_pad = 10, top = 30;
  size_t n = chart.categories.size();
  size_t s = chart.series.size();
  int group = static_cast<int>(s) * (bar + gap) - gap + group_pad;
  int height = top + static_cast<int>(n) * group + 34;
  int width = label_width + plot_width + value_pad * 2;
  int64_t lo = 0, hi = 0;
  for (const ChartSeries& series : chart.series) {
    for (int64_t v : series.values_ore) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (hi == lo) hi = lo + money::kOrePerMnkr;
  int64_t step = NiceStep(hi - lo);
  lo = (lo / step - (lo % step != 0 ? 1 : 0)) * step;
  if (lo > 0) lo = 0;
  hi = (hi / step + (hi % step != 0 ? 1 : 0)) * step;
  // Leave room for value labels left of negative bars.
  int plot_left = label_width + (lo < 0 ? value_pad : 0);
  int plot_right = label_width + plot_width + (lo < 0 ? value_pad : value_pad / 2);
  auto x = [&](int64_t v) {
    return plot_left +
           static_cast<double>(v - lo) * (plot_right - plot_left) / static_cast<double>(hi - lo);
  };
  std::string out = StrCat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 ",
      width, " ", height, "\" aria-label=\"", HtmlEscape(chart.title), "\">");
  StrAppend(&out, "<title>", HtmlEscape(chart.title), "</title>");
  // Legend.
  int lx = label_width;
  for (size_t i = 0; i < s; ++i) {
    StrAppend(&out, "<rect x=\"", lx, "\" y=\"8\" width=\"12\" height=\"12\" rx=\"2\" fill=\"",
              kSeriesColours[i % 4], "\"/><text x=\"", lx + 17, "\" y=\"18\" class=\"legend\">",
              HtmlEscape(chart.series[i].name), "</text>");
    lx += 40 + static_cast<int>(chart.series[i].name.size()) * 7;
  }
  int plot_top = top, plot_bottom = top + static_cast<int>(n) * group;
  // A step below 1 mnkr is a multiple of 0,1 mnkr: one decimal tells its ticks apart.
  const int tick_decimals = step % money::kOrePerMnkr == 0 ? 0 : 1;
  for (int64_t v = lo; v <= hi; v += step) {
    double gx = x(v);
    StrAppend(&out, "<line x1=\"", Num(gx), "\" y1=\"", plot_top - 4, "\" x2=\"", Num(gx),
              "\" y2=\"", plot_bottom, "\" class=\"", v == 0 ? "zero" : "grid", "\"/>");
    StrAppend(&out, "<text x=\"", Num(gx), "\" y=\"", plot_bottom + 16, "\" class=\"tick\">",
              money::FormatMnkr(v, tick_decimals), "</text>");
  }
  for (size_t c = 0; c < n; ++c) {
    int gy = top + static_cast<int>(c) * group;
    StrAppend(&out, "<text x=\"", label_width - 8, "\" y=\"", gy + (group - group_pad) / 2 + 4,
              "\" class=\"cat\">", HtmlEscape(chart.categories[c]), "</text>");
    for (size_t i = 0; i < s; ++i) {
      int64_t v = c < chart.series[i].values_ore.size() ? chart.series[i].values_ore[c] : 0;
      double x0 = x(0), x1 = x(v);
      double left = std::min(x0, x1), w = std::max(std::abs(x1 - x0), 0.5);
      int y = gy + static_cast<int>(i) * (bar + gap);
      StrAppend(&out, "<rect x=\"", Num(left), "\" y=\"", y, "\" width=\"", Num(w), "\" height=\"",
                bar, "\" fill=\"", kSeriesColours[i % 4], "\"><title>",
                HtmlEscape(chart.series[i].name), ": ", money::FormatMnkr(v, 1),
                " mnkr</title></rect>");
      double tx = v < 0 ? left - 4 : left + w + 4;
      StrAppend(&out, "<text x=\"", Num(tx), "\" y=\"", y + bar - 2, "\" class=\"val",
                v < 0 ? " neg" : "", "\">", money::FormatMnkr(v, 1), "</text>");
    }
  }
  StrAppend(&out, "<text x=\"", plot_right, "\" y=\"", height - 2, "\" class=\"unit\">mnkr</text>");
  out += "</svg>";
  return out;
}

}  // namespace tertial::reporting
