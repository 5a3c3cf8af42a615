package bpflife.model.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.protocol.IterTarget;
import bpflife.protocol.Syscall;
import bpflife.protocol.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15's parser rows: limits (F4), no tasks (F12), BOM / control characters / columns (F13), files (F16). */
class ScenarioInputTest {

    private static final String FILE = "scenarios/x.scn";

    private static ScenarioException fails(String text) {
        return assertThrows(ScenarioException.class, () -> ScenarioParser.parse(FILE, text));
    }

    private static void assertError(ScenarioException e, int line, int column, String part) {
        assertEquals(new Pos(FILE, line, column), e.pos(), e.getMessage());
        assertTrue(e.getMessage().startsWith(FILE + ":" + line + ":" + column + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
    }

    /** Every character of a message can be printed on one line of a terminal. */
    private static void assertPrintable(String message) {
        message.codePoints().forEach(cp -> assertFalse(Character.isISOControl(cp)
                || Character.getType(cp) == Character.FORMAT, () -> "raw U+" + Integer.toHexString(cp) + " in: " + message));
    }

    @Nested
    @DisplayName("F4: limits checked while parsing, each named with its maximum")
    class Limits4 {

        @Test
        @DisplayName("pad 2147483647 is refused at its column with the limit, not run out of memory")
        void hugePad() {
            ScenarioException e = fails("""
                    task a:
                        p = prog load dump_task target task pad 2147483647
                    """);
            assertError(e, 2, 45, "at most " + Limits.MAX_PAD);
            ScenarioException beyondInt = fails("""
                    task a:
                        p = prog load dump_task target task pad 99999999999999999999
                    """);
            assertError(beyondInt, 2, 45, "at most " + Limits.MAX_PAD);
        }

        @Test
        @DisplayName("pad at the limit parses: a line too long for the seq_file buffer (E2BIG) can still be asked for")
        void padAtTheLimit() {
            Scenario s = ScenarioParser.parse(FILE, """
                    task a:
                        p = prog load dump_task target task pad %d
                    """.formatted(Limits.MAX_PAD));
            assertEquals(Limits.MAX_PAD, ((Syscall.ProgLoad) s.task("a").body().get(0).call()).pad());
            assertError(fails("""
                    task a:
                        p = prog load dump_task target task pad %d
                    """.formatted(Limits.MAX_PAD + 1)), 2, 45, "at most " + Limits.MAX_PAD);
        }

        @Test
        @DisplayName("objects task 100000000 is refused at the number with the limit")
        void hugeObjects() {
            ScenarioException e = fails("""
                    objects task 100000000
                    task a:
                        exit
                    """);
            assertError(e, 1, 14, "at most " + Limits.MAX_OBJECTS + " objects");
            Scenario ok = ScenarioParser.parse(FILE, "objects task %d\ntask a:\n    exit\n".formatted(Limits.MAX_OBJECTS));
            assertEquals(Limits.MAX_OBJECTS, ok.objectCount(IterTarget.TASK));
        }

        @Test
        @DisplayName("entries 2147483647 is refused at the number with the limit")
        void hugeEntries() {
            ScenarioException e = fails("""
                    task a:
                        m = map create hash entries 2147483647
                    """);
            assertError(e, 2, 33, "at most " + Limits.MAX_ENTRIES);
        }

        @Test
        @DisplayName("more tasks than the limit, by templates, is refused at the template that crosses it")
        void tooManyTasks() {
            StringBuilder text = new StringBuilder();
            int templates = Limits.MAX_TASKS / Limits.MAX_TEMPLATE + 1;
            for (int i = 1; i <= templates; i++) {
                text.append("task t").append(i).append("x[1..").append(Limits.MAX_TEMPLATE).append("]:\n    exit\n");
            }
            ScenarioException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(ScenarioException.class, () -> ScenarioParser.parse(FILE, text.toString())));
            assertError(e, 2 * templates - 1, 6, "at most " + Limits.MAX_TASKS + " tasks");
        }

        @Test
        @DisplayName("more statements than the limit, templates expanded, are refused at the block that crosses it")
        void tooManyStatements() {
            int perTask = Limits.MAX_STATEMENTS / Limits.MAX_TEMPLATE + 1;
            String text = "task a:\n    exit\ntask s[1..%d]:\n".formatted(Limits.MAX_TEMPLATE)
                    + "    signal x\n".repeat(perTask);
            ScenarioException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(ScenarioException.class, () -> ScenarioParser.parse(FILE, text)));
            assertError(e, 3, 1, "at most " + Limits.MAX_STATEMENTS + " statements");
        }

        @Test
        @DisplayName("a dump pattern with many stars matches in linear time")
        void manyStarsAreLinear() {
            String stars = "*a".repeat(40);
            assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
                assertFalse(Words.globMatches(stars + "b", "a".repeat(200)));
                assertTrue(Words.globMatches(stars, "a".repeat(200)));
            });
            assertTrue(Words.globMatches("cat*.x*", "cat12.x"));
            assertTrue(Words.globMatches("*", ""));
            assertFalse(Words.globMatches("c*t", "cats"));
            assertTrue(Words.globMatches("c*t*", "cats"));
        }
    }

    @Nested
    @DisplayName("F12: a scenario without tasks is refused at 1:1")
    class NoTasks {

        @Test
        @DisplayName("empty, blank, comment-only and header-only texts say 'no tasks' at file:1:1")
        void noTasks() {
            assertError(fails(""), 1, 1, "no tasks");
            assertError(fails("  \n\t\n\n"), 1, 1, "no tasks");
            assertError(fails("# nothing here\n   # still nothing\n"), 1, 1, "only comments");
            assertError(fails("scenario nothing\nobjects task 3\n"), 1, 1, "no tasks");
            assertError(fails("\ufeff"), 1, 1, "an empty file");
        }

        @Test
        @DisplayName("a setup alone is something to run")
        void setupAloneRuns() {
            Scenario s = ScenarioParser.parse(FILE, "setup:\n    mkdir /sys/fs/bpf/d\n");
            assertTrue(s.tasks().isEmpty());
            assertEquals(1, s.setup().body().size());
        }
    }

    @Nested
    @DisplayName("F13: BOM, control characters, columns in code points")
    class Characters {

        @Test
        @DisplayName("a UTF-8 byte order mark at the start is skipped, and columns on line 1 do not count it")
        void bomAccepted() {
            Scenario s = ScenarioParser.parse(FILE, "\ufeffscenario bom\ntask a:\n    exit\n");
            assertEquals("bom", s.name());
            assertError(fails("\ufeffscenari bom\n"), 1, 1, "found 'scenari'");
        }

        @Test
        @DisplayName("a BOM elsewhere and other invisible characters are shown escaped")
        void invisibleShownEscaped() {
            ScenarioException e = fails("task a:\n    \ufeffexit\n");
            assertError(e, 2, 5, "\\uFEFFexit");
            assertPrintable(e.getMessage());
        }

        @Test
        @DisplayName("ESC and other control characters are refused where they are and never echoed raw")
        void controlCharactersEscaped() {
            ScenarioException esc = fails("task a:\n    rm /sys/fs/bpf/\u001b[31mred\n");
            assertError(esc, 2, 20, "control character \\u001B");
            assertPrintable(esc.getMessage());
            ScenarioException nul = fails("task a\u0000:\n    exit\n");
            assertError(nul, 1, 7, "\\u0000");
            assertPrintable(nul.getMessage());
            // a carriage return alone (old Mac line ends) is not a line end
            ScenarioException cr = fails("task a:\r    exit\r");
            assertPrintable(cr.getMessage());
            // a control character in a comment is harmless
            ScenarioParser.parse(FILE, "# \u001b[2J\ntask a:\n    exit\n");
        }

        @Test
        @DisplayName("the file name is escaped too")
        void fileNameEscaped() {
            ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse("x\u001b.scn", ""));
            assertPrintable(e.getMessage());
            assertTrue(e.getMessage().startsWith("x\\u001B.scn:1:1: "), e.getMessage());
        }

        @Test
        @DisplayName("columns count code points: an emoji before the error is one column")
        void emojiIsOneColumn() {
            // U+1F600 is two UTF-16 units; the error is at the 'bogus' after it
            ScenarioException e = fails("task a:\n    rm /sys/fs/bpf/\uD83D\uDE00 bogus\n");
            assertError(e, 2, 22, "found 'bogus'");
            ScenarioException dot = fails("task a:\n    x = link get id \uD83D\uDE00\uD83D\uDE00.1v\n");
            assertError(dot, 2, 21, "task name before '.'");
        }

        @Test
        @DisplayName("a statement quoted in a message keeps its emoji whole")
        void sliceKeepsSurrogates() {
            Scenario s = ScenarioParser.parse(FILE, "task a:\n    rm /sys/fs/bpf/\uD83D\uDE00\n");
            assertEquals("rm /sys/fs/bpf/\uD83D\uDE00", s.task("a").body().get(0).text());
        }
    }

    @Nested
    @DisplayName("F16: only a regular file of at most 1 MiB is read")
    class Files16 {

        @TempDir
        Path dir;

        @Test
        @DisplayName("a directory is refused in one line naming it")
        void directory() {
            UserError e = assertThrows(UserError.class, () -> ScenarioParser.parseFile(dir));
            assertTrue(e.getMessage().contains("'" + dir + "'") && e.getMessage().contains("a directory"), e.getMessage());
            assertEquals(UserError.Exit.BAD_INPUT, e.exit());
        }

        @Test
        @DisplayName("/dev/zero is refused at once instead of read forever")
        void devZero() {
            Path zero = Path.of("/dev/zero");
            if (!Files.exists(zero)) {
                return;
            }
            UserError e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertThrows(UserError.class, () -> ScenarioParser.parseFile(zero)));
            assertTrue(e.getMessage().contains("'/dev/zero'") && e.getMessage().contains("not a regular file"),
                    e.getMessage());
        }

        @Test
        @DisplayName("a FIFO is refused without blocking for a writer")
        void fifo() throws Exception {
            Path fifo = dir.resolve("pipe.scn");
            Process mk;
            try {
                mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
            } catch (IOException noMkfifo) {
                return; // not a POSIX system
            }
            assertTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo failed");
            UserError e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertThrows(UserError.class, () -> ScenarioParser.parseFile(fifo)));
            assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        }

        @Test
        @DisplayName("a file over the size limit is refused with the limit")
        void tooLarge() throws IOException {
            Path big = dir.resolve("big.scn");
            byte[] bytes = new byte[Limits.MAX_FILE_BYTES + 1];
            java.util.Arrays.fill(bytes, (byte) '#');
            Files.write(big, bytes);
            UserError e = assertThrows(UserError.class, () -> ScenarioParser.parseFile(big));
            assertTrue(e.getMessage().contains("big.scn") && e.getMessage().contains(Limits.MAX_FILE_BYTES + " bytes"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }

        @Test
        @DisplayName("bytes that are not UTF-8 are named at their line and column")
        void notUtf8() throws IOException {
            Path bad = dir.resolve("bad.scn");
            byte[] head = "task a:\n    rm /sys/fs/bpf/\u00e9".getBytes(StandardCharsets.UTF_8);
            byte[] bytes = java.util.Arrays.copyOf(head, head.length + 2);
            bytes[head.length] = (byte) 0xFF;
            bytes[head.length + 1] = '\n';
            Files.write(bad, bytes);
            ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parseFile(bad));
            assertEquals(new Pos(bad.toString(), 2, 21), e.pos(), e.getMessage());
            assertTrue(e.getMessage().contains("0xFF"), e.getMessage());
        }

        @Test
        @DisplayName("a BOM written by an editor is read")
        void bomFile() throws IOException {
            Path f = dir.resolve("bom.scn");
            Files.write(f, "\ufefftask a:\n    exit\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(1, ScenarioParser.parseFile(f).tasks().size());
        }
    }
}
