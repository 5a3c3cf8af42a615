package bpflife.cli;

import java.io.IOException;
import java.io.Writer;

/**
 * Stdout with its verdicts coloured ({@link Colour}): every line {@code verdict: WORD ...} of every
 * command (run, replay, explore, shrink, kernel, load, diff) and the check rows of a check list
 * ({@code   PASS  name}, {@code   FAIL  name}), the rest as written. One place, so no command
 * colours on its own and none forgets; JSON never starts a line with {@code verdict: }, so a
 * document is never touched. Lines are held until their end (or a flush), so a line's first words
 * decide.
 *
 * <p>Used only when {@link Colour#stdout()} is on (stdout a terminal, no NO_COLOR, TERM not dumb).
 */
final class VerdictColours extends Writer {
    private static final String VERDICT = "verdict: ";
    private static final String PASS_ROW = "  PASS  ";
    private static final String FAIL_ROW = "  FAIL  ";

    private final Writer out;
    private final Colour colour;
    private final StringBuilder line = new StringBuilder();

    VerdictColours(Writer out, Colour colour) {
        this.out = out;
        this.colour = colour;
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            char c = buf[i];
            if (c == '\n') {
                out.write(paint(line.toString()));
                out.write('\n');
                line.setLength(0);
            } else {
                line.append(c);
            }
        }
    }

    /** The line with its verdict coloured, or as it is. */
    String paint(String l) {
        if (l.startsWith(VERDICT)) {
            return VERDICT + colour.verdict(l.substring(VERDICT.length()));
        }
        if (l.startsWith(PASS_ROW) || l.startsWith(FAIL_ROW)) {
            return "  " + colour.verdict(l.substring(2, 6)) + l.substring(6);
        }
        return l;
    }

    /**
     * A flush sends what is held, a partial line as it is: output that ends without a newline (a
     * picture printed to stdout) is never held back. (PrintWriter flushes after a whole println or
     * printf, so a verdict line is whole by then.)
     */
    @Override
    public void flush() throws IOException {
        out.write(line.toString());
        line.setLength(0);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.write(paint(line.toString()));
        line.setLength(0);
        out.close();
    }
}
