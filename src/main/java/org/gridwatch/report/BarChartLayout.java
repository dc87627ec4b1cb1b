package org.gridwatch.report;

import org.gridwatch.report.Section.Chart;

/**
 * Where the parts of a grouped bar chart go, shared by the SVG (HTML) and PDF renderers so that
 * both draw the same chart: a "nice" axis maximum and ticks, each group's slot and each bar's
 * x, width and height. Coordinates are in the drawing's units with y growing downwards from the
 * plot's top (the PDF renderer flips them). Immutable.
 *
 * @param width  drawing width
 * @param height drawing height
 * @param left   plot's left edge (room for the axis labels)
 * @param top    plot's top edge (room for the legend)
 * @param bottom room under the plot for the group labels
 * @param chart  the chart
 */
record BarChartLayout(double width, double height, double left, double top, double bottom, Chart chart) {
    /** Colours of the series, in order (then repeated). */
    static final String[] COLOURS = {"#2f6fdf", "#9aa9c2", "#f0a23a", "#3aa876"};
    /** Ticks on the value axis, the zero line included. */
    static final int TICKS = 5;

    double plotWidth() {
        return width - left - 10;
    }

    double plotHeight() {
        return height - top - bottom;
    }

    /**
     * The axis maximum: (ticks − 1) × the smallest step of 1, 2 or 5 × 10ⁿ that reaches the largest
     * value (at least 1 for whole-number values, so an empty chart of counts runs 0 … 4).
     */
    double axisMax() {
        double max = chart.max();
        boolean whole = chart.series().stream().flatMap(s -> s.values().stream())
                .allMatch(v -> v == null || v == Math.rint(v));
        if (max <= 0) {
            return whole ? TICKS - 1 : 1;
        }
        double step = Math.pow(10, Math.floor(Math.log10(max / (TICKS - 1))));
        if (whole) {
            step = Math.max(step, 1); // counts: whole-number ticks
        }
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * step * (TICKS - 1) >= max) {
                return m * step * (TICKS - 1);
            }
        }
        return 10 * step * (TICKS - 1);
    }

    /** The y of value {@code v} (from the drawing's top). */
    double y(double v) {
        return top + plotHeight() * (1 - v / axisMax());
    }

    /** Width of one group's slot. */
    double slot() {
        return plotWidth() / Math.max(1, chart.labels().size());
    }

    /** The x of group {@code g}'s centre. */
    double groupCentre(int g) {
        return left + slot() * (g + 0.5);
    }

    /** Width of one bar. */
    double barWidth() {
        return slot() * 0.8 / Math.max(1, chart.series().size());
    }

    /** The x of the left edge of series {@code s}'s bar in group {@code g}. */
    double barX(int g, int s) {
        return left + slot() * g + slot() * 0.1 + barWidth() * s;
    }

    /** A tick value's label: whole numbers without decimals. */
    static String tick(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
