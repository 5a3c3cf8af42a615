package bpflife.loadtest;

import java.util.concurrent.locks.LockSupport;

/**
 * The open model's clock: when sessions are due, and when latencies end. The load command uses
 * the machine's ({@link #system()}); a test injects a simulated one, which moves with the work
 * ({@link #stepPersisted}) so that a run is measured in virtual time, without sleeping and without
 * depending on the machine's speed.
 *
 * <p>Assumptions and guarantees: {@link #nanoTime} never goes back; {@link #awaitUntil} returns once
 * {@code nanoTime() >= deadline} (or at once if it is already), and is called by one thread, the
 * driver's arrival thread, which calls {@link #doneWaiting} when it will wait no more.
 */
public interface LoadClock {

    long nanoTime();

    /** Waits until the clock reads {@code deadline} or later. */
    void awaitUntil(long deadline) throws InterruptedException;

    /** Told once per persisted step, before its time is read: a simulated clock advances here. */
    default void stepPersisted() {
    }

    /** The arrival thread waits no more (a simulated clock need not wait for it again). */
    default void doneWaiting() {
    }

    /** The machine's monotonic clock. */
    static LoadClock system() {
        return SystemClock.INSTANCE;
    }

    /** {@link System#nanoTime}; waits by parking the arrival thread. */
    final class SystemClock implements LoadClock {
        static final SystemClock INSTANCE = new SystemClock();

        private SystemClock() {}

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void awaitUntil(long deadline) throws InterruptedException {
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
    }
}
