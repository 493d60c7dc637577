using System.Globalization;
using System.Net;
using System.Text;

namespace Platform.Reports.Dashboard;

/// <summary>A named series of values, one per label, drawn in one colour.</summary>
public sealed record ChartSeries(string Name, string Colour, IReadOnlyList<long> Values);

/// <summary>
/// Small inline SVG charts: grouped bars and a balance line. Coordinates are written with one
/// decimal in the invariant culture, so the same figures always make the same bytes. Each bar and
/// point has a title (its label and value) that a browser shows on hover.
/// </summary>
public static class SvgCharts
{
    private const double Width = 900, Height = 230, Left = 56, Right = 12, Top = 24, Bottom = 28;

    public static string Bars(string title, IReadOnlyList<string> labels, IReadOnlyList<ChartSeries> series)
    {
        var max = Math.Max(1, series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max());
        var svg = Open(title, 0, max);
        var slot = (Width - Left - Right) / Math.Max(1, labels.Count);
        var bar = slot * 0.8 / series.Count;
        for (var i = 0; i < labels.Count; i++)
        {
            for (var s = 0; s < series.Count; s++)
            {
                var value = series[s].Values[i];
                var height = (Height - Top - Bottom) * value / max;
                var x = Left + (i * slot) + (slot * 0.1) + (s * bar);
                svg.Append($"<rect x=\"{N(x)}\" y=\"{N(Height - Bottom - height)}\" width=\"{N(bar)}\" height=\"{N(height)}\" fill=\"{series[s].Colour}\">")
                    .Append($"<title>{E(labels[i])} {E(series[s].Name)}: {value.ToString(CultureInfo.InvariantCulture)}</title></rect>");
            }
        }
        AxisLabels(svg, labels, slot);
        return Close(svg, series);
    }

    /// <summary>A line through one value per label (a balance at the end of each day), its axis from the lowest value (or 0) to the highest.</summary>
    public static string Line(string title, IReadOnlyList<string> labels, ChartSeries series)
    {
        var min = Math.Min(0, series.Values.DefaultIfEmpty(0).Min());
        var max = Math.Max(min + 1, series.Values.DefaultIfEmpty(0).Max());
        var svg = Open(title, min, max);
        var slot = (Width - Left - Right) / Math.Max(1, labels.Count);
        double X(int i) => Left + (i * slot) + (slot / 2);
        double Y(long v) => Height - Bottom - ((Height - Top - Bottom) * (v - min) / (max - min));
        svg.Append($"<polyline fill=\"none\" stroke=\"{series.Colour}\" stroke-width=\"2\" points=\"")
            .AppendJoin(' ', series.Values.Select((v, i) => $"{N(X(i))},{N(Y(v))}"))
            .Append("\"/>");
        for (var i = 0; i < labels.Count; i++)
        {
            svg.Append($"<circle cx=\"{N(X(i))}\" cy=\"{N(Y(series.Values[i]))}\" r=\"3\" fill=\"{series.Colour}\">")
                .Append($"<title>{E(labels[i])} {E(series.Name)}: {series.Values[i].ToString(CultureInfo.InvariantCulture)}</title></circle>");
        }
        AxisLabels(svg, labels, slot);
        return Close(svg, [series]);
    }

    private static StringBuilder Open(string title, long min, long max)
    {
        var svg = new StringBuilder();
        svg.Append($"<svg class=\"chart\" viewBox=\"0 0 {N(Width)} {N(Height)}\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>{E(title)}</title>")
            .Append($"<line x1=\"{N(Left)}\" y1=\"{N(Height - Bottom)}\" x2=\"{N(Width - Right)}\" y2=\"{N(Height - Bottom)}\" stroke=\"#c9ced6\"/>")
            .Append($"<text x=\"{N(Left - 6)}\" y=\"{N(Top + 10)}\" text-anchor=\"end\">{max.ToString(CultureInfo.InvariantCulture)}</text>")
            .Append($"<text x=\"{N(Left - 6)}\" y=\"{N(Height - Bottom)}\" text-anchor=\"end\">{min.ToString(CultureInfo.InvariantCulture)}</text>");
        return svg;
    }

    /// <summary>Labels under the axis: every label when they fit, otherwise about ten spread evenly, the last always.</summary>
    private static void AxisLabels(StringBuilder svg, IReadOnlyList<string> labels, double slot)
    {
        var step = Math.Max(1, (int)Math.Ceiling(labels.Count / 10.0));
        for (var i = 0; i < labels.Count; i++)
        {
            if (i % step == 0 || i == labels.Count - 1)
            {
                svg.Append($"<text x=\"{N(Left + (i * slot) + (slot / 2))}\" y=\"{N(Height - 8)}\" text-anchor=\"middle\">{E(Short(labels[i]))}</text>");
            }
        }
    }

    private static string Close(StringBuilder svg, IReadOnlyList<ChartSeries> series)
    {
        var x = Left;
        foreach (var s in series)
        {
            svg.Append($"<rect x=\"{N(x)}\" y=\"0\" width=\"10\" height=\"10\" fill=\"{s.Colour}\"/><text x=\"{N(x + 14)}\" y=\"9\">{E(s.Name)}</text>");
            x += 24 + (7 * s.Name.Length);
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>A date label without its year (<c>2026-01-31</c> → <c>01-31</c>).</summary>
    private static string Short(string label) => label.Length == 10 ? label[5..] : label;

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
