package bpflife.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On the real kernel (root, BTF, bpffs; skipped elsewhere, saying why): each shipped scenario's
 * calls made by the kernel check's drivers, then the real {@code bpftool -j -f link show} and
 * {@code prog show} compared with the model's listing at the end of the run (BpftoolListing).
 * The run is the kernel check's (KernelCheck.run) up to the point where the lead wires the
 * comparison in: after the final listings, before the workspace is removed.
 */
@DisplayName("the real bpftool's listings of each shipped scenario's objects equal the model's")
class BpftoolListingKernelTest {

    static Stream<Arguments> shipped() {
        return Scenarios.shipped().stream().map(p -> Arguments.of(p.getFileName().toString(), p));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void sameAsBpftool(String name, Path file) {
        Kernel.assumeReady();
        Scenario sc = Scenarios.parse(file);
        assumeTrue(KernelCheck.unsupported(sc) == null, () -> "not supported by the kernel check: "
                + KernelCheck.unsupported(sc));
        ModelTrace trace = ModelTrace.run(sc, Semantics.LINUX, null, CallOrder.ENTERED);
        Host host = Host.check(n -> { });
        Path exe = DriverBuild.driver(n -> { });
        BpftoolListing.Outcome o;
        try (Workspace ws = new Workspace(host, n -> { })) {
            // a target the kernel refuses (bpf_map_elem here) skips, as the kernel check does: its
            // listings would be compared after loads that failed on the kernel only
            KernelCheck.probe(ws, exe, KernelCheck.targets(sc), Duration.ofSeconds(60));
            KernelRun kr = new KernelRun(sc, ws, exe, Duration.ofSeconds(60), trace.side);
            for (ModelTrace.Step s : trace.steps) {
                kr.step(s);
            }
            kr.finish();
            o = BpftoolListing.check(sc, trace.run, trace.side, kr.side, ws::bpffs);
        } catch (SkippedException e) {
            assumeTrue(false, () -> "kernel check skipped here: " + e.reason());
            return;
        }
        assumeTrue(!o.verdict().equals("not_run"), () -> "bpftool did not run: " + o.difference());
        assertEquals("identical", o.verdict(), () -> name + ": " + o.difference() + " " + o.notes());
        COMPARED.addAndGet(o.objects());
        RAN.incrementAndGet();
    }

    private static final AtomicInteger COMPARED = new AtomicInteger();
    private static final AtomicInteger RAN = new AtomicInteger();

    /** Scenarios that end with nothing listed compare nothing: the shipped ones together must compare some. */
    @AfterAll
    static void comparedSomething() {
        if (RAN.get() > 0 && COMPARED.get() == 0) {
            throw new AssertionError("no object was compared in " + RAN.get() + " scenarios");
        }
        System.out.println("BpftoolListingKernelTest: " + COMPARED.get() + " objects compared field by field in "
                + RAN.get() + " scenarios");
    }
}
