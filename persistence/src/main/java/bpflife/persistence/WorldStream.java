package bpflife.persistence;

import bpflife.actors.Birth;
import bpflife.actors.LiveWorld;
import bpflife.actors.WorldCreated;
import bpflife.actors.WorldEnded;
import bpflife.protocol.ActorId;
import bpflife.protocol.StepRecord;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * One stored world read back in its global order (the journal's {@code ordering}): its ids
 * streamed from the tag index with a fetch size ({@code bpflife.journal-fetch-size}), its rows
 * looked up by key and decoded on a thread of their own while the caller folds them
 * ({@link JournalRows}), so a world of any size is read in constant memory. (Until issue 16 this was Pekko Persistence Query's
 * {@code currentEventsByTag}: the same rows, in the same order, a query per 5,000 rows.)
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

    /**
     * Where a read stands right after a step: resume from it ({@link #resume}) and the entries come
     * as they would have come next, with the same checks.
     *
     * @param created  the ordering of the world's creation entry (a world made again under the same
     *                 name has another: a mark of the earlier one does not apply to it)
     * @param ordering the journal ordering of the last entry read
     * @param position the steps read
     * @param lastSeq  each object's last sequence number read, by persistence id
     */
    public record Mark(long created, long ordering, long position, Map<String, Long> lastSeq) {}

    private final String world;
    private final String prefix;
    private final JournalRows rows;
    /**
     * Each object read so far, by persistence id: its id and its last sequence number. One lookup
     * a row, the id parsed once per object: the checks were a fifth of a replay's fold thread
     * (two lookups, a boxed number and a parse of the id on every row).
     */
    private final HashMap<String, Seen> seen = new HashMap<>();

    /** An object's id (parsed at its first row) and its last sequence number read. */
    private static final class Seen {
        ActorId id;
        long seq;

        Seen(ActorId id, long seq) {
            this.id = id;
            this.seq = seq;
        }
    }
    private final WorldCreated meta;
    private final long created;
    private WorldEnded ended;
    private Entry peeked;
    private long peekedOrdering;
    private long ordering;
    private long position;
    private long entries;

    private WorldStream(Store.Settings settings, JournalRows.Decoder decoder, int fetchSize, String world) {
        this.world = world;
        this.prefix = world + "|";
        this.rows = new JournalRows(settings, decoder, world, fetchSize, 0);
        if (!hasNext()) {
            close();
            throw new UnknownWorldException(world, settings.describe());
        }
        if (!(peeked instanceof Created c)) {
            close();
            throw new JournalException(peeked.persistenceId(), peeked.sequenceNr(),
                    "the world's first entry is not its creation", null);
        }
        meta = c.meta();
        created = peekedOrdering;
        ordering = peekedOrdering;
        peeked = null;
    }

    private WorldStream(Store.Settings settings, JournalRows.Decoder decoder, int fetchSize, String world,
                        WorldCreated meta, Mark from) {
        this.world = world;
        this.prefix = world + "|";
        this.meta = meta;
        this.created = from.created();
        this.ordering = from.ordering();
        this.position = from.position();
        this.entries = 1;
        from.lastSeq().forEach((pid, seq) -> seen.put(pid, new Seen(null, seq)));
        this.rows = new JournalRows(settings, decoder, world, fetchSize, from.ordering());
    }

    /** Rows the database sends at a time: {@code bpflife.journal-fetch-size}, 5,000 if unset. */
    static int fetchSize(com.typesafe.config.Config c) {
        return c.hasPath("bpflife.journal-fetch-size") ? c.getInt("bpflife.journal-fetch-size") : 5_000;
    }

    /** Opens the world; throws {@link UnknownWorldException} when no entry has its tag. */
    public static WorldStream open(Store store, String world) {
        LiveWorld.checkName(world);
        return new WorldStream(store.settings(), JournalRows.pekko(store), fetchSize(store.system().settings().config()),
                world);
    }

    /**
     * The world read on from {@code mark} (taken by {@link #mark} on a stream of the same world,
     * whose creation entry was {@code meta}): the entries after it, with the steps numbered on.
     */
    public static WorldStream resume(Store store, String world, WorldCreated meta, Mark mark) {
        LiveWorld.checkName(world);
        return new WorldStream(store.settings(), JournalRows.pekko(store), fetchSize(store.system().settings().config()),
                world, meta, mark);
    }

    /** The world read from a journal opened without an actor system (the history commands'). */
    public static WorldStream open(JournalReader journal, String world) {
        LiveWorld.checkName(world);
        if (!journal.hasJournal()) {
            throw new UnknownWorldException(world, journal.settings().describe());
        }
        return new WorldStream(journal.settings(), JournalReader::decode, fetchSize(journal.config()), world);
    }

    /** {@link #resume(Store, String, WorldCreated, Mark)} from a journal opened without an actor system. */
    public static WorldStream resume(JournalReader journal, String world, WorldCreated meta, Mark mark) {
        LiveWorld.checkName(world);
        return new WorldStream(journal.settings(), JournalReader::decode, fetchSize(journal.config()), world, meta,
                mark);
    }

    /**
     * Where the read stands after the last entry {@link #next} gave: a step's mark, when taken
     * right after the step was read (before anything asks whether another entry follows).
     */
    public Mark mark() {
        if (peeked != null) {
            throw new IllegalStateException("a mark is taken right after an entry is read, before the next is looked at");
        }
        Map<String, Long> lastSeq = new HashMap<>();
        seen.forEach((pid, o) -> lastSeq.put(pid, o.seq));
        return new Mark(created, ordering, position, Map.copyOf(lastSeq));
    }

    /** The journal ordering of the world's creation entry. */
    public long created() {
        return created;
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
        if (!rows.hasNext()) {
            Throwable f = rows.failure();
            if (f != null) {
                throw new JournalException(world + "|?", 0, "the world can't be read: " + why(f), f);
            }
            return false;
        }
        JournalRows.Row row = rows.next();
        if (row.failure() != null) {
            throw new JournalException(row.persistenceId(), row.sequenceNr(), "can't be read: " + why(row.failure()),
                    row.failure());
        }
        peeked = check(row.persistenceId(), row.sequenceNr(), row.event());
        peekedOrdering = row.ordering();
        return true;
    }

    @Override
    public Entry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Entry e = peeked;
        peeked = null;
        ordering = peekedOrdering;
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

    private Entry check(String pid, long seq, Object event) {
        entries++;
        Seen o = seen.get(pid);
        if (o == null) {
            if (!pid.startsWith(prefix)) {
                throw new JournalException(pid, seq, "has the tag of world '" + world + "' but belongs to another", null);
            }
            o = new Seen(null, 0);
            seen.put(pid, o);
        }
        long expected = o.seq + 1;
        if (seq != expected) {
            throw new JournalException(pid, seq, expected == 1
                    ? "is the object's first entry in the world, but its sequence number is not 1"
                    : "breaks the sequence: it follows #" + (expected - 1), null);
        }
        o.seq = seq;
        if (o.id == null) {
            try {
                o.id = ActorId.parse(pid.substring(prefix.length()));
            } catch (RuntimeException e) {
                throw new JournalException(pid, seq, "is not an object's persistence id", e);
            }
        }
        ActorId id = o.id;
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

    /** A failure in words: a world of journal format 1 by name, else the root cause. */
    private String why(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root instanceof JournalVersions.Unreadable old
                ? "the world '" + world + "' was " + old.getMessage()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public void close() {
        rows.close();
    }
}
