package bpflife.kernel;

import java.util.Map;
import java.util.function.Function;

/**
 * Why the kernel refused to load a target's iterator program: the "not run" reason of every
 * scenario that uses the target.
 *
 * <p>One refusal is known and named. On Linux 6.18.44-fc-v1147 (the kernel this was found on,
 * 2026-12-03) every iterator program whose context has a buffer argument (PTR_TO_BUF: the key and
 * value of {@code bpf_map_elem}, {@code bpf_sk_storage_map}'s value, {@code sockmap}'s key) is
 * refused with EPERM before the verifier looks at one instruction ("processed 0 insns"), as root
 * with every capability, whatever its memlock limit (libbpf's "try raising 'ulimit -l'" is a guess),
 * while the other targets load. Its bpf_iter_prog_supported(), read from the running kernel's text
 * (kernel/README.md "bpf_map_elem on this machine"), is a vendor build's: unless a static key is
 * on, it returns -EPERM for a context with PTR_TO_BUF in its first two arguments to every process
 * whose global tgid is not 1 (the VM's init); the same build refuses fentry/fexit/fmod_ret, freplace
 * and LSM programs in bpf_prog_load(). Nothing a driver process can do lets it load them, so the
 * scenarios are not run, with this reason. {@link #of} states it only when the kernel shows that
 * pattern in this run (the probes of the other buffer targets refused alike, bpf_map loaded);
 * otherwise it gives the kernel's errno and libbpf's words.
 */
final class Refusal {
    private Refusal() {}

    /** The iterator targets whose context has a PTR_TO_BUF argument, besides bpf_map_elem. */
    static final java.util.List<String> BUFFER_TARGETS = java.util.List.of("bpf_sk_storage_map", "sockmap");

    /**
     * The reason for a refused load.
     *
     * @param target the model's target the kernel refused
     * @param load   the driver's answer to the load of that target's program
     * @param probe  the driver's answer to {@code iterprobe T} ({@code r0 = 0; exit} for target T),
     *               asked only for {@link #BUFFER_TARGETS} and {@code bpf_map}, and only for an EPERM
     *               bpf_map_elem refusal
     */
    static String of(String target, Reply load, Function<String, Reply> probe) {
        String plain = Errnos.describe(load.errno()) + (load.detail().isEmpty() ? "" : ": " + load.detail());
        if (!target.equals("bpf_map_elem") || load.errno() != 1 || !load.detail().contains("processed 0 insns")) {
            return plain;
        }
        Map<String, Reply> seen = new java.util.LinkedHashMap<>();
        for (String t : BUFFER_TARGETS) {
            seen.put(t, probe.apply(t));
        }
        Reply other = probe.apply("bpf_map");
        boolean pattern = other.ok() && seen.values().stream().allMatch(r -> r.errno() == 1
                && r.detail().contains("processed 0 insns"));
        if (!pattern) {
            return plain;
        }
        return "EPERM before the verifier looked at one instruction (processed 0 insns), as root with every "
                + "capability; so are the other iterator targets whose context has a buffer argument (PTR_TO_BUF: "
                + String.join(", ", BUFFER_TARGETS) + ", even 'r0 = 0; exit'), while bpf_map's loads: the pattern of "
                + "the vendor patch in 6.18.44-fc's bpf_iter_prog_supported(), which lets only the process of global "
                + "tgid 1 load such programs (kernel/README.md, 'bpf_map_elem on this machine'; not 'ulimit -l', "
                + "libbpf's guess)";
    }
}
