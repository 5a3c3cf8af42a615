package bpflife.loadtest.report;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Latencies second by second, for the report's percentiles-over-time chart: for each second of
 * the run, the latencies (nanoseconds) of the calls of each operation that completed during it.
 * The driver hands each closed second to a {@link Log}, which writes it to a file at once (an
 * HdrHistogram interval log, the operation as the tag), so a long run keeps none of them in
 * memory; the report reads them back, one at a time, when it is rendered ({@link #forEach}). A run
 * that did not record them passes {@link #NONE} and the chart says so.
 *
 * <p>Assumptions and guarantees: windows come in the order they were added, which is second by
 * second ({@link Log#add} refuses an earlier second than the last); a window read back from the
 * file is equal to the one written (same counts in the same buckets).
 */
public final class LatencyOverTime {

    /** What a run that kept no per-second latencies passes. */
    public static final LatencyOverTime NONE = new LatencyOverTime(List.of());

    /**
     * One second of one operation.
     *
     * @param second  seconds since the workload started (0, 1, 2, ...), as {@link Second#second()}
     * @param op      the operation's name, as {@link OpStats#op()}
     * @param latency the calls that completed in that second
     */
    public record Window(int second, String op, Histogram latency) {}

    private final List<Window> windows;
    private final Path file;
    private final boolean recorded;

    /** Windows held in memory (tests; small runs), in second order. */
    public LatencyOverTime(List<Window> windows) {
        for (int i = 1; i < windows.size(); i++) {
            if (windows.get(i).second() < windows.get(i - 1).second()) {
                throw new IllegalArgumentException("latencies over time come second by second: "
                        + windows.get(i).second() + " after " + windows.get(i - 1).second());
            }
        }
        this.windows = List.copyOf(windows);
        this.file = null;
        this.recorded = !windows.isEmpty();
    }

    private LatencyOverTime(Path file, boolean recorded) {
        this.windows = null;
        this.file = file;
        this.recorded = recorded;
    }

    public boolean recorded() {
        return recorded;
    }

    /** Each window in order, read from the log one at a time when the windows are in a file. */
    public void forEach(Consumer<Window> each) {
        if (file == null) {
            windows.forEach(each);
            return;
        }
        try {
            HistogramLogReader r = new HistogramLogReader(file.toFile());
            try {
                EncodableHistogram e;
                while ((e = r.nextIntervalHistogram()) != null) {
                    each.accept(new Window((int) (e.getStartTimeStamp() / 1000), URLDecoder.decode(e.getTag(),
                            StandardCharsets.UTF_8), (Histogram) e));
                }
            } finally {
                r.close();
            }
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("can't read the latencies over time back from " + file, e);
        }
    }

    /**
     * The figures the chart draws, per second: of the calls of {@code ops} together, p50, p90, p99
     * and the maximum; of each of them, p99 (nanoseconds). Reads the windows once, keeping one
     * second's histogram at a time.
     *
     * @param all  second -> {p50, p90, p99, max} of every call of {@code ops} that completed in it
     * @param p99s operation -> second -> that operation's p99 in that second
     */
    public record Figures(java.util.TreeMap<Integer, long[]> all,
                          java.util.TreeMap<String, java.util.TreeMap<Integer, Long>> p99s) {}

    /** {@link Figures} of the windows of the operations in {@code ops} (windows with no call left out). */
    public Figures figures(List<String> ops) {
        java.util.TreeMap<Integer, long[]> all = new java.util.TreeMap<>();
        java.util.TreeMap<String, java.util.TreeMap<Integer, Long>> p99s = new java.util.TreeMap<>();
        Histogram[] current = {null};
        int[] second = {-1};
        forEach(w -> {
            if (!ops.contains(w.op()) || w.latency().getTotalCount() == 0) {
                return;
            }
            if (w.second() != second[0]) {
                close(all, second[0], current[0]);
                current[0] = new Histogram(3);
                second[0] = w.second();
            }
            current[0].add(w.latency());
            p99s.computeIfAbsent(w.op(), k -> new java.util.TreeMap<>()).put(w.second(),
                    w.latency().getValueAtPercentile(99));
        });
        close(all, second[0], current[0]);
        return new Figures(all, p99s);
    }

    private static void close(java.util.TreeMap<Integer, long[]> all, int second, Histogram h) {
        if (h != null) {
            all.put(second, new long[] {h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                    h.getValueAtPercentile(99), h.getMaxValue()});
        }
    }

    /**
     * Where a run writes each second's latencies as the second closes: an HdrHistogram interval
     * log ({@code HistogramLogWriter}: base time 0, each interval's start the second, its tag the
     * operation, URL-encoded), readable by HdrHistogram's own tools as well.
     */
    public static final class Log implements AutoCloseable {
        private final Path file;
        private final PrintStream out;
        private final HistogramLogWriter writer;
        private int last = -1;
        private boolean any;

        public Log(Path file) throws IOException {
            this.file = file;
            this.out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8);
            this.writer = new HistogramLogWriter(out);
            writer.outputLogFormatVersion();
            writer.outputBaseTime(0);
            writer.outputLegend();
        }

        /** Writes second {@code second}'s latencies of {@code op} (not kept: the histogram may be reused). */
        public synchronized void add(int second, String op, Histogram latency) {
            if (second < last) {
                throw new IllegalStateException("latencies over time are added second by second: " + second
                        + " after " + last);
            }
            last = second;
            any = true;
            latency.setTag(URLEncoder.encode(op, StandardCharsets.UTF_8));
            try {
                writer.outputIntervalHistogram(second, second + 1, latency, 1.0);
            } finally {
                latency.setTag(null);
            }
            if (out.checkError()) {
                throw new UncheckedIOException(new IOException("can't write the latencies over time to " + file));
            }
        }

        /** What was written, to be read back when the report is rendered. */
        public synchronized LatencyOverTime windows() {
            out.flush();
            return any ? new LatencyOverTime(file, true) : NONE;
        }

        @Override
        public synchronized void close() {
            out.close();
        }
    }
}
