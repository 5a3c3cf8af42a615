package bpflife.persistence;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
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
 * then each row as {@link Row#write} has it. Big-endian, as {@link DataOutputStream}.
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

        void write(DataOutputStream out) throws IOException {
            out.writeLong(ordering);
            out.writeBoolean(deleted);
            string(out, persistenceId);
            out.writeLong(sequenceNr);
            string(out, writer);
            out.writeLong(writeTimestamp);
            string(out, adapterManifest);
            bytes(out, payload);
            out.writeInt(serId);
            string(out, serManifest);
            out.writeBoolean(metaPayload != null);
            if (metaPayload != null) {
                bytes(out, metaPayload);
                out.writeInt(metaSerId);
                string(out, metaSerManifest);
            }
            out.writeInt(tags.size());
            for (String t : tags) {
                string(out, t);
            }
        }

        private static void string(DataOutputStream out, String s) throws IOException {
            bytes(out, s.getBytes(StandardCharsets.UTF_8));
        }

        private static void bytes(DataOutputStream out, byte[] b) throws IOException {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    /** A batch's record, framed (length, CRC32, payload). */
    static byte[] record(List<Row> rows) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(256 * rows.size() + 16);
            DataOutputStream out = new DataOutputStream(buf);
            out.writeInt(0);
            out.writeInt(0);
            out.writeInt(rows.size());
            for (Row r : rows) {
                r.write(out);
            }
            byte[] b = buf.toByteArray();
            CRC32 crc = new CRC32();
            crc.update(b, 8, b.length - 8);
            ByteBuffer.wrap(b).putInt(b.length - 8).putInt((int) crc.getValue());
            return b;
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory", e);
        }
    }

    /**
     * Appends a batch's record (one write; forced to the disk with redo-log-sync). Throws if it was
     * not written: the batch is then not acknowledged.
     */
    synchronized void append(byte[] record) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(record);
        while (b.hasRemaining()) {
            channel.write(b);
        }
        if (sync) {
            channel.force(false);
        }
        if (bytes == 0) {
            cutAt = System.nanoTime(); // the log's oldest record is stored within CUT_EVERY_NANOS
        }
        bytes += record.length;
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
