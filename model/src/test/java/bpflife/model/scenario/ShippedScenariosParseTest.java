package bpflife.model.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ShippedScenariosParseTest {

    /** Maven runs the tests of a module with the module directory as working directory. */
    private static final Path SCENARIOS = Path.of("..", "scenarios");

    @Test
    @DisplayName("every scenario shipped in scenarios/ parses, and there are the twenty-five (the README's twelve, and issue 14's D1-D3, D5, cgroup-sleepable, task-exits-during-vma-dump, task-closes-fd-during-file-dump, prog-holds-its-maps, item 5's four and task-pidns)")
    void everyShippedScenarioParses() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(SCENARIOS)) {
            files = s.filter(p -> p.toString().endsWith(".scn")).sorted().toList();
        }
        assertEquals(25, files.size(), () -> "scenario files: " + files);
        for (Path f : files) {
            Scenario s = ScenarioParser.parseFile(f);
            assertEquals(ScenarioParser.defaultName(f.getFileName().toString()), s.name(),
                    () -> f + ": the scenario line should repeat the file name");
            assertFalse(s.tasks().isEmpty(), () -> f + " has no task");
            assertFalse(s.expectations().isEmpty(), () -> f + " has no expect: block");
        }
        assertTrue(files.contains(SCENARIOS.resolve("rm-during-cats.scn")));
    }
}
