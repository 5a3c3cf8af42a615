package bpflife.persistence;

import bpflife.actors.Birth;
import bpflife.actors.LiveWorld;
import bpflife.actors.WorldCreated;
import bpflife.actors.WorldEnded;
import bpflife.protocol.ActorId;
import bpflife.protocol.StepRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.StreamConverters;

/**
 * One stored world read back in its global order: Pekko Persistence Query's
 * {@code currentEventsByTag} on the JDBC read journal (the journal's {@code ordering}), streamed
 * with back-pressure, so a world of any size is read in constant memory.
 *
 * <p>Every entry is checked as it comes: it belongs to the world, each object's sequence numbers
 * go 1, 2, 3 ..., an object made at run time starts with its birth, a step is the object's own.
 * Step records get their position in the global order here (the live runtime persists them with
 * position 0). A row that fails to deserialize or breaks a rule ends the read with a
 * {@link JournalException} naming the row; nothing is skipped.
 */
public final class WorldStream implements Iterator<WorldStream.Entry>, AutoCloseable {

    /** An entry of the world, where it is stored. */
    public sealed interface Entry {
        String persistenceId();

        long sequenceNr();
    }

    public record Created(WorldCreated meta, String persistenceId, long sequenceNr) implements Entry {}

    /** How the world ended (its own journal's entry after the creation). */
    public record Ended(WorldEnded ended, String persistenceId, long sequenceNr) implements Entry {}

    public record Born(ActorId id, Birth birth, String persistenceId, long sequenceNr) implements Entry {}

    /** A step, with its position in the world's global order (from 1). */
    public record Step(StepRecord record, String persistenceId, long sequenceNr) implements Entry {}

    private final Store store;
    private final String world;
    private final String prefix;
    private final Stream<EventEnvelope> stream;
    private final Iterator<EventEnvelope> it;
    private final HashMap<String, Long> lastSeq = new HashMap<>();
    private final WorldCreated meta;
    private WorldEnded ended;
    private Entry peeked;
    private long position;
    private long entries;

    private WorldStream(Store store, String world) {
        this.store = store;
        this.world = world;
        this.prefix = world + "|";
        this.stream = store.readJournal().currentEventsByTag(LiveWorld.tag(world), Offset.noOffset())
                .runWith(StreamConverters.asJavaStream(), store.system());
        this.it = stream.iterator();
        if (!hasNext()) {
            close();
            throw new UnknownWorldException(world, store.settings().describe());
        }
        if (!(peeked instanceof Created c)) {
            close();
            throw new JournalException(peeked.persistenceId(), peeked.sequenceNr(),
                    "the world's first entry is not its creation", null);
        }
        meta = c.meta();
        peeked = null;
    }

    /** Opens the world; throws {@link UnknownWorldException} when no entry has its tag. */
    public static WorldStream open(Store store, String world) {
        LiveWorld.checkName(world);
        return new WorldStream(store, world);
    }

    /** The world's creation entry: scenario text and semantics. */
    public WorldCreated meta() {
        return meta;
    }

    /** How the world ended, once its entry has been read (the stream reaches it in the journal's order), or null. */
    public WorldEnded ended() {
        return ended;
    }

    /**
     * The world's status as far as read: its end once read; before (or without) one, running for a
     * world made since worlds have a status, unknown for an older one. Read it after the last step.
     */
    public WorldEnded.Status status() {
        if (ended != null) {
            return ended.status();
        }
        return meta.hash() != null ? WorldEnded.Status.RUNNING : WorldEnded.Status.UNKNOWN;
    }

    /** Steps read so far. */
    public long steps() {
        return position;
    }

    @Override
    public boolean hasNext() {
        if (peeked != null) {
            return true;
        }
        boolean more;
        EventEnvelope env;
        try {
            more = it.hasNext();
            env = more ? it.next() : null;
        } catch (Exception e) { // Pekko rethrows the stream's failure as it is, checked or not
            throw diagnose(e);
        }
        if (!more) {
            return false;
        }
        peeked = check(env);
        return true;
    }

