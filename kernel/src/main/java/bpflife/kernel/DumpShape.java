package bpflife.kernel;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of one session's dump (the concatenation of every read), which is what the model and
 * the kernel can be compared on: the program that printed it, its session id, the number of
 * object lines and their seq_nums, the END lines, whether it is complete and was read to the end.
 * Object values are not part of it: the model prints 1..N where the kernel prints real pids, map
 * ids, keys and cgroup ids.
 *
 * @param prog      the program name on the lines (null when there is none)
 * @param sessionId the session id on the lines (null when there is none)
 * @param target    the target named on the object lines (null when there is none)
 * @param objects   object lines
 * @param ends      END lines
 * @param endSeq    the seq_num of the (last) END line, or -1
 * @param problem   null for a complete dump (seq=0..n-1 in order, one END last with the last
 *                  object's seq_num, one prog, one session), else what is wrong
 * @param eof       a read of the session returned 0
 * @param bytes     the dump's length
 * @param unshown   when the dump is complete but for gaps in its seq_nums, the positions passed and
 *                  not shown ({@code [0, END seq]} less the object lines' seqs: a dead cgroup the walk
 *                  passes, D5; an object fetched at a read boundary whose task exited before the next
 *                  read); empty for a complete dump; null when something else is wrong
 */
record DumpShape(String prog, Long sessionId, String target, int objects, int ends, long endSeq, String problem,
                 boolean eof, int bytes, java.util.List<Long> unshown) {

    private static final Pattern OBJECT = Pattern.compile("(\\S+) session=(\\d+) seq=(\\d+) ([a-z_]+)=(\\S+)( \\.*)?");
    private static final Pattern END = Pattern.compile("(\\S+) END session=(\\d+) seq=(\\d+)");

    static DumpShape of(String text, boolean eof) {
        String prog = null;
        Long sid = null;
        String target = null;
        int objects = 0;
        int ends = 0;
        long endSeq = -1;
        String problem = null;
        boolean other = false; // a problem that is not a seq gap
        boolean increasing = true;
        java.util.List<Long> seqs = new java.util.ArrayList<>();
        String[] lines = text.split("\n", -1);
        int whole = lines.length - 1; // the part after the last newline is not a whole line
        // said after what the whole lines show (a dump cut by a bound ends anywhere in a line)
        boolean midLine = !lines[whole].isEmpty();
        other |= midLine;
        for (int i = 0; i < whole; i++) {
            String line = lines[i];
            Matcher end = END.matcher(line);
            Matcher obj = OBJECT.matcher(line);
            String p;
            long s;
            if (end.matches()) {
                p = end.group(1);
                s = Long.parseLong(end.group(2));
                endSeq = Long.parseLong(end.group(3));
                ends++;
            } else if (obj.matches()) {
                p = obj.group(1);
                s = Long.parseLong(obj.group(2));
                long seq = Long.parseLong(obj.group(3));
                target = obj.group(4);
                if (ends > 0) {
                    other = true;
                    if (problem == null) {
                        problem = "an object line after the END line";
                    }
                }
                if (problem == null && seq != objects) {
                    problem = "object line " + (objects + 1) + " has seq=" + seq + ", expected seq=" + objects;
                }
                increasing &= seqs.isEmpty() || seq > seqs.get(seqs.size() - 1);
                seqs.add(seq);
                objects++;
            } else {
                other = true;
                if (problem == null) {
                    problem = "line " + (i + 1) + " is not a dump line: '" + line + "'";
                }
                continue;
            }
            if (prog == null) {
                prog = p;
                sid = s;
            } else if (!prog.equals(p)) {
                other = true;
                if (problem == null) {
                    problem = "lines from two programs: " + prog + " and " + p;
                }
            } else if (sid != s) {
                other = true;
                if (problem == null) {
                    problem = "lines from two sessions: " + sid + " and " + s;
                }
            }
        }
        if (problem == null && midLine) {
            problem = "the dump ends in the middle of a line";
        }
        if (problem == null) {
            if (ends == 0) {
                problem = eof ? "no END line" : "not read to the end (no END line)";
            } else if (ends > 1) {
                problem = ends + " END lines";
            } else if (endSeq != Math.max(objects - 1, 0)) {
                problem = "the END line has seq=" + endSeq + ", expected seq=" + Math.max(objects - 1, 0);
            } else if (!eof) {
                problem = "not read to the end (no read returned 0)";
            }
        }
        java.util.List<Long> unshown = null;
        long last = seqs.isEmpty() ? -1 : seqs.get(seqs.size() - 1);
        if (problem == null) {
            unshown = java.util.List.of();
        } else if (!other && increasing && ends == 1 && eof && endSeq >= last && seqGap(problem)) {
            // every position up to the END's seq was passed; those without a line were not shown
            // (no objects and END seq=0 is the empty walk, complete above)
            java.util.List<Long> gaps = new java.util.ArrayList<>();
            int next = 0; // seqs is increasing: walk it beside q
            for (long q = 0; q <= endSeq; q++) {
                if (next < seqs.size() && seqs.get(next) == q) {
                    next++;
                } else {
                    gaps.add(q);
                }
            }
            unshown = java.util.List.copyOf(gaps);
        }
        return new DumpShape(prog, sid, target, objects, ends, endSeq, problem, eof, text.length(), unshown);
    }

    /** Complete but for positions passed and not shown ({@link #unshown}). */
    boolean gapsOnly() {
        return unshown != null && !unshown.isEmpty();
    }

    /**
     * What the comparison states of its completeness: {@code complete}, {@code complete but seq 2
     * not shown} (the positions, the right depth for D5: the model's hidden positions against the
     * kernel's gaps), or what is wrong.
     */
    String state() {
        if (complete()) {
            return "complete";
        }
        if (gapsOnly()) {
            return "complete but seq " + String.join(", ", unshown.stream().map(String::valueOf).toList()) + " not shown";
        }
        return problem;
    }

    /** As {@link #state}, with how many positions were not shown instead of which. */
    String stateByCount() {
        return gapsOnly() ? "complete but " + unshown.size() + " not shown" : state();
    }

    boolean complete() {
        return problem == null;
    }

    /** The problem is only a gap in the seq_nums (objects passed but not shown), nothing else. */
    static boolean seqGap(String problem) {
        return problem != null && (problem.startsWith("the END line has seq=")
                || problem.matches("object line \\d+ has seq=\\d+, expected seq=\\d+"));
    }

    /** Targets that show the scenario's own objects on the kernel too (its map's entries, its cgroup). */
    static boolean exactCount(String target) {
        return "bpf_map_elem".equals(target) || "cgroup".equals(target);
    }

    /** {@code dump_task, session +0, 3 objects (seq 0..2), 1 END (seq=2), complete}. */
    String describe(Long reference) {
        if (prog == null) {
            return bytes == 0 ? (eof ? "nothing (the first read returned 0)" : "nothing read") : problem;
        }
        StringBuilder b = new StringBuilder(prog);
        b.append(", session ").append(relative(reference));
        b.append(", ").append(objects).append(objects == 1 ? " object" : " objects");
        if (objects > 0) {
            b.append(" (seq 0..").append(objects - 1).append(")");
        }
        b.append(", ").append(ends).append(" END");
        if (ends > 0) {
            b.append(" (seq=").append(endSeq).append(")");
        }
        b.append(", ").append(state());
        return b.toString();
    }

    String relative(Long reference) {
        if (sessionId == null) {
            return "?";
        }
        if (reference == null) {
            return Long.toString(sessionId);
        }
        long d = sessionId - reference;
        return (d >= 0 ? "+" : "") + d;
    }
}
