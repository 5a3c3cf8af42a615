package bpflife.explore;

import bpflife.model.scenario.Expectation;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.TaskDef;
import bpflife.protocol.Syscall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The interchangeable tasks of a scenario: groups of tasks made from one template
 * ({@code task cat[1..N]}), as Murphi's scalarsets and SymmSpin's symmetric processes.
 *
 * <p>Assumptions and guarantees: a group holds two or more tasks that are not forked, have the
 * same body (the same statements at the same source positions, which is what a template expands
 * to), fork nobody, and whose names appear nowhere in the scenario's statements (no other task
 * names them, nor one of their variables as {@code cat1.x}). Then swapping two members is an
 * automorphism of the model's transition system: every object a task makes is named by its owner
 * and the owner's own counter ({@code file:cat1.4}), the kernel's numbers (ids, session ids,
 * inode numbers) come from shared counters in the order the steps run, and no step of the model
 * looks at a name except to address a message or to find an object by it. So renaming the
 * member names in every object state, message in flight and dump maps a reachable world to a
 * reachable world (run the renamed schedule: each member does what the other did, and the shared
 * counters hand out the same numbers in the same order), and an invariant breaks in a world if
 * and only if it breaks in the renamed one (the rules count references and compare states; they
 * do not read names).
 *
 * <p>At most {@value #MAX_MEMBERS} members in all (the codes of a renaming are packed in an int);
 * larger groups are cut to their first members (the rest are plain tasks: still sound, less
 * reduction).
 */
final class Symmetry {
    static final int MAX_MEMBERS = 8;

    /** Member name to member index (0..), in scenario order; groups are runs of consecutive indices. */
    final Map<String, Integer> index = new LinkedHashMap<>();
    /** Per member index, its group's number. */
    final int[] group;
    /** Per member index, the index of its group's first member. */
    final int[] first;
    final List<String> names = new ArrayList<>();

    private Symmetry(List<List<String>> groups) {
        int n = 0;
        for (List<String> g : groups) {
            n += g.size();
        }
        group = new int[n];
        first = new int[n];
        int gi = 0;
        for (List<String> g : groups) {
            int start = names.size();
            for (String name : g) {
                group[names.size()] = gi;
                first[names.size()] = start;
                index.put(name, names.size());
                names.add(name);
            }
            gi++;
        }
    }

    /** No symmetry: every task is itself. */
    static final Symmetry NONE = new Symmetry(List.of());

    int size() {
        return names.size();
    }

    /** The groups of {@code sc} (see the class comment for which tasks qualify). */
    static Symmetry of(Scenario sc) {
        LinkedHashMap<Object, List<String>> byBody = new LinkedHashMap<>();
        for (TaskDef t : sc.tasks()) {
            if (!t.forked() && !forks(t)) {
                byBody.computeIfAbsent(t.body(), k -> new ArrayList<>()).add(t.name());
            }
        }
        List<String> named = new ArrayList<>();
        RecordLeaves.collect(sc.setup().body(), String.class, named::add);
        for (TaskDef t : sc.tasks()) {
            RecordLeaves.collect(t.body(), String.class, named::add);
        }
        // The outcome set judges expectations on one terminal state per orbit: sound only for
        // expectations that name every member alike. A pattern (cat*.f) is expanded into one line per
        // member, which is symmetric; one member named alone (cat1.f) tells the members apart.
        Map<Object, java.util.Set<String>> alike = new java.util.HashMap<>();
        List<Expectation> perMember = new ArrayList<>();
        for (Expectation e : sc.expectations()) {
            if (e instanceof Expectation.Show) {
                RecordLeaves.collect(e, String.class, named::add);
            } else {
                alike.computeIfAbsent(keyOf(e), k -> new java.util.HashSet<>()).add(owner(e));
                perMember.add(e);
            }
        }
        List<List<String>> groups = new ArrayList<>();
        int total = 0;
        for (List<String> g : byBody.values()) {
            if (g.size() < 2 || g.stream().anyMatch(m -> mentioned(m, named))
                    || perMember.stream().anyMatch(e -> g.contains(owner(e)) && !alike.get(keyOf(e)).containsAll(g))) {
                continue;
            }
            List<String> cut = g.subList(0, Math.min(g.size(), MAX_MEMBERS - total));
            if (cut.size() >= 2) {
                groups.add(List.copyOf(cut));
                total += cut.size();
            }
        }
        return new Symmetry(groups);
    }

    private static String owner(Expectation e) {
        return e instanceof Expectation.Dump d ? d.task() : ((Expectation.Freed) e).task();
    }

    private static Object keyOf(Expectation e) {
        return e instanceof Expectation.Dump d ? java.util.Arrays.asList(d.var(), d.complete(), d.onlyEnd(),
                d.fromTask(), d.fromVar(), d.orErrnos(), d.objects(), d.repeats()) : List.of("freed", ((Expectation.Freed) e).var());
    }

    private static boolean forks(TaskDef t) {
        return t.body().stream().anyMatch(s -> s.call() instanceof Syscall.Fork);
    }

    private static boolean mentioned(String member, List<String> strings) {
        for (String s : strings) {
            if (s.equals(member) || s.startsWith(member + ".")) {
                return true;
            }
        }
        return false;
    }
}
