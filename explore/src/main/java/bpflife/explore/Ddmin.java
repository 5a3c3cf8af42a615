package bpflife.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Delta debugging's ddmin (Zeller and Hildebrandt, TSE 2002), complements only: split the list
 * into n chunks, try it without each chunk; on success go on from the smaller list with n - 1
 * chunks, else with twice as many, until the chunks are single items and none can go.
 */
final class Ddmin {
    private Ddmin() {}

    /**
     * @param attempt given a smaller list, returns the list to go on from when the smaller one
     *                still fails (it may differ, such as a recorded schedule), or null
     * @return the smallest list found; a list of single items none of which can go, unless time ran out
     */
    static <T> List<T> minimize(List<T> items, Function<List<T>, List<T>> attempt, BooleanSupplier timeUp) {
        List<T> cur = items;
        int n = 2;
        while (!cur.isEmpty() && !timeUp.getAsBoolean()) {
            n = Math.min(n, cur.size());
            List<T> next = null;
            for (int i = 0; i < n && next == null && !timeUp.getAsBoolean(); i++) {
                int from = (int) ((long) i * cur.size() / n);
                int to = (int) ((long) (i + 1) * cur.size() / n);
                List<T> cand = new ArrayList<>(cur.size() - (to - from));
                cand.addAll(cur.subList(0, from));
                cand.addAll(cur.subList(to, cur.size()));
                next = attempt.apply(cand);
            }
            if (next != null) {
                cur = next;
                n = Math.max(n - 1, 2);
            } else if (n >= cur.size()) {
                break;
            } else {
                n = Math.min(cur.size(), 2 * n);
            }
        }
        return cur;
    }
}
