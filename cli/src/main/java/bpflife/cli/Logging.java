package bpflife.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log levels. Logs go to stderr (cli/src/main/resources/logback.xml, default WARN or
 * {@code -Dbpflife.log.level}); {@code --verbose} raises bpflife's own loggers (every logger
 * under {@code bpflife}) to DEBUG for one command, {@code --verbose=all} every logger: a 277-step
 * run logged 18,503 DEBUG lines of Pekko, Slick and H2 when {@code --verbose} meant the root.
 */
final class Logging {
    private Logging() {}

    /** The root of bpflife's loggers (every class's logger is named after it, {@code bpflife.cli.RunCommand}). */
    static final String OURS = "bpflife";

    /** The levels to give back to {@link #restore}: the root's and bpflife's. */
    record Levels(Level root, Level ours) {}

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static Logger ours() {
        return (Logger) LoggerFactory.getLogger(OURS);
    }

    /** The current levels, to give back to {@link #restore}. */
    static Levels current() {
        return new Levels(root().getLevel(), ours().getLevel());
    }

    /** DEBUG for bpflife's loggers, and for every logger when {@code all}. */
    static void verbose(boolean all) {
        if (!ours().isDebugEnabled()) {
            ours().setLevel(Level.DEBUG);
        }
        if (all && !root().isDebugEnabled()) {
            root().setLevel(Level.DEBUG);
        }
    }

    static void restore(Levels levels) {
        root().setLevel(levels.root());
        ours().setLevel(levels.ours());
    }
}
