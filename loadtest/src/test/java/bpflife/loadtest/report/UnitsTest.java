package bpflife.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("report units and axes")
class UnitsTest {

    @ParameterizedTest(name = "{0} ns reads {1}")
    @CsvSource(delimiter = '|', value = {
        "0|0 ns", "999|999 ns", "1000|1.00 \u00b5s", "8123|8.12 \u00b5s", "81234|81.2 \u00b5s", "812345|812 \u00b5s",
        "999700|1.00 ms", "1204000|1.20 ms", "45678901|45.7 ms", "999999999|1.00 s", "12345678901|12.3 s",
        "1234000000000|1230 s"})
    @DisplayName("a latency reads with three significant digits in the unit that keeps it at least 1")
    void durations(long nanos, String expected) {
        assertEquals(expected, Units.duration(nanos));
    }

    @Test
    @DisplayName("microseconds are exact to the nanosecond and plain")
    void micros() {
        assertEquals("1234.567", Units.micros(1_234_567).toPlainString());
        assertEquals("1000", Units.micros(1_000_000).toPlainString());
        assertEquals("0.001", Units.micros(1).toPlainString());
    }

    @Test
    @DisplayName("chart ticks count in k and M")
    void counts() {
        assertEquals("800", Units.count(800));
        assertEquals("2500", Units.count(2_500));
        assertEquals("25k", Units.count(25_000));
        assertEquals("1.5M", Units.count(1_500_000));
    }

    @Test
    @DisplayName("a linear axis ends at a round number above the maximum, with round steps")
    void linearAxis() {
        Axis a = Axis.linear("t", 12.3, Units::plain);
        assertEquals(12.5, a.max(), 1e-9);
        assertEquals(List.of("0", "2.5", "5", "7.5", "10", "12.5"), a.ticks().stream().map(Axis.Tick::label).toList());
        Axis empty = Axis.linear("t", 0, Units::plain);
        assertEquals(0, empty.min());
        assertEquals(1, empty.max(), 1e-9);
    }

    @Test
    @DisplayName("a log axis has one tick per power of ten around the data, labelled as latencies")
    void logAxis() {
        Axis a = Axis.log10("latency", 3_500, 82_700_000, Units::tick);
        assertEquals(3, a.min());
        assertEquals(8, a.max());
        assertEquals(List.of("1 \u00b5s", "10 \u00b5s", "100 \u00b5s", "1 ms", "10 ms", "100 ms"),
                a.ticks().stream().map(Axis.Tick::label).toList());
        assertEquals(List.of(0.0, 1.0), Axis.log10("t", 1, 1, Units::plain).ticks().stream()
                .map(Axis.Tick::value).toList());
    }

    @Test
    @DisplayName("the percentile axis has one tick per nine, as HdrHistogram plots it")
    void ninesAxis() {
        Axis a = Axis.nines("percentile", 4);
        assertEquals(List.of("0%", "90%", "99%", "99.9%", "99.99%"), a.ticks().stream().map(Axis.Tick::label).toList());
        assertEquals(2, Axis.toNines(99), 1e-9);
        assertEquals(99.9, Axis.fromNines(3), 1e-9);
        assertEquals(1, PercentileChart.nines(1));
        assertEquals(3, PercentileChart.nines(1_000));
        assertEquals(4, PercentileChart.nines(1_001));
        assertEquals(6, PercentileChart.nines(50_000_000));
    }
}
