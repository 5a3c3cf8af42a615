package bpflife.model.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * A block opened by a header ({@code setup:}, {@code task NAME:}, {@code expect:}) whose indented
 * lines are being read. Every line of a block has the indentation of its first line, so that a
 * stray tab or space is reported where it is rather than read as the start of another block.
 */
final class Block {

    enum Kind { SETUP, TASK, EXPECT }

    final Kind kind;
    final Token header;
    /** The header as written, for messages: {@code setup:}, {@code task cat[1..3]:}. */
    final String what;
    /** The tasks sharing this body: one, or a template's expansion; none for {@code expect:}. */
    final List<String> names;
    final boolean forked;
    /** {@code task NAME pidns:}: each task of the block runs in a pid namespace of its own. */
    final boolean pidns;
    final List<ParsedStmt> body = new ArrayList<>();
    private String indent;
    private int indentLine;
    private int lines;

    Block(Kind kind, Token header, String what, List<String> names, boolean forked) {
        this(kind, header, what, names, forked, false);
    }

    Block(Kind kind, Token header, String what, List<String> names, boolean forked, boolean pidns) {
        this.pidns = pidns;
        this.kind = kind;
        this.header = header;
        this.what = what;
        this.names = names;
        this.forked = forked;
    }

    /** Counts an indented line of this block after checking its indentation against the first line's. */
    void accept(String file, SourceLine line) {
        if (indent == null) {
            indent = line.indent();
            indentLine = line.number();
        } else if (!indent.equals(line.indent())) {
            throw new ScenarioException(new Pos(file, line.number(), line.tokens().get(0).column()),
                    "expected the indentation of line " + indentLine + " (" + describeIndent(indent)
                            + ") in the block of '" + what + "', found " + describeIndent(line.indent()));
        }
        lines++;
    }

    boolean isEmpty() {
        return lines == 0;
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
}
