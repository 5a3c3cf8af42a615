package bpflife.loadtest.report;

import java.util.List;
import java.util.Locale;

/**
 * A small writer of inline SVG: the few shapes the charts draw, coordinates with one decimal,
 * every text and attribute value escaped. The result is an {@code <svg>} element that scales to
 * its container (viewBox) and needs nothing outside the page.
 */
final class Svg {
    private final StringBuilder b = new StringBuilder();

    /** Starts an svg of the given size, titled for screen readers. */
    Svg(double width, double height, String title) {
        b.append("<svg class=\"chart\" viewBox=\"0 0 ").append(num(width)).append(' ').append(num(height))
                .append("\" width=\"").append(num(width)).append("\" height=\"").append(num(height))
                .append("\" role=\"img\" aria-label=\"").append(Html.escape(title)).append("\">\n");
        b.append("<title>").append(Html.escape(title)).append("</title>\n");
    }

    Svg rect(double x, double y, double w, double h, String fill, String stroke) {
        b.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(w))
                .append("\" height=\"").append(num(h)).append("\" fill=\"").append(Html.escape(fill))
                .append("\" stroke=\"").append(Html.escape(stroke)).append("\"/>\n");
        return this;
    }

    Svg line(double x1, double y1, double x2, double y2, String stroke, double width) {
        b.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"").append(num(x2))
                .append("\" y2=\"").append(num(y2)).append("\" stroke=\"").append(Html.escape(stroke))
                .append("\" stroke-width=\"").append(num(width)).append("\"/>\n");
        return this;
    }

    /** An open line through points ({x, y} pairs in pixels). */
    Svg polyline(List<double[]> points, String stroke, double width) {
        b.append("<polyline fill=\"none\" stroke=\"").append(Html.escape(stroke)).append("\" stroke-width=\"")
                .append(num(width)).append("\" stroke-linejoin=\"round\" points=\"");
        appendPoints(points);
        b.append("\"/>\n");
        return this;
    }

    /** A closed shape through points, filled. */
    Svg polygon(List<double[]> points, String fill, double opacity) {
        b.append("<polygon stroke=\"none\" fill=\"").append(Html.escape(fill)).append("\" fill-opacity=\"")
                .append(num(opacity)).append("\" points=\"");
        appendPoints(points);
        b.append("\"/>\n");
        return this;
    }

    Svg circle(double cx, double cy, double r, String fill) {
        b.append("<circle cx=\"").append(num(cx)).append("\" cy=\"").append(num(cy)).append("\" r=\"").append(num(r))
                .append("\" fill=\"").append(Html.escape(fill)).append("\"/>\n");
        return this;
    }

    /** Text at (x, y); anchor is start, middle or end; rotate in degrees about (x, y), 0 for none. */
    Svg text(double x, double y, String anchor, String cssClass, double rotate, String text) {
        b.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" text-anchor=\"")
                .append(anchor).append("\" class=\"").append(Html.escape(cssClass)).append('"');
        if (rotate != 0) {
            b.append(" transform=\"rotate(").append(num(rotate)).append(' ').append(num(x)).append(' ')
                    .append(num(y)).append(")\"");
        }
        b.append('>').append(Html.escape(text)).append("</text>\n");
        return this;
    }

    /** The finished {@code <svg>} element. */
    String end() {
        return b + "</svg>\n";
    }

    private void appendPoints(List<double[]> points) {
        for (int i = 0; i < points.size(); i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(num(points.get(i)[0])).append(',').append(num(points.get(i)[1]));
        }
    }

    /** One decimal, no locale, no "-0.0": enough for pixels and stable across machines. */
    static String num(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        if (s.endsWith(".0")) {
            s = s.substring(0, s.length() - 2);
        }
        return s.equals("-0") ? "0" : s;
    }
}
