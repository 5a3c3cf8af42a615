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
     * dump of exactly {@code objects} object lines ({@code objects} -1: no count given), or
     * ({@code dump r.f: session 1}) was opened with the session id {@code rank} after the run's
     * first (bpf_iter.c's global session_id counter; the kernel check's "session +K"; -1: not given).
     */
    record Dump(String task, String var, boolean complete, boolean onlyEnd, String fromTask, String fromVar,
                List<String> orErrnos, int objects, int rank, boolean repeats, Pos pos) implements Expectation {
        /**
         * {@code repeats}: ({@code dump r.s: repeats after END}) object lines came back after the
         * END line, read to EOF or not (D6: a task_vma dump over a live {@code tid} task).
         */
        public Dump(String task, String var, boolean complete, boolean onlyEnd, String fromTask, String fromVar,
                    List<String> orErrnos, int objects, int rank, Pos pos) {
            this(task, var, complete, onlyEnd, fromTask, fromVar, orErrnos, objects, rank, false, pos);
        }

        public Dump(String task, String var, boolean complete, boolean onlyEnd, String fromTask, String fromVar,
                    List<String> orErrnos, Pos pos) {
            this(task, var, complete, onlyEnd, fromTask, fromVar, orErrnos, -1, -1, pos);
        }

        public Dump(String task, String var, boolean complete, boolean onlyEnd, String fromTask, String fromVar,
                    List<String> orErrnos, int objects, Pos pos) {
            this(task, var, complete, onlyEnd, fromTask, fromVar, orErrnos, objects, -1, pos);
        }

        /** The alternatives as written: {@code complete [from T.V]}, {@code only END}, {@code N objects}, {@code session K}, errnos. */
        public List<String> alternatives() {
            List<String> alts = new java.util.ArrayList<>();
            if (complete) {
                alts.add("complete" + (fromVar == null ? "" : " from " + fromTask + "." + fromVar));
            }
            if (onlyEnd) {
                alts.add("only END");
            }
            if (objects >= 0) {
                alts.add(objects + (objects == 1 ? " object" : " objects"));
            }
            if (rank >= 0) {
                alts.add("session " + rank);
            }
            if (repeats) {
                alts.add("repeats after END");
            }
            alts.addAll(orErrnos);
            return alts;
        }
    }

    /** {@code link show: setup.l prog u.pB} or {@code prog show: none}: the final listing. */
    record Show(IdKind kind, List<ShowEntry> entries, Pos pos) implements Expectation {}

    /** {@code freed setup.pA}: the object bound to that variable is freed at the end. */
    record Freed(String task, String var, Pos pos) implements Expectation {}
}
