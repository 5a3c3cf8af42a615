package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.Semantics;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("bpflife, bpflife semantics")
class MainTest {

    @Test
    @DisplayName("--version and --help exit 0")
    void versionAndHelp() {
        Cli v = Cli.run("--version");
        assertEquals(0, v.code(), v::toString);
        assertTrue(v.out().startsWith("bpflife "), v::toString);
        Cli h = Cli.run("--help");
        assertEquals(0, h.code(), h::toString);
        assertTrue(h.out().contains("run") && h.out().contains("semantics"), h::toString);
        assertEquals(0, Cli.run("semantics", "--help").code());
    }

    @Test
    @DisplayName("semantics lists every variant, one line each: name, then summary")
    void semantics() {
        Cli r = Cli.run("semantics");
        assertEquals(0, r.code(), r::toString);
        var lines = r.out().lines().toList();
        assertEquals(Semantics.all().size(), lines.size(), r::toString);
        for (int i = 0; i < lines.size(); i++) {
            Semantics s = Semantics.all().get(i);
            assertTrue(lines.get(i).startsWith(s.name() + " "), r::toString);
            assertTrue(lines.get(i).endsWith("  " + s.summary()), r::toString);
        }
    }

    @Test
    @DisplayName("--verbose is accepted before and after the command")
    void verboseAnywhere() {
        assertEquals(0, Cli.run("--verbose", "semantics").code());
        assertEquals(0, Cli.run("semantics", "--verbose").code());
    }
}
