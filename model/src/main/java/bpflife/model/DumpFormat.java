package bpflife.model;

import bpflife.protocol.IterTarget;

/**
 * What the modelled iterator programs print. One line per object,
 * {@code <prog> session=<id> seq=<n> <target>=<k>}, padded with dots to the prog's pad size, and
 * the end-of-iteration call's line {@code <prog> END session=<id> seq=<n>}.
 */
public final class DumpFormat {
    private DumpFormat() {}

    /** PAGE_SIZE << 3 on x86-64: no read returns more, and one object must fit. */
    public static final int SEQ_BUFFER = 32 * 1024;

    public static String objectLine(String prog, long sessionId, long seq, IterTarget target, int object, int pad) {
        String line = prog + " session=" + sessionId + " seq=" + seq + " " + target.kernelName() + "=" + (object + 1);
        if (line.length() + 1 < pad) {
            line = line + " " + ".".repeat(pad - line.length() - 2);
        }
        return line + "\n";
    }

    public static String endLine(String prog, long sessionId, long seq) {
        return prog + " END session=" + sessionId + " seq=" + seq + "\n";
    }
}
