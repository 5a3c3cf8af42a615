package bpflife.cli;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether stderr (progress) or stdout (colour) is a terminal, each asked on its own: progress shows
 * whenever stderr is a terminal, whatever stdout is (redirected to a file, piped to jq).
 *
 * <p>How: the launcher ({@code ./bpflife}) asks the shell ({@code [ -t 2 ]}, {@code [ -t 1 ]}) and
 * passes the answers as {@code -Dbpflife.terminal.stderr=true|false} and {@code
 * -Dbpflife.terminal.stdout=true|false}; a value in {@code BPFLIFE_JAVA_OPTS} comes after the
 * launcher's and wins (the override: {@code -Dbpflife.terminal.stderr=false} silences progress on a
 * terminal, {@code =true} forces it into a log). Without the property ({@code java -jar} by hand)
 * the file descriptor is looked up in {@code /proc/self/fd} (a {@code /dev/pts/N} or {@code /dev/ttyN}
 * is a terminal); where there is no /proc, {@link System#console()} decides, which on JDK 21 needs
 * stdin and stdout to be terminals too.
 */
final class Terminal {
    private Terminal() {}

    /** The launcher's answer for stderr ({@code [ -t 2 ]}). */
    static final String STDERR = "bpflife.terminal.stderr";
    /** The launcher's answer for stdout ({@code [ -t 1 ]}). */
    static final String STDOUT = "bpflife.terminal.stdout";

    /** Whether progress may be drawn on stderr. */
    static boolean stderr() {
        return is(STDERR, 2);
    }

    /** Whether stdout may be coloured (with {@link Colour}'s NO_COLOR and TERM rules). */
    static boolean stdout() {
        return is(STDOUT, 1);
    }

    private static boolean is(String property, int fd) {
        String given = System.getProperty(property);
        if (given != null && !given.isBlank()) {
            return Boolean.parseBoolean(given.strip());
        }
        return probe(fd);
    }

    /** The descriptor's target in /proc: a terminal device, or (no /proc) what the console says. */
    static boolean probe(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return console();
        }
    }

    /** Console.isTerminal() exists from JDK 22; the project targets 21, so ask for it reflectively. */
    private static boolean console() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method m = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only on a terminal
        }
    }
}
