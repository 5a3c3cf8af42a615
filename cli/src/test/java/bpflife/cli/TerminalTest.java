package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.protocol.BuildInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

@DisplayName("terminal: --verbose, colour, --version, man page, completion")
class TerminalTest {

    private static boolean debug(String logger) {
        return LoggerFactory.getLogger(logger).isDebugEnabled();
    }

    /** Parses a command line as Main does (the --verbose setter runs during the parse), then restores the levels. */
    private static CommandLine.ParseResult parse(String... args) {
        return Main.commandLine().setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    }

    @Test
    @DisplayName("--verbose raises bpflife's loggers only; --verbose=all every logger; a file after it stays a file")
    void verbose() {
        Logging.Levels before = Logging.current();
        try {
            assertFalse(debug("bpflife.cli.RunCommand"), "quiet by default");
            CommandLine.ParseResult r = parse("run", "--verbose", "x.scn");
            assertEquals("x.scn", r.subcommand().matchedPositionals().get(0).getValue().toString(),
                    "the scenario is not taken as --verbose's value");
            assertTrue(debug("bpflife.cli.RunCommand"), "bpflife's loggers at DEBUG");
            assertTrue(debug("bpflife.persistence.Store"));
            assertFalse(debug("org.apache.pekko.actor.ActorSystem"), "Pekko stays quiet");
            assertFalse(debug(org.slf4j.Logger.ROOT_LOGGER_NAME), "the root stays quiet");
            Logging.restore(before);
            assertEquals("run", parse("--verbose", "run", "x.scn").subcommand().commandSpec().name());
            assertTrue(debug("bpflife.cli.RunCommand"), "before the command too");
            Logging.restore(before);
            parse("--verbose=all", "run", "x.scn");
            assertTrue(debug("org.apache.pekko.actor.ActorSystem"), "--verbose=all: every logger");
        } finally {
            Logging.restore(before);
        }
        assertFalse(debug("bpflife.cli.RunCommand"), "restored");
        Cli bad = Cli.run("--verbose=loud", "semantics");
        assertEquals(2, bad.code(), bad.toString());
    }

    @Test
    @DisplayName("colour only on a terminal, never with NO_COLOR or TERM=dumb; the words are the same")
    void colour() {
        Colour on = Colour.of(true, Map.of("TERM", "xterm"));
        assertTrue(on.on());
        assertEquals("\u001b[32mPASS (3 checks)\u001b[0m", on.verdict("PASS (3 checks)"));
        assertEquals("\u001b[1;31mfail: x\u001b[0m", on.verdict("fail: x"));
        assertEquals("\u001b[33mincomplete\u001b[0m", on.verdict("incomplete"));
        assertEquals("no verdict", on.verdict("no verdict"));
        for (Colour off : new Colour[] {Colour.of(false, Map.of()), Colour.of(true, Map.of("NO_COLOR", "1")),
                Colour.of(true, Map.of("TERM", "dumb"))}) {
            assertFalse(off.on());
            assertEquals("PASS (3 checks)", off.verdict("PASS (3 checks)"));
            assertEquals("- a", off.difference("- a"));
        }
        assertTrue(Colour.of(true, Map.of("NO_COLOR", "")).on(), "an empty NO_COLOR does not count (no-color.org)");
        assertFalse(Colour.stdout().on(), "the test's stdout is not a terminal");
    }

