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
    @DisplayName("the percentile axis: one unit per nine, as HdrHistogram plots it; a sample resolves as many nines as its size")
    void nines() {
        assertEquals(1, Charts.toNines(90), 1e-9);
        assertEquals(2, Charts.toNines(99), 1e-9);
        assertEquals(99.9, Charts.fromNines(3), 1e-9);
        assertEquals(1, Charts.nines(1));
        assertEquals(1, Charts.nines(10));
        assertEquals(2, Charts.nines(11));
        assertEquals(3, Charts.nines(1_000));
        assertEquals(4, Charts.nines(1_001));
        assertEquals(6, Charts.nines(50_000_000));
    }
}
