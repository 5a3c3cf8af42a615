package bpflife.kernel;

import java.util.List;

/** How results are shown in the side-by-side report. */
final class Shown {
    private Shown() {}

    /** {@code 16, 16, 1, 0} for a few reads; {@code 212 reads, 3021 bytes, eof} for many. */
    static String reads(List<Integer> lens) {
        int bytes = 0;
        for (int n : lens) {
            bytes += Math.max(n, 0);
        }
        int last = lens.get(lens.size() - 1);
        String end = last == 0 ? "eof" : last < 0 ? Errnos.name(-last) : "stopped";
        if (lens.size() <= 4) {
            return String.join(", ", lens.stream().map(n -> n < 0 ? Errnos.name(-n) : Integer.toString(n)).toList());
        }
        return lens.size() + " reads, " + bytes + " bytes, " + end;
    }

    static String listing(List<String> entries) {
        return entries.isEmpty() ? "none" : String.join(", ", entries);
    }
}
