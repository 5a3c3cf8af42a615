package bpflife.model.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One task, one number: the kernel gives a single-threaded process one id, its pid and its one
 * thread's tid, so the model's pid (bpftool's pids, {@code pid self}) and the tid a {@code tid NAME}
 * gives are one rule (before, a task's tid was one less than its pid).
 */
@DisplayName("a task's pid and tid are one number")
class TaskNumbersTest {

    private static final Scenario SC = ScenarioParser.parse("numbers.scn", """
            scenario numbers
            setup:
                mkdir /sys/fs/bpf/d
            task a:
                fork kid
            task kid forked:
                link show
            task b:
                link show
            """);

    @Test
    @DisplayName("setup is 1000, then 1001, 1002 ... in file order; tid NAME gives the pid")
    void tidIsThePid() {
        assertEquals(1000, SC.pidOf("setup"));
        assertEquals(1001, SC.pidOf("a"));
        assertEquals(1003, SC.pidOf("b"));
        for (String t : new String[] {"setup", "a", "b"}) {
            assertEquals(SC.pidOf(t), SC.tidOf(t), t);
        }
    }

    @Test
    @DisplayName("a forked task or an unknown name is a tid that names no task")
    void forkedAndUnknownNameNoTask() {
        assertEquals(1002, SC.pidOf("kid"));
        assertEquals(0, SC.tidOf("kid"));
        assertEquals(0, SC.tidOf("nobody"));
    }
}
