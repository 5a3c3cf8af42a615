package bpflife.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernel check's probe scenarios (kernel/src/test/resources/kernel-scenarios): error paths,
 * other targets and map types, reads, forks, ids. They agree with the model except for the
 * differences listed here, which are the model's (the kernel is right) and were reported; each is
 * asserted exactly, so that a fix of the model makes this test fail: then take the entry out.
 */
class ProbeScenariosTest {

    // known differences per probe, as KernelReport.differences() words them (without row and step numbers)
    /**
     * Differences the probes found and the model has not caught up with yet (the kernel is right).
     * The seven found on 6.18.44 (cgroup walk orders and EOPNOTSUPP on a resumed walk, the map fd read
     * as a tid by task iterators, open(2) of a directory, rename onto an ancestor, rename of a
     * directory holding a pin, a dying cgroup counted but not shown) are fixed in the model; the probes now assert their agreement.
     */
    static final Map<String, List<String>> KNOWN = Map.of(
            // (D5, a dying descendant counted in seq_num but not shown, was the last entry: the
            // model now passes it hidden, scenarios/cgroup-dying-descendant.scn)
            // D6 (2026-12-03): a task_vma dump with a tid, over a live task, read in pieces, repeats its
            // last vma after the END line for as long as the task lives (the driver stops at 200,000 reads)
            "task-vma-small-reads.scn", List.of(
                    "reader: read s 64 until eof: result: model eof, kernel ok",
                    "dump reader.s: complete: model complete, kernel an object line after the END line",
                    "dump reader.s: read to the end: model yes, kernel no"));

    /**
     * Known differences that depend on the kernel run's timing, not on the model: D6's reads end
     * only when the victim exits, and the victim (its `wait` a no-op on the kernel) may exit before
     * the driver's read bound (then the reads reach end of file) or after it. The other differences
     * of the probe are still required, so a fix of the model still fails the test.
     */
    static final Map<String, List<String>> TIMING = Map.of(
            "task-vma-small-reads.scn", List.of(
                    "reader: read s 64 until eof: result: model eof, kernel ok",
                    "dump reader.s: read to the end: model yes, kernel no"));

    static List<String> probes() {
        return Scenarios.probes().stream().map(p -> p.getFileName().toString()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probes")
    void agreesExceptTheKnownDifferences(String file) {
        Kernel.assumeReady();
        Path path = Scenarios.repo().resolve("kernel/src/test/resources/kernel-scenarios").resolve(file);
        KernelReport r = Scenarios.check(Scenarios.parse(path), KernelCheck.Options.DEFAULT);
        List<String> diffs = r.differences().stream()
                .map(d -> d.replaceFirst("^#\\d+ ", "").replaceAll(" at step \\d+", "")).toList();
        List<String> timing = TIMING.getOrDefault(file, List.of());
        List<String> expected = KNOWN.getOrDefault(file, List.of()).stream()
                .filter(d -> !timing.contains(d) || diffs.contains(d)).toList();
        assertEquals(expected, diffs, () -> "differences of " + file + " (if the model "
                + "was fixed, take them out of KNOWN):\n" + Scenarios.text(r));
    }
}
