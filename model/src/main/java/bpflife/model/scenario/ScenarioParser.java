package bpflife.model.scenario;

import bpflife.protocol.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a scenario file (docs/SCENARIO-LANGUAGE.md) into a checked {@link Scenario}.
 *
 * <p>Assumptions and Guarantees: the text is read line by line; a line at column 1 is a header
 * ({@code scenario}, {@code objects}, {@code setup:}, {@code task ...:}, {@code expect:}), an
 * indented line belongs to the block above it. Either the whole file passes every check of the
 * language's "Checks before running" or a {@link ScenarioException} names the first problem found
 * as {@code file:line:column: expected ..., found ...}. Templates are expanded ({@code cat[1..3]}
 * gives cat1, cat2, cat3 sharing one body) and {@code dump} patterns are expanded into one
 * expectation per matching task.
 *
 * <p>Example: {@code Scenario s = ScenarioParser.parseFile(Path.of("scenarios/rm-during-cats.scn"));}
 */
public final class ScenarioParser {

    /*
     * Two passes. The first is purely syntactic and goes through the file in order, so grammar
     * errors come out in file order: HeaderParser reads the lines at column 1, StatementParser and
     * ExpectationParser the indented lines of the block above them. The second (ScenarioChecker)
     * needs the whole file: forked tasks inherit their parent's variables at the fork, expectations
     * and id operands name variables of other tasks, and dump patterns expand over the final task
     * list.
     */

    private final String file;
    private final HeaderParser headers;
    private ScenarioChecker.TaskBlock setup;
    private final List<ScenarioChecker.TaskBlock> tasks = new ArrayList<>();
    private final List<ExpectItem> expects = new ArrayList<>();
    private Block current;
    /** Statements so far, templates expanded. */
    private long statements;

    private ScenarioParser(String file) {
        this.file = file;
        this.headers = new HeaderParser(file);
    }

    public static Scenario parse(String fileName, String text) {
        return new ScenarioParser(fileName).run(text);
    }

    /**
     * Reads and parses a scenario file. Only a regular file of at most {@link Limits#MAX_FILE_BYTES}
     * bytes of UTF-8 is read: a directory, device, FIFO or socket is refused before it is opened
     * ({@code /dev/zero} would never end, a FIFO blocks until a writer comes), and so is a larger
     * file, with a {@link UserError} naming the file. Text that is not UTF-8 is a
     * {@link ScenarioException} at the line and column of the first bad byte.
     *
     * @throws IOException when the file cannot be read at all (missing, permission denied)
     */
    public static Scenario parseFile(Path path) throws IOException {
        String file = path.toString();
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class); // follows links
        if (!a.isRegularFile()) {
            throw new UserError("can't read scenario '" + Escapes.escape(file) + "': it is "
                    + (a.isDirectory() ? "a directory" : "not a regular file (a device, FIFO or socket)")
                    + ", and a scenario must be a regular file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            // the file may have grown since it was measured: read one byte past the limit to know
            bytes = in.readNBytes(Limits.MAX_FILE_BYTES + 1);
        }
        if (bytes.length > Limits.MAX_FILE_BYTES) {
            throw new UserError("can't read scenario '" + Escapes.escape(file) + "': it is "
                    + Math.max(a.size(), bytes.length) + " bytes, more than the limit of " + Limits.MAX_FILE_BYTES
                    + " bytes (1 MiB)");
        }
        return parse(file, utf8(file, bytes));
    }

    /** The bytes as UTF-8, or a ScenarioException at the first byte that is not. */
    private static String utf8(String file, byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = d.decode(in, out, true);
        if (!r.isError()) {
            r = d.flush(out);
        }
        out.flip();
        if (r.isError()) {
            String before = out.toString();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < before.length(); i++) {
                if (before.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            int column = before.codePointCount(lineStart, before.length()) + 1;
            if (line == 1 && before.startsWith(String.valueOf(ScenarioLexer.BOM))) {
                column--;
            }
            throw new ScenarioException(new Pos(file, line, column), String.format(java.util.Locale.ROOT,
                    "expected UTF-8 text, found the byte 0x%02X, which does not begin a valid UTF-8 sequence", bytes[in.position()] & 0xFF));
        }
        return out.toString();
    }

    /** The scenario's name when the file has no {@code scenario} line: its base name without ".scn". */
    static String defaultName(String fileName) {
        String base = fileName;
        int slash = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'));
        base = base.substring(slash + 1);
        return base.endsWith(".scn") ? base.substring(0, base.length() - 4) : base;
    }

    private Scenario run(String text) {
        List<SourceLine> lines = ScenarioLexer.lex(file, text);
        for (SourceLine line : lines) {
            if (line.indented()) {
                bodyLine(line);
            } else {
                closeBlock();
                current = headers.header(new TokenCursor(file, line));
            }
        }
        closeBlock();
        if (setup == null && tasks.isEmpty()) {
            throw new ScenarioException(new Pos(file, 1, 1), "no tasks: expected setup: or task NAME: with the calls "
                    + "to run, found " + (!lines.isEmpty() ? "none"
                            : text.replace(String.valueOf(ScenarioLexer.BOM), "").isBlank() ? "an empty file"
                            : "only comments and blank lines"));
        }
        if (setup == null) {
            setup = new ScenarioChecker.TaskBlock(Scenario.SETUP, false, List.of(), new Pos(file, 1, 1));
        }
        ScenarioChecker checker = new ScenarioChecker(setup, tasks);
        List<Expectation> expectations = checker.check(expects);
        String name = headers.name();
        return new Scenario(name != null ? name : defaultName(file), file, headers.objects(), setup.toTaskDef(),
                tasks.stream().map(ScenarioChecker.TaskBlock::toTaskDef).toList(), expectations);
    }

    private void bodyLine(SourceLine line) {
        if (current == null) {
            Token first = line.tokens().get(0);
            throw new ScenarioException(new Pos(file, line.number(), first.column()),
                    "expected a header at the start of the line (setup:, task NAME: or expect:) before an indented "
                            + "line, found " + first.describe() + " indented outside any block");
        }
        current.accept(file, line);
        switch (current.kind) {
            case SETUP, TASK -> current.body.add(StatementParser.parse(file, line));
            case EXPECT -> expects.add(ExpectationParser.parse(file, line));
        }
    }

    private void closeBlock() {
        Block b = current;
        current = null;
        if (b == null) {
            return;
        }
        Pos pos = new Pos(file, b.header.line(), b.header.column());
        if (b.isEmpty()) {
            throw new ScenarioException(pos, "expected indented lines under '" + b.what + "', found none");
        }
        List<ParsedStmt> body = List.copyOf(b.body);
        statements += (long) body.size() * b.names.size();
        if (statements > Limits.MAX_STATEMENTS) {
            throw new ScenarioException(pos, "expected at most " + Limits.MAX_STATEMENTS + " statements in all, "
                    + "templates expanded (the limit the model holds), found " + statements + " with the "
                    + body.size() + " of '" + b.what + "'");
        }
        switch (b.kind) {
            case SETUP -> setup = new ScenarioChecker.TaskBlock(Scenario.SETUP, false, body, pos);
            case TASK -> {
                for (String n : b.names) {
                    tasks.add(new ScenarioChecker.TaskBlock(n, b.forked, body, pos, b.pidns));
                }
            }
            case EXPECT -> { }
        }
    }
}
