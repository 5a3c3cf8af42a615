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

    /** Known differences per probe, as {@link KernelReport#differences()} words them (without row and step numbers). */
    static final Map<String, List<String>> KNOWN = Map.of(
            // the model's cgroup iterator shows only its start cgroup, whatever the order: descendants_pre of a
            // cgroup with a child shows both on the kernel, and a read that stops inside that walk makes the next
            // read fail with EOPNOTSUPP
            "cgroup-walks.scn", List.of(
                    "t: read s3 4096 until eof: result: model eof, kernel EOPNOTSUPP",
                    "dump t.s2: objects: model 1, kernel 2",
                    "dump t.s3: END lines: model 1, kernel 0",
                    "dump t.s3: complete: model complete, kernel not read to the end (no END line)",
                    "dump t.s3: read to the end: model yes, kernel no"),
            // bpf_iter_link_info is a union: a map fd given to a task iterator is read as task.tid, and the kernel
            // makes a tid-filtered task iterator link; the model refuses with EINVAL
            "map-targets.scn", List.of(
                    "wrongmap: l = link create p map m: result: model EINVAL, kernel ok"),
            // open(2) of a bpffs directory (O_RDONLY) gives a directory fd on the kernel; the model says EISDIR
            "open-dir.scn", List.of(
                    "t: f = open /sys/fs/bpf/h: result: model EISDIR, kernel ok",
                    "dump t.f: opened: model no, kernel yes"),
            // rename(2) of a pin onto its own parent directory: the VFS finds the target is an ancestor of the
            // source (lock_rename's trap) before any type check: ENOTEMPTY; the model says EISDIR
            "paths.scn", List.of(
                    "t: mv /sys/fs/bpf/d/moved /sys/fs/bpf/d: result: model EISDIR, kernel ENOTEMPTY"),
            // mv of a bpffs directory that holds a pin, with other directories next to it: the model's run stops
            // with a refcount mismatch on the pin's inode (an invariant broken under linux semantics); the kernel
            // runs every call
            "rename-dir.scn", List.of(
                    "the run at the end: model stopped: refcount mismatch on inode:1: refcount 1 but 0 holders "
                            + "(nobody), kernel made the same calls"));

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
        assertEquals(KNOWN.getOrDefault(file, List.of()), diffs, () -> "differences of " + file + " (if the model "
                + "was fixed, take them out of KNOWN):\n" + Scenarios.text(r));
    }
}
