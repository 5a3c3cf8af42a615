package bpflife.model.scenario;

import java.util.List;

/** A statement as parsed, with the names it touches, for the checks that need the whole file. */
record ParsedStmt(Stmt stmt, List<Operand> operands) {

    /**
     * Whether the statement expects nothing but errnos ({@code => EINVAL}): then it is testing a
     * refusal, and operands of the wrong kind are what it means to pass.
     */
    boolean expectsRefusal() {
        if (!(stmt.expect() instanceof Outcome.Results results)) {
            return false;
        }
        return results.alternatives().stream().noneMatch(a -> a.equals("ok") || a.equals("eof") || Words.isNumber(a));
    }
}