    /** Runs {@code body} with the launcher's answer for stderr and stdout set to {@code tty}, then restores them. */
    private static void withTerminal(boolean tty, Runnable body) {
        String err = System.getProperty(Terminal.STDERR);
        String out = System.getProperty(Terminal.STDOUT);
        System.setProperty(Terminal.STDERR, Boolean.toString(tty));
        System.setProperty(Terminal.STDOUT, Boolean.toString(tty));
        try {
            body.run();
        } finally {
            restore(Terminal.STDERR, err);
            restore(Terminal.STDOUT, out);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    /** What a progress line draws on stderr for a sampling run with its bounds. */
    private static String drawn() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.PrintStream err = new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8);
             Progress bar = new Progress(err, true, 10_000, 60_000)) {
            bar.accept(new bpflife.explore.Explorer.Progress(1_234, 5_678_901, 0, 5_678_901, 12_400, false, 0,
                    512L << 20, 0, 0));
            bar.accept(new bpflife.explore.Explorer.Progress(9_999, 45_678_901, 0, 45_678_901, 59_000, true, 0,
                    1_536L << 20, 0, 0));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("progress is drawn when the launcher says stderr is a terminal (stdout redirected or not), never when it says not")
    void progressFollowsStderr() {
        assertFalse(Terminal.probe(2), "the test's stderr is a file or a pipe, not a terminal");
        withTerminal(true, () -> {
            assertTrue(Progress.terminal());
            String d = drawn();
            assertTrue(d.startsWith("\r  1.2k of 10k schedules (12%)  99/s  5.7M steps  heap 512 MB  12 of 60 s"), d);
            for (String line : d.split("\r")) {
                assertTrue(line.length() <= 80, "at most 80 columns: '" + line + "' (" + line.length() + ")");
            }
            assertTrue(d.contains("(100%)  169/s  violation found  heap 1.5 GB  59 of 60 s"), d);
            assertTrue(d.endsWith("\r" + " ".repeat(79) + "\r"), "the line is cleared at the end");
        });
        withTerminal(false, () -> {
            assertFalse(Progress.terminal());
            assertEquals("", drawn(), "nothing when stderr is not a terminal");
            assertFalse(Colour.stdout().on());
        });
        System.setProperty(Terminal.STDERR, "true");
        try {
            assertFalse(Colour.stdout().on(), "stderr's answer does not colour stdout");
        } finally {
            System.clearProperty(Terminal.STDERR);
        }
    }

    /** What a phase (shrinking, a kernel check, a live run, reading a journal) draws on stderr while it runs. */
    private static String phaseDrawn(boolean tty) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.util.concurrent.CountDownLatch drawn = new java.util.concurrent.CountDownLatch(1);
        java.io.PrintStream err = new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8) {
            @Override
            public void write(byte[] b, int off, int len) {
                super.write(b, off, len);
                drawn.countDown();
            }
        };
        java.io.PrintStream before = System.err;
        System.setErr(err);
        try {
            withTerminal(tty, () -> JournalProgress.phase("shrinking (at most 60 s)").during(() -> {
                if (tty) {
                    try { // the phase's line is drawn as soon as it starts, from its own thread
                        assertTrue(drawn.await(30, TimeUnit.SECONDS), "the phase's line was drawn");
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
                return 1;
            }));
        } finally {
            System.setErr(before);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("a phase says on stderr that it started (what, time, heap) when stderr is a terminal, and clears it; nothing when not")
    void phaseLines() {
        String on = phaseDrawn(true);
        assertTrue(on.startsWith("\r  shrinking (at most 60 s)  0 s  heap "), on);
        for (String line : on.split("\r")) {
            assertTrue(line.length() <= 80, "at most 80 columns: '" + line + "'");
        }
        assertTrue(on.endsWith("\r" + " ".repeat(79) + "\r"), "cleared when it ends: " + on);
        assertEquals("", phaseDrawn(false));
    }

    @Test
    @DisplayName("the launcher passes [ -t 2 ] and [ -t 1 ] as the properties, before BPFLIFE_JAVA_OPTS (which overrides them)")
    void launcherAsksTheShell() throws Exception {
        String script = Files.readString(Path.of("..", "bpflife"));
        assertTrue(script.contains("if [ -t 2 ]; then jvm_flags+=(-D" + Terminal.STDERR + "=true); else jvm_flags+=(-D"
                + Terminal.STDERR + "=false); fi"), "stderr asked by the shell");
        assertTrue(script.contains("if [ -t 1 ]; then jvm_flags+=(-D" + Terminal.STDOUT + "=true); else jvm_flags+=(-D"
                + Terminal.STDOUT + "=false); fi"), "stdout asked by the shell");
        // the java command lines are bin/jvm-flags' launch's, with these flags first (base_flags)
        assertTrue(script.contains("base_flags=(\"${jvm_flags[@]}\")\nlaunch "), "the flags go to launch");
        String launch = Files.readString(Path.of("..", "bin", "jvm-flags"));
        assertTrue(launch.contains("exec \"$java\" ${base_flags[@]+\"${base_flags[@]}\"} ${BPFLIFE_JAVA_OPTS:-} -jar"),
                "the user's options come after");
        assertTrue(launch.contains("-Dbpflife.fold.handover=$FOLD_HANDOVER \\\n      ${BPFLIFE_JAVA_OPTS:-} -jar"),
                "the user's options come after (a short command's first JVM)");
    }

    /** A command's stdout through Main's stdout writer with {@code colour}. */
    private static String stdout(Colour colour, String... args) {
        java.io.StringWriter raw = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        Main.run(Main.stdout(raw, colour), new java.io.PrintWriter(err), args);
        return raw.toString();
    }

    @Test
    @DisplayName("verdicts are coloured on a terminal (pass green, fail red, incomplete yellow), never with NO_COLOR, off a terminal, or in JSON")
    void verdictColours() {
        Colour on = Colour.of(true, Map.of("TERM", "xterm"));
        String scn = Cli.scenario("rm-during-cats.scn");
        assertTrue(stdout(on, "run", scn).contains("\nverdict: \u001b[32mPASS\u001b[0m\n"), "pass: green");
        assertTrue(stdout(on, "run", scn, "--max-steps", "10").contains(
                "\nverdict: \u001b[33mINCOMPLETE (step bound 10 reached)\u001b[0m\n"), "incomplete: yellow");
        VerdictColours w = new VerdictColours(new java.io.StringWriter(), on);
        assertEquals("verdict: \u001b[1;31mFAIL (expectation failed: x)\u001b[0m", w.paint("verdict: FAIL (expectation failed: x)"));
        assertEquals("verdict: \u001b[1;31mDIFFER (1 of 9 observables differ)\u001b[0m", w.paint("verdict: DIFFER (1 of 9 observables differ)"));
        assertEquals("verdict: \u001b[33mNOT RUN (no root)\u001b[0m", w.paint("verdict: NOT RUN (no root)"));
        assertEquals("  \u001b[1;31mFAIL\u001b[0m  balance", w.paint("  FAIL  balance"));
        assertEquals("  Verdict: PASS", w.paint("  Verdict: PASS"), "other lines as they are");
        java.io.StringWriter raw = new java.io.StringWriter();
        java.io.PrintWriter pw = Main.stdout(raw, on);
        pw.print("  digraph {}");
        pw.flush();
        assertEquals("  digraph {}", raw.toString(), "a last line without its newline is not held back");
        String json = stdout(on, "run", scn, "--json");
        assertFalse(json.contains("\u001b"), "JSON is never coloured: " + json);
        JsonDocs.parse(json);
        for (Colour off : new Colour[] {Colour.of(true, Map.of("NO_COLOR", "1")), Colour.of(false, Map.of())}) {
            String plain = stdout(off, "run", scn);
            assertFalse(plain.contains("\u001b"), plain);
            assertTrue(plain.contains("\nverdict: PASS\n"), plain);
        }
        withTerminal(true, () -> assertTrue(Colour.stdout().on() || System.getenv("NO_COLOR") != null
                || "dumb".equals(System.getenv("TERM")), "on when the launcher says stdout is a terminal"));
        withTerminal(false, () -> assertFalse(Colour.stdout().on()));
    }

    /** Every command of {@code cl}, by path ("" for bpflife), once (not again under an alias). */
    private static Map<String, CommandLine> commands(CommandLine cl, String path, Map<String, CommandLine> into) {
        into.put(path, cl);
        cl.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandName().equals(name)) {
                commands(sub, path.isEmpty() ? name : path + " " + name, into);
            }
        });
        return into;
    }

