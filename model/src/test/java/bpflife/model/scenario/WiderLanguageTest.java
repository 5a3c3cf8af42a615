package bpflife.model.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.protocol.FileMode;
import bpflife.protocol.IterTarget;
import bpflife.protocol.Syscall;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 14 item 5: what the statements and expectations can now say, and what they refuse. */
class WiderLanguageTest {
    private static final String FILE = "scenarios/x.scn";

    private static Scenario parse(String text) {
        return ScenarioParser.parse(FILE, text);
    }

    private static List<Stmt> body(String text) {
        return parse(text).task("t").body();
    }

    private static String fails(String text) {
        return assertThrows(ScenarioException.class, () -> parse(text)).getMessage();
    }

    @Test
    @DisplayName("link create reads tid/pid self, pid_fd self|-1|V, cgroup_id and the fd -1")
    void linkParameters() {
        List<Stmt> b = body("""
                task t:
                    p = prog load d target task
                    c = cgroup open a
                    l1 = link create p tid self
                    l2 = link create p pid 42 pid_fd self
                    l3 = link create p pid_fd -1 map -1 cgroup -1
                    l4 = link create p pid_fd p cgroup_id a/b order self_only
                """);
        assertEquals(new Syscall.LinkCreate("l1", "p", null, null, null, Syscall.LinkCreate.SELF, null),
                b.get(2).call());
        assertEquals(new Syscall.LinkCreate("l2", "p", null, null, null, 0, null, null, 42, "self", null), b.get(3).call());
        Syscall.LinkCreate l3 = (Syscall.LinkCreate) b.get(4).call();
        assertEquals("-1", l3.pidFd());
        assertEquals("-1", l3.map());
        assertEquals("-1", l3.cgroup());
        assertEquals(List.of("p"), l3.uses()); // -1 is no variable
        Syscall.LinkCreate l4 = (Syscall.LinkCreate) b.get(5).call();
        assertEquals("a/b", l4.cgroupId());
        assertEquals(List.of("p", "p"), l4.uses());
    }

    @Test
    @DisplayName("prog load ret takes 0 or 1 (the verifier refuses any other return of an iterator program)")
    void progRet() {
        assertEquals(new Syscall.ProgLoad("p", "d", IterTarget.TASK, 0, false, 1),
                body("task t:\n    p = prog load d target task ret 1\n").get(0).call());
        assertTrue(fails("task t:\n    p = prog load d target task ret 2\n").contains("expected '0' or '1' after 'ret'"));
    }

    @Test
    @DisplayName("open and obj get take access modes, iter create flags, and write/lseek are statements")
    void fileFlags() {
        List<Stmt> b = body("""
                task t:
                    f = open /sys/fs/bpf/it wronly
                    g = obj get /sys/fs/bpf/it rdonly
                    s = iter create g flags 1
                    write f 4
                    lseek f 0
                """);
        assertEquals(new Syscall.Open("f", "/sys/fs/bpf/it", FileMode.WRONLY), b.get(0).call());
        assertEquals(new Syscall.ObjGet("g", "/sys/fs/bpf/it", Syscall.ObjGet.RDONLY), b.get(1).call());
        assertEquals(new Syscall.IterCreate("s", "g", 1), b.get(2).call());
        assertEquals(new Syscall.Write("f", 4), b.get(3).call());
        assertEquals(new Syscall.Lseek("f", 0), b.get(4).call());
        assertTrue(fails("task t:\n    f = open /sys/fs/bpf/it append\n").contains("'rdonly', 'wronly' or 'rdwr'"));
    }

    @Test
    @DisplayName("a byte count is an alternative of one read only; session K is a dump alternative")
    void readSizesAndSessions() {
        List<Stmt> b = body("""
                task t:
                    f = open /sys/fs/bpf/it
                    read f 16           => 16 | eof
                """);
        Outcome.Results r = (Outcome.Results) b.get(1).expect();
        assertTrue(r.accepts("ok", 16L));
        assertFalse(r.accepts("ok", 15L));
        assertTrue(r.accepts("eof", 0L));
        assertTrue(fails("task t:\n    f = open /sys/fs/bpf/it\n    read f 16 until eof => 16\n")
                .contains("'until eof' ends with eof"));
        assertTrue(fails("task t:\n    f = open /sys/fs/bpf/it => 3\n").contains("only a read returns a byte count"));
        Scenario sc = parse("""
                task t:
                    f = open /sys/fs/bpf/it
                expect:
                    dump t.f: session 0 | ENOENT
                """);
        Expectation.Dump d = (Expectation.Dump) sc.expectations().get(0);
        assertEquals(0, d.rank());
        assertEquals(List.of("session 0", "ENOENT"), d.alternatives());
    }
}
