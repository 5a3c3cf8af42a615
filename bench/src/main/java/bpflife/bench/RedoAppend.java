package bpflife.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * The H2 journal's write path since session 10, for the benchmarks that write H2 with plain JDBC: after
 * a batch's commit, its rows appended to a redo log of its own as one framed record (length, CRC32,
 * the rows), one write, no fsync, no CHECKPOINT (as bpflife.persistence.RedoLog; H2's background thread
 * stores the file). Not the journal's exact record (no writer, manifests, tags), the same kind of cost.
 */
final class RedoAppend implements AutoCloseable {
    private final FileChannel channel;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(1 << 20);
    private final DataOutputStream out = new DataOutputStream(buf);

    RedoAppend(Path file) {
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A row of the batch being gathered. */
    void row(long ordering, String pid, long seq, byte[] payload) {
        try {
            out.writeLong(ordering);
            byte[] p = pid.getBytes(StandardCharsets.UTF_8);
            out.writeInt(p.length);
            out.write(p);
            out.writeLong(seq);
            out.writeInt(payload.length);
            out.write(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The gathered rows as one record, appended. */
    void append() {
        byte[] b = buf.toByteArray();
        buf.reset();
        CRC32 crc = new CRC32();
        crc.update(b);
        ByteBuffer rec = ByteBuffer.allocate(8 + b.length).putInt(b.length).putInt((int) crc.getValue()).put(b).flip();
        try {
            while (rec.hasRemaining()) {
                channel.write(rec);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
