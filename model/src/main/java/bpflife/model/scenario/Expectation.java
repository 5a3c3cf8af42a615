package bpflife.model.scenario;

import bpflife.protocol.IdKind;
import java.util.List;

/** A check made when the run is over (quiescent): the {@code expect:} block of a scenario. */
public sealed interface Expectation {

    Pos pos();

    /**
     * {@code dump cat1.f: complete | ENOENT}, {@code dump r.f: complete from setup.pA},
     * {@code dump r.f: only END}: the session opened into task.var either failed with one of the
     * errnos, or was read to EOF and got a complete dump (from the named prog, if given), or got
     * nothing but the END line, or ({@code dump r.f: 3 objects}) was read to EOF and got a complete
     * dump of exactly {@code objects} object lines ({@code objects} -1: no count given).
     */
    record Dump(String task, String var, boolean complete, boolean onlyEnd, String fromTask, String fromVar,
                List<String> orErrnos, int objects, Pos pos) implements Expectation {
        public Dump(String task, String var, boolean complete, boolean onlyEnd, String fromTask, String fromVar,
                    List<String> orErrnos, Pos pos) {
            this(task, var, complete, onlyEnd, fromTask, fromVar, orErrnos, -1, pos);
        }
    }

    /** {@code link show: setup.l prog u.pB} or {@code prog show: none}: the final listing. */
    record Show(IdKind kind, List<ShowEntry> entries, Pos pos) implements Expectation {}

    /** {@code freed setup.pA}: the object bound to that variable is freed at the end. */
    record Freed(String task, String var, Pos pos) implements Expectation {}
}
