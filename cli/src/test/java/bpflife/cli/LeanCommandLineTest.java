package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Main builds only the command a command line names (picocli's model of every command cost a
 * short command about 0.1 s of CPU): the command must behave as in the whole tree. Its help, its
 * bad-input line and exit code are the whole tree's; a line without a known command gets the whole tree.
 */
class LeanCommandLineTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    @DisplayName("each command's --help is the whole tree's usage of it, examples included")
    void sameHelp() {
        CommandLine all = Examples.apply(Main.commandLine());
        for (Map.Entry<String, CommandLine> e : all.getSubcommands().entrySet()) {
            if (e.getKey().equals("generate-completion") || !e.getValue().getCommandName().equals(e.getKey())) {
                continue;
            }
            String[] r = run(e.getKey(), "--help");
            assertEquals("0", r[0], e.getKey() + ": " + r[2]);
            assertEquals(e.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF), r[1], e.getKey());
        }
    }

    @Test
    @DisplayName("a bad option of one command is the same line and exit 2; an unknown command still lists them all")
    void sameErrors() {
        String[] r = run("link", "show", "--nope");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--nope"), r[2]);
        String[] unknown = run("lnik");
        assertEquals("2", unknown[0]);
        for (String name : java.util.List.of("run", "replay", "link", "prog", "worlds")) {
            assertTrue(unknown[2].contains(name), name + " in: " + unknown[2]);
        }
    }
}
