package bpflife.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bpflife.model.Observation;
import bpflife.protocol.ActorId;
import bpflife.protocol.Errno;
import bpflife.protocol.Info;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A view snapshot stores a task's observed returns as runs of equal ones; the comparison it uses
 * ({@code ViewSnapshots.same}, written field by field for speed) must be the record's equals, or a
 * stored view would merge two returns that differ.
 */
class ViewSnapshotRunsTest {
    static final long SEED = Long.getLong("bpflife.test.seed", System.nanoTime());

    /** Observations that differ from each other in one field at a time, with equal copies made apart. */
    private static Observation random(SplittableRandom r) {
        Errno errno = r.nextInt(4) == 0 ? Errno.ENOENT : r.nextInt(6) == 0 ? Errno.EAGAIN : null;
        List<Info> listing = r.nextInt(5) == 0 ? List.of(new Info.CgroupInfo("cg" + r.nextInt(2))) : null;
        ActorId.FileId file = r.nextInt(4) == 0 ? null : new ActorId.FileId("cat" + r.nextInt(2), r.nextInt(2));
        return new Observation(r.nextInt(2), errno, r.nextInt(3), r.nextBoolean(), listing, file, r.nextInt(8) == 0);
    }

    @Test
    @DisplayName("same(a, b) is a.equals(b) for every field; runs expand back to the returns")
    void sameIsEquals() throws Exception {
        SplittableRandom r = new SplittableRandom(SEED);
        List<Observation> all = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            Observation a = random(r);
            all.add(a);
            switch (r.nextInt(3)) {
                case 0 -> all.add(a); // the same instance again
                case 1 -> all.add(new Observation(a.pc(), a.errno(), a.value(), a.read(), // an equal copy
                        a.listing() == null ? null : new ArrayList<>(a.listing()),
                        a.file() == null ? null : new ActorId.FileId(a.file().owner(), a.file().n()), a.repeatSeen()));
                default -> { }
            }
        }
        for (int i = 1; i < all.size(); i++) {
            Observation a = all.get(i - 1);
            Observation b = all.get(i);
            assertEquals(a.equals(b), ViewSnapshots.same(a, b), a + " / " + b + " (seed " + SEED + ")");
        }
        assertEquals(all, Returns.of(all).expanded(), "seed " + SEED);
    }

    @Test
    @DisplayName("the runs as columns (view format 3) expand back to every return, in order")
    void columnsRoundTrip() throws Exception {
        SplittableRandom r = new SplittableRandom(SEED);
        List<Observation> all = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            Observation a = random(r);
            int copies = 1 + r.nextInt(3);
            for (int k = 0; k < copies; k++) {
                all.add(a);
            }
        }
        all.add(new Observation(1, null, 0, false, List.of(), null, false)); // an empty listing is not none
        assertEquals(all, Returns.of(all).expanded(), "seed " + SEED);
        assertEquals(List.of(), Returns.of(List.of()).expanded());
    }
}
