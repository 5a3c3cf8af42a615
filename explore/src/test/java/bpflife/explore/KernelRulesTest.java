package bpflife.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.protocol.Errno;
import bpflife.protocol.Result;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The model says what Linux says: the errnos the bpf(2) commands, bpffs and read(2) return, and
 * the read rules of kernel/bpf/bpf_iter.c bpf_seq_read() (one stream per session under
 * seq->lock, an eight-page buffer, E2BIG for an object that does not fit, the end-of-iteration
 * call once), each as a small scenario whose inline expectations are the kernel's answers.
 * Scenarios with one task run the same in every schedule; a few seeds still run to show it.
 */
@DisplayName("kernel rules")
class KernelRulesTest {

    private static final String PINNED = """
            setup:
                mkdir /sys/fs/bpf/d
                p = prog load dump_task target task
                l = link create p
                pin l /sys/fs/bpf/d/it
                pin p /sys/fs/bpf/d/prog
            """;

    private static Report holds(String text) {
        Scenario sc = Runs.inline(text);
        Report last = null;
        for (long seed = 1; seed <= 5; seed++) {
            RunResult r = Runs.run(sc, Semantics.LINUX, seed);
            last = Report.of(r);
            assertTrue(last.pass(), Runs.why(r, seed));
        }
        return last;
    }

    private static List<Result> results(Report rep, String task, int call) {
        return rep.tasks().stream().filter(t -> t.task().equals(task)).findFirst().orElseThrow().calls().get(call)
                .results();
    }

    @Test
    @DisplayName("BPF_OBJ_PIN: EEXIST, ENOENT, EPERM outside bpffs or with a dot, EINVAL for a session fd")
    void pinErrors() {
        holds(PINNED + """
                task t:
                    l = obj get /sys/fs/bpf/d/it
                    pin l /sys/fs/bpf/d/it              => EEXIST
                    pin l /sys/fs/bpf/nodir/it          => ENOENT
                    pin l /tmp/it                       => EPERM
                    pin l /sys/fs/bpf/d/it.debug        => EPERM
                    f = open /sys/fs/bpf/d/it
                    pin f /sys/fs/bpf/d/session         => EINVAL
                    pin l /sys/fs/bpf/d/again           => ok
                    rm /sys/fs/bpf/d/again              => ok
                """);
    }

    @Test
    @DisplayName("open(2): a prog pin gives EIO, a removed name ENOENT; lseek-free reads of a link fd give EINVAL")
    void openAndReadErrors() {
        holds(PINNED + """
                task t:
                    x = open /sys/fs/bpf/d/prog         => EIO
                task u:
                    x = open /sys/fs/bpf/d/nothing      => ENOENT
                task v:
                    l = obj get /sys/fs/bpf/d/it
                    read l 64                           => EINVAL
                    s = iter create l
                    read s 4096                         => ok
                    detach l                            => EOPNOTSUPP
                    p = obj get /sys/fs/bpf/d/prog
                    x = iter create p                   => EINVAL
                """);
    }

    @Test
    @DisplayName("BPF_LINK_UPDATE: EPERM for a wrong BPF_F_REPLACE old prog, EINVAL for another target; link show follows")
    void updateErrors() {
        holds(PINNED + """
                task t:
                    l = obj get /sys/fs/bpf/d/it
                    a = obj get /sys/fs/bpf/d/prog
                    b = prog load dump_b target task
                    m = prog load dump_maps target bpf_map
                    update l b replace b                => EPERM
                    update l m                          => EINVAL
                    update l b replace a                => ok
                    link show                           => setup.l prog t.b
                    update l a                          => ok
                    link show                           => setup.l prog setup.p
                """);
    }

    @Test
    @DisplayName("GET_FD_BY_ID: ENOENT for id 0 and for ids never used; GET_NEXT_ID ENOENT at the end")
    void idErrors() {
        holds(PINNED + """
                task t:
                    x = link get id 0                   => ENOENT
                task u:
                    x = link get id 77                  => ENOENT
                task v:
                    next id link after 1                => ENOENT
                    x = link get id setup.l             => ok
                    y = prog get id setup.p             => ok
                """);
    }

    @Test
    @DisplayName("bpffs: a second rm gives ENOENT, rmdir of a non-empty directory ENOTEMPTY, ln and mv keep the inode")
    void bpffsErrors() {
        holds(PINNED + """
                task t:
                    rmdir /sys/fs/bpf/d                 => ENOTEMPTY
                    ln /sys/fs/bpf/d/it /sys/fs/bpf/d/it2 => ok
                    mv /sys/fs/bpf/d/it2 /sys/fs/bpf/d/it3 => ok
                    rm /sys/fs/bpf/d/it                 => ok
                    rm /sys/fs/bpf/d/it                 => ENOENT
                    link show                           => setup.l prog setup.p
                    rm /sys/fs/bpf/d/it3                => ok
                    rm /sys/fs/bpf/d/prog               => ok
                    rmdir /sys/fs/bpf/d                 => ok
                expect:
                    link show: none
                    prog show: none
                """);
    }

