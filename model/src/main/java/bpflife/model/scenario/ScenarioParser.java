package bpflife.model.scenario;

import bpflife.protocol.IterTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

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
     * errors come out in file order. The second (ScenarioChecker) needs the whole file: forked
     * tasks inherit their parent's variables at the fork, expectations and id operands name
     * variables of other tasks, and dump patterns expand over the final task list.
     */

    private static final int MAX_TEMPLATE = 10_000;
    private static final List<String> HEADERS = List.of("scenario", "objects", "setup", "task", "expect");

    private final String file;
    private String name;
    private final SortedMap<IterTarget, Integer> objects = new TreeMap<>();
    private final Map<IterTarget, Integer> objectsLine = new HashMap<>();
    private ScenarioChecker.TaskBlock setup;
    private final List<ScenarioChecker.TaskBlock> tasks = new ArrayList<>();
    private final Map<String, Pos> taskNames = new HashMap<>();
    private final List<ExpectItem> expects = new ArrayList<>();
    private Pos expectHeader;
    private boolean sawHeader;
    private Block current;

    private ScenarioParser(String file) {
        this.file = file;
    }

    public static Scenario parse(String fileName, String text) {
        return new ScenarioParser(fileName).run(text);
    }

    public static Scenario parseFile(Path path) throws IOException {
        return parse(path.toString(), Files.readString(path));
    }

    /** The scenario's name when the file has no {@code scenario} line: its base name without ".scn". */
    static String defaultName(String fileName) {
        String base = fileName;
        int slash = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'));
        base = base.substring(slash + 1);
        return base.endsWith(".scn") ? base.substring(0, base.length() - 4) : base;
    }

    private Scenario run(String text) {
        for (SourceLine line : ScenarioLexer.lex(text)) {
            if (line.indented()) {
                bodyLine(line);
            } else {
                closeBlock();
                header(new TokenCursor(file, line));
            }
        }
        closeBlock();
        if (setup == null) {
            setup = new ScenarioChecker.TaskBlock(Scenario.SETUP, false, List.of(), new Pos(file, 1, 1));
        }
        ScenarioChecker checker = new ScenarioChecker(setup, tasks);
        List<Expectation> expectations = checker.check(expects);
        return new Scenario(name != null ? name : defaultName(file), file, objects, setup.toTaskDef(),
                tasks.stream().map(ScenarioChecker.TaskBlock::toTaskDef).toList(), expectations);
    }

    // ---- blocks

    private enum BlockKind { SETUP, TASK, EXPECT }

    /** The block whose indented lines are being read. */
    private static final class Block {
        final BlockKind kind;
        final Token header;
        final String what;
        final List<String> names;
        final boolean forked;
        final List<ParsedStmt> body = new ArrayList<>();
        String indent;
        int indentLine;
        int lines;

        Block(BlockKind kind, Token header, String what, List<String> names, boolean forked) {
            this.kind = kind;
            this.header = header;
            this.what = what;
            this.names = names;
            this.forked = forked;
        }
    }

    private void bodyLine(SourceLine line) {
        Token first = line.tokens().get(0);
        if (current == null) {
            throw new ScenarioException(new Pos(file, line.number(), first.column()),
                    "expected a header at the start of the line (setup:, task NAME: or expect:) before an indented "
                            + "line, found " + first.describe() + " indented outside any block");
        }
        if (current.indent == null) {
            current.indent = line.indent();
            current.indentLine = line.number();
        } else if (!current.indent.equals(line.indent())) {
            throw new ScenarioException(new Pos(file, line.number(), first.column()),
                    "expected the indentation of line " + current.indentLine + " (" + describeIndent(current.indent)
                            + ") in the block of '" + current.what + "', found " + describeIndent(line.indent()));
        }
        current.lines++;
        switch (current.kind) {
            case SETUP, TASK -> current.body.add(StatementParser.parse(file, line));
            case EXPECT -> expects.add(ExpectationParser.parse(file, line));
        }
    }

    private static String describeIndent(String indent) {
        boolean tabs = indent.chars().allMatch(ch -> ch == '\t');
        boolean spaces = indent.chars().allMatch(ch -> ch == ' ');
        int n = indent.length();
        if (spaces) {
            return n + (n == 1 ? " space" : " spaces");
        }
        if (tabs) {
            return n + (n == 1 ? " tab" : " tabs");
        }
        return n + " blanks mixing tabs and spaces";
    }

    private void closeBlock() {
        Block b = current;
        current = null;
        if (b == null) {
            return;
        }
        if (b.lines == 0) {
            throw new ScenarioException(pos(b.header), "expected indented lines under '" + b.what
                    + "', found none");
        }
        Pos pos = pos(b.header);
        List<ParsedStmt> body = List.copyOf(b.body);
        switch (b.kind) {
            case SETUP -> setup = new ScenarioChecker.TaskBlock(Scenario.SETUP, false, body, pos);
            case TASK -> {
                for (String n : b.names) {
                    tasks.add(new ScenarioChecker.TaskBlock(n, b.forked, body, pos));
                }
            }
            case EXPECT -> { }
        }
    }

    // ---- headers

    private void header(TokenCursor c) {
        Token first = c.peek();
        if (first.kind() != Token.Kind.WORD || !HEADERS.contains(first.text())) {
            throw notAHeader(c, first);
        }
        c.take();
        switch (first.text()) {
            case "scenario" -> scenarioName(c, first);
            case "objects" -> objects(c);
            case "setup" -> setupHeader(c, first);
            case "task" -> taskHeader(c, first);
            case "expect" -> expectHeader(c, first);
            default -> throw new IllegalStateException("HEADERS and the switch disagree on " + first.text());
        }
        sawHeader = true;
    }

    private ScenarioException notAHeader(TokenCursor c, Token first) {
        boolean statement = first.kind() == Token.Kind.WORD
                && (StatementParser.STATEMENTS.contains(first.text()) || StatementParser.BINDINGS.contains(first.text())
                        || (c.peek(1) != null && c.peek(1).kind() == Token.Kind.EQUALS));
        if (statement) {
            return c.error(first, "expected scenario, objects, setup:, task or expect: at the start of a line, found "
                    + "the statement " + first.describe() + " outside a block (indent it under setup: or task NAME:)");
        }
        String suggestion = first.kind() == Token.Kind.WORD ? Words.suggestion(first.text(), HEADERS) : "";
        return c.error(first, "expected scenario, objects, setup:, task or expect: at the start of a line, found "
                + first.describe() + suggestion);
    }

    private void scenarioName(TokenCursor c, Token keyword) {
        if (sawHeader) {
            throw c.error(keyword, name != null
                    ? "'scenario' given twice"
                    : "expected 'scenario NAME' as the first line, found it after other lines");
        }
        name = c.word("a name after 'scenario'").text();
        c.end("end of line after 'scenario " + name + "'");
    }

    private void objects(TokenCursor c) {
        Token targetToken = c.peek();
        IterTarget target = StatementParser.target(c);
        if (target != IterTarget.TASK && target != IterTarget.TASK_FILE && target != IterTarget.BPF_MAP) {
            throw c.error(targetToken, "expected task, task_file or bpf_map after 'objects', found '"
                    + target.kernelName() + "', whose objects come from the scenario (its map or cgroup)");
        }
        Token n = c.word("a number of objects after 'objects " + target.kernelName() + "'");
        if (!Words.isNumber(n.text()) || Words.intValue(n.text()) < 0) {
            throw c.error(n, "expected a number of objects after 'objects " + target.kernelName() + "', found "
                    + n.describe());
        }
        Integer earlier = objectsLine.put(target, n.line());
        if (earlier != null) {
            throw c.error(targetToken, "'objects " + target.kernelName() + "' given twice (first on line " + earlier + ")");
        }
        objects.put(target, Words.intValue(n.text()));
        c.end("end of line after 'objects " + target.kernelName() + " " + n.text() + "'");
    }

    private void setupHeader(TokenCursor c, Token keyword) {
        c.punct(Token.Kind.COLON, "':' after 'setup'");
        c.end("end of line after 'setup:'");
        if (setup != null) {
            throw c.error(keyword, "duplicate task name 'setup' (setup: given twice, first at line " + setup.pos().line() + ")");
        }
        Pos clash = taskNames.get(Scenario.SETUP);
        if (clash != null) {
            throw c.error(keyword, "duplicate task name 'setup' (first defined at line " + clash.line() + ")");
        }
        taskNames.put(Scenario.SETUP, pos(keyword));
        current = new Block(BlockKind.SETUP, keyword, "setup:", List.of(Scenario.SETUP), false);
    }

    private void taskHeader(TokenCursor c, Token keyword) {
        Token nameToken = c.word("a task name after 'task'");
        String base = nameToken.text();
        if (!Words.isIdentifier(base)) {
            throw c.error(nameToken, "expected a task name ([A-Za-z_][A-Za-z0-9_]*) after 'task', found "
                    + nameToken.describe());
        }
        List<String> names = List.of(base);
        String what = "task " + base;
        if (c.peekIs(Token.Kind.LBRACKET)) {
            c.take();
            Token range = c.word("a range 1..N after '['");
            names = expand(c, base, range);
            c.punct(Token.Kind.RBRACKET, "']' after the range");
            what = "task " + base + "[" + range.text() + "]";
        }
        boolean forked = false;
        if (c.peekWord("forked")) {
            c.take();
            forked = true;
        }
        c.punct(Token.Kind.COLON, forked ? "':' after 'forked'" : "'forked' or ':' after '" + what + "'");
        c.end("end of line after '" + what + (forked ? " forked" : "") + ":'");
        for (String n : names) {
            if (n.equals(Scenario.SETUP)) {
                throw c.error(nameToken, "duplicate task name 'setup': it names the setup: block");
            }
            Pos earlier = taskNames.putIfAbsent(n, pos(nameToken));
            if (earlier != null) {
                throw c.error(nameToken, "duplicate task name '" + n + "' (first defined at line " + earlier.line() + ")");
            }
        }
        current = new Block(BlockKind.TASK, keyword, what + ":", names, forked);
    }

    /** {@code A..B} of a template: tasks {@code baseA} .. {@code baseB}. */
    private List<String> expand(TokenCursor c, String base, Token range) {
        String s = range.text();
        int dots = s.indexOf("..");
        String from = dots < 0 ? "" : s.substring(0, dots);
        String to = dots < 0 ? "" : s.substring(dots + 2);
        if (!Words.isNumber(from) || !Words.isNumber(to)) {
            throw c.error(range, "expected a template range 1..N, found " + range.describe());
        }
        int a = Words.intValue(from);
        int b = Words.intValue(to);
        if (a < 1 || b < a || b - a + 1 > MAX_TEMPLATE) {
            throw c.error(range, "expected a template range A..N with 1 <= A <= N and at most " + MAX_TEMPLATE
                    + " tasks, found " + range.describe());
        }
        List<String> names = new ArrayList<>();
        for (int i = a; i <= b; i++) {
            names.add(base + i);
        }
        return names;
    }

    private void expectHeader(TokenCursor c, Token keyword) {
        c.punct(Token.Kind.COLON, "':' after 'expect'");
        c.end("end of line after 'expect:'");
        if (expectHeader != null) {
            throw c.error(keyword, "'expect:' given twice (first at line " + expectHeader.line() + ")");
        }
        expectHeader = pos(keyword);
        current = new Block(BlockKind.EXPECT, keyword, "expect:", List.of(), false);
    }

    private Pos pos(Token t) {
        return new Pos(file, t.line(), t.column());
    }
}
