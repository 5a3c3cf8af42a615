package bpflife.cli.history;

import bpflife.actors.WorldCreated;
import bpflife.actors.WorldEnded;
import bpflife.explore.JournalFile;
import bpflife.persistence.JournalException;
import bpflife.model.scenario.Scenario;
import bpflife.model.world.Projection;
import bpflife.persistence.JournalReader;
import bpflife.persistence.Store;
import bpflife.persistence.ViewSnapshots;
import bpflife.persistence.WorldStream;
import bpflife.protocol.StepRecord;
import bpflife.protocol.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;

/** The {@link History.Source}s: records in memory, a journal file, a stored world. */
final class Sources {
    private Sources() {}

    /** Records already in memory (a deterministic run, a schedule's replay). */
    static History.Source list(List<StepRecord> records) {
        List<StepRecord> copy = List.copyOf(records);
        return new History.Source() {
            @Override
            public History.Walk walk() {
                Iterator<StepRecord> it = copy.iterator();
                return new History.Walk() {
                    private long read;

                    @Override
                    public long read() {
                        return read;
                    }

                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public StepRecord next() {
                        StepRecord r = it.next();
                        read++;
                        return r;
                    }

                    @Override
                    public void close() {}
                };
            }

            @Override
            public void close() {}
        };
    }

    /** A journal file; each walk reads it again from its first line. */
    static History.Source journal(Path file) {
        return new History.Source() {
            @Override
            public History.Walk walk() {
                JournalFile.Reader r;
                try {
                    r = JournalFile.open(file);
                } catch (IOException e) {
                    throw Reading.cantRead("journal", file, e);
                }
                return new History.Walk() {
                    private long read;

                    @Override
                    public long read() {
                        return read;
                    }

                    @Override
                    public boolean hasNext() {
                        try {
                            return r.hasNext();
                        } catch (UncheckedIOException e) {
                            throw bad(file, e);
                        }
                    }

                    @Override
                    public StepRecord next() {
                        try {
                            StepRecord rec = r.next();
                            read++;
                            return rec;
                        } catch (UncheckedIOException e) {
                            throw bad(file, e);
                        }
                    }

                    @Override
                    public void close() {
                        try {
                            r.close();
                        } catch (IOException e) {
                            throw Reading.cantRead("journal", file, e);
                        }
                    }
                };
            }

            @Override
            public void close() {}
        };
    }

    private static UserError bad(Path file, UncheckedIOException e) {
        // the reader's message names the file and the line; a decoding failure is not UTF-8 text
        return e.getCause() instanceof java.nio.charset.CharacterCodingException
                ? Reading.cantRead("journal", file, e) : new UserError(e.getMessage(), e);
    }

    /**
     * A stored world: the journal stays open while the history is, and each walk is a new read of
     * the world in its global order. {@code first} is the stream already opened (for the world's
     * scenario), used by the first walk. With {@code every} > 0 a fold starts from the latest view
     * snapshot at or before its step and stores one every {@code every} steps it passes
     * ({@link ViewSnapshots}); a snapshot that cannot be used or stored is told to {@code warn}.
     */
    static History.Source world(JournalReader store, String world, WorldStream first, Scenario sc, long every,
                                Consumer<String> warn) {
        WorldCreated meta = first.meta();
        long created = first.created();
        Store.Settings st = store.settings();
        return new History.Source() {
            private WorldStream unused = first;
            private SnapshotWriter writer;
            private boolean saving = every > 0 && ViewSnapshots.settled(st, world, warn);

            @Override
            public History.Walk walk() {
                WorldStream ws = unused != null ? unused : WorldStream.open(store, world);
                unused = null;
                return walkOf(ws, 0);
            }

            @Override
            public History.Resumed resume(long step) {
                if (every <= 0) {
                    return null;
                }
                ViewSnapshots.Snapshot s;
                try (Connection c = java.sql.DriverManager.getConnection(st.url(), st.user(), st.password())) {
                    c.setReadOnly(true);
                    s = ViewSnapshots.latest(c, st.db(), world, created, step, warn);
                } catch (SQLException e) {
                    warn.accept("world " + world + ": can't read its view snapshots (" + e.getMessage()
                            + "): the view is folded from the boot");
                    return null;
                }
                if (s == null) {
                    return null;
                }
                if (unused != null) { // the stream opened for the world's scenario reads from the boot: not needed
                    unused.close();
                    unused = null;
                }
                History.View v = new History.View(s.step(), s.states(), new Projection(sc, s.statements(),
                        s.kernelIds(), s.inodes()), s.step(), s.born());
                return new History.Resumed(v, walkOf(WorldStream.resume(store, world, meta, s.mark()), s.step()));
            }

            @Override
            public long snapshotEvery() {
                return saving ? every : 0;
            }

            @Override
            public void save(History.View view, WorldStream.Mark mark) {
                if (writer == null) {
                    writer = new SnapshotWriter(st, world, warn);
                }
                if (writer.failed()) {
                    saving = false; // a journal that cannot take them (read only, full) is still read
                    return;
                }
                // copies: the fold goes on changing its own maps while this view is encoded and stored
                writer.store(new ViewSnapshots.Snapshot(world, view.step(), mark, new LinkedHashMap<>(view.states()),
                        new HashMap<>(view.projection().statements()), new HashMap<>(view.projection().kernelIds()),
                        new HashMap<>(view.projection().inodes()), new HashMap<>(view.born())));
            }

            @Override
            public long[] micros(List<StepRecord> records) {
                return WriteTimes.micros(st, world, records);
            }

            @Override
            public void close() {
                try {
                    if (unused != null) {
                        unused.close();
                    }
                } finally {
                    if (writer != null) {
                        writer.close(); // the views handed over are stored before the journal closes
                    }
                    store.close();
                }
            }
        };
    }

    /** A walk over {@code ws}, which starts after step {@code from} (a stored view's; its steps read count from there). */
    private static History.Walk walkOf(WorldStream ws, long from) {
        Iterator<StepRecord> it = ws.stepRecords();
        return new History.Walk() {
            @Override
            public long read() {
                return ws.steps() - from;
            }

            @Override
            public WorldStream.Mark mark() {
                return ws.mark();
            }

            @Override
            public WorldEnded.Status cut() {
                return ws.status() != null && ws.status().prefix() ? ws.status() : null;
            }

            @Override
            public boolean hasNext() {
                try {
                    return it.hasNext();
                } catch (JournalException e) {
                    throw new UserError(e.getMessage(), e);
                }
            }

            @Override
            public StepRecord next() {
                try {
                    return it.next();
                } catch (JournalException e) {
                    throw new UserError(e.getMessage(), e);
                }
            }

            @Override
            public void close() {
                ws.close();
            }
        };
    }
}
