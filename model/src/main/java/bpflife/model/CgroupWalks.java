package bpflife.model;

import bpflife.protocol.CgroupOrder;
import bpflife.protocol.Msg;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cgroups a cgroup iterator's walk passes, in kernel order, over what cgroupfs knows: the
 * live directories (shown) and the removed cgroups not yet released (passed but hidden: their css
 * is still on the parent's children list, kernel/cgroup/cgroup.c css_next_descendant_pre() and
 * css_next_descendant_post() return it, bpf_seq_read() counts it in seq_num, and
 * kernel/bpf/cgroup_iter.c __cgroup_iter_seq_show() shows nothing for a dead cgroup). Siblings
 * are in creation order. Measured on 6.18 (scenarios/cgroup-dying-descendant.scn): top with
 * children a, b, c, b removed but held by a link: pre-order shows seq 0, 1, 3 and END seq=3;
 * post-order 0, 2, 3 and END seq=3; a walk up from the removed b shows its ancestors from seq=1.
 *
 * <p>The root cgroup ({@code ""}) is always live. Not modelled: a css pins its parent, so in the
 * kernel a removed parent of a dying cgroup stays linked (and is passed, hidden) as long as the
 * child; the model releases the parent on its own last put, so its walk hangs the child below
 * the nearest ancestor it still knows and passes one hidden cgroup fewer (a later seq_num one
 * lower). A name made again while its removed namesake is dying shares that name's slot here.
 */
final class CgroupWalks {
    private CgroupWalks() {}

    /** The walk of {@code order} from {@code start} ("" is the root cgroup). */
    static Msg.Visited walk(Cgroupfs.State s, String start, CgroupOrder order) {
        List<String> passed = new ArrayList<>();
        switch (order) {
            case SELF_ONLY -> passed.add(start);
            case ANCESTORS_UP -> {
                for (String c = start; ; c = parent(c)) {
                    passed.add(c);
                    if (c.isEmpty()) {
                        break;
                    }
                }
            }
            case DESCENDANTS_PRE -> pre(s, start, children(s), passed);
            case DESCENDANTS_POST -> post(s, start, children(s), passed);
        }
        List<Integer> hidden = new ArrayList<>();
        for (int i = 0; i < passed.size(); i++) {
            String c = passed.get(i);
            if (!c.isEmpty() && !s.dirs().containsKey(c)) {
                hidden.add(i);
            }
        }
        return new Msg.Visited(passed.size(), List.copyOf(hidden));
    }

    private static void pre(Cgroupfs.State s, String c, TreeMap<String, TreeSet<String>> kids, List<String> out) {
        out.add(c);
        for (String k : kids.getOrDefault(c, new TreeSet<>())) {
            pre(s, k, kids, out);
        }
    }

    private static void post(Cgroupfs.State s, String c, TreeMap<String, TreeSet<String>> kids, List<String> out) {
        for (String k : kids.getOrDefault(c, new TreeSet<>())) {
            post(s, k, kids, out);
        }
        out.add(c);
    }

    /** Each known cgroup's children, in creation order. */
    private static TreeMap<String, TreeSet<String>> children(Cgroupfs.State s) {
        Comparator<String> byCreation = Comparator.comparing((String n) -> s.made().getOrDefault(n, Integer.MAX_VALUE))
                .thenComparing(Comparator.naturalOrder());
        TreeMap<String, TreeSet<String>> kids = new TreeMap<>();
        TreeSet<String> known = new TreeSet<>(s.dirs().keySet());
        known.addAll(s.dying().keySet());
        for (String c : known) {
            String p = parent(c);
            while (!p.isEmpty() && !known.contains(p)) {
                p = parent(p);
            }
            kids.computeIfAbsent(p, k -> new TreeSet<>(byCreation)).add(c);
        }
        return kids;
    }

    private static String parent(String c) {
        int slash = c.lastIndexOf('/');
        return slash < 0 ? "" : c.substring(0, slash);
    }
}
