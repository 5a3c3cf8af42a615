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
        long wanted = Long.getLong("bpflife.test.steps", 1000);
        Thread watch = new Thread(() -> {
            while (true) {
                for (LiveWorld w : LiveWorld.running()) {
                    if (w.steps() >= wanted) {
                        System.out.println("STEPS " + w.steps());
                        System.out.flush();
                        return;
                    }
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "harness-watch");
        watch.setDaemon(true);
        watch.start();
        Main.main(args);
    }
}
