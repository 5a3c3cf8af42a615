package bpflife.actors;

import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;

/**
 * What the journal promises about the order of its commits, as the objects need to know it: by
 * default nothing (a write is known to be in the journal only once it is committed, so an object
 * tells what a step sent only then). A journal that commits every write in the order its requests
 * reach it, one batch after the other, and commits nothing after a batch that failed, says so with
 * {@link #declareFifo}: an object may then tell what a step sent as soon as the step's write is on
 * its way to the journal ({@link ObjectBehavior}), since whatever the message causes is written
 * behind it, and the journal always holds a causal prefix of the run.
 *
 * <p>One per actor system, where the objects (actors) and the journal's DAO (persistence) both reach
 * it. The DAO declares it when it is made, which is before any object recovers (a recovery asks the
 * journal), so an object that steps sees it.
 */
public final class CommitOrder implements Extension {
    private static final Id ID = new Id();

    private static final class Id extends AbstractExtensionId<CommitOrder> {
        @Override
        public CommitOrder createExtension(ExtendedActorSystem system) {
            return new CommitOrder();
        }
    }

    private volatile boolean fifo;
    /** What stops the journal's writes (given with {@link #declareFifo}). */
    private volatile java.util.function.Consumer<Throwable> stopWrites = t -> { };

    private CommitOrder() {}

    public static CommitOrder of(ClassicActorSystemProvider system) {
        return ID.get(system.classicSystem());
    }

    /**
     * The journal commits writes in the order their requests reach its actor, and nothing after a
     * write that failed: a message may go out once the write of the step that sent it is requested.
     * {@code stopWrites} makes it write nothing more ({@link #writeFailed}).
     */
    public void declareFifo(java.util.function.Consumer<Throwable> stopWrites) {
        this.stopWrites = stopWrites;
        fifo = true;
    }

    /**
     * An object was told its write failed or was refused: with {@link #declareFifo}, the journal writes
     * nothing more. Its own failures stop it already; this covers those it never saw (a write failed
     * fast by Pekko's open circuit breaker, a write past the breaker's call timeout), after which a
     * later write, once the breaker closes, would be committed without the failed one its step's
     * told messages may have caused.
     */
    public void writeFailed(Throwable cause) {
        if (fifo) {
            stopWrites.accept(cause);
        }
    }

    /** Whether {@link #declareFifo} was called. */
    public boolean fifo() {
        return fifo;
    }
}
