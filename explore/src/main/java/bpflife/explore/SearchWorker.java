package bpflife.explore;

import bpflife.model.ObjectState;
import bpflife.model.Task;
import bpflife.protocol.ActorId;
import bpflife.protocol.Choice;
import bpflife.protocol.Msg;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread of an {@link ExhaustiveSearch}: a runtime of its own, taken back by its undo log,
 * and an explicit depth-first stack. It takes a schedule prefix from the search's shared work,
 * replays it and explores everything below; when another worker is idle and nothing is queued,
 * it gives away the unexplored siblings nearest the root of its stack (as prefixes), which is
 * work stealing by the busy worker's consent.
 *
 * <p>Why the reductions keep every violation, each alone and together (the state graph is
 * acyclic: every run reaches quiescence or a violation; {@code height(w)} is the length of the
 * longest run from w):
 * <ul>
 * <li>Persistent sets with the visibility proviso (docs/ARCHITECTURE.md): from a world w, if a
 * violation is reachable, then one is reachable through a delivery t in the explored set P(w)
 * from t(w), whose height is smaller than w's. A delivery is invisible when it commits no
 * violation itself and leaves every input of the checks made after other steps as it was
 * (balance, listing; {@link StepMemo#invisible}). A read of a session is such a delivery unless
 * it ends the dump with a check that fails: the dump it appends to is read by no check but
 * that session's first EOF read, which the search computes ahead on the current world
 * ({@link StepMemo#dumpPasses}, the same rule as {@code World.settle}). So a skipped world
 * (others first, the read not yet) and the explored one (the read first) give every check the
 * same value, and the read itself breaks nothing: the violations met, and with them the
 * violation kinds a keepFinal search collects, are those of the unreduced search.</li>
 * <li>Symmetry: a stored world r stands for every world w = pi(r) of its orbit (same canonical
 * fingerprint, see {@link Fingerprints}). pi is an automorphism of the transition system and the
 * invariants do not read names ({@link Symmetry}), so a violation reachable from w is, renamed,
 * reachable from r, and r and w have the same height.</li>
 * <li>Together, by induction on height: a world w met by the search is either explored, or a
 * renaming of an explored r. If a violation is reachable from w, it is from r (symmetry); r was
 * explored with P(r), so one is reachable from some t(r) of smaller height, which the search met
 * (it delivered t from r). By induction the search reports a violation. The persistent set need
 * not be chosen alike in r and w for this; it is chosen by role ({@link #persistentByRole}) only so
 * that the stored count does not depend on which member of an orbit is met first.</li>
 * <li>Every violation reported is reachable: the search delivers concrete messages from the
 * start, and the path it reports is the concrete schedule to the violating world, which
 * {@code replay} runs again. Final states collected ({@code keepFinal}) are concrete worlds too;
 * with symmetry they are one per orbit met, so they equal an unreduced search's up to renaming.</li>
 * <li>Several workers: a world is explored by the worker that first adds its fingerprint; every
 * added world is explored (by its worker, or by whoever takes the prefixes it gave away), so the
 * explored set is the same as one worker's. Without sleep sets and with the persistent set a
 * function of the world, which worlds are stored does not depend on the order: the count is the
 * same for any number of workers. Sleep sets depend on the order the worlds are met (a world met
 * again with a smaller sleep set is explored again for what was asleep), so compact mode does
 * not use them; they cut transitions, not states.</li>
 * </ul>
 */
final class SearchWorker {
    private static final int[] NONE = new int[0];
    /** How often (in deliveries) the clock, the heap and idle workers are looked at. */
    private static final int CHECK_EVERY = 256;

    /** One world on the stack: the deliveries to explore from it and which is next. */
    private static final class Frame {
        final long mark;
        final List<Channel> todo;
        final List<Choice> choices;
        final int depth;
        final int[] sleep;
        final int[] done;
        int k;
        int end;

        Frame(long mark, List<Channel> todo, int depth, int[] sleep) {
            this.mark = mark;
            this.todo = todo;
            this.depth = depth;
            this.sleep = sleep;
            this.done = new int[todo.size()];
            this.end = todo.size();
            List<Choice> cs = new ArrayList<>(todo.size());
            for (Channel ch : todo) {
                cs.add(new Choice(ch.receiver(), ch.sender(), ch.headSeq()));
            }
            this.choices = cs;
        }
    }

    private final ExhaustiveSearch search;
    private final boolean exact;
    private final boolean reduce;
    private DeterministicRuntime rt;
    private StepMemo memo;
    private StateInterner interner;
    private Fingerprints fingerprints;
    /** Compact mode with partial-order reduction: who can send to whom, for persistent sets of kernel objects. */
    private Knowledge knowledge;
    private long root;
    private final ArrayList<Frame> stack = new ArrayList<>();
    private final ArrayList<Choice> path = new ArrayList<>();
    private int sinceCheck;
    /*
     * This worker's counts, added to the search's shared ones every CHECK_EVERY deliveries and at
     * the end (flush): an atomic add per delivery on counters every worker writes made each
     * delivery move a cache line between the cores (issue 13: the 1 -> 2 worker speed-up).
     */
    private long transitions;
    private long ends;
    private long revisits;
    private long symmetryMerges;
    private long porPruned;
    private long knowledgePruned;
    private long commutePruned;
    /** Worlds this worker added to the visited set (when to publish its progress). */
    private long stored;
    /** Exact mode: per world number, the number of the sleep set it was last expanded with (0: empty). */
    private int[] sleepOf = new int[1024];
    private final IntTuples sleepSets = new IntTuples();

    private final int id;
    /** Scratch for {@link #persistentByRole}: messages queued per receiver slot (kept all zero between calls). */
    private int[] queuedBySlot = new int[64];
    private int[] firstBySlot = new int[64];
    private int[] receiverSlots = new int[16];

    SearchWorker(ExhaustiveSearch search, int id) {
        this.search = search;
        this.id = id;
        this.exact = search.options.exact();
        this.reduce = search.options.reduce();
    }

    long exactStates() {
        return interner == null ? 0 : interner.size();
    }

    long exactBytes() {
        return interner == null ? 0 : (long) interner.size() * 16;
    }

    void run() {
        rt = new DeterministicRuntime(search.env, new FirstEnabledStrategy(), search.stepper,
                new DeterministicRuntime.Options(Long.MAX_VALUE, false, null));
        rt.recordUndo();
        memo = rt.memoizeSteps();
        interner = new StateInterner(rt);
        if (!exact) {
            fingerprints = new Fingerprints(interner, search.symmetry);
            knowledge = reduce && search.options.stubborn() ? new Knowledge(interner, search.env) : null;
        }
        rt.start();
        root = rt.mark();
        List<Choice> prefix;
        while ((prefix = take()) != null) {
            try {
                replay(prefix);
                explore();
            } catch (OutOfMemoryError e) {
                stack.clear(); // let go of what can be let go before saying so
                search.stop("heap");
            } finally {
                search.pending.decrementAndGet();
            }
        }
        flush();
        search.stacks.remove(id);
    }

    /** Adds this worker's counts to the search's and starts them again from zero. */
    private void flush() {
        search.transitions.addAndGet(transitions);
        search.ends.addAndGet(ends);
        search.revisits.addAndGet(revisits);
        search.symmetryMerges.addAndGet(symmetryMerges);
        search.porPruned.addAndGet(porPruned);
        search.knowledgePruned.addAndGet(knowledgePruned);
        search.commutePruned.addAndGet(commutePruned);
        transitions = ends = revisits = symmetryMerges = porPruned = knowledgePruned = commutePruned = 0;
    }

    /** The next prefix to explore, or null when the search is over. */
    private List<Choice> take() {
        boolean waiting = false;
        try {
            while (true) {
                if (search.stopped()) {
                    return null;
                }
                List<Choice> p = search.work.pollLast();
                if (p != null) {
                    return p;
                }
                if (search.pending.get() == 0) {
                    return null;
                }
                if (!waiting) {
                    waiting = true;
                    search.idle.incrementAndGet();
                }
                LockSupport.parkNanos(50_000);
            }
        } finally {
            if (waiting) {
                search.idle.decrementAndGet();
            }
        }
    }

    private void replay(List<Choice> prefix) {
        rt.undoTo(root);
        path.clear();
        for (Choice c : prefix) {
            int i = StepMatch.indexOf(rt.enabled(), c);
            if (i < 0) {
                throw new IllegalStateException("a shared prefix does not replay at " + c);
            }
            rt.deliverAt(i);
            path.add(c);
        }
    }

    /** Depth-first from the runtime's current world, on an explicit stack. */
    private void explore() {
        Frame first = enter(NONE);
        if (first == null) {
            return;
        }
        stack.add(first);
        while (!stack.isEmpty()) {
            if (search.stopped()) {
                unexplored();
                return;
            }
            Frame f = stack.get(stack.size() - 1);
            if (f.k >= f.end) {
                stack.remove(stack.size() - 1);
                if (!stack.isEmpty()) {
                    Frame parent = stack.get(stack.size() - 1);
                    rt.undoTo(parent.mark);
                    path.remove(path.size() - 1);
                    parent.k++;
                }
                continue;
            }
            Channel ch = f.todo.get(f.k);
            int[] childSleep = NONE;
            if (exact) {
                int slot = interner.slot(ch);
                childSleep = reduce ? independent(interner.receiver(slot), f.sleep, f.done, f.k) : NONE;
                f.done[f.k] = slot;
            }
            path.add(f.choices.get(f.k));
            rt.deliver(ch);
            transitions++;
            if (++sinceCheck >= CHECK_EVERY) {
                sinceCheck = 0;
                check();
            }
            Frame child = enter(childSleep);
            if (child != null) {
                stack.add(child);
            } else {
                rt.undoTo(f.mark);
                path.remove(path.size() - 1);
                f.k++;
            }
        }
    }

    /** The clock, the heap, and whether to give work away. */
    private void check() {
        flush();
        if (System.nanoTime() >= search.deadline) {
            search.stop("time");
        } else if (search.heap.exceeded()) {
            search.stop("heap");
        } else if (search.idle.get() > 0 && search.work.isEmpty()) {
            donate();
        }
    }

    /** Gives away the unexplored siblings of the frame nearest the root that has some. */
    private void donate() {
        for (int i = 0; i < stack.size() - 1; i++) {
            Frame f = stack.get(i);
            if (f.k + 1 < f.end) {
                List<Choice> base = path.subList(0, f.depth);
                search.pending.addAndGet(f.end - f.k - 1);
                for (int j = f.k + 1; j < f.end; j++) {
                    List<Choice> p = new ArrayList<>(f.depth + 1);
                    p.addAll(base);
                    p.add(f.choices.get(j));
                    search.work.addFirst(p);
                }
                f.end = f.k + 1;
                return;
            }
        }
    }

    /** Tells the search how many deliveries this worker's stack has left (for the progress line). */
    private void publish() {
        long left = 0;
        for (Frame f : stack) {
            left += f.end - f.k;
        }
        search.stacks.put(id, left);
    }

    /** Counts what the stack had left when the search stopped, and lets it go. */
    private void unexplored() {
        long left = 0;
        for (int i = 0; i < stack.size(); i++) {
            Frame f = stack.get(i);
            left += f.end - f.k - (i < stack.size() - 1 ? 1 : 0);
        }
        search.frontier.addAndGet(left);
        stack.clear();
    }

    /** Checks the world the runtime is in; a frame to explore it, or null when it ends or was seen. */
    private Frame enter(int[] sleep) {
        if (rt.finished()) {
            ends++;
            if (!rt.violations().isEmpty()) {
                Violation v = rt.violations().get(0);
                if (search.options.keepFinal()) {
                    search.violations.add(v.invariant() + " " + v.object());
                } else {
                    search.violated(path);
                }
            } else if (search.options.keepFinal()) {
                search.finals.add(rt.stateKey());
            }
            return null;
        }
        return exact ? enterExact(sleep) : enterCompact();
    }

    private Frame enterCompact() {
        interner.refresh();
        long fp = fingerprints.fingerprint();
        if (!search.visited.add(fp)) {
            revisits++;
            if (fingerprints.renamed()) {
                symmetryMerges++;
            }
            return null;
        }
        if (search.union != null && !search.union.add(fp)) {
            search.recaptured.incrementAndGet();
        }
        // the shared count is read only under a state bound (it is summed over the workers' cells)
        if (search.options.stateLimit() < Long.MAX_VALUE && search.visited.size() > search.options.stateLimit()) {
            search.stop("state");
            return null;
        }
        if (++stored % 10_000 == 0) {
            flush();
            publish();
            search.progress();
        }
        List<Channel> enabled = rt.enabled(); // a live view: copied below if all of it is kept
        List<Channel> candidates = reduce ? persistentByRole(enabled) : enabled;
        porPruned += enabled.size() - candidates.size();
        if (candidates == enabled) {
            candidates = List.copyOf(enabled);
        }
        if (search.shuffle != 0 && candidates.size() > 1) {
            candidates = new ArrayList<>(candidates);
            java.util.Collections.shuffle(candidates, new java.util.Random(search.shuffle ^ fp));
        }
        return new Frame(rt.mark(), candidates, path.size(), NONE);
    }

    private Frame enterExact(int[] sleep) {
        int world = interner.intern();
        if (interner.added() && interner.size() > search.options.stateLimit()) {
            search.stop("state"); // this world is one too many: not counted, not expanded
            return null;
        }
        int[] explore = null; // null: all that are awake
        if (!interner.added()) {
            revisits++;
            int[] before = sleepSet(sleepOf[world]);
            if (Slots.containsAll(sleep, before)) {
                return null;
            }
            // only what was asleep then and is awake now is new
            explore = Slots.minus(before, sleep);
            sleepOf[world] = sleepNumber(Slots.intersect(before, sleep));
        } else {
            if (world >= sleepOf.length) {
                sleepOf = Arrays.copyOf(sleepOf, sleepOf.length * 2);
            }
            sleepOf[world] = sleepNumber(sleep);
            if (interner.size() % 10_000 == 0) {
                publish();
                search.progress();
            }
        }
        List<Channel> enabled = List.copyOf(rt.enabled());
        List<Channel> candidates = reduce ? persistent(rt, enabled) : enabled;
        long mark = rt.mark();
        if (candidates.size() < enabled.size() && !invisible(candidates)) {
            candidates = enabled;
        }
        List<Channel> todo = awake(candidates, sleep, explore);
        if (explore == null) {
            porPruned += enabled.size() - candidates.size();
            search.sleepPruned.addAndGet(candidates.size() - todo.size());
        }
        return new Frame(mark, todo, path.size(), sleep);
    }

    /**
     * Whether each of these deliveries only moves references (see
     * {@link StepMemo#movesReferencesOnly}): then deferring the other deliveries past
     * it cannot hide a world where an invariant fails; see {@link #persistent}.
     */
    private boolean invisible(List<Channel> deliveries) {
        for (Channel ch : deliveries) {
            if (!memo.movesReferencesOnly(rt.state(ch.receiver()), ch.sender(), ch.head())) {
                return false;
            }
        }
        return true;
    }

    /** The channels of {@code from} not asleep, and (on a revisit) among those to explore again. */
    private List<Channel> awake(List<Channel> from, int[] sleep, int[] explore) {
        List<Channel> out = new ArrayList<>(from.size());
        for (Channel c : from) {
            int slot = interner.slot(c);
            if (!Slots.contains(sleep, slot) && (explore == null || Slots.contains(explore, slot))) {
                out.add(c);
            }
        }
        return out;
    }

    /** What stays asleep after a delivery to {@code receiver}: the sleepers and the done that go elsewhere. */
    private int[] independent(int receiver, int[] sleep, int[] done, int doneCount) {
        int[] out = new int[sleep.length + doneCount];
        int n = 0;
        for (int s : sleep) {
            if (interner.receiver(s) != receiver) {
                out[n++] = s;
            }
        }
        for (int i = 0; i < doneCount; i++) {
            if (interner.receiver(done[i]) != receiver) {
                out[n++] = done[i];
            }
        }
        out = Arrays.copyOf(out, n);
        Arrays.sort(out);
        return out;
    }

    private int[] sleepSet(int number) {
        return number == 0 ? NONE : sleepSets.get(number - 1);
    }

    private int sleepNumber(int[] sleep) {
        return sleep.length == 0 ? 0 : sleepSets.add(sleep, sleep.length) + 1;
    }

    /**
     * A persistent set: the deliveries to one task whose every awaited message has arrived. No
     * other transition can send that task anything before it acts (a task receives only what it
     * waits for), and deliveries to other objects are independent of it (disjoint state, disjoint
     * channels), so every execution from here is equivalent to one that starts with one of these.
     * Used only if each of them is invisible to the invariants ({@link #invisible}): then the
     * worlds skipped (others moved, the task not yet) give the same verdict as worlds that are
     * explored (the same, the task's step done); see docs/ARCHITECTURE.md, "Exhaustive search".
     * When no task qualifies: everything. Exact mode: the first such task in channel order.
     */
    private static List<Channel> persistent(DeterministicRuntime rt, List<Channel> enabled) {
        for (int i = 0; i < enabled.size(); i++) {
            ActorId task = enabled.get(i).receiver();
            if (task instanceof ActorId.TaskId && !seenBefore(enabled, i, task) && ready(rt, enabled, task)) {
                return to(enabled, task);
            }
        }
        return enabled;
    }

    /**
     * Compact mode's persistent set: as {@link #persistent}, but the task is chosen by the world
     * alone, not by the order its channels were made in (which depends on the path to it): the
     * ready tasks with invisible deliveries, the plain tasks first by name, then the symmetric
     * ones by their canonical rank (so that two renamings of one world choose the same role);
     * the first of them. When none: everything.
     */
    private List<Channel> persistentByRole(List<Channel> enabled) {
        // messages queued per receiver (by slot), and each receiver once, in channel order
        int n = enabled.size();
        if (receiverSlots.length < n) {
            receiverSlots = new int[n * 2];
        }
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            Channel ch = enabled.get(i);
            int r = interner.receiver(interner.slot(ch));
            if (r >= queuedBySlot.length) {
                queuedBySlot = Arrays.copyOf(queuedBySlot, Math.max(r + 1, queuedBySlot.length * 2));
                firstBySlot = Arrays.copyOf(firstBySlot, queuedBySlot.length);
            }
            if (queuedBySlot[r] == 0) {
                receiverSlots[distinct++] = r;
                firstBySlot[r] = i;
            }
            queuedBySlot[r] += ch.size();
        }
        List<ActorId.TaskId> ready = new ArrayList<>(4);
        for (int j = 0; j < distinct; j++) {
            int r = receiverSlots[j];
            ActorId receiver = enabled.get(firstBySlot[r]).receiver();
            if (receiver instanceof ActorId.TaskId task && rt.state(task) instanceof Task.State t
                    && queuedBySlot[r] >= t.expected()) {
                ready.add(task);
            }
        }
        for (int j = 0; j < distinct; j++) {
            queuedBySlot[receiverSlots[j]] = 0;
        }
        ready.sort((a, b) -> {
            int ra = role(a);
            int rb = role(b);
            return ra != rb ? Integer.compare(ra, rb) : ra < 0 ? a.name().compareTo(b.name()) : 0;
        });
        for (ActorId.TaskId task : ready) {
            List<Channel> only = to(enabled, task);
            if (invisible(only)) {
                return withoutQuietSiblings(only);
            }
        }
        if (knowledge != null && enabled.size() > 1) {
            List<ActorId> receivers = new ArrayList<>();
            for (int i = 0; i < enabled.size(); i++) {
                ActorId r = enabled.get(i).receiver();
                if (!(r instanceof ActorId.ServiceId) && !seenBefore(enabled, i, r)) {
                    receivers.add(r);
                }
            }
            receivers.sort(this::byRole);
            List<Channel> closed = knowledge.persistent(enabled, receivers, this::invisibleAnywhere);
            if (closed != null) {
                closed = withoutQuietSiblings(closed);
                knowledgePruned += enabled.size() - closed.size();
                return closed;
            }
        }
        return enabled;
    }

    /**
     * A persistent set without the deliveries that can wait: a channel c2 into a receiver y is
     * left out when every message queued on it, delivered to y in turn, is quiet (sends, spawns
     * and faults nothing, reads no dump, and is invisible) and, where the set has another
     * channel into y (c1, the first by role; at most one c2 per such y), commutes with c1's head
     * in each of those states (both orders give y the same state and send each receiver the
     * same messages in the same order). If every channel would be left out, the first by role
     * stays.
     *
     * <p>Why the rest is still persistent (issue 13: "deliveries to one object that commute"):
     * the set D it came from is persistent because no delivery outside D can send into its
     * receivers (the task waits for nothing more; the closure's members are named by nobody
     * outside, {@link Knowledge}). Take S = D without the c2s, and any run w from here that
     * delivers nothing of S. Its deliveries into D's receivers can only be c2s' messages, in
     * queue order: the c2s send nothing, so no one else learns a name or gets a message it
     * could pass on, and every other channel into those receivers is in S or stays empty. So
     * along w each y changes only by its own c2's messages, through exactly the states checked
     * here, where c2 commutes with c1 (and with every t of S into another receiver trivially:
     * different objects, and c2 sends nothing). Every t of S therefore stays enabled and is
     * independent of every delivery of w: S is persistent, and the argument of the class
     * comment applies to it unchanged (the state graph is acyclic, so a channel left out is
     * delivered later on every run: no terminal world has one pending). The c2 deliveries are
     * invisible, so a skipped world (a c2 delivered, t not yet) gives every check the value of
     * the one before it. The choice depends on the world alone (roles, not channel numbers), so
     * the stored-state count stays independent of the number of workers.
     */
    private List<Channel> withoutQuietSiblings(List<Channel> set) {
        if (set.size() < 2) {
            return set;
        }
        List<Channel> drop = new ArrayList<>(2);
        List<Channel> alone = new ArrayList<>(2); // quiet channels that are their receiver's only one
        for (int i = 0; i < set.size(); i++) {
            ActorId y = set.get(i).receiver();
            if (seenBefore(set, i, y)) {
                continue;
            }
            List<Channel> into = to(set, y);
            if (into.size() == 1) {
                if (quietBeside(null, into.get(0))) {
                    alone.add(into.get(0));
                }
                continue;
            }
            into.sort((a, b) -> byRole(a.sender(), b.sender()));
            for (int j = 1; j < into.size(); j++) {
                if (quietBeside(into.get(0), into.get(j))) {
                    drop.add(into.get(j));
                    break;
                }
            }
        }
        if (!alone.isEmpty() && drop.size() + alone.size() == set.size()) {
            // everything is quiet: keep the first by role, so that the set is not empty
            alone.sort((a, b) -> {
                int c = byRole(a.receiver(), b.receiver());
                return c != 0 ? c : byRole(a.sender(), b.sender());
            });
            alone.remove(0);
        }
        drop.addAll(alone);
        if (drop.isEmpty()) {
            return set;
        }
        List<Channel> out = new ArrayList<>(set);
        out.removeAll(drop);
        commutePruned += drop.size();
        return out;
    }

    private static final StepMemo.EofCheck NO_EOF = (session, after, events) -> false;

    /** Whether every message queued on {@code c2} is quiet and commutes with {@code c1}'s head (if c1 is not null), delivered in turn (see {@link #withoutQuietSiblings}). */
    private boolean quietBeside(Channel c1, Channel c2) {
        ObjectState sigma = rt.state(c2.receiver());
        ActorId s2 = c2.sender();
        for (Msg m2 : c2.queue) {
            StepMemo.Entry u = memo.step(sigma, s2, m2);
            if (!quiet(u.decision) || !memo.invisible(sigma, s2, m2, NO_EOF)) {
                return false;
            }
            if (c1 == null) {
                sigma = u.after;
                continue;
            }
            ActorId s1 = c1.sender();
            Msg m1 = c1.head();
            StepMemo.Entry a = memo.step(sigma, s1, m1);
            StepMemo.Entry b = memo.step(a.after, s2, m2);
            StepMemo.Entry b2 = memo.step(u.after, s1, m1);
            if (!plain(a.decision) || !plain(b.decision) || !plain(b2.decision) || !b.after.equals(b2.after)
                    || !sameSends(a.decision, b.decision, b2.decision)) {
                return false;
            }
            sigma = u.after;
        }
        return true;
    }

    /** Sends nothing and is plain. */
    private static boolean quiet(bpflife.model.Decision d) {
        return d.sent().isEmpty() && plain(d);
    }

    /** Spawns nothing, commits no fault, reads no dump: its only effects are its receiver's state and what it sends. */
    private static boolean plain(bpflife.model.Decision d) {
        if (!d.spawned().isEmpty() || d.fault() != null) {
            return false;
        }
        for (bpflife.protocol.Event ev : d.events()) {
            if (ev instanceof bpflife.protocol.Event.SessionRead) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code first} then {@code second} send each receiver what {@code alone} does (the other order's second step; its first sent nothing). */
    private static boolean sameSends(bpflife.model.Decision first, bpflife.model.Decision second, bpflife.model.Decision alone) {
        List<bpflife.protocol.StepRecord.Envelope> both = new ArrayList<>(first.sent());
        both.addAll(second.sent());
        List<bpflife.protocol.StepRecord.Envelope> other = alone.sent();
        if (both.size() != other.size()) {
            return false;
        }
        // per receiver, the same messages in the same order (one channel per receiver)
        List<bpflife.protocol.StepRecord.Envelope> sortedBoth = new ArrayList<>(both);
        List<bpflife.protocol.StepRecord.Envelope> sortedOther = new ArrayList<>(other);
        java.util.Comparator<bpflife.protocol.StepRecord.Envelope> byReceiver = (x, y) -> x.to().compareTo(y.to());
        sortedBoth.sort(byReceiver); // stable: keeps each receiver's order
        sortedOther.sort(byReceiver);
        return sortedBoth.equals(sortedOther);
    }

    /** Whether each delivery is invisible to the invariants, whatever its receiver ({@link StepMemo#invisible}). */
    private boolean invisibleAnywhere(List<Channel> deliveries) {
        for (Channel ch : deliveries) {
            if (!memo.invisible(rt.state(ch.receiver()), ch.sender(), ch.head(),
                    (session, after, events) -> StepMemo.dumpPasses(rt.world(), session, after, events))) {
                return false;
            }
        }
        return true;
    }

    /**
     * An order of object names that a renaming of symmetric tasks keeps: kind, then the owner
     * (a plain name, or a symmetric task's canonical rank, which sorts first), then the number.
     */
    private int byRole(ActorId a, ActorId b) {
        int c = a.kind().compareTo(b.kind());
        if (c != 0) {
            return c;
        }
        Integer ma = search.symmetry.index.get(a.name());
        Integer mb = search.symmetry.index.get(b.name());
        if (ma != null || mb != null) {
            if (ma == null || mb == null) {
                return ma != null ? -1 : 1;
            }
            c = Integer.compare(fingerprints.codes[ma], fingerprints.codes[mb]);
        } else {
            c = a.name().compareTo(b.name());
        }
        return c != 0 ? c : Integer.compare(a.number(), b.number());
    }

    /** -1 for a task outside every symmetry group, else its canonical rank in the current world. */
    private int role(ActorId.TaskId task) {
        Integer m = search.symmetry.index.get(task.name());
        return m == null ? -1 : fingerprints.codes[m];
    }

    private static boolean ready(DeterministicRuntime rt, List<Channel> enabled, ActorId task) {
        return rt.state(task) instanceof Task.State t && queued(enabled, task) >= t.expected();
    }

    private static List<Channel> to(List<Channel> enabled, ActorId task) {
        List<Channel> only = new ArrayList<>(2);
        for (Channel d : enabled) {
            if (d.receiver().equals(task)) {
                only.add(d);
            }
        }
        return only;
    }

    private static boolean seenBefore(List<Channel> enabled, int i, ActorId receiver) {
        for (int j = 0; j < i; j++) {
            if (enabled.get(j).receiver().equals(receiver)) {
                return true;
            }
        }
        return false;
    }

    private static int queued(List<Channel> enabled, ActorId receiver) {
        int n = 0;
        for (Channel ch : enabled) {
            if (ch.receiver().equals(receiver)) {
                n += ch.size();
            }
        }
        return n;
    }
}
