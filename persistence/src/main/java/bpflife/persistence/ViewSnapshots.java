package bpflife.persistence;

import bpflife.model.ObjectState;
import bpflife.model.Observation;
import bpflife.model.Task;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.InodeId;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Stored views of a world ({@code bpflife_view_snapshot}, a table of its own beside Pekko's): the
 * world right after step N (every object's state in creation order, the audit's projection maps,
 * the step each object was born at) with where the journal's read stood ({@link WorldStream.Mark}),
 * so that the world after a later step is that view plus the steps after it, read from the mark.
 * Written by a read that folds past a multiple of K steps, never by a live run: the write path pays
 * nothing, and a journal made before the table exists reads as before (it is made on first write).
 *
 * <p>Assumptions and guarantees: a snapshot is a cache of what the journal says; the journal is the
 * truth. A snapshot is keyed by the world's name, the ordering of its creation entry (a world made
 * again under the same name does not read an earlier one's) and its step. Each payload carries a
 * CRC-32, its format, world and step: a snapshot that fails any of these, or does not decode, is
 * reported through the caller's warning and passed over (the next earlier one, else the boot, is
 * folded from), never used. The payload is the journal's CBOR tree ({@link CompactJournal}) with
 * the object states typed by their class's name in the model ({@code Task.State}), deflated.
 */
public final class ViewSnapshots {
    private ViewSnapshots() {}

    /**
     * The payload's format: a row of another is passed over without a word (it is not corrupt, only
     * older) and rewritten by the next fold that passes its step. 2: the tasks' observed returns as
     * runs of equal returns (format 1 had every return: 60% of reading a snapshot of the 1M-step world). 3: the runs
     * as columns of numbers ({@link Returns}; format 2 had an object a run: 7 of a view's 7.2 MB).
     */
    static final int FORMAT = 3;

    static final String TABLE = "bpflife_view_snapshot";

    /**
     * One view: the world right after {@code step} of {@code world}, read up to {@code mark}.
     *
     * @param states     each object's state, in the order the objects were made
     * @param statements the projection's statement per task
     * @param kernelIds  the projection's kernel id per object
     * @param inodes     the projection's object per bpffs inode
     * @param born       the step that made each object made by a step
     */
    public record Snapshot(String world, long step, WorldStream.Mark mark, SequencedMap<ActorId, ObjectState> states,
                           Map<ActorId, String> statements, Map<ActorId, Integer> kernelIds,
                           Map<InodeId, ActorId> inodes, Map<ActorId, Long> born) {}

    /** The payload's tree (states as a list: their ids are in them, and the order is the list's). */
    record Payload(int format, String world, long step, long created, long ordering, long position,
                   TreeMap<String, Long> lastSeq, List<ObjectState> states, TreeMap<ActorId, Returns> observed,
                   TreeMap<ActorId, String> statements, TreeMap<ActorId, Integer> kernelIds,
                   TreeMap<ActorId, ActorId> inodes, TreeMap<ActorId, Long> born) {}

    /**
     * {@code a.equals(b)}, field by field with the cheap ones first and the file by identity
     * before equality: the first read of a world compares every task's every return at each of its
     * views (20,000 a reader of the 1M-step world), and the record's generated equals was a fifth
     * of that read's fold thread under C1 (JFR, session 8).
     */
    static boolean same(Observation a, Observation b) {
        return a == b || (a.pc() == b.pc() && a.value() == b.value() && a.read() == b.read()
                && a.repeatSeen() == b.repeatSeen() && a.errno() == b.errno()
                && (a.file() == b.file() || java.util.Objects.equals(a.file(), b.file()))
                && java.util.Objects.equals(a.listing(), b.listing()));
    }

