package bpflife.cli;

import bpflife.persistence.Replayer;
import java.io.PrintWriter;

/** How a replay's first difference is printed. */
final class Replays {
    private Replays() {}

    static void divergence(PrintWriter out, Replayer.Divergence d) {
        out.println("first difference at step " + d.step() + ": " + d.reason());
        out.println("  recorded: " + d.expected());
        out.println("  replayed: " + d.actual());
    }
}
