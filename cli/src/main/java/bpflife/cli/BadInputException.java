package bpflife.cli;

import bpflife.protocol.UserError;

/**
 * Input bpflife cannot work with (a missing or unreadable file, an unwritable journal, ...): the
 * command prints {@code Error: <message>} and exits {@link Errors#BAD_INPUT}. The CLI's own name for
 * a {@link UserError} of that kind.
 */
final class BadInputException extends UserError {
    @java.io.Serial
    private static final long serialVersionUID = 1L;

    BadInputException(String message) {
        super(message);
    }

    BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