    @Test
    @DisplayName("found by the kernel check on 6.18: rename traps, directory opens, a map fd read as a tid")
    void kernelCheckFindings() {
        holds("""
                task t:
                    p = prog load dump_task target task
                    l = link create p
                    mkdir /sys/fs/bpf/g
                    mkdir /sys/fs/bpf/d
                    pin l /sys/fs/bpf/d/it
                    mv /sys/fs/bpf/d /sys/fs/bpf/e      => ok
                    f = open /sys/fs/bpf/e/it           => ok
                    read f 4096 until eof               => eof
                    mv /sys/fs/bpf/e/it /sys/fs/bpf/e   => ENOTEMPTY
                    mv /sys/fs/bpf/e /sys/fs/bpf/e/x    => EINVAL
                    h = open /sys/fs/bpf/g              => ok
                    read h 16                           => EISDIR
                    m = map create hash entries 2
                    k = link create p map m             => ok
                    link show                           => t.l prog t.p, t.k prog t.p
                """);
    }

    @Test
    @DisplayName("found by the kernel check on 6.18: a cgroup walk visits the descendants, and cannot resume")
    void cgroupWalks() {
        Report rep = holds("""
                task t:
                    cgroup mkdir top
                    cgroup mkdir top/child
                    c = cgroup open top
                    p = prog load dump_cgroup target cgroup
                    l = link create p cgroup c order descendants_pre
                    s = iter create l
                    read s 4096 until eof
                    s2 = iter create l
                    read s2 10
                    read s2 100
                    read s2 100                         => EOPNOTSUPP
                """);
        assertEquals(3, concat(results(rep, "t", 6)).split("\n").length, "two cgroups and the END line");
    }

    @Test
    @DisplayName("D5, measured on 6.18: a walk passes a removed cgroup a link still holds, counts it in seq_num, shows nothing")
    void dyingCgroupCountedNotShown() {
        Report rep = holds("""
                task t:
                    cgroup mkdir top
                    cgroup mkdir top/a
                    cgroup mkdir top/b
                    cgroup mkdir top/c
                    c = cgroup open top
                    cb = cgroup open top/b
                    p = prog load dump_cgroup target cgroup
                    lpre = link create p cgroup c order descendants_pre
                    lpost = link create p cgroup c order descendants_post
                    lself = link create p cgroup cb order self_only
                    lup = link create p cgroup cb order ancestors_up
                    cgroup rmdir top/b
                    s1 = iter create lpre
                    read s1 4096 until eof
                    s2 = iter create lpost
                    read s2 4096 until eof
                    s3 = iter create lself
                    read s3 4096 until eof
                    s4 = iter create lup
                    read s4 4096 until eof
                expect:
                    dump t.s1: 3 objects
                    dump t.s2: 3 objects
                    dump t.s3: only END
                    dump t.s4: 2 objects
                """);
        // pre-order top, a, b (dying), c; post-order a, b, c, top; up from b: b, top, the root
        assertEquals(List.of("0", "1", "3", "END 3"), seqs(concat(results(rep, "t", 13))));
        assertEquals(List.of("0", "2", "3", "END 3"), seqs(concat(results(rep, "t", 15))));
        assertEquals(List.of("END 0"), seqs(concat(results(rep, "t", 17))));
        assertEquals(List.of("1", "2", "END 2"), seqs(concat(results(rep, "t", 19))));
    }

    /** The seq_num of each line of a dump, "END n" for the END line. */
    private static List<String> seqs(String dump) {
        return dump.lines().map(l -> (l.contains(" END ") ? "END " : "")
                + l.substring(l.indexOf("seq=") + 4).split(" ")[0]).toList();
    }

    @Test
    @DisplayName("BPF_LINK_CREATE: attach-time errors of map element and cgroup iterators and of sleepable progs")
    void attachErrors() {
        holds("""
                task t:
                    p = prog load dump_elem target bpf_map_elem
                    r = map create ringbuf entries 4
                    m = map create array entries 2
                    x = link create p                   => EBADF
                    y = link create p map r             => EINVAL
                    z = link create p map m             => ok
                    s = prog load dump_sleepy target bpf_map_elem sleepable
                    w = link create s map m             => EINVAL
                    c = prog load dump_cg target cgroup
                    cgroup mkdir test
                    g = cgroup open test
                    v = link create c cgroup g          => EINVAL
                    u = link create c cgroup g order self_only => ok
                    link show                           => t.z prog t.p, t.u prog t.c
                """);
    }

