package bpflife.loadtest;

/**
 * A simulated load clock for tests: every persisted step takes a fixed time (an injected per-event
 * delay, as of a journal that writes one event at a time), and nothing else moves it. When a step
 * takes the clock past the arrival thread's deadline, later steps wait until that thread has acted
 * (started its session) and waits again, so a session starts at the first step past its due time,
 * whatever the threads' timing. Nothing sleeps.
 */
final class StepClock implements LoadClock {
    private final long step;
    private long now;
    private long steps;
    /** The arrival thread's deadline, while it waits. */
    private long deadline = Long.MAX_VALUE;
    /** The arrival thread was let go and has not waited again yet. */
    private boolean acting;
    private boolean done;

    StepClock(long stepNanos) {
        this.step = stepNanos;
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    synchronized long steps() {
        return steps;
    }

    @Override
    public synchronized void awaitUntil(long until) throws InterruptedException {
        acting = false;
        notifyAll();
        if (now < until) {
            deadline = until;
            try {
                while (now < until) {
                    wait();
                }
            } finally {
                deadline = Long.MAX_VALUE;
            }
        }
        acting = true;
    }

    @Override
    public synchronized void stepPersisted() {
        while (acting && !done) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        now += step;
        steps++;
        if (now >= deadline) {
            deadline = Long.MAX_VALUE;
            acting = true; // the next step waits for the arrival thread
            notifyAll();
        }
    }

    @Override
    public synchronized void doneWaiting() {
        done = true;
        acting = false;
        notifyAll();
    }
}
