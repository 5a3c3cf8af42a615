package bpflife.cli;

import bpflife.actors.LiveWorld;

/**
 * {@code bpflife ARGS} in a child JVM for {@link InterruptTest}: prints {@code STEPS n} on stdout
 * once a live world has persisted {@code bpflife.test.steps} steps (so the test knows when to
 * send SIGINT), then goes on as {@code bpflife} does.
 */
public final class InterruptHarness {
    private InterruptHarness() {}

    public static void main(String[] args) {
        final long wanted = Long.getLong("bpflife.test.steps", 1000);
        LiveWorld.onStart(w -> w.reaching(wanted).thenAccept(steps -> {
            System.out.println("STEPS " + steps);
            System.out.flush();
        }));
        Main.main(args);
    }
}