    @Test
    @DisplayName("read(2): the same dump whatever the read size, and read(1) needs bytes + 1 calls")
    void readSizeDoesNotChangeTheDump() {
        Report rep = holds("""
                objects task 5
                setup:
                    p = prog load dump_task target task
                    l = link create p
                    pin l /sys/fs/bpf/it
                task one:
                    f = open /sys/fs/bpf/it
                    read f 1 until eof
                task ten:
                    f = open /sys/fs/bpf/it
                    read f 10 until eof
                task big:
                    f = open /sys/fs/bpf/it
                    read f 65536 until eof
                """);
        String one = concat(results(rep, "one", 1));
        String ten = concat(results(rep, "ten", 1));
        String big = concat(results(rep, "big", 1));
        assertEquals(one.replaceAll("session=\\d+", "session=S"), big.replaceAll("session=\\d+", "session=S"));
        assertEquals(ten.replaceAll("session=\\d+", "session=S"), big.replaceAll("session=\\d+", "session=S"));
        assertEquals(one.length() + 1, results(rep, "one", 1).size());
        assertEquals(6, big.split("\n").length, "five objects and one END line");
        assertTrue(big.endsWith(" END session=" + sessionOf(big) + " seq=4\n"), big);
    }

    @Test
    @DisplayName("read(2): at most 32 KiB per read, E2BIG when one object does not fit, END seq=0 for no objects")
    void bufferRules() {
        Report rep = holds("""
                objects task 100
                objects task_file 0
                setup:
                    p = prog load dump_wide target task pad 1000
                    l = link create p
                    pin l /sys/fs/bpf/wide
                    h = prog load dump_huge target task pad 40000
                    k = link create h
                    pin k /sys/fs/bpf/huge
                    e = prog load dump_empty target task_file
                    j = link create e
                    pin j /sys/fs/bpf/empty
                task wide:
                    f = open /sys/fs/bpf/wide
                    read f 1048576 until eof
                task huge:
                    f = open /sys/fs/bpf/huge
                    read f 1048576                      => E2BIG
                    read f 1048576                      => E2BIG
                task empty:
                    f = open /sys/fs/bpf/empty
                    read f 4096 until eof
                """);
        List<Result> wide = results(rep, "wide", 1);
        assertTrue(wide.stream().allMatch(r -> r.value() <= 32 * 1024), "no read returns more than 32 KiB");
        assertTrue(wide.size() > 4, "100 KB take several reads");
        assertEquals(101, concat(wide).split("\n").length);
        assertEquals(Errno.E2BIG, results(rep, "huge", 1).get(0).errno());
        assertTrue(concat(results(rep, "empty", 1)).matches("dump_empty END session=\\d+ seq=0\n"));
    }

    private static String concat(List<Result> rs) {
        StringBuilder b = new StringBuilder();
        rs.forEach(r -> b.append(r.data()));
        return b.toString();
    }

    private static String sessionOf(String dump) {
        int i = dump.indexOf("session=") + 8;
        return dump.substring(i, dump.indexOf(' ', i));
    }

    /** Every interleaving of {@code text} under {@code sem}: complete, no violation. */
    private static void everyInterleavingHolds(String text, Semantics sem) {
        Explorer.Summary s = new Explorer(new bpflife.model.Env(Runs.inline(text), sem),
                new Explorer.Options(Explorer.Strategy.EXHAUSTIVE, 0, 100_000, 0, 0, 5_000_000), null).run();
        assertTrue(s.found() == null, () -> sem.name() + ": " + s.found().run().violations());
        assertTrue(s.complete(), "the search did not finish");
    }

    @Test
    @DisplayName("seq_read holds the seq_file's mutex: two readers of one shared map session take turns")
    void sharedSessionReadsTakeTurns() {
        // a map walk happens inside the read, so a read visits the map; a second read of the same
        // session (the forked child's) waits for it instead of starting a second walk
        everyInterleavingHolds("""
                task reader:
                    m = map create hash entries 4
                    p = prog load dump_elems target bpf_map_elem
                    l = link create p map m
                    s = iter create l
                    close l
                    close m
                    close p
                    fork child
                    read s 16 until eof
                    close s
                task child forked:
                    read s 16 until eof
                    close s
                """, Semantics.LINUX);
    }

    @Test
    @DisplayName("rfc-seqfile-holds-link: two readers of one session take turns while each read asks the link")
    void sharedSessionReadsTakeTurnsUnderTheRfc() {
        everyInterleavingHolds(PINNED + """
                task reader:
                    f = open /sys/fs/bpf/d/it
                    read f 48
                    fork child
                    read f 48 until eof
                    close f
                task child forked:
                    read f 48 until eof
                    close f
                """, Semantics.byName("rfc-seqfile-holds-link"));
    }
}
