package bpflife.kernel;

import java.nio.file.Path;

/**
 * For {@link CleanupTest}: runs the kernel check of one scenario in its own JVM and stops before
 * step N, printing {@code PAUSED} on stdout, so that the test can kill it there.
 * Arguments: scenario file, step.
 */
public final class PausedRun {
    private PausedRun() {}

    public static void main(String[] args) throws Exception {
        int at = Integer.parseInt(args[1]);
        KernelCheck.run(Scenarios.parse(Path.of(args[0])), KernelCheck.Options.DEFAULT.withBeforeStep(n -> {
            if (n == at) {
                System.out.println("PAUSED");
                System.out.flush();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }), n -> { });
        System.out.println("FINISHED");
    }
}
