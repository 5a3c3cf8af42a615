package bpflife.cli.history;

import bpflife.actors.WorldEnded;
import bpflife.explore.JournalFile;
import bpflife.persistence.JournalException;
import bpflife.persistence.Store;
import bpflife.persistence.WorldStream;
import bpflife.protocol.StepRecord;
import bpflife.protocol.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

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
     * scenario), used by the first walk.
     */
    static History.Source world(Store store, String world, WorldStream first) {
        return new History.Source() {
            private WorldStream unused = first;

            @Override
            public History.Walk walk() {
                WorldStream ws = unused != null ? unused : WorldStream.open(store, world);
                unused = null;
                Iterator<StepRecord> it = ws.stepRecords();
                return new History.Walk() {
                    @Override
                    public long read() {
                        return ws.steps();
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

            @Override
            public long[] micros(List<StepRecord> records) {
                return WriteTimes.micros(store, world, records);
            }

            @Override
            public void close() {
                try {
                    if (unused != null) {
                        unused.close();
                    }
                } finally {
                    store.close();
                }
            }
        };
    }
}
