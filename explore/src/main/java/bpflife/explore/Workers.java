package bpflife.explore;

import java.util.ArrayList;
import java.util.List;

/** Runs one worker on {@code n} threads, this one included, and returns when all are done. */
final class Workers {
    private Workers() {}

    /**
     * @param name the threads' name prefix ({@code explore-1}, ...)
     */
    static void run(int n, String name, Runnable worker) {
        List<Thread> pool = new ArrayList<>();
        for (int t = 1; t < n; t++) {
            Thread th = new Thread(worker, name + "-" + t);
            th.setDaemon(true);
            th.start();
            pool.add(th);
        }
        worker.run();
        for (Thread th : pool) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }
}
