package bpflife.persistence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * The H2 journal's own redo log: each batch's rows, appended after the batch's SQL commit and before
 * it is acknowledged, to {@code journal.redo.N} next to the H2 file, one {@code write} a batch. H2
 * then stores its pages on its own background thread (every {@code bpflife.h2.housekeeping}) instead
 * of a {@code CHECKPOINT} after each batch (a third of the write path's CPU): a process killed
 * before H2 stored a batch loses nothing, the batch's bytes being in the operating system's page
 * cache, and the next open puts its rows back ({@link RedoReplay}). Each append is forced to the disk
 * only with {@code bpflife.h2.redo-log-sync} (an operating-system crash then loses nothing either).
 *
 * <p>The log is cut ({@link #cut}: a {@code CHECKPOINT}, then a new file and the old one deleted)
 * on the writer's thread {@link #CUT_EVERY_NANOS} after its first record or at {@link #CUT_BYTES},
 * not per batch.
 *
 * <p>A record: its payload's length (int), its CRC32 (int), the payload: the number of rows (int),
 * then each row as {@link Row#write} has it: numbers big-endian, a string or a byte array as its
 * length (int) and its bytes (UTF-8), as {@code DataOutputStream} writes them and {@link RedoReplay}
 * reads them.
 */
final class RedoLog implements AutoCloseable {
    static final String PREFIX = "journal.redo.";
    /** How often the writer stores H2's file and starts a new log, at most. */
    static final long CUT_EVERY_NANOS = 1_000_000_000L;
    /** A log this long is cut at the next batch, however young. */
    static final long CUT_BYTES = 64L << 20;

    /** The open logs, by the name {@link Store} gives the journal DAO (it is made inside Pekko). */
    private static final Map<String, RedoLog> OPEN = new ConcurrentHashMap<>();

    private final Path dir;
    private final boolean sync;
    private final String key;
    private final Encoder encoder = new Encoder(64 << 10);
    private FileChannel channel;
    private long number;
    private long bytes;
    private long cutAt;

    private RedoLog(Path dir, long number, boolean sync, String key) throws IOException {
        this.dir = dir;
        this.sync = sync;
        this.key = key;
        this.number = number;
        this.channel = create(dir, number);
    }

    /**
     * A new log after the highest {@code journal.redo.N} in {@code dir} (there is none after
     * {@link RedoReplay#putBack}), registered under {@code key} for {@link #lookUp}.
     */
    static RedoLog open(Path dir, boolean sync, String key) throws IOException {
        long next = RedoReplay.files(dir).stream().mapToLong(RedoReplay::number).max().orElse(0) + 1;
        RedoLog log = new RedoLog(dir, next, sync, key);
        OPEN.put(key, log);
        return log;
    }

    String key() {
        return key;
    }

    /** The log {@link #open} registered under {@code key}, or null. */
    static RedoLog lookUp(String key) {
        return OPEN.get(key);
    }

    static Path file(Path dir, long number) {
        return dir.resolve(PREFIX + number);
    }

    private static FileChannel create(Path dir, long number) throws IOException {
        return FileChannel.open(file(dir, number), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    /** One row as the journal wrote it, with the {@code ordering} the database gave it. */
    record Row(long ordering, boolean deleted, String persistenceId, long sequenceNr, String writer,
               long writeTimestamp, String adapterManifest, byte[] payload, int serId, String serManifest,
               byte[] metaPayload, Integer metaSerId, String metaSerManifest, List<String> tags) {

        void write(Encoder out) {
            out.putLong(ordering);
            out.putBoolean(deleted);
            out.string(persistenceId);
            out.putLong(sequenceNr);
            out.string(writer);
            out.putLong(writeTimestamp);
            out.string(adapterManifest);
            out.bytes(payload);
            out.putInt(serId);
            out.string(serManifest);
            out.putBoolean(metaPayload != null);
            if (metaPayload != null) {
                out.bytes(metaPayload);
                out.putInt(metaSerId);
                out.string(metaSerManifest);
            }
            out.putInt(tags.size());
            for (String t : tags) {
                out.string(t);
            }
        }
    }

    /**
     * Writes records into one buffer, kept and grown to the largest batch: a batch's record built in
     * a stream of its own was grown by copying and copied once more whole, the largest share of the
     * journal writer's allocation after H2's (BENCHMARKS.md, session 14).
     */
    static final class Encoder {
        private ByteBuffer buf;

        Encoder(int capacity) {
            buf = ByteBuffer.allocate(capacity);
        }

        /** The record of {@code rows} (length, CRC32, payload), from 0 to the limit; valid until the next call. */
        ByteBuffer record(List<Row> rows) {
            buf.clear();
            putInt(0);
            putInt(0);
            putInt(rows.size());
            for (Row r : rows) {
                r.write(this);
            }
            int end = buf.position();
            CRC32 crc = new CRC32();
            crc.update(buf.array(), 8, end - 8);
            buf.putInt(0, end - 8).putInt(4, (int) crc.getValue());
            return buf.flip();
        }

        private void room(int n) {
            if (buf.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n));
                bigger.put(buf.flip());
                buf = bigger;
            }
        }

        void putLong(long v) {
            room(8);
            buf.putLong(v);
        }

        void putInt(int v) {
            room(4);
            buf.putInt(v);
        }

        void putBoolean(boolean v) {
            room(1);
            buf.put((byte) (v ? 1 : 0));
        }

        void bytes(byte[] b) {
            room(4 + b.length);
            buf.putInt(b.length).put(b);
        }

        /** Its UTF-8 bytes with their length, as {@code bytes}; an ASCII string (the usual) without a copy. */
        void string(String s) {
            int n = s.length();
            for (int i = 0; i < n; i++) {
                if (s.charAt(i) >= 0x80) {
                    bytes(s.getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
            room(4 + n);
            buf.putInt(n);
            for (int i = 0; i < n; i++) {
                buf.put((byte) s.charAt(i));
            }
        }
    }

    /**
     * Appends the record of a batch's rows (one write; forced to the disk with redo-log-sync).
     * Throws if it was not written: the batch is then not acknowledged.
     */
    synchronized void append(List<Row> rows) throws IOException {
        ByteBuffer b = encoder.record(rows);
        int length = b.limit();
        while (b.hasRemaining()) {
            channel.write(b);
        }
        if (sync) {
            channel.force(false);
        }
        if (bytes == 0) {
            cutAt = System.nanoTime(); // the log's oldest record is stored within CUT_EVERY_NANOS
        }
        bytes += length;
    }

    /** Whether {@link #cut} is due: the log is old or long enough. */
    synchronized boolean cutDue() {
        return bytes > 0 && (bytes >= CUT_BYTES || System.nanoTime() - cutAt >= CUT_EVERY_NANOS);
    }

    /** What stores H2's file; the log is cut only once it has returned. */
    @FunctionalInterface
    interface Storer {
        void store() throws Exception;
    }

    /**
     * Stores everything the log covers in H2's file ({@code storer}: a CHECKPOINT; every batch in
     * the log committed before it was appended), then starts a new log and deletes the old one. No
     * append runs meanwhile.
     */
    synchronized void cut(Storer storer) throws Exception {
        storer.store();
        FileChannel next = create(dir, number + 1);
        FileChannel old = channel;
        long oldNumber = number;
        channel = next;
        number++;
        bytes = 0;
        cutAt = System.nanoTime();
        old.close();
        Files.deleteIfExists(file(dir, oldNumber));
    }

    /** Closes the log (its file stays: the next open reads it). */
    @Override
    public synchronized void close() throws IOException {
        OPEN.remove(key, this);
        channel.close();
    }
}
