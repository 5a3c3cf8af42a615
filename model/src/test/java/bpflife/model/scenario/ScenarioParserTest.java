package bpflife.model.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.protocol.CgroupOrder;
import bpflife.protocol.IdKind;
import bpflife.protocol.IterTarget;
import bpflife.protocol.MapType;
import bpflife.protocol.Syscall;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ScenarioParserTest {

    private static final String FILE = "scenarios/x.scn";

    /** A setup that leaves a pinned task iterator at /sys/fs/bpf/it; lines 1-5. */
    private static final String SETUP = """
            setup:
                p = prog load dump_task target task
                l = link create p
                pin l /sys/fs/bpf/it
                close l
            """;

    private static ScenarioException fails(String text) {
        return assertThrows(ScenarioException.class, () -> ScenarioParser.parse(FILE, text));
    }

    private static void assertError(ScenarioException e, int line, int column, String part) {
        assertEquals(new Pos(FILE, line, column), e.pos(), e.getMessage());
        assertTrue(e.getMessage().startsWith(FILE + ":" + line + ":" + column + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
    }

    @Nested
    @DisplayName("checks before running")
    class Malformed {

        @Test
        @DisplayName("an unknown statement is named at its column, with a suggestion when the typo is trivial")
        void unknownStatementNamesItsColumn() {
            ScenarioException e = fails("""
                    task a:
                        frok b
                    """);
            assertError(e, 2, 5, "expected a statement, found 'frok' (did you mean 'fork'?)");

            ScenarioException far = fails("""
                    task a:
                        teleport /sys/fs/bpf/it
                    """);
            assertError(far, 2, 5, "found 'teleport'");
            assertTrue(far.getMessage().contains("expected a statement (pin, read, close"), far.getMessage());
        }

        @Test
        @DisplayName("an unknown keyword inside a statement is named")
        void unknownKeywordAfterBinding() {
            ScenarioException e = fails("""
                    task a:
                        f = opne /sys/fs/bpf/it
                    """);
            assertError(e, 2, 9, "found 'opne' (did you mean 'open'?)");
        }

        @Test
        @DisplayName("an unknown iterator target lists the known ones")
        void unknownTargetNamesItsColumn() {
            ScenarioException e = fails("""
                    task a:
                        p = prog load dump target tsk
                    """);
            assertError(e, 2, 31,
                    "unknown iterator target 'tsk' (expected one of task, task_file, task_vma, bpf_map, bpf_map_elem, cgroup)");
        }

        @Test
        @DisplayName("an unknown map type or cgroup order lists the known ones")
        void unknownMapTypeAndOrder() {
            assertError(fails("""
                    task a:
                        m = map create hashmap entries 4
                    """), 2, 20, "unknown map type 'hashmap' (expected one of hash, array");
            assertError(fails("""
                    task a:
                        cgroup mkdir t
                        c = cgroup open t
                        p = prog load d target cgroup
                        l = link create p cgroup c order preorder
                    """), 5, 38, "unknown cgroup order 'preorder' (expected one of self_only");
        }

        @Test
        @DisplayName("a word where a number is needed is refused")
        void badNumberIsRefused() {
            ScenarioException e = fails(SETUP + """
                    task a:
                        f = open /sys/fs/bpf/it
                        read f lots
                    """);
            assertError(e, 8, 12, "expected a number of bytes after 'read f', found 'lots'");
        }

        @Test
        @DisplayName("a relative path is refused")
        void relativePathIsRefused() {
            ScenarioException e = fails(SETUP + """
                    task a:
                        l = obj get /sys/fs/bpf/it
                        pin l bpf/again
                    """);
            assertError(e, 8, 11, "expected an absolute path after 'pin l', found relative path 'bpf/again'");
        }

        @Test
        @DisplayName("a variable used before any statement binds it is refused")
        void variableUsedBeforeBound() {
            ScenarioException e = fails("""
                    task a:
                        read f 16
                        f = open /sys/fs/bpf/it
                    """);
            assertError(e, 2, 10, "expected a variable bound by an earlier statement of task 'a', found unbound 'f'");
        }

        @Test
        @DisplayName("a link where a prog is needed is refused")
        void wrongVariableKind() {
            ScenarioException e = fails("""
                    task a:
                        p = prog load d target task
                        l = link create p
                        x = link create l
                    """);
            assertError(e, 4, 21, "expected a prog variable after 'link create', found link variable 'l'");
            assertEquals(FILE + ":4:21: expected a prog variable after 'link create', found link variable 'l'",
                    e.getMessage());
        }

        @Test
        @DisplayName("a wrong kind is allowed when the statement expects only errnos")
        void wrongKindAllowedWhenExpectingAnErrno() {
            Scenario s = ScenarioParser.parse(FILE, """
                    task a:
                        p = prog load d target task
                        l = link create p
                        x = link create l       => EINVAL
                        read l 16               => EINVAL
                    """);
            assertEquals(new Outcome.Results(List.of("EINVAL")), s.task("a").body().get(3).expect());

            ScenarioException e = fails("""
                    task a:
                        p = prog load d target task
                        read p 16               => ok | EINVAL
                    """);
            assertError(e, 3, 10, "expected a session variable after 'read', found prog variable 'p'");
        }

        @Test
        @DisplayName("duplicate task names are refused, also when a template produces them")
        void duplicateTaskName() {
            assertError(fails("""
                    task a:
                        exit
                    task a:
                        exit
                    """), 3, 6, "duplicate task name 'a' (first defined at line 1)");
            assertError(fails("""
                    task cat2:
                        exit
                    task cat[1..3]:
                        exit
                    """), 3, 6, "duplicate task name 'cat2'");
        }

        @Test
        @DisplayName("fork of a task not declared forked is refused")
        void forkOfNonForkedTask() {
            ScenarioException e = fails("""
                    task a:
                        fork b
                    task b:
                        exit
                    """);
            assertError(e, 2, 10, "expected a task declared 'forked' after 'fork', found task 'b'");
        }

        @Test
        @DisplayName("a forked task that nobody forks is refused")
        void forkedTaskNeverForked() {
            ScenarioException e = fails("""
                    task a:
                        exit
                    task b forked:
                        exit
                    """);
            assertError(e, 3, 1, "task 'b' is declared forked but no task forks it");
        }

        @Test
        @DisplayName("an expectation naming an unknown task is refused")
        void unknownTaskInExpect() {
            ScenarioException e = fails(SETUP + """
                    task cat:
                        f = open /sys/fs/bpf/it
                    expect:
                        dump dog.f: complete
                    """);
            assertError(e, 9, 10, "unknown task 'dog' after 'dump'");
        }

        @Test
        @DisplayName("an expectation naming a variable the task never binds is refused")
        void unknownVariableInExpect() {
            ScenarioException e = fails(SETUP + """
                    task cat:
                        f = open /sys/fs/bpf/it
                    expect:
                        dump cat.g: complete
                        freed setup.q
                    """);
            assertError(e, 9, 14, "expected a variable of task 'cat' after 'dump' (cat binds f), found 'g'");
        }

        @Test
        @DisplayName("an unknown variable in another task's id operand is refused")
        void unknownVariableInIdOperand() {
            ScenarioException e = fails(SETUP + """
                    task getter:
                        g = link get id setup.k
                    """);
            assertError(e, 7, 27, "expected a variable of task 'setup' after 'link get id' (setup binds l, p), found 'k'");
        }

        @Test
        @DisplayName("a block line indented differently from the block's first line is refused")
        void badIndentation() {
            ScenarioException e = fails("""
                    task a:
                        p = prog load d target task
                          close p
                    """);
            assertError(e, 3, 7, "expected the indentation of line 2 (4 spaces) in the block of 'task a:', found 6 spaces");
        }

        @Test
        @DisplayName("a statement outside any block is refused, indented or not")
        void statementOutsideBlock() {
            assertError(fails("""
                    scenario s
                        close p
                    """), 2, 5, "indented outside any block");
            assertError(fails("""
                    task a:
                        exit
                    close p
                    """), 3, 1, "found the statement 'close' outside a block");
        }

        @Test
        @DisplayName("an unknown errno is refused, with the known ones or a suggestion")
        void unknownErrno() {
            assertError(fails("""
                    task a:
                        rm /sys/fs/bpf/it       => ok | ENOENTT
                    """), 2, 37, "unknown errno 'ENOENTT' (did you mean 'ENOENT'?)");
            assertError(fails("""
                    task a:
                        rm /sys/fs/bpf/it       => EWHATEVER
                    """), 2, 32, "unknown errno 'EWHATEVER' (expected one of EPERM, ENOENT");
        }

        @Test
        @DisplayName("a template range that is not 1..N is refused")
        void badTemplateRange() {
            assertError(fails("""
                    task cat[3..1]:
                        exit
                    """), 1, 10, "expected a template range A..N with 1 <= A <= N");
            assertError(fails("""
                    task cat[1-3]:
                        exit
                    """), 1, 10, "expected a template range 1..N, found '1-3'");
        }

        @Test
        @DisplayName("a dump pattern that matches no task is refused")
        void globMatchingNothing() {
            ScenarioException e = fails(SETUP + """
                    task cat[1..2]:
                        f = open /sys/fs/bpf/it
                    expect:
                        dump dog*.f: complete
                    """);
            assertError(e, 9, 10, "expected a task pattern that matches some task after 'dump', found 'dog*'");
        }

        @Test
        @DisplayName("a variable the parent binds after the fork is not inherited")
        void forkInheritsOnlyWhatWasBoundBefore() {
            ScenarioException e = fails(SETUP + """
                    task parent:
                        fork child
                        f = open /sys/fs/bpf/it
                    task child forked:
                        read f 16
                    """);
            assertError(e, 10, 10, "of task 'child' or of its parent 'parent' before 'fork child', found unbound 'f'");
        }

        @Test
        @DisplayName("'eof' is an outcome of read only")
        void eofOnlyForRead() {
            assertError(fails("""
                    task a:
                        rm /sys/fs/bpf/it       => eof
                    """), 2, 32, "found 'eof', which only a read returns");
        }

        @Test
        @DisplayName("a wait for a signal that nobody sends is refused")
        void waitWithoutSignal() {
            assertError(fails("""
                    task a:
                        wait go
                    """), 2, 10, "no 'signal go' sends");
        }

        @Test
        @DisplayName("a missing operand points just past the end of the line")
        void missingOperandPointsAtTheEnd() {
            assertError(fails("""
                    task a:
                        rm
                    """), 2, 7, "expected an absolute path after 'rm', found end of line");
        }
    }

    @Nested
    @DisplayName("well-formed scenarios")
    class WellFormed {

        private static final String FULL = """
                # rm during cats
                scenario rm-during-cats
                objects task 4

                setup:
                    mkdir /sys/fs/bpf/tasks
                    p = prog load dump_task target task pad 24
                    l = link create p
                    pin l /sys/fs/bpf/tasks/foo   # the only name
                    close l
                    close p

                task cat[1..3]:
                    f = open /sys/fs/bpf/tasks/foo      => ok | ENOENT
                    read f 16 until eof
                    close f

                task rm:
                    unlink /sys/fs/bpf/tasks/foo        => ok
                    rename /sys/fs/bpf/a /sys/fs/bpf/b  => ENOENT
                    ln /sys/fs/bpf/a /sys/fs/bpf/c      => ENOENT
                    link show                           => setup.l prog setup.p, setup.l prog setup.p

                expect:
                    dump cat*.f: complete from setup.p | ENOENT
                    dump cat2.f: only END | EPERM
                    link show: none
                    prog show: setup.p
                    freed setup.l
                """;

        @Test
        @DisplayName("a full scenario parses into the expected records")
        void fullScenarioParses() {
            Scenario s = ScenarioParser.parse(FILE, FULL);
            assertEquals("rm-during-cats", s.name());
            assertEquals(FILE, s.file());
            assertEquals(Map.of(IterTarget.TASK, 4), s.objects());
            assertEquals(3, s.objectCount(IterTarget.BPF_MAP));

            TaskDef setup = s.setup();
            assertEquals(Scenario.SETUP, setup.name());
            assertEquals(6, setup.body().size());
            Stmt load = setup.body().get(1);
            assertEquals(new Syscall.ProgLoad("p", "dump_task", IterTarget.TASK, 24, false), load.call());
            assertEquals(new Pos(FILE, 7, 5), load.pos());
            assertEquals("p = prog load dump_task target task pad 24", load.text());
            assertNull(load.expect());
            Stmt pin = setup.body().get(3);
            assertEquals(new Syscall.ObjPin("l", "/sys/fs/bpf/tasks/foo"), pin.call());
            assertEquals("pin l /sys/fs/bpf/tasks/foo", pin.text());

            Stmt open = s.task("cat1").body().get(0);
            assertEquals(new Syscall.Open("f", "/sys/fs/bpf/tasks/foo"), open.call());
            assertEquals(new Outcome.Results(List.of("ok", "ENOENT")), open.expect());
            assertEquals("f = open /sys/fs/bpf/tasks/foo", open.text());
            assertEquals(new Syscall.Read("f", 16, true), s.task("cat1").body().get(1).call());

            List<Stmt> rm = s.task("rm").body();
            assertEquals(new Syscall.Unlink("/sys/fs/bpf/tasks/foo"), rm.get(0).call());
            assertEquals(new Syscall.Rename("/sys/fs/bpf/a", "/sys/fs/bpf/b"), rm.get(1).call());
            assertEquals(new Syscall.HardLink("/sys/fs/bpf/a", "/sys/fs/bpf/c"), rm.get(2).call());
            assertEquals(new Syscall.Show(IdKind.LINK), rm.get(3).call());
            ShowEntry entry = new ShowEntry("setup", "l", "setup", "p");
            assertEquals(new Outcome.Listing(List.of(entry, entry)), rm.get(3).expect());
        }

        @Test
        @DisplayName("a template expands into numbered tasks sharing its body and position")
        void templateExpands() {
            Scenario s = ScenarioParser.parse(FILE, FULL);
            assertEquals(List.of("cat1", "cat2", "cat3", "rm"), s.tasks().stream().map(TaskDef::name).toList());
            Pos header = new Pos(FILE, 13, 1);
            for (int i = 1; i <= 3; i++) {
                TaskDef cat = s.task("cat" + i);
                assertEquals(header, cat.pos());
                assertEquals(s.task("cat1").body(), cat.body());
                assertEquals(false, cat.forked());
            }
        }

        @Test
        @DisplayName("a dump pattern expands into one expectation per matching task")
        void globExpands() {
            Scenario s = ScenarioParser.parse(FILE, FULL);
            List<Expectation> e = s.expectations();
            Pos line25 = new Pos(FILE, 25, 5);
            for (int i = 0; i < 3; i++) {
                assertEquals(new Expectation.Dump("cat" + (i + 1), "f", true, false, "setup", "p", List.of("ENOENT"), line25),
                        e.get(i));
            }
            assertEquals(new Expectation.Dump("cat2", "f", false, true, null, null, List.of("EPERM"), new Pos(FILE, 26, 5)),
                    e.get(3));
            assertEquals(new Expectation.Show(IdKind.LINK, List.of(), new Pos(FILE, 27, 5)), e.get(4));
            assertEquals(new Expectation.Show(IdKind.PROG, List.of(new ShowEntry("setup", "p", null, null)),
                    new Pos(FILE, 28, 5)), e.get(5));
            assertEquals(new Expectation.Freed("setup", "l", new Pos(FILE, 29, 5)), e.get(6));
            assertEquals(7, e.size());
        }

        @Test
        @DisplayName("a forked task starts with the variables its parent had bound at the fork")
        void forkInheritsVariables() {
            Scenario s = ScenarioParser.parse(FILE, SETUP + """
                    task reader:
                        f = open /sys/fs/bpf/it     => ok
                        d = dup f
                        fork child
                        close f
                    task child forked:
                        read d 16 until eof
                        read f 16                   => eof
                        close d
                    expect:
                        dump child.f: complete
                    """);
            TaskDef child = s.task("child");
            assertTrue(child.forked());
            assertEquals(new Syscall.Fork("child"), s.task("reader").body().get(2).call());
            assertEquals(new Syscall.Read("d", 16, true), child.body().get(0).call());
            assertEquals(new Outcome.Results(List.of("eof")), child.body().get(1).expect());
            assertInstanceOf(Expectation.Dump.class, s.expectations().get(0));
        }

        @Test
        @DisplayName("link create options, id operands and cgroup statements parse into their records")
        void otherStatements() {
            Scenario s = ScenarioParser.parse(FILE, SETUP + """
                    task a:
                        cgroup mkdir test
                        c = cgroup open test
                        m = map create lru_hash entries 8
                        q = prog load dq target cgroup sleepable
                        k = link create q cgroup c order descendants_pre tid 7 fault file   => ENOMEM
                        g = prog get id setup.p
                        next id link after 3
                        next id map
                        s = iter create k               => EBADF
                    task b:
                        setup_l = link get id 1
                        update setup_l setup_l replace setup_l  => EINVAL
                        detach setup_l                  => EOPNOTSUPP
                        exit
                    """);
            List<Stmt> a = s.task("a").body();
            assertEquals(new Syscall.CgroupMkdir("test"), a.get(0).call());
            assertEquals(new Syscall.CgroupOpen("c", "test"), a.get(1).call());
            assertEquals(new Syscall.MapCreate("m", MapType.LRU_HASH, 8), a.get(2).call());
            assertEquals(new Syscall.ProgLoad("q", "dq", IterTarget.CGROUP, 0, true), a.get(3).call());
            assertEquals(new Syscall.LinkCreate("k", "q", null, "c", CgroupOrder.DESCENDANTS_PRE, 7,
                    Syscall.PrimeFault.FILE), a.get(4).call());
            assertEquals(new Syscall.GetFdById("g", IdKind.PROG, Syscall.IdRef.of("setup", "p")), a.get(5).call());
            assertEquals(new Syscall.GetNextId(IdKind.LINK, Syscall.IdRef.of(3)), a.get(6).call());
            assertEquals(new Syscall.GetNextId(IdKind.MAP, Syscall.IdRef.of(0)), a.get(7).call());
            assertEquals(new Syscall.IterCreate("s", "k"), a.get(8).call());
            List<Stmt> b = s.task("b").body();
            assertEquals(new Syscall.GetFdById("setup_l", IdKind.LINK, Syscall.IdRef.of(1)), b.get(0).call());
            assertEquals(new Syscall.LinkUpdate("setup_l", "setup_l", "setup_l"), b.get(1).call());
            assertEquals(new Syscall.LinkDetach("setup_l"), b.get(2).call());
            assertEquals(new Syscall.Exit(), b.get(3).call());
        }

        @Test
        @DisplayName("without scenario line and setup block: the file's base name and an empty setup")
        void defaults() {
            Scenario s = ScenarioParser.parse("some/dir/quiet.scn", """
                    task a:
                        exit
                    """);
            assertEquals("quiet", s.name());
            assertEquals(new TaskDef(Scenario.SETUP, false, List.of(), new Pos("some/dir/quiet.scn", 1, 1)), s.setup());
            assertTrue(s.objects().isEmpty());
            assertTrue(s.expectations().isEmpty());
        }
    }

    @Test
    @DisplayName("a dump expectation may give an exact object count: 'N objects' or '1 object'")
    void dumpObjectCount() {
        Scenario sc = ScenarioParser.parse(FILE, """
                task t:
                    c = cgroup open a
                    p = prog load d target cgroup
                    l = link create p cgroup c order ancestors_up
                    s = iter create l
                    s2 = iter create l
                expect:
                    dump t.s: 3 objects | ENOENT
                    dump t.s2: 1 object
                """);
        Expectation.Dump d = (Expectation.Dump) sc.expectations().get(0);
        assertEquals(3, d.objects());
        assertEquals(List.of("ENOENT"), d.orErrnos());
        assertEquals(1, ((Expectation.Dump) sc.expectations().get(1)).objects());
        ScenarioException e = fails("""
                task t:
                    c = cgroup open a
                    p = prog load d target cgroup
                    l = link create p cgroup c order ancestors_up
                    s = iter create l
                expect:
                    dump t.s: 3 lines
                """);
        assertTrue(e.getMessage().contains("expected 'objects' after '3', found 'lines'"), e.getMessage());
    }
}
