package org.gridwatch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.gridwatch.report.Section.Chart;
import org.gridwatch.report.Section.Series;
import org.junit.jupiter.api.Test;

/** The bar chart's axis and bars, shared by the SVG and PDF renderers. */
class BarChartLayoutTest {
    private static BarChartLayout layout(Double... values) {
        List<String> labels = java.util.stream.IntStream.range(0, values.length).mapToObj(i -> "g" + i).toList();
        return new BarChartLayout(400, 200, 40, 20, 40, new Chart("c", "件", labels, List.of(new Series("s", Arrays.asList(values)))));
    }

    @Test
    void theAxisReachesTheLargestValueInNiceSteps() {
        assertThat(layout(3.0, 1.0).axisMax()).as("counts: whole steps of 1").isEqualTo(4);
        assertThat(layout(37.0).axisMax()).isEqualTo(40);
        assertThat(layout(41.0).axisMax()).isEqualTo(80);
        assertThat(layout(0.3).axisMax()).isEqualTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(layout(0.0, null).axisMax()).as("an empty chart of counts: whole ticks").isEqualTo(4);
    }

    @Test
    void barsStandOnTheZeroLineAndReachTheirValue() {
        BarChartLayout l = layout(4.0, 2.0);
        assertThat(l.y(0)).isEqualTo(l.top() + l.plotHeight());
        assertThat(l.y(4)).isEqualTo(l.top());
        assertThat(l.y(2)).isEqualTo(l.top() + l.plotHeight() / 2);
        assertThat(l.barX(1, 0)).isGreaterThan(l.barX(0, 0) + l.barWidth());
        assertThat(l.barX(1, 0) + l.barWidth()).isLessThanOrEqualTo(l.left() + l.plotWidth());
    }
}
