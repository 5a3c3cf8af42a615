package bpflife.model.scenario;

/**
 * A scenario file that cannot run: its text breaks the grammar or one of the checks made before
 * running (docs/SCENARIO-LANGUAGE.md, "Checks before running"). The message is the one a compiler
 * would print, {@code file:line:column: what was expected, what was found}, so a command can print
 * it as is and exit 2. Control and invisible characters quoted from the file (or its name) are
 * shown escaped ({@link Escapes}): the message is always one printable line.
 */
public final class ScenarioException extends bpflife.protocol.UserError {

    @java.io.Serial
    private static final long serialVersionUID = 1L;

    // exceptions are never serialized here; transient keeps the record type out of that contract
    private final transient Pos pos;
    private final String detail;

    public ScenarioException(Pos pos, String detail) {
        super(Escapes.escape(pos + ": " + detail), false);
        this.pos = pos;
        this.detail = Escapes.escape(detail);
    }

    /** Where the offending token starts. */
    public Pos pos() {
        return pos;
    }

    /** The message without its {@code file:line:column: } prefix. */
    public String detail() {
        return detail;
    }
}