    @Override
    public Entry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Entry e = peeked;
        peeked = null;
        return e;
    }

    /** Only the steps, in order (births and the creation are checked and passed over). */
    public Iterator<StepRecord> stepRecords() {
        return new Iterator<>() {
            private StepRecord next;

            @Override
            public boolean hasNext() {
                while (next == null && WorldStream.this.hasNext()) {
                    if (WorldStream.this.next() instanceof Step s) {
                        next = s.record();
                    }
                }
                return next != null;
            }

            @Override
            public StepRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                StepRecord r = next;
                next = null;
                return r;
            }
        };
    }

    private Entry check(EventEnvelope env) {
        entries++;
        String pid = env.persistenceId();
        long seq = env.sequenceNr();
        if (!pid.startsWith(prefix)) {
            throw new JournalException(pid, seq, "has the tag of world '" + world + "' but belongs to another", null);
        }
        long expected = lastSeq.getOrDefault(pid, 0L) + 1;
        if (seq != expected) {
            throw new JournalException(pid, seq, expected == 1
                    ? "is the object's first entry in the world, but its sequence number is not 1"
                    : "breaks the sequence: it follows #" + (expected - 1), null);
        }
        lastSeq.put(pid, seq);
        String key = pid.substring(prefix.length());
        ActorId id;
        try {
            id = ActorId.parse(key);
        } catch (RuntimeException e) {
            throw new JournalException(pid, seq, "is not an object's persistence id", e);
        }
        Object event = env.event();
        if (entries == 1 && !(event instanceof WorldCreated)) {
            throw new JournalException(pid, seq, "comes before the world's creation", null);
        }
        return switch (event) {
            case WorldCreated w when id.equals(ActorId.WORLD) && seq == 1 && w.world().equals(world) ->
                    new Created(w, pid, seq);
            case WorldEnded d when id.equals(ActorId.WORLD) && seq > 1 && d.world().equals(world) -> {
                ended = d;
                yield new Ended(d, pid, seq);
            }
            case Birth b when seq == 1 && !(id instanceof ActorId.ServiceId) -> new Born(id, b, pid, seq);
            case StepRecord r when r.receiver().equals(id) && (seq > 1 || id instanceof ActorId.ServiceId) -> {
                position++;
                yield new Step(new StepRecord(position, r.receiver(), r.sender(), r.channelSeq(), r.message(),
                        r.events(), r.spawned(), r.sent(), r.reply()), pid, seq);
            }
            case StepRecord r when !r.receiver().equals(id) ->
                    throw new JournalException(pid, seq, "is a step of " + r.receiver() + ", not of " + id, null);
            case StepRecord r -> throw new JournalException(pid, seq, "is a step before the object's birth", null);
            default -> throw new JournalException(pid, seq, "is not where a " + event.getClass().getSimpleName()
                    + " belongs", null);
        };
    }

    /**
     * The read failed (a row that does not deserialize): find the row. Pekko's error does not
     * name it, so each of the world's objects is read by persistence id, and the first that fails
     * names the row after its last good one.
     */
    private RuntimeException diagnose(Exception failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = root instanceof JournalVersions.Unreadable old
                ? "the world '" + world + "' was " + old.getMessage()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        List<String> pids;
        try {
            pids = new ArrayList<>(store.readJournal().currentPersistenceIds()
                    .filter(p -> p.startsWith(prefix))
                    .runWith(Sink.seq(), store.system())
                    .toCompletableFuture().get());
        } catch (Exception e) {
            return new JournalException(world + "|?", 0, "the world can't be read: " + why, failure);
        }
        pids.sort(null);
        for (String pid : pids) {
            long last = 0;
            try (Stream<EventEnvelope> s = store.readJournal()
                    .currentEventsByPersistenceId(pid, 0, Long.MAX_VALUE)
                    .runWith(StreamConverters.asJavaStream(), store.system())) {
                Iterator<EventEnvelope> i = s.iterator();
                while (i.hasNext()) {
                    last = i.next().sequenceNr();
                }
            } catch (Exception e) {
                return new JournalException(pid, last + 1, "can't be read: " + why, failure);
            }
        }
        return new JournalException(world + "|?", 0, "the world can't be read: " + why, failure);
    }

    @Override
    public void close() {
        stream.close();
    }
}
