package bpflife.protocol;

/**
 * A failure the user can act on, and the exit code it ends a command with: bad input or
 * environment (a scenario, an option, a file, a journal that cannot be opened or written), a bound
 * reached, an interrupt. The message is one sentence naming the thing, where, and why, with no
 * Java class names; the CLI prints it as {@code Error: <message>} and exits {@link #exit()}.
 * Anything else that escapes a command is a bug of bpflife (exit 3).
 *
 * <p>Every module throws this type (or a subclass, such as the scenario parser's
 * file:line:column errors) so that the CLI maps failures to exit codes in one place.
 */
public class UserError extends RuntimeException {
    @java.io.Serial
    private static final long serialVersionUID = 1L;

    /** The exit codes a user-facing failure can end with. */
    public enum Exit {
        /** 2: bad input or environment. */
        BAD_INPUT(2),
        /** 4: a bound was reached (time, states, steps), or a check could not run. */
        INCOMPLETE(4),
        /** 130: interrupted (SIGINT); what was acknowledged is kept. */
        INTERRUPTED(130);

        private final int code;

        Exit(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    private final Exit exit;

    public UserError(String message) {
        this(Exit.BAD_INPUT, message, null);
    }

    public UserError(String message, Throwable cause) {
        this(Exit.BAD_INPUT, message, cause);
    }

    public UserError(Exit exit, String message, Throwable cause) {
        super(message, cause);
        this.exit = exit;
    }

    /** For subclasses whose message is built eagerly and need no stack trace (parse errors). */
    protected UserError(String message, boolean withStackTrace) {
        super(message, null, false, withStackTrace);
        this.exit = Exit.BAD_INPUT;
    }

    public Exit exit() {
        return exit;
    }
}
