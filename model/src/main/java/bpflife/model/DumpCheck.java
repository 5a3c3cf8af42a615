package bpflife.model;

/**
 * Checks one session's dump as its readers got it: the concatenation of every read. A complete
 * dump is lines {@code seq=0..n-1} in order, all from the session's one prog and session id, then
 * exactly one END line with the last object's seq_num, and n equal to the objects the target
 * showed.
 */
public final class DumpCheck {
    private DumpCheck() {}

    /** What a finished dump holds. */
    public record Summary(String prog, int objectLines, boolean end) {}

    /**
     * Null when {@code text}, the dump of a session opened with {@code template}, is complete: from
     * the session's own prog, or (a session holding the link, rfc-seqfile-holds-link) from the prog
     * its first line names; else what is wrong with it.
     */
    public static String problem(String text, bpflife.protocol.SessionTemplate template, long sessionId,
                                 int objects) {
        String prog = template.prog() != null ? template.progInfo().name() : summarize(text).prog();
        prog = prog == null ? "" : prog;
        if (VmaRepeat.tidWalk(template)) {
            // D6: a named task's vma walk repeats its tail after the END line while the task lives
            int cut = afterEnd(text, prog, sessionId);
            String tail = cut < 0 ? "" : text.substring(cut);
            text = cut < 0 ? text : text.substring(0, cut);
            String wrong = repeatProblem(tail, prog, sessionId, endSeq(text, prog, sessionId));
            if (wrong != null) {
                return wrong;
            }
        }
        // a cgroup walk counts the dead cgroups it passes in seq_num without showing them (D5); a
        // walk of a named task's vmas that finds the task gone at a later read ends with the
        // seq_num of the vma it fetched but had no room to show (measured on 6.18: END seq=1
        // after one vma shown)
        return problem(text, prog, sessionId, objects,
                template.target() == bpflife.protocol.IterTarget.CGROUP || template.attach().task() != null);
    }

    /** Where the text after the END line starts, or -1 when it has no whole END line. */
    private static int afterEnd(String text, String prog, long sessionId) {
        String end = prog + " END session=" + sessionId + " seq=";
        int at = text.startsWith(end) ? 0 : text.indexOf("\n" + end);
        if (at < 0) {
            return -1;
        }
        int nl = text.indexOf('\n', at == 0 ? 0 : at + 1);
        return nl < 0 ? -1 : nl + 1;
    }

    private static long endSeq(String text, String prog, long sessionId) {
        String[] lines = text.split("\n");
        return seqOf(lines[lines.length - 1], prog + " END session=" + sessionId + " seq=");
    }

    /**
     * D6's tail (docs/ITERATION-REFS.md): only whole object lines of the session, seq_nums from the
     * END line's on, never going back (each repeat starts at the seq_num the last line had).
     */
    private static String repeatProblem(String tail, String prog, long sessionId, long endSeq) {
        if (tail.isEmpty()) {
            return null;
        }
        if (!tail.endsWith("\n")) {
            return "the dump does not end with a whole line";
        }
        String prefix = prog + " session=" + sessionId + " seq=";
        long last = endSeq;
        for (String line : tail.substring(0, tail.length() - 1).split("\n", -1)) {
            long seq = seqOf(line, prefix);
            if (seq < last) {
                return "after the END line, '" + line + "' is not a repeated vma with a seq from " + last + " on";
            }
            last = seq;
        }
        return null;
    }

    /** Null when {@code text} is a complete dump with no hidden objects, else what is wrong with it. */
    public static String problem(String text, String prog, long sessionId, int objects) {
        return problem(text, prog, sessionId, objects, false);
    }

    /**
     * Null when {@code text} is a complete dump, else what is wrong with it. With {@code hidden},
     * the walk may have passed objects it did not show: the seq_nums of the lines only increase,
     * and the END line's is at least the last line's.
     */
    public static String problem(String text, String prog, long sessionId, int objects, boolean hidden) {
        if (!text.endsWith("\n")) {
            return "the dump does not end with a whole line";
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        int n = lines.length - 1;
        String prefix = prog + " session=" + sessionId + " seq=";
        long last = -1;
        for (int i = 0; i < n; i++) {
            long seq = hidden ? seqOf(lines[i], prefix) : i;
            if (seq <= last || !lines[i].startsWith(prefix + seq + " ")) {
                String expected = hidden ? "a seq above " + last : String.valueOf(i);
                return "line " + (i + 1) + " is '" + lines[i] + "', expected it to start with '" + prefix
                        + expected + " '";
            }
            last = seq;
        }
        long endSeq = hidden ? Math.max(seqOf(lines[n], prog + " END session=" + sessionId + " seq="), 0) : Math.max(n - 1, 0);
        String end = DumpFormat.endLine(prog, sessionId, Math.max(endSeq, Math.max(last, 0))).strip();
        if (!lines[n].equals(end)) {
            return "the last line is '" + lines[n] + "', expected '" + end + "'";
        }
        if (objects >= 0 && n != objects) {
            return n + " object lines, the target showed " + objects;
        }
        return null;
    }

    /** The seq_num a line with {@code prefix} names, or -1. */
    private static long seqOf(String line, String prefix) {
        if (!line.startsWith(prefix)) {
            return -1;
        }
        int end = prefix.length();
        while (end < line.length() && Character.isDigit(line.charAt(end))) {
            end++;
        }
        return end == prefix.length() ? -1 : Long.parseLong(line.substring(prefix.length(), end));
    }

    /** Reads back what a dump holds (for reports): its prog, object lines, and whether it has an END. */
    public static Summary summarize(String text) {
        String prog = null;
        int objects = 0;
        boolean end = false;
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int sp = line.indexOf(' ');
            if (prog == null && sp > 0) {
                prog = line.substring(0, sp);
            }
            if (line.contains(" END session=")) {
                end = true;
            } else {
                objects++;
            }
        }
        return new Summary(prog, objects, end);
    }
}
