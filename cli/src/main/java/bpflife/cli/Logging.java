package bpflife.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root log level. Logs go to stderr (cli/src/main/resources/logback.xml, default WARN or
 * {@code -Dbpflife.log.level}); {@code --verbose} raises the level to DEBUG for one command.
 */
final class Logging {
    private Logging() {}

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** The current root level, to give back to {@link #restore}. */
    static Level current() {
        return root().getLevel();
    }

    static void verbose() {
        Logger root = root();
        if (!root.isDebugEnabled()) {
            root.setLevel(Level.DEBUG);
        }
    }

    static void restore(Level level) {
        root().setLevel(level);
    }
}
