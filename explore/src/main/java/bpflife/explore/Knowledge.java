package bpflife.explore;

import bpflife.protocol.ActorId;
import bpflife.protocol.Msg;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who can send to whom: the may-send analysis behind the compact search's persistent sets for
 * kernel objects (issue 13, item 2). An object can address a message only to an object whose
 * name it has: one in its state (a holder's reference, an IDR's table, bpffs's dentries, a call's
 * reply target), one named in a message queued to it, or the sender of such a message; every
 * object can address the kernel's singletons (their names are constants), and the setup task
 * names every scenario task (it starts them). Objects made later are named by their maker, who
 * can tell them only names it has. So if a set T of objects is closed under "is named by" (no
 * object outside T has the name of one inside, and no singleton is inside), no delivery outside
 * T can ever send a message into T, nor change what those inside can do: the deliveries into T
 * are a persistent set (every execution from here is equivalent to one that starts with one of
 * them). {@link SearchWorker} uses it only when each of them is invisible to the invariants.
 *
 * <p>One per worker. Objects are the interner's slots; the names in each distinct object state
 * and channel content are read once, structurally (any {@link ActorId} in records, collections
 * and maps), and kept by content number.
 *
 * <p>Incremental (issue 13: rebuilding every edge for every world took 15% of the reduced
 * search's CPU): the interner tells {@link #changed} of every slot whose content number changes,
 * forwards and on undo alike, and the edges of that slot's old content are taken out of the
 * "who names y" lists and those of its new content put in. So the lists always hold exactly the
 * edges of the interner's current vector, which is the world the search is in after
 * {@code refresh}: the same edges the per-world rebuild read (an object's state names, a queued
 * channel's receiver names its sender and what the queue names), kept apart for singletons'
 * states, whose edges count only while the singleton is not quiet (decided per world, as before).
 */
final class Knowledge {
    private final StateInterner interner;
    private final int setup;
    /** Per table (1 objects, 2 channel contents) and content number: the slots named, once read. */
    private final int[][][] names = {null, new int[64][], new int[64][]};
    /** Per slot y: the slots that name y (with repeats: one entry per edge), other than singletons' states. */
    private int[][] knowers = new int[64][];
    private int[] knowerCount = new int[64];
    /** Per slot y: the singletons whose state names y (one entry per edge). */
    private int[][] tables = new int[64][];
    private int[] tableCount = new int[64];
    private long[] inT = new long[1];
    private int[] todo = new int[64];
    /** Per slot: what its key is (a singleton, a task, another object, a channel or the dumps). */
    private byte[] kinds = new byte[64];
    /** Per slot: the {@link Quiet} kind's ordinal of a singleton that has one, else -1 (read per edge in closures). */
    private byte[] quietOf = new byte[64];
    private int known;
    private static final byte SERVICE = 1;
    private static final byte TASK = 2;
    private static final byte OBJECT = 3;
    private static final byte OTHER = 4;

    /**
     * The singletons whose tables name objects they may later address, and what makes them do
     * so (read off their step functions): an IDR addresses an object it lists only on
     * {@code IdLookup} (a task's {@code show} or {@code get id}) and {@code IdSettle} (a task's
     * {@code link create}, or {@code open} when each session makes its own link); bpffs addresses
     * an inode only on a path request, which only tasks' path calls send ({@code open},
     * {@code obj get}, {@code pin}, {@code rm}, {@code mv}, {@code ln}, {@code mkdir},
     * {@code rmdir}); sync wakes the waiters it lists only on a {@code signal}. Every other
     * message they take is answered to a requester the message names. The session counter's
     * table names nobody; cgroupfs is not analysed (its table always counts).
     */
    private enum Quiet { IDR, BPFFS, SYNC }

    /** Per kind of singleton and scenario task (setup included): the index of its last statement that can wake it. */
    private final java.util.EnumMap<Quiet, java.util.Map<String, Integer>> lastTrigger = new java.util.EnumMap<>(Quiet.class);
    /** The same, by kind: the tasks' slots and their last such statement, in name order. */
    private final int[][] triggerSlots = new int[Quiet.values().length][];
    private final int[][] triggerAt = new int[Quiet.values().length][];
    /** Which kinds of singleton cannot address their tables' objects from here on (this world). */
    private final boolean[] quiet = new boolean[Quiet.values().length];

    Knowledge(StateInterner interner, bpflife.model.Env env) {
        this.interner = interner;
        interner.knowledge(this);
        this.setup = interner.slotOf(new ActorId.TaskId(env.scenario().setup().name()));
        List<bpflife.model.scenario.TaskDef> tasks = new ArrayList<>(env.scenario().tasks());
        tasks.add(env.scenario().setup());
        boolean openSettles = env.semantics().linkPerSession();
        for (Quiet q : Quiet.values()) {
            java.util.Map<String, Integer> last = new java.util.TreeMap<>();
            for (bpflife.model.scenario.TaskDef t : tasks) {
                int at = -1;
                for (int i = 0; i < t.body().size(); i++) {
                    if (wakes(q, t.body().get(i).call(), openSettles)) {
                        at = i;
                    }
                }
                if (at >= 0) {
                    last.put(t.name(), at);
                }
            }
            lastTrigger.put(q, last);
            triggerSlots[q.ordinal()] = new int[last.size()];
            triggerAt[q.ordinal()] = new int[last.size()];
            int i = 0;
            for (java.util.Map.Entry<String, Integer> e : last.entrySet()) {
                triggerSlots[q.ordinal()][i] = interner.slotOf(new ActorId.TaskId(e.getKey()));
                triggerAt[q.ordinal()][i++] = e.getValue();
            }
        }
    }

    private static boolean wakes(Quiet q, bpflife.protocol.Syscall c, boolean openSettles) {
        return switch (q) {
            case IDR -> c instanceof bpflife.protocol.Syscall.Show || c instanceof bpflife.protocol.Syscall.GetFdById
                    || c instanceof bpflife.protocol.Syscall.LinkCreate
                    || openSettles && c instanceof bpflife.protocol.Syscall.Open;
            case BPFFS -> c instanceof bpflife.protocol.Syscall.Open || c instanceof bpflife.protocol.Syscall.ObjGet
                    || c instanceof bpflife.protocol.Syscall.ObjPin || c instanceof bpflife.protocol.Syscall.Unlink
                    || c instanceof bpflife.protocol.Syscall.Rename || c instanceof bpflife.protocol.Syscall.HardLink
                    || c instanceof bpflife.protocol.Syscall.Mkdir || c instanceof bpflife.protocol.Syscall.Rmdir;
            case SYNC -> c instanceof bpflife.protocol.Syscall.Signal;
        };
    }

    private static Quiet quietKind(ActorId.Service sv) {
        return switch (sv) {
            case PROG_IDR, LINK_IDR, MAP_IDR -> Quiet.IDR;
            case BPFFS -> Quiet.BPFFS;
            case SYNC -> Quiet.SYNC;
            case SESSION_COUNTER, CGROUPFS, WORLD -> null;
        };
    }

    private static boolean wakes(Quiet q, Msg m) {
        return switch (q) {
            case IDR -> m instanceof Msg.IdLookup || m instanceof Msg.IdSettle;
            case BPFFS -> true;
            case SYNC -> m instanceof Msg.SyncSignal;
        };
    }

    /**
     * Which singletons are quiet in the current world: nothing that wakes them is queued to
     * them, and no task, born or not, has a statement that would send it at or after its current
     * one (a task's {@code pc} is its current statement during a call, the next one between).
     */
    private void quiet(List<Channel> enabled) {
        java.util.Arrays.fill(quiet, true);
        for (Channel ch : enabled) {
            if (ch.receiver() instanceof ActorId.ServiceId sv && quietKind(sv.service()) instanceof Quiet q) {
                for (Msg m : ch.queue) {
                    if (wakes(q, m)) {
                        quiet[q.ordinal()] = false;
                    }
                }
            }
        }
        for (int q = 0; q < quiet.length; q++) {
            for (int i = 0; i < triggerSlots[q].length && quiet[q]; i++) {
                int number = interner.number(triggerSlots[q][i]);
                if (number == 0) {
                    quiet[q] = false; // not born yet: it will run that statement
                } else if (interner.value(1, number) instanceof bpflife.model.Task.State t && !t.exited()
                        && t.pc() <= triggerAt[q][i]) {
                    quiet[q] = false;
                }
            }
        }
    }

    /** Whether the object at {@code slot} is a quiet singleton: for now, its table names nobody it could send to. */
    private boolean quietSingleton(int slot) {
        int q = quietOf[slot];
        return q >= 0 && quiet[q];
    }

    /**
     * The smallest closed set's deliveries among the closures of {@code candidates} (tried in
     * that order, which callers make depend on the world only), if each is invisible and they
     * are fewer than {@code enabled}; null when none.
     */
    List<Channel> persistent(List<Channel> enabled, List<ActorId> candidates,
                             java.util.function.Predicate<List<Channel>> invisible) {
        build(enabled);
        List<Channel> best = null;
        for (ActorId x : candidates) {
            if (!closure(interner.slotOf(x))) {
                continue;
            }
            List<Channel> into = new ArrayList<>();
            for (Channel ch : enabled) {
                if (member(interner.receiver(interner.slot(ch)))) {
                    into.add(ch);
                }
            }
            if (into.size() < enabled.size() && (best == null || into.size() < best.size()) && invisible.test(into)) {
                best = into;
                if (best.size() == 1) {
                    break;
                }
            }
        }
        return best;
    }

    /** What the current world's closures need besides the edges: which singletons are quiet, room for the marks. */
    private void build(List<Channel> enabled) {
        quiet(enabled);
        int n = classify();
        if (inT.length * 64 < n) {
            inT = new long[(n + 63) / 64];
        }
        if (todo.length < n) {
            todo = new int[n];
        }
    }

    /**
     * Slot {@code slot}'s content number went from {@code before} to {@code after} (0: absent or
     * empty): its edges follow. An object's state names what it holds; a channel's content is
     * known by its receiver, who also names the sender while a message is queued.
     */
    void changed(int slot, int before, int after) {
        int table = interner.table(slot);
        if (table == 0) {
            return; // the dumps name nobody anyone could send to
        }
        classify();
        int from = table == 1 ? slot : interner.receiver(slot);
        boolean ofTable = table == 1 && kinds[slot] == SERVICE;
        if (before != 0) {
            if (table == 2) {
                remove(interner.sender(slot), from, false);
            }
            for (int y : names(table, before)) {
                remove(y, from, ofTable);
            }
        }
        if (after != 0) {
            if (table == 2) {
                add(interner.sender(slot), from, false);
            }
            for (int y : names(table, after)) {
                add(y, from, ofTable);
            }
        }
    }

    private void add(int y, int k, boolean ofTable) {
        if (y >= knowers.length) {
            int len = Math.max(y + 1, knowers.length * 2);
            knowers = Arrays.copyOf(knowers, len);
            knowerCount = Arrays.copyOf(knowerCount, len);
            tables = Arrays.copyOf(tables, len);
            tableCount = Arrays.copyOf(tableCount, len);
        }
        int[][] lists = ofTable ? tables : knowers;
        int[] counts = ofTable ? tableCount : knowerCount;
        int[] list = lists[y];
        if (list == null) {
            list = lists[y] = new int[4];
        } else if (counts[y] == list.length) {
            list = lists[y] = Arrays.copyOf(list, list.length * 2);
        }
        list[counts[y]++] = k;
    }

    private void remove(int y, int k, boolean ofTable) {
        int[] list = (ofTable ? tables : knowers)[y];
        int[] counts = ofTable ? tableCount : knowerCount;
        for (int i = counts[y] - 1; i >= 0; i--) {
            if (list[i] == k) {
                list[i] = list[--counts[y]];
                return;
            }
        }
        throw new IllegalStateException("no edge " + k + " -> " + y + " to remove");
    }

    /**
     * For the tests: whether the lists hold exactly the edges a rebuild from the interner's
     * current vector gives (the per-world rebuild this class did before it was incremental).
     */
    boolean agreesWithRebuild() {
        int n = classify();
        java.util.TreeMap<String, Integer> want = new java.util.TreeMap<>();
        for (int s = 0; s < n; s++) {
            int table = interner.table(s);
            int number = interner.number(s);
            if (table == 0 || number == 0) {
                continue;
            }
            int from = table == 1 ? s : interner.receiver(s);
            String kind = table == 1 && kinds[s] == SERVICE ? "table " : "";
            if (table == 2) {
                want.merge(kind + from + ">" + interner.sender(s), 1, Integer::sum);
            }
            for (int y : names(table, number)) {
                want.merge(kind + from + ">" + y, 1, Integer::sum);
            }
        }
        java.util.TreeMap<String, Integer> have = new java.util.TreeMap<>();
        for (int y = 0; y < knowers.length; y++) {
            for (int i = 0; i < knowerCount[y]; i++) {
                have.merge(knowers[y][i] + ">" + y, 1, Integer::sum);
            }
            for (int i = 0; i < tableCount[y]; i++) {
                have.merge("table " + tables[y][i] + ">" + y, 1, Integer::sum);
            }
        }
        return want.equals(have);
    }

    /** Gives each slot not seen yet its kind; the number of slots. */
    private int classify() {
        int n = interner.slots();
        while (kinds.length < n) {
            kinds = Arrays.copyOf(kinds, kinds.length * 2);
            quietOf = Arrays.copyOf(quietOf, kinds.length);
        }
        for (int s = known; s < n; s++) {
            Object k = interner.key(s);
            kinds[s] = k instanceof ActorId.ServiceId ? SERVICE : k instanceof ActorId.TaskId ? TASK
                    : k instanceof ActorId ? OBJECT : OTHER;
            quietOf[s] = k instanceof ActorId.ServiceId sv && quietKind(sv.service()) instanceof Quiet q
                    ? (byte) q.ordinal() : -1;
        }
        known = n;
        return n;
    }

    /** Marks x and everyone who names a member, transitively; false if a singleton gets in. */
    private boolean closure(int x) {
        Arrays.fill(inT, 0);
        int top = 0;
        mark(x);
        todo[top++] = x;
        while (top > 0) {
            int y = todo[--top];
            if (kinds[y] == SERVICE) {
                return false;
            }
            if (y < knowers.length) {
                for (int i = 0; i < tableCount[y]; i++) {
                    if (!quietSingleton(tables[y][i])) {
                        return false; // a singleton whose table names y may send to it
                    }
                }
                int[] list = knowers[y];
                for (int i = 0; i < knowerCount[y]; i++) {
                    int k = list[i];
                    if (!member(k)) {
                        mark(k);
                        todo[top++] = k;
                    }
                }
            }
            if (kinds[y] == TASK && !member(setup)) {
                mark(setup);
                todo[top++] = setup;
            }
        }
        return true;
    }

    private void mark(int s) {
        inT[s >>> 6] |= 1L << s;
    }

    private boolean member(int s) {
        return s < inT.length * 64 && (inT[s >>> 6] & 1L << s) != 0;
    }

    /** The slots named by content {@code number} of {@code table} (read once). */
    private int[] names(int table, int number) {
        int[][] byNumber = names[table];
        if (number >= byNumber.length) {
            byNumber = names[table] = Arrays.copyOf(byNumber, Math.max(number + 1, byNumber.length * 2));
        }
        int[] n = byNumber[number];
        if (n == null) {
            Set<ActorId> ids = new LinkedHashSet<>();
            RecordLeaves.collect(interner.value(table, number), ActorId.class, ids::add);
            n = new int[ids.size()];
            int i = 0;
            for (ActorId id : ids) {
                n[i++] = interner.slotOf(id);
            }
            byNumber[number] = n;
        }
        return n;
    }
}
