package bpflife.explore;

import bpflife.model.scenario.ShowEntry;
import bpflife.protocol.IdKind;
import bpflife.protocol.Info;
import java.util.ArrayList;
import java.util.List;

/**
 * The one comparison of a listing ({@code link show}, {@code prog show}: a call's result or the
 * final world's) with what a scenario expects of it ({@code => ...} or an {@code expect:} line):
 * the run's {@link Report} says its words, {@link Outcomes} asks only whether there are any.
 * Each caller says how a scenario variable names a kernel id (the run's bindings, or a terminal
 * world's task states).
 */
final class ListingCheck {
    private ListingCheck() {}

    /** The kernel id behind {@code task.var}, or -1 when it names no live object. */
    interface KernelIds {
        int of(String task, String var);
    }

    /**
     * Null when {@code listed} has exactly the expected objects in id order, with each link's prog
     * where the expectation names one (that place's only: {@code link show: a.l prog a.p, b.l}
     * compares b.l's id alone), else what differs, in words.
     */
    static String problem(List<ShowEntry> expected, List<Info> listed, IdKind kind, KernelIds ids) {
        List<String> want = new ArrayList<>();
        for (ShowEntry e : expected) {
            String w = String.valueOf(ids.of(e.task(), e.var()));
            if (e.progVar() != null) {
                w += " prog " + ids.of(e.progTask(), e.progVar());
            }
            want.add(w);
        }
        List<String> got = new ArrayList<>();
        for (int n = 0; n < listed.size(); n++) {
            Info i = listed.get(n);
            // the listed object's prog where the expectation names a prog at the same place; a listing
            // of other objects differs by its ids anyway, and then every link's prog is said
            boolean withProg = n < expected.size() ? expected.get(n).progVar() != null
                    : expected.stream().anyMatch(e -> e.progVar() != null);
            got.add(i instanceof Info.LinkInfo l && withProg ? l.id() + " prog " + l.progId()
                    : String.valueOf(Info.idOf(i)));
        }
        return want.equals(got) ? null : "expected " + kind.word() + " ids " + want + ", listed " + got;
    }
}
