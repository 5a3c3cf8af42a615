package bpflife.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Why a target's programs are refused: the known cause is named only when the kernel shows its pattern. */
class RefusalTest {
    private static final Reply EPERM_0 = Reply.parse("err 1 libbpf: prog 'bpflife_bpf_map_elem': BPF program load "
            + "failed: Operation not permitted libbpf: permission error while running as root; try raising 'ulimit -l'? "
            + "-- BEGIN PROG LOAD LOG -- processed 0 insns (limit 1000000) max_states_per_insn 0 -- END PROG LOAD LOG --");
    private static final Reply PROBE_EPERM = Reply.parse("err 1 processed 0 insns (limit 1000000) max_states_per_insn 0");

    @Test
    @DisplayName("bpf_map_elem's EPERM with the other buffer targets refused alike and bpf_map loaded: the cause is named")
    void thePatternNamesTheCause() {
        List<String> asked = new ArrayList<>();
        String why = Refusal.of("bpf_map_elem", EPERM_0, t -> {
            asked.add(t);
            return t.equals("bpf_map") ? Reply.parse("ok") : PROBE_EPERM;
        });
        assertEquals(List.of("bpf_sk_storage_map", "sockmap", "bpf_map"), asked);
        assertTrue(why.startsWith("EPERM before the verifier looked at one instruction"), why);
        assertTrue(why.contains("PTR_TO_BUF") && why.contains("global tgid 1") && why.contains("not 'ulimit -l'"), why);
    }

    @Test
    @DisplayName("without the pattern (a buffer target loads, bpf_map is refused, another errno or target) it is the errno and libbpf's words")
    void otherwiseTheKernelsWords() {
        String plain = "EPERM (Operation not permitted): " + EPERM_0.detail();
        for (Map<String, Reply> probes : List.of(
                Map.of("bpf_sk_storage_map", Reply.parse("ok"), "sockmap", PROBE_EPERM, "bpf_map", Reply.parse("ok")),
                Map.of("bpf_sk_storage_map", PROBE_EPERM, "sockmap", PROBE_EPERM, "bpf_map", PROBE_EPERM))) {
            assertEquals(plain, Refusal.of("bpf_map_elem", EPERM_0, probes::get));
        }
        assertEquals(plain, Refusal.of("cgroup", EPERM_0, t -> { throw new AssertionError("asked " + t); }));
        Reply einval = Reply.parse("err 22 libbpf: failed");
        assertEquals("EINVAL (Invalid argument): libbpf: failed",
                Refusal.of("bpf_map_elem", einval, t -> { throw new AssertionError("asked " + t); }));
    }

    @Test
    @DisplayName("on a kernel that refuses bpf_map_elem, a scenario using it is not run with the cause the kernel showed")
    void aMapElemScenarioIsNotRunWithTheCause() {
        Kernel.assumeReady();
        KernelReport r = KernelCheck.run(Scenarios.parse("probe.scn", "task t:\n    m = map create hash entries 2\n"
                + "    p = prog load dump target bpf_map_elem\n"), KernelCheck.Options.DEFAULT, n -> { });
        assumeTrue(r.verdict() == KernelReport.Verdict.NOT_RUN, "this kernel loads bpf_map_elem programs");
        assertTrue(r.skipReason().startsWith("this kernel refuses iterator programs for target bpf_map_elem ("),
                r.skipReason());
        // where the pattern is there (6.18.44-fc), the reason names it; elsewhere the kernel's errno
        assertTrue(r.skipReason().contains("PTR_TO_BUF") || !r.skipReason().contains("processed 0 insns"),
                r.skipReason());
    }
}