    /** {@code t} with {@code observed} instead of its own (by the record's components: whatever else it holds stays). */
    static Task.State withObserved(Task.State t, List<Observation> observed) {
        RecordComponent[] cs = Task.State.class.getRecordComponents();
        Object[] args = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        try {
            for (int i = 0; i < cs.length; i++) {
                types[i] = cs[i].getType();
                args[i] = cs[i].getName().equals("observed") ? observed : cs[i].getAccessor().invoke(t);
            }
            return Task.State.class.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Task.State's components are not its constructor's: " + e, e);
        }
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@")
    private interface TypedState {}

    private static final ObjectMapper MAPPER = mapper();

    private static ObjectMapper mapper() {
        ObjectMapper m = CompactJournal.mapper();
        m.addMixIn(ObjectState.class, TypedState.class);
        registerStates(m, ObjectState.class);
        return m;
    }

    private static void registerStates(ObjectMapper m, Class<?> c) {
        if (!c.isSealed()) {
            String name = c.getName().substring(c.getPackageName().length() + 1).replace('$', '.');
            m.registerSubtypes(new NamedType(c, name));
            return;
        }
        for (Class<?> sub : c.getPermittedSubclasses()) {
            registerStates(m, sub);
        }
    }

    /** The snapshot as stored: the payload deflated. */
    static byte[] encode(Snapshot s) {
        TreeMap<ActorId, ActorId> inodes = new TreeMap<>();
        s.inodes().forEach(inodes::put);
        List<ObjectState> states = new ArrayList<>(s.states().size());
        TreeMap<ActorId, Returns> observed = new TreeMap<>();
        for (ObjectState o : s.states().values()) {
            if (o instanceof Task.State t && !t.observed().isEmpty()) {
                observed.put(t.self(), Returns.of(t.observed()));
                states.add(withObserved(t, List.of()));
            } else {
                states.add(o);
            }
        }
        Payload p = new Payload(FORMAT, s.world(), s.step(), s.mark().created(), s.mark().ordering(),
                s.mark().position(), new TreeMap<>(s.mark().lastSeq()), states, observed,
                new TreeMap<>(s.statements()), new TreeMap<>(s.kernelIds()), inodes, new TreeMap<>(s.born()));
        byte[] raw;
        try {
            raw = MAPPER.writeValueAsBytes(p);
        } catch (IOException e) {
            throw new IllegalStateException("a view snapshot does not encode: " + e.getMessage(), e);
        }
        Deflater d = new Deflater(Deflater.BEST_SPEED);
        try {
            d.setInput(raw);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4 + 64);
            byte[] buf = new byte[64 * 1024];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    /** Why a stored snapshot was passed over. */
    static final class Corrupt extends Exception {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        Corrupt(String why, Throwable cause) {
            super(why, cause);
        }
    }

    /** The stored payload back, checked against the row it was stored under. */
    static Snapshot decode(byte[] stored, String world, long created, long step) throws Corrupt {
        byte[] raw;
        Inflater inf = new Inflater();
        try {
            inf.setInput(stored);
            ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length * 4);
            byte[] buf = new byte[64 * 1024];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new Corrupt("its payload is cut short", null);
                }
                out.write(buf, 0, n);
            }
            raw = out.toByteArray();
        } catch (DataFormatException e) {
            throw new Corrupt("its payload is not deflated data (" + e.getMessage() + ")", e);
        } finally {
            inf.end();
        }
        Payload p;
        try {
            p = MAPPER.readValue(raw, Payload.class);
        } catch (IOException | RuntimeException e) {
            throw new Corrupt("its payload does not decode (" + e.getMessage() + ")", e);
        }
        if (p.format() != FORMAT) {
            throw new Corrupt("it is of format " + p.format() + ", this bpflife reads " + FORMAT, null);
        }
        if (!world.equals(p.world()) || p.step() != step || p.created() != created || p.position() != step) {
            throw new Corrupt("its payload is world " + p.world() + "'s step " + p.step() + " (position "
                    + p.position() + ", creation entry " + p.created() + "), not the row's", null);
        }
        SequencedMap<ActorId, ObjectState> states = new LinkedHashMap<>();
        for (ObjectState o : p.states()) {
            if (o == null || states.put(o.self(), o) != null) {
                throw new Corrupt("it holds an object twice or a null state", null);
            }
        }
        for (Map.Entry<ActorId, Returns> e : p.observed().entrySet()) {
            if (!(states.get(e.getKey()) instanceof Task.State t) || !t.observed().isEmpty()) {
                throw new Corrupt("it holds observed returns of " + e.getKey() + ", not a task of it", null);
            }
            if (e.getValue() == null) {
                throw new Corrupt("it holds no observed returns for " + e.getKey(), null);
            }
            states.put(t.self(), withObserved(t, e.getValue().expanded()));
        }
        Map<InodeId, ActorId> inodes = new java.util.HashMap<>();
        for (Map.Entry<ActorId, ActorId> e : p.inodes().entrySet()) {
            if (!(e.getKey() instanceof InodeId i)) {
                throw new Corrupt("its inodes name " + e.getKey() + ", not an inode", null);
            }
            inodes.put(i, e.getValue());
        }
        return new Snapshot(world, step, new WorldStream.Mark(p.created(), p.ordering(), p.position(),
                Map.copyOf(p.lastSeq())), states, p.statements(), p.kernelIds(), inodes, p.born());
    }

    static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    /** Makes the table if it is missing (a journal made before it existed gets it on first write). */
    static void ensureTable(Connection c, Store.Db db) throws SQLException {
        String blob = db == Store.Db.H2 ? "BLOB" : "BYTEA";
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS \"" + TABLE + "\" (\"world\" VARCHAR(255) NOT NULL, "
                    + "\"created\" BIGINT NOT NULL, \"step\" BIGINT NOT NULL, \"ordering\" BIGINT NOT NULL, "
                    + "\"format\" INTEGER NOT NULL, \"crc\" BIGINT NOT NULL, \"payload\" " + blob + " NOT NULL, "
                    + "PRIMARY KEY (\"world\", \"created\", \"step\"))");
        }
    }

    /** Whether the table is there (a journal made before it existed has none: no snapshot, nothing to warn of). */
    static boolean tableExists(Connection c, Store.Db db) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, db == Store.Db.H2 ? "PUBLIC" : "public", TABLE, null)) {
            return rs.next();
        }
    }

    /**
     * The latest usable snapshot of {@code world} (made with creation entry {@code created}) at or
     * before {@code step}, or null; each one passed over is told to {@code warn} with its world, step
     * and why.
     */
    public static Snapshot latest(Connection c, Store.Db db, String world, long created, long step,
                                  Consumer<String> warn) throws SQLException {
        if (!tableExists(c, db)) {
            return null;
        }
        // one row at a time, the newest first: without the LIMIT PostgreSQL's driver fetched every
        // earlier view with its payload (200 views, 5 MB at step 1,000,000 of the 1M-step world, where
        // --at waited 0.4 s more than it computed; 1.6 MB at step 525,000)
        try (PreparedStatement q = c.prepareStatement("SELECT \"step\", \"ordering\", \"crc\", \"payload\" FROM \""
                + TABLE + "\" WHERE \"world\" = ? AND \"created\" = ? AND \"step\" <= ? AND \"format\" = ? "
                + "ORDER BY \"step\" DESC LIMIT 1")) {
            long upTo = step;
            while (upTo >= 0) {
                q.setString(1, world);
                q.setLong(2, created);
                q.setLong(3, upTo);
                q.setInt(4, FORMAT);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    long at = rs.getLong(1);
                    byte[] payload = rs.getBytes(4);
                    try {
                        if (crc(payload) != rs.getLong(3)) {
                            throw new Corrupt("its CRC-32 does not match its payload", null);
                        }
                        Snapshot s = decode(payload, world, created, at);
                        if (s.mark().ordering() != rs.getLong(2)) {
                            throw new Corrupt("its payload's journal ordering is not the row's", null);
                        }
                        return s;
                    } catch (Corrupt e) {
                        warn.accept("world " + world + ": the view snapshot at step " + at + " is corrupt ("
                                + e.getMessage() + "): ignored, the view is folded from an earlier point of the journal");
                        upTo = at - 1;
                    }
                }
            }
        }
        return null;
    }

    /** How long a world's newest row must be old before a read stores views of it (PostgreSQL). */
    static final long QUIET_MS = 60_000;

    /**
     * Whether views of {@code world} may be stored: its rows are all there. On H2 always: the file is
     * locked by the one process that opens it, so nothing writes it while it is read. On PostgreSQL
     * only when its newest row is over a minute old: a world still being written can have a row
     * of an earlier ordering committed after a later one (the journal's writers commit in
     * parallel), and a view stored past the gap would stay wrong. A world still written is read
     * as before, from the snapshots stored when it was quiet.
     */
    public static boolean settled(Store.Settings st, String world, Consumer<String> warn) {
        if (st.db() == Store.Db.H2) {
            return true;
        }
        try (Connection c = java.sql.DriverManager.getConnection(st.url(), st.user(), st.password());
             PreparedStatement q = c.prepareStatement("SELECT j.\"write_timestamp\" FROM \"event_journal\" j WHERE "
                     + "j.\"ordering\" = (SELECT MAX(t.\"event_id\") FROM \"event_tag\" t WHERE t.\"tag\" = ?)")) {
            q.setString(1, bpflife.actors.LiveWorld.tag(world));
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() && System.currentTimeMillis() - rs.getLong(1) > QUIET_MS;
            }
        } catch (SQLException e) {
            warn.accept("world " + world + ": can't tell whether it is still being written (" + e.getMessage()
                    + "): no view snapshot stored by this read");
            return false;
        }
    }

    /** Stores {@code s} (replacing a snapshot of the same world and step: a corrupt one is rewritten). */
    public static void save(Connection c, Store.Db db, Snapshot s) throws SQLException {
        byte[] payload = encode(s);
        ensureTable(c, db);
        try (PreparedStatement del = c.prepareStatement("DELETE FROM \"" + TABLE + "\" WHERE \"world\" = ? AND "
                + "\"created\" = ? AND \"step\" = ?");
             PreparedStatement ins = c.prepareStatement("INSERT INTO \"" + TABLE + "\" (\"world\", \"created\", "
                     + "\"step\", \"ordering\", \"format\", \"crc\", \"payload\") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            del.setString(1, s.world());
            del.setLong(2, s.mark().created());
            del.setLong(3, s.step());
            del.executeUpdate();
            ins.setString(1, s.world());
            ins.setLong(2, s.mark().created());
            ins.setLong(3, s.step());
            ins.setLong(4, s.mark().ordering());
            ins.setInt(5, FORMAT);
            ins.setLong(6, crc(payload));
            ins.setBytes(7, payload);
            ins.executeUpdate();
        }
    }
}