    @Test
    @DisplayName("every command's --help ends with examples; each parses as the command line it shows, within 80 columns")
    void everyHelpHasExamples() {
        Map<String, CommandLine> all = commands(Examples.apply(Main.commandLine()), "",
                new java.util.TreeMap<>());
        assertTrue(all.size() >= 20, "commands: " + all.keySet());
        for (Map.Entry<String, CommandLine> c : all.entrySet()) {
            String help = c.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF);
            int at = help.indexOf("\nExamples:\n");
            assertTrue(at >= 0, "'bpflife " + c.getKey() + " --help' has no examples:\n" + help);
            String examples = help.substring(at + "\nExamples:\n".length());
            for (String line : examples.split("\n")) {
                assertTrue(line.length() <= 80, "over 80 columns: " + line);
            }
            // a line ending in a backslash goes on; a pipe or a redirection ends the command line
            for (String cmd : examples.replace("\\\n", " ").split("\n")) {
                int start = cmd.indexOf("bpflife ");
                if (start < 0) {
                    continue;
                }
                String args = cmd.substring(start + "bpflife ".length()).split(" [|>] ")[0].replaceAll("\\)$", "").strip();
                String[] argv = ShowCommands.hoist(args.split("\\s+"));
                Logging.Levels before = Logging.current();
                try {
                    CommandLine.ParseResult r = Main.commandLine().setCaseInsensitiveEnumValuesAllowed(true)
                            .parseArgs(argv);
                    CommandLine.ParseResult last = r;
                    while (last.hasSubcommand()) {
                        last = last.subcommand();
                    }
                    assertTrue(("bpflife " + c.getKey()).startsWith(last.commandSpec().qualifiedName())
                            || last.commandSpec().qualifiedName().startsWith("bpflife " + c.getKey()),
                            "an example of " + c.getKey() + " runs " + last.commandSpec().qualifiedName() + ": " + cmd);
                } catch (CommandLine.ParameterException e) {
                    throw new AssertionError("'" + cmd.strip() + "' in 'bpflife " + c.getKey() + " --help': "
                            + e.getMessage(), e);
                } finally {
                    Logging.restore(before);
                }
            }
        }
    }

    @Test
    @DisplayName("--version names the version and the git commit it was built from")
    void version() {
        Cli v = Cli.run("--version");
        assertEquals(0, v.code());
        String first = v.out().lines().findFirst().orElseThrow();
        assertEquals("bpflife " + BuildInfo.current().describe(), first);
        assertTrue(first.matches("bpflife \\S+ \\(commit ([0-9a-f]{12}(-dirty)?|unknown)\\)"), first);
        assertFalse(BuildInfo.current().commit().equals("unknown"), "the build ran in a git checkout: " + first);
    }

    @Test
    @DisplayName("the man page covers every command and renders with man; the completion knows every command")
    void manPageAndCompletion(@TempDir Path tmp) throws Exception {
        ManPage.main(new String[] {tmp.toString()});
        Path page = tmp.resolve("man/man1/bpflife.1");
        String roff = Files.readString(page);
        CommandLine cl = Main.commandLine();
        for (String name : cl.getSubcommands().keySet()) {
            if (!cl.getSubcommands().get(name).getCommandSpec().usageMessage().hidden()) {
                assertTrue(roff.contains(".SS \"bpflife " + ManPage.roff(name) + "\""), "a section for " + name);
            }
        }
        assertTrue(roff.contains("\\-\\-verbose[=all]"), "optional values shown as such");
        String completion = Files.readString(tmp.resolve("completion/bpflife"));
        for (String name : new String[] {"run", "explore", "draw", "trace", "graph", "load"}) {
            assertTrue(completion.contains(name), "completion of " + name);
        }
        Cli gen = Cli.run("generate-completion");
        assertEquals(0, gen.code(), gen.toString());
        assertTrue(gen.out().contains("complete -F"), "bash's complete builtin");

        Path man = Path.of("/usr/bin/man");
        Assumptions.assumeTrue(Files.isExecutable(man) && Files.isExecutable(Path.of("/usr/bin/groff")),
                "man and groff are not installed: the roff was checked, not rendered");
        Process p = new ProcessBuilder(man.toString(), "--warnings", "-l", page.toString())
                .redirectOutput(tmp.resolve("man.out").toFile()).redirectError(tmp.resolve("man.err").toFile()).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "man finished");
        String out = Files.readString(tmp.resolve("man.out"), StandardCharsets.UTF_8);
        String err = Files.readString(tmp.resolve("man.err"), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), err);
        assertEquals("", err.strip(), "groff's warnings");
        assertTrue(out.contains("bpflife draw"), out);
    }
}
