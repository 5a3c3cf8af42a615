package bpflife.cli.history;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * How a command shows a phase that can take seconds (opening the journal, reading a world): the
 * CLI passes one that draws progress on a terminal; {@link #NONE} shows nothing (tests, pipes).
 */
public interface Phase {
    /**
     * Runs {@code body}, showing {@code what} while it runs.
     *
     * @param steps the steps read so far, or -1 when the phase counts none
     */
    <T> T during(String what, LongSupplier steps, Supplier<T> body);

    /**
     * Tells the user something went wrong that the command works around (a view snapshot that is
     * corrupt and is passed over): one line on stderr, {@code warning: ...}.
     */
    default void warn(String line) {
        System.err.println("warning: " + line);
        System.err.flush();
    }

    /** Shows nothing (but warnings). */
    Phase NONE = new Phase() {
        @Override
        public <T> T during(String what, LongSupplier steps, Supplier<T> body) {
            return body.get();
        }
    };
}
