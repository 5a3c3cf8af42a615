package bpflife.cli;

import java.util.Map;

/**
 * Colour for verdicts and differences on a terminal, and nowhere else: off when {@code NO_COLOR}
 * is set (to anything but the empty string, as no-color.org says), when {@code TERM} is
 * {@code dumb}, or when the stream is not a terminal (a pipe, a file, a test). Colour never
 * carries meaning on its own: the words are the same with it or without.
 *
 * <p>Applied to stdout's {@code verdict:} lines and check rows by {@link VerdictColours} (Main), so
 * commands print plain words. Example: {@code Colour.stdout().verdict("PASS (3 checks)")}.
 */
final class Colour {
    private static final String RESET = "\u001b[0m";
    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[1;31m";
    private static final String YELLOW = "\u001b[33m";

    private final boolean on;

    private Colour(boolean on) {
        this.on = on;
    }

    /** For stdout: on only when it is a terminal and the environment allows it. */
    static Colour stdout() {
        return of(Terminal.stdout(), System.getenv());
    }

    /** The rule itself, for tests: {@code terminal} says whether the stream is one. */
    static Colour of(boolean terminal, Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        boolean off = (noColor != null && !noColor.isEmpty()) || "dumb".equals(env.get("TERM"));
        return new Colour(terminal && !off);
    }

    boolean on() {
        return on;
    }

    /**
     * {@code text} coloured by the verdict word it starts with: pass/agree/identical green,
     * fail/disagree/differ/diverged/fidelity failure (and "identical up to a violation", exit 1) red,
     * incomplete/skipped/not run yellow, anything else as it is.
     */
    String verdict(String text) {
        String w = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (w.startsWith("identical up to a violation")) {
            return paint(RED, text);
        }
        if (w.startsWith("pass") || w.startsWith("agree") || w.startsWith("identical")) {
            return paint(GREEN, text);
        }
        if (w.startsWith("fail") || w.startsWith("disagree") || w.startsWith("differ") || w.startsWith("diverged")
                || w.startsWith("fidelity failure")) {
            return paint(RED, text);
        }
        if (w.startsWith("incomplete") || w.startsWith("skipped") || w.startsWith("not run") || w.startsWith("not_run")) {
            return paint(YELLOW, text);
        }
        return text;
    }

    /** A difference (a line that disagrees): red. */
    String difference(String text) {
        return paint(RED, text);
    }

    private String paint(String code, String text) {
        return on ? code + text + RESET : text;
    }
}
