package bpflife.model.scenario;

import bpflife.protocol.IterTarget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads the lines at column 1 of a scenario file: {@code scenario NAME}, {@code objects TARGET N},
 * and the headers that open a block ({@code setup:}, {@code task NAME[A..B] [forked]:},
 * {@code expect:}). It keeps what must be unique across the file (the name, each objects line,
 * task names, the expect block) and expands templates into their task names.
 */
final class HeaderParser {

    private static final int MAX_TEMPLATE = Limits.MAX_TEMPLATE;

    private enum Header {
        SCENARIO, OBJECTS, SETUP, TASK, EXPECT;

        final String word = name().toLowerCase(Locale.ROOT);

        static final List<String> WORDS = Arrays.stream(values()).map(h -> h.word).toList();

        static Header byWord(String word) {
            for (Header h : values()) {
                if (h.word.equals(word)) {
                    return h;
                }
            }
            return null;
        }
    }

    private final String file;
    private String name;
    private final SortedMap<IterTarget, Integer> objects = new TreeMap<>();
    private final Map<IterTarget, Integer> objectsLine = new HashMap<>();
    private final Map<String, Pos> taskNames = new HashMap<>();
    private Pos expectHeader;
    private boolean sawHeader;

    HeaderParser(String file) {
        this.file = file;
    }

    /** The name from the {@code scenario} line, or null when the file has none. */
    String name() {
        return name;
    }

    SortedMap<IterTarget, Integer> objects() {
        return objects;
    }

    /** Reads one header line; returns the block it opens, or null for {@code scenario} and {@code objects}. */
    Block header(TokenCursor c) {
        Token first = c.peek();
        Header header = first.kind() == Token.Kind.WORD ? Header.byWord(first.text()) : null;
        if (header == null) {
            throw notAHeader(c, first);
        }
        c.take();
        Block opened = switch (header) {
            case SCENARIO -> scenarioName(c, first);
            case OBJECTS -> objects(c);
            case SETUP -> setupHeader(c, first);
            case TASK -> taskHeader(c, first);
            case EXPECT -> expectHeader(c, first);
        };
        sawHeader = true;
        return opened;
    }

    private ScenarioException notAHeader(TokenCursor c, Token first) {
        boolean statement = first.kind() == Token.Kind.WORD
                && (StatementParser.STATEMENTS.contains(first.text()) || StatementParser.BINDINGS.contains(first.text())
                        || (c.peek(1) != null && c.peek(1).kind() == Token.Kind.EQUALS));
        if (statement) {
            return c.error(first, "expected scenario, objects, setup:, task or expect: at the start of a line, found "
                    + "the statement " + first.describe() + " outside a block (indent it under setup: or task NAME:)");
        }
        String suggestion = first.kind() == Token.Kind.WORD ? Words.suggestion(first.text(), Header.WORDS) : "";
        return c.error(first, "expected scenario, objects, setup:, task or expect: at the start of a line, found "
                + first.describe() + suggestion);
    }

    private Block scenarioName(TokenCursor c, Token keyword) {
        if (sawHeader) {
            throw c.error(keyword, name != null
                    ? "'scenario' given twice"
                    : "expected 'scenario NAME' as the first line, found it after other lines");
        }
        name = c.word("a name after 'scenario'").text();
        c.end("end of line after 'scenario " + name + "'");
        return null;
    }

    private Block objects(TokenCursor c) {
        Token targetToken = c.peek();
        IterTarget target = OperandReader.target(c);
        if (target != IterTarget.TASK && target != IterTarget.TASK_FILE && target != IterTarget.TASK_VMA
                && target != IterTarget.BPF_MAP) {
            throw c.error(targetToken, "expected task, task_file, task_vma or bpf_map after 'objects', found '"
                    + target.kernelName() + "', whose objects come from the scenario (its map or cgroup)");
        }
        Token n = c.word("a number of objects after 'objects " + target.kernelName() + "'");
        if (!Words.isNumber(n.text())) {
            throw c.error(n, "expected a number of objects after 'objects " + target.kernelName() + "', found "
                    + n.describe());
        }
        if (Words.intValue(n.text()) < 0 || Words.intValue(n.text()) > Limits.MAX_OBJECTS) {
            throw c.error(n, "expected at most " + Limits.MAX_OBJECTS + " objects after 'objects "
                    + target.kernelName() + "' (the limit the model holds), found " + n.describe());
        }
        Integer earlier = objectsLine.put(target, n.line());
        if (earlier != null) {
            throw c.error(targetToken, "'objects " + target.kernelName() + "' given twice (first on line " + earlier + ")");
        }
        objects.put(target, Words.intValue(n.text()));
        c.end("end of line after 'objects " + target.kernelName() + " " + n.text() + "'");
        return null;
    }

    private Block setupHeader(TokenCursor c, Token keyword) {
        c.punct(Token.Kind.COLON, "':' after 'setup'");
        c.end("end of line after 'setup:'");
        // No task may be called setup (taskHeader refuses it), so a name clash here is a second setup:.
        Pos earlier = taskNames.putIfAbsent(Scenario.SETUP, pos(keyword));
        if (earlier != null) {
            throw c.error(keyword, "duplicate task name 'setup' (setup: given twice, first at line " + earlier.line() + ")");
        }
        return new Block(Block.Kind.SETUP, keyword, "setup:", List.of(Scenario.SETUP), false);
    }

    private Block taskHeader(TokenCursor c, Token keyword) {
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
        boolean pidns = false;
        if (c.peekWord("forked")) {
            c.take();
            forked = true;
        } else if (c.peekWord("pidns")) {
            // a pid namespace of its own: the driver unshares CLONE_NEWPID and forks, the task is pid 1 there
            c.take();
            pidns = true;
        }
        if (forked && c.peekWord("pidns")) {
            throw c.error(c.take(), "expected ':' after 'forked', found 'pidns': a forked task is in its parent's "
                    + "pid namespace (fork(2) does not make one)");
        }
        String option = forked ? "forked" : pidns ? "pidns" : null;
        c.punct(Token.Kind.COLON, option != null ? "':' after '" + option + "'"
                : "'forked', 'pidns' or ':' after '" + what + "'");
        c.end("end of line after '" + what + (option != null ? " " + option : "") + ":'");
        int before = taskNames.size() - (taskNames.containsKey(Scenario.SETUP) ? 1 : 0);
        if (before + names.size() > Limits.MAX_TASKS) {
            throw c.error(nameToken, "expected at most " + Limits.MAX_TASKS + " tasks in all (the limit the model "
                    + "holds), found " + (before + names.size()) + " with '" + what + "'");
        }
        for (String n : names) {
            if (n.equals(Scenario.SETUP)) {
                throw c.error(nameToken, "duplicate task name 'setup': it names the setup: block");
            }
            Pos earlier = taskNames.putIfAbsent(n, pos(nameToken));
            if (earlier != null) {
                throw c.error(nameToken, "duplicate task name '" + n + "' (first defined at line " + earlier.line() + ")");
            }
        }
        return new Block(Block.Kind.TASK, keyword, what + ":", names, forked, pidns);
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

    private Block expectHeader(TokenCursor c, Token keyword) {
        c.punct(Token.Kind.COLON, "':' after 'expect'");
        c.end("end of line after 'expect:'");
        if (expectHeader != null) {
            throw c.error(keyword, "'expect:' given twice (first at line " + expectHeader.line() + ")");
        }
        expectHeader = pos(keyword);
        return new Block(Block.Kind.EXPECT, keyword, "expect:", List.of(), false);
    }

    private Pos pos(Token t) {
        return new Pos(file, t.line(), t.column());
    }
}
