package bpflife.model.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link Scenario#task} and {@link Scenario#namedByTid} through the index answer as the linear
 * searches they replace did (issue 16), on every shipped and selftest scenario and on every name
 * they hold plus one they do not.
 */
class TaskIndexTest {
    private static final Path SCENARIOS = Path.of("..", "scenarios");

    /** The definitions as they were: a search over setup and the tasks. */
    private static TaskDef taskByScan(Scenario sc, String name) {
        if (sc.setup().name().equals(name)) {
            return sc.setup();
        }
        for (TaskDef t : sc.tasks()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    private static boolean namedByScan(Scenario sc, String name) {
        if (sc.tidOf(name) == 0) {
            return false;
        }
        List<TaskDef> all = new ArrayList<>(sc.tasks());
        all.add(sc.setup());
        for (TaskDef t : all) {
            for (Stmt st : t.body()) {
                if (st.call() instanceof bpflife.protocol.Syscall.LinkCreate lc && name.equals(lc.tidTask())) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    @DisplayName("task(name) and namedByTid(name) answer as the linear searches did, on every shipped scenario")
    void sameAnswersAsTheScan() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(SCENARIOS)) {
            files = s.filter(p -> p.toString().endsWith(".scn")).sorted().toList();
        }
        int named = 0;
        for (Path f : files) {
            Scenario sc = ScenarioParser.parseFile(f);
            List<String> names = new ArrayList<>();
            names.add(sc.setup().name());
            sc.tasks().forEach(t -> names.add(t.name()));
            names.add("no-such-task");
            for (String n : names) {
                assertSame(taskByScan(sc, n), sc.task(n), f + ": task(" + n + ")");
                assertEquals(namedByScan(sc, n), sc.namedByTid(n), f + ": namedByTid(" + n + ")");
                named += sc.namedByTid(n) ? 1 : 0;
            }
            assertNull(sc.task("no-such-task"));
        }
        assertTrue(named > 0, "no scenario names a task by tid: the check compared only falses");
    }

    @Test
    @DisplayName("a scenario rebuilt from another's components is equal to it, and indexed once")
    void rebuiltScenarioIsEqual() throws IOException {
        Scenario sc = ScenarioParser.parseFile(SCENARIOS.resolve("task-exits-during-vma-dump.scn"));
        Scenario again = new Scenario(sc.name(), sc.file(), sc.objects(), sc.setup(), sc.tasks(), sc.expectations());
        assertEquals(sc, again);
        assertSame(sc.tasks(), again.tasks());
        Scenario copied = new Scenario(sc.name(), sc.file(), sc.objects(), sc.setup(), new ArrayList<>(sc.tasks()),
                sc.expectations());
        assertEquals(sc, copied);
        assertEquals(sc.hashCode(), copied.hashCode());
    }
}
