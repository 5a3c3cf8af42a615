package bpflife.explore;

import bpflife.model.ObjectState;
import bpflife.model.Observation;
import bpflife.model.OpenFile;
import bpflife.model.SeqSession;
import bpflife.model.Task;
import bpflife.model.scenario.Expectation;
import bpflife.model.scenario.Outcome;
import bpflife.model.scenario.Pos;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ShowEntry;
import bpflife.model.scenario.Stmt;
import bpflife.model.scenario.TaskDef;
import bpflife.model.world.Listings;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.IdKind;
import bpflife.protocol.Info;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcomes a scenario allows, as herd7 prints the states of a litmus test: an outcome is what
 * user space observed in a run that ended quietly (every call's return per task, every read's byte
 * count, each session's dump as its readers got it, the final {@code link show} and {@code prog
 * show}), and the set is every outcome some terminal state of the exhaustive search has, with how
 * many distinct terminal states have it. Each expectation of the scenario ({@code =>} and
 * {@code expect:}) is evaluated on every terminal state: it holds always, sometimes or never.
 *
 * <p>Assumptions and guarantees: an outcome is a function of a final world alone. Each task keeps
 * what its calls returned in its state ({@link Task.State#observed()}), so two schedules that end
 * in the same world observed the same, and the search's state caching loses no outcome; the dump
 * of a session is read off its final state (its session id, prog and objects shown) and the
 * reads that returned end of file on its files. A terminal state is one where no message is in
 * flight and no invariant broke (the search keeps those with {@code keepFinal}); a dump read to end
 * of file there is complete, since DUMP_INCOMPLETE would have stopped the run.
 *
 * <p>Example: {@code OutcomeSet set = Outcomes.of(sc, new ExhaustiveSearch(env, true, limit, true,
 * null).run())}, then {@link OutcomeText#text(OutcomeSet)} or {@link OutcomeText#json(OutcomeSet)}.
 */
public final class Outcomes {
    private Outcomes() {}

    /** One outcome: one line per task (its statements' returns by source line), then the dumps and listings. */
    public record Result(List<String> lines) implements Comparable<Result> {
        public String text() {
            return String.join("\n", lines);
        }

        @Override
        public int compareTo(Result o) {
            return text().compareTo(o.text());
        }
    }

    /** An outcome and how many distinct terminal states have it. */
    public record Count(Result outcome, long terminalStates) {}

    /**
     * One expectation over every terminal state: on how many it held, failed, and was not reached
     * (an inline expectation of a statement the run never returned from).
     */
    public record Verdict(String text, Pos pos, long holds, long fails, long notReached) {
        /** {@code always}, {@code sometimes} or {@code never} (over the states where it was reached). */
        public String word() {
            if (fails == 0) {
                return holds == 0 ? "never reached" : "always";
            }
            return holds == 0 ? "never" : "sometimes";
        }

        /** Fails on some terminal state: a violation, like a broken invariant. */
        public boolean violated() {
            return fails > 0;
        }
    }

    /**
     * The outcome set of one exploration.
     *
     * @param complete   the search saw every state (else the set may miss outcomes: incomplete)
     * @param violations the invariant violations the search met (as "INVARIANT object"), not terminal states
     */
    public record OutcomeSet(String scenario, long terminalStates, List<Count> outcomes, List<Verdict> expectations,
                             boolean complete, List<String> violations) {
        /** Every expectation held on every terminal state, no invariant broke, and the search was complete. */
        public boolean pass() {
            return complete && violations.isEmpty() && expectations.stream().noneMatch(Verdict::violated);
        }

        /** Whether {@code r} is one of the outcomes. */
        public boolean allows(Result r) {
            return outcomes.stream().anyMatch(c -> c.outcome().equals(r));
        }
    }

    /** A check of one expectation on one terminal state: null when not reached. */
    public record Check(String text, Pos pos, Boolean holds) {}

    /**
     * What {@code explore --strategy exhaustive} prints besides its invariants: the outcome set, and
     * for each expectation that fails on some terminal state a schedule that ends in such a state
     * (null when the witness search, bounded by {@code stateLimit}, found none).
     */
    public record Explored(OutcomeSet set, Map<String, List<bpflife.protocol.Choice>> witnesses) {}

    /** The exhaustive search with {@code keepFinal}, its outcome set, and a schedule per violated expectation. */
    public static Explored explore(bpflife.model.Env env, long stateLimit) {
        OutcomeSet set = of(env.scenario(), new ExhaustiveSearch(env, true, stateLimit, true, null).run());
        return new Explored(set, witnesses(env, set, stateLimit));
    }

    /**
     * For each expectation of {@code set} that fails on some terminal state, a schedule that ends in
     * such a state (an unreduced search, bounded by {@code stateLimit}; null when none was found).
     */
    public static Map<String, List<bpflife.protocol.Choice>> witnesses(bpflife.model.Env env, OutcomeSet set,
                                                                      long stateLimit) {
        Scenario sc = env.scenario();
        Map<String, List<bpflife.protocol.Choice>> witnesses = new java.util.LinkedHashMap<>();
        for (Verdict v : set.expectations()) {
            if (v.violated()) {
                witnesses.put(v.text(), OutcomeWitness.find(env, states -> checks(sc, states).stream()
                        .anyMatch(c -> c.text().equals(v.text()) && Boolean.FALSE.equals(c.holds())), stateLimit));
            }
        }
        return witnesses;
    }

    /** The outcome set of an exhaustive search run with {@code keepFinal}. */
    public static OutcomeSet of(Scenario sc, ExhaustiveSearch.Outcome searched) {
        return of(sc, searched.finalStates().stream().map(WorldKey::objects).toList(), searched.stats().complete(),
                searched.violations().stream().sorted().toList());
    }

    /** The outcome set of these terminal states (one final world's objects each, distinct). */
    public static OutcomeSet of(Scenario sc, Collection<? extends Map<ActorId, ObjectState>> finals, boolean complete,
                                List<String> violations) {
        TreeMap<Result, Long> counts = new TreeMap<>();
        List<long[]> tally = new ArrayList<>(); // per expectation: holds, fails, not reached
        List<Check> names = null;
        for (Map<ActorId, ObjectState> states : finals) {
            counts.merge(outcome(sc, states), 1L, Long::sum);
            List<Check> checks = checks(sc, states);
            if (names == null) {
                names = checks;
                checks.forEach(c -> tally.add(new long[3]));
            }
            for (int i = 0; i < checks.size(); i++) {
                Boolean h = checks.get(i).holds();
                tally.get(i)[h == null ? 2 : h ? 0 : 1]++;
            }
        }
        List<Verdict> verdicts = new ArrayList<>();
        if (names == null) {
            names = checks(sc, Map.of());
            names.forEach(c -> tally.add(new long[3]));
        }
        for (int i = 0; i < names.size(); i++) {
            long[] t = tally.get(i);
            verdicts.add(new Verdict(names.get(i).text(), names.get(i).pos(), t[0], t[1], t[2]));
        }
        List<Count> out = new ArrayList<>();
        counts.forEach((r, n) -> out.add(new Count(r, n)));
        return new OutcomeSet(sc.name(), finals.size(), List.copyOf(out), List.copyOf(verdicts), complete,
                List.copyOf(violations));
    }

    // ---- one final world ----

    /** What user space observed in the run that ended in {@code states}. */
    public static Result outcome(Scenario sc, Map<ActorId, ObjectState> states) {
        List<String> lines = new ArrayList<>();
        for (TaskDef def : tasks(sc)) {
            if (!(states.get(new TaskId(def.name())) instanceof Task.State t)) {
                continue; // a forked task never forked, or a task never started
            }
            StringBuilder b = new StringBuilder(def.name()).append(':');
            int pc = -1;
            for (Observation o : t.observed()) {
                if (o.pc() != pc) {
                    pc = o.pc();
                    b.append(' ').append(def.body().get(pc).pos().line()).append('=');
                } else {
                    b.append(',');
                }
                b.append(o.text());
            }
            lines.add(b.toString());
        }
        for (TaskDef def : tasks(sc)) {
            if (!(states.get(new TaskId(def.name())) instanceof Task.State t)) {
                continue;
            }
            t.objects().forEach((var, obj) -> {
                // once, by the task.var that opened it (a dup or a forked child's copy is the same session)
                if (states.get(obj) instanceof SeqSession.State ss && opens(def, var)) {
                    lines.add("dump " + def.name() + "." + var + ": " + dump(ss, eof(states, obj)));
                }
            });
        }
        lines.add("link show: " + listing(states, IdKind.LINK));
        lines.add("prog show: " + listing(states, IdKind.PROG));
        return new Result(List.copyOf(lines));
    }

    /** The setup, then the tasks, in the scenario's order. */
    public static List<TaskDef> tasks(Scenario sc) {
        List<TaskDef> all = new ArrayList<>();
        all.add(sc.setup());
        all.addAll(sc.tasks());
        return all;
    }

    /** {@code session 2 dump_task 3 objects, END, eof}: what the session's reads showed. */
    private static String dump(SeqSession.State ss, boolean eof) {
        String prog = ss.prog() == null ? "?" : ss.prog().name();
        return "session " + ss.sessionId() + " " + prog + " " + ss.shown() + (ss.shown() == 1 ? " object" : " objects")
                + (ss.ended() ? ", END" : "") + (ss.repeatedRead() > 0 ? ", then " + ss.repeatedRead() + " again (D6)" : "")
                + (eof ? ", eof" : ", not read to eof");
    }

    /** The task has a statement that opens a session into {@code var} (open of a pin, BPF_ITER_CREATE). */
    public static boolean opens(TaskDef def, String var) {
        return def.body().stream().anyMatch(st -> var.equals(st.call().result())
                && (st.call() instanceof bpflife.protocol.Syscall.Open
                || st.call() instanceof bpflife.protocol.Syscall.IterCreate));
    }

    /** Some read of a file of this session returned end of file. */
    public static boolean eof(Map<ActorId, ObjectState> states, ActorId session) {
        for (ObjectState st : states.values()) {
            if (st instanceof Task.State t) {
                for (Observation o : t.observed()) {
                    if (o.read() && o.errno() == null && o.value() == 0 && o.file() != null
                            && states.get(o.file()) instanceof OpenFile.State f && session.equals(f.object())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String listing(Map<ActorId, ObjectState> states, IdKind kind) {
        List<Listings.Entry> es = Listings.show(states, kind);
        if (es.isEmpty()) {
            return "none";
        }
        return String.join(", ", es.stream().map(e -> switch (e.info()) {
            case Info.LinkInfo l -> l.id() + " prog " + l.progId();
            case Info.ProgInfo p -> p.id() + " " + p.name();
            case Info.MapInfo m -> "map " + m.id();
            case Info.CgroupInfo c -> "cgroup " + c.name();
        }).toList());
    }

    /**
     * Every expectation of the scenario checked on one final world, in the order {@code Report}
     * lists them: the inline ones task by task, then the {@code expect:} block.
     */
    public static List<Check> checks(Scenario sc, Map<ActorId, ObjectState> states) {
        List<Check> out = new ArrayList<>();
        for (TaskDef def : tasks(sc)) {
            Task.State t = states.get(new TaskId(def.name())) instanceof Task.State s ? s : null;
            for (int pc = 0; pc < def.body().size(); pc++) {
                Stmt st = def.body().get(pc);
                if (st.expect() == null) {
                    continue;
                }
                String text = def.name() + ": " + st.text() + " => " + st.expect().text();
                Observation last = t == null ? null : last(t, pc);
                out.add(new Check(text, st.pos(), last == null ? null : inline(st.expect(), last, states)));
            }
        }
        for (Expectation e : sc.expectations()) {
            out.add(new Check(text(e), e.pos(), holds(sc, e, states)));
        }
        return out;
    }

    private static Observation last(Task.State t, int pc) {
        Observation found = null;
        for (Observation o : t.observed()) {
            if (o.pc() == pc) {
                found = o;
            }
        }
        return found;
    }

    private static boolean inline(Outcome expect, Observation r, Map<ActorId, ObjectState> states) {
        return switch (expect) {
            case Outcome.Results alt -> alt.accepts(r.word(), r.read() && r.errno() == null ? r.value() : null);
            case Outcome.Listing l -> r.errno() == null && r.listing() != null
                    && listed(l.entries(), r.listing(), IdKind.LINK, states);
        };
    }

    private static Boolean holds(Scenario sc, Expectation e, Map<ActorId, ObjectState> states) {
        if (states.isEmpty()) {
            return null;
        }
        return switch (e) {
            case Expectation.Dump d -> dumpHolds(sc, d, states);
            case Expectation.Show s -> listed(s.entries(), Listings.show(states, s.kind()).stream()
                    .map(Listings.Entry::info).toList(), s.kind(), states);
            case Expectation.Freed f -> {
                ActorId obj = object(states, f.task(), f.var());
                yield obj != null && states.get(obj) != null && states.get(obj).freed();
            }
        };
    }

    private static boolean dumpHolds(Scenario sc, Expectation.Dump d, Map<ActorId, ObjectState> states) {
        TaskDef def = sc.task(d.task());
        Task.State t = states.get(new TaskId(d.task())) instanceof Task.State s ? s : null;
        if (def == null || t == null) {
            return false;
        }
        Observation opened = null;
        for (Observation o : t.observed()) {
            if (d.var().equals(def.body().get(o.pc()).call().result())) {
                opened = o;
            }
        }
        if (opened == null) {
            return false;
        }
        if (opened.errno() != null) {
            return d.orErrnos().contains(opened.errno().name());
        }
        ActorId session = t.objects().get(d.var());
        if (d.rank() >= 0 && states.get(session) instanceof SeqSession.State opened1
                && rank(opened1) == d.rank()) {
            return true;
        }
        if (d.repeats() && states.get(session) instanceof SeqSession.State rs && rs.repeatedRead() > 0) {
            return true; // D6: object lines came back after the END line, read to eof or not
        }
        if (!(states.get(session) instanceof SeqSession.State ss) || !eof(states, session) || ss.repeatedRead() > 0) {
            return false;
        }
        // read to end of file in a terminal state: complete (DUMP_INCOMPLETE did not stop the run)
        if (d.onlyEnd() && ss.shown() == 0) {
            return true;
        }
        if (d.objects() >= 0 && ss.shown() == d.objects()) {
            return true;
        }
        if (!d.complete()) {
            return false;
        }
        if (d.fromVar() == null) {
            return true;
        }
        return ss.template().prog() != null && ss.template().prog().equals(object(states, d.fromTask(), d.fromVar()));
    }

    private static ActorId object(Map<ActorId, ObjectState> states, String task, String var) {
        return states.get(new TaskId(task)) instanceof Task.State t ? t.objects().get(var) : null;
    }

    /** The listing has exactly the expected objects in id order: {@link ListingCheck} finds no difference. */
    private static boolean listed(List<ShowEntry> expected, List<Info> listed, IdKind kind,
                                  Map<ActorId, ObjectState> states) {
        return ListingCheck.problem(expected, listed, kind, (task, var) -> kernelId(states, task, var)) == null;
    }

    private static int kernelId(Map<ActorId, ObjectState> states, String task, String var) {
        ActorId obj = object(states, task, var);
        return obj == null || states.get(obj) == null ? -1 : Listings.kernelId(states.get(obj));
    }

    private static String text(Expectation e) {
        return switch (e) {
            case Expectation.Dump d -> "dump " + d.task() + "." + d.var() + ": " + String.join(" | ", d.alternatives());
            case Expectation.Show s -> s.kind().word() + " show: " + ShowEntry.text(s.entries());
            case Expectation.Freed f -> "freed " + f.task() + "." + f.var();
        };
    }

    /**
     * A session's place among the run's sessions: its id after the first the counter gives
     * ({@code session K} in expect:, the kernel check's "session +K").
     */
    static long rank(SeqSession.State ss) {
        return ss.sessionId() - (bpflife.model.SessionCounter.initial().last() + 1);
    }
}
