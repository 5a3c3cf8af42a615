package bpflife.cluster;

import bpflife.explore.JournalJson;
import bpflife.protocol.StepRecord;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps a node feeds its driver, cut into messages Artery can carry. Artery drops a message
 * larger than {@code pekko.remote.artery.advanced.maximum-frame-size} (256 KiB), logging it on the
 * sender only; one step can be far larger: setup's exit starts every task of the scenario (3,000
 * readers make it 213 KB, over 256 KiB with the steps batched beside it). Lost, the driver never
 * heard setup exit ("the workload's setup did not finish"). So a node writes each step once as CBOR, packs whole steps into messages of at most
 * {@link #limit} bytes, and sends a step larger than that in parts the driver joins ({@link Joiner});
 * one node's messages to the driver's feed arrive in the order sent.
 */
final class FeedFrames {
    private FeedFrames() {}

    private static final ObjectMapper CBOR = JournalJson.mapper().copyWith(new CBORFactory());
    private static final TypeReference<List<StepRecord>> RECORDS = new TypeReference<>() {};
    /** CBOR's start of an array of indefinite length, and its end. */
    private static final int START = 0x9F;
    private static final int BREAK = 0xFF;

    /** Payload bytes per message: half the frame, leaving room for the envelope (paths, manifest, names). */
    static int limit(com.typesafe.config.Config c) {
        return (int) Math.min(Integer.MAX_VALUE / 2, c.getBytes("pekko.remote.artery.advanced.maximum-frame-size")) / 2;
    }

    /** {@code records}, in order, as messages of at most {@code limit} payload bytes each. */
    static List<Wire.Fed> cut(String world, String node, List<StepRecord> records, int limit) {
        List<Wire.Fed> out = new ArrayList<>();
        ByteArrayOutputStream cur = new ByteArrayOutputStream();
        cur.write(START);
        int n = 0;
        for (StepRecord r : records) {
            byte[] b = bytes(r);
            if (n > 0 && cur.size() + b.length + 1 > limit) {
                cur.write(BREAK);
                out.add(new Wire.Fed(world, node, n, cur.toByteArray(), true));
                cur.reset();
                cur.write(START);
                n = 0;
            }
            cur.writeBytes(b);
            n++;
            if (cur.size() + 1 > limit) { // one step larger than a message: its array in parts
                cur.write(BREAK);
                byte[] all = cur.toByteArray();
                for (int from = 0; from < all.length; from += limit) {
                    boolean last = from + limit >= all.length;
                    out.add(new Wire.Fed(world, node, last ? n : 0,
                            Arrays.copyOfRange(all, from, Math.min(all.length, from + limit)), last));
                }
                cur.reset();
                cur.write(START);
                n = 0;
            }
        }
        if (n > 0) {
            cur.write(BREAK);
            out.add(new Wire.Fed(world, node, n, cur.toByteArray(), true));
        }
        return out;
    }

    private static byte[] bytes(StepRecord r) {
        try {
            return CBOR.writeValueAsBytes(r);
        } catch (IOException e) {
            throw new UncheckedIOException("can't write step " + r.receiver() + "<" + r.sender() + " #" + r.channelSeq()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The driver's side: joins each node's parts; one joiner per world's feed (one actor uses it). */
    static final class Joiner {
        private final Map<String, ByteArrayOutputStream> partial = new HashMap<>();

        /** The steps {@code f} completes, in order; empty while a step's parts are still coming. */
        List<StepRecord> take(Wire.Fed f) {
            byte[] whole;
            ByteArrayOutputStream p = partial.get(f.node());
            if (p == null && f.last()) {
                whole = f.bytes();
            } else {
                if (p == null) {
                    p = new ByteArrayOutputStream();
                    partial.put(f.node(), p);
                }
                p.writeBytes(f.bytes());
                if (!f.last()) {
                    return List.of();
                }
                whole = p.toByteArray();
                partial.remove(f.node());
            }
            try {
                List<StepRecord> rs = CBOR.readValue(whole, RECORDS);
                if (rs.size() != f.records()) {
                    throw new IllegalStateException("a feed message from " + f.node() + " said " + f.records()
                            + " steps and held " + rs.size());
                }
                return rs;
            } catch (IOException e) {
                throw new UncheckedIOException("can't read the steps fed by " + f.node() + ": " + e.getMessage(), e);
            }
        }
    }
}
