package bpflife.model.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private ScenarioParser(String file) {
        this.file = file;
        this.headers = new HeaderParser(file);
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
                current = headers.header(new TokenCursor(file, line));
            }
        }
        closeBlock();
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
}
