package bpflife.kernel;

import bpflife.protocol.IdKind;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One side of the comparison (the model's run or the kernel's): what each statement returned,
 * each session's dump, which object each id names, and the listings at the end of the run.
 * Statements and sessions are keyed {@code task@pc}.
 */
final class Side {
    // synchronized: under kernel --runs the tasks' threads record into one side at once
    final Map<String, Observed> calls = Collections.synchronizedMap(new LinkedHashMap<>());
    final Map<String, Session> sessions = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Every read statement's sizes in order (bytes, 0 at end of file, -errno), keyed task@pc. */
    final Map<String, List<Integer>> readSizes = Collections.synchronizedMap(new LinkedHashMap<>());
    /** The session each read statement read (the key of its opening call); kernel side only. */
    final Map<String, String> readSession = Collections.synchronizedMap(new HashMap<>());
    private final Map<IdKind, Map<Integer, String>> idNames = new EnumMap<>(IdKind.class);
    private final Map<String, Integer> nameUse = new HashMap<>();
    List<String> finalLinks;
    List<String> finalProgs;
    /** The final listings as {@code link TARGET prog NAME} and {@code prog NAME}, in id order (kernel --runs). */
    List<String> finalByName;
    /**
     * Model side: the scenario task whose number a link's tid or pid holds ({@code tid NAME}, or
     * {@code self}: the creating task), by the link's name; links with a literal number are absent.
     */
    final Map<String, String> linkTask = new java.util.concurrent.ConcurrentHashMap<>();
    /** Kernel side: the real pid of each scenario task's driver (its one thread: tid = pid). */
    final Map<String, Long> taskPids = new java.util.concurrent.ConcurrentHashMap<>();
    /** Kernel side: the scenario's name of each prog the run loaded, by prog id (the kernel lists the ELF name). */
    final Map<Integer, String> progNames = new java.util.concurrent.ConcurrentHashMap<>();

    /** A session by the call that opened it; {@code text} is every byte its reads returned, in order. */
    static final class Session {
        final String name;
        final StringBuffer text = new StringBuffer(); // a forked task may read the session at the same time
        boolean eof;
        /** Model side: a cgroup walk from the root cgroup (a link with an order and no cgroup). */
        boolean rootWalk;
        /**
         * Model side: a walk that passes the machine's objects on the kernel ({@link
         * ModelTrace#machineWalk}): one of them going away elsewhere is a gap of the kernel's own.
         */
        boolean machineWalk;
        /** Model side: a cgroup walk up the ancestors of a cgroup of the scenario. */
        boolean ancestors;
        /** Model side: the session's target (its kernel name). */
        String target;
        /** Model side: the link's tid (0: every task). */
        int tid;
        /**
         * Model side: the scenario task the link's {@code tid NAME} names (the kernel check passes that
         * task's driver pid), or null.
         */
        String namedTask;
        /** Kernel side: that tid named a real task of this machine when the session was opened. */
        boolean tidNamesRealTask;

        Session(String name) {
            this.name = name;
        }
    }

    static String key(String task, int pc) {
        return task + "@" + pc;
    }

    /** Records that {@code task.var} made the object with this id; returns the name given. */
    synchronized String name(IdKind kind, int id, String task, String var) {
        String base = task + "." + var;
        int n = nameUse.merge(kind + ":" + base, 1, Integer::sum);
        String name = n == 1 ? base : base + "(" + n + ")";
        idNames.computeIfAbsent(kind, k -> new HashMap<>()).put(id, name);
        return name;
    }

    /** The variable that made the object with this id, or null when the run did not make it. */
    synchronized String nameOf(IdKind kind, int id) {
        return idNames.getOrDefault(kind, Map.of()).get(id);
    }

    boolean ours(IdKind kind, int id) {
        return nameOf(kind, id) != null;
    }

    /** The id of the object {@code name} names, or 0. */
    synchronized int idOf(IdKind kind, String name) {
        for (var e : idNames.getOrDefault(kind, Map.of()).entrySet()) {
            if (e.getValue().equals(name)) {
                return e.getKey();
            }
        }
        return 0;
    }

    String linkEntry(int id, int progId, String target, int mapId, String order) {
        StringBuilder b = new StringBuilder(orId(IdKind.LINK, id)).append(" prog ").append(orId(IdKind.PROG, progId))
                .append(" target ").append(target);
        if (target.equals("bpf_map_elem")) {
            b.append(" map ").append(orId(IdKind.MAP, mapId));
        }
        if (order != null) {
            b.append(" order ").append(order);
        }
        return b.toString();
    }

    String progEntry(int id) {
        return orId(IdKind.PROG, id);
    }

    private String orId(IdKind kind, int id) {
        String n = nameOf(kind, id);
        return n != null ? n : kind.word() + " id " + id;
    }
}
