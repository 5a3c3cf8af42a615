package bpflife.cli;

/**
 * Input bpflife cannot work with (a missing or unreadable file, an unwritable journal, ...): the
 * command prints {@code Error: <message>} and exits {@link Errors#BAD_INPUT}.
 */
final class BadInputException extends RuntimeException {
    @java.io.Serial
    private static final long serialVersionUID = 1L;

    BadInputException(String message) {
        super(message);
    }

    BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
