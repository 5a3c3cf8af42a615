package bpflife.persistence;

import bpflife.model.Observation;
import bpflife.protocol.ActorId.FileId;
import bpflife.protocol.Errno;
import bpflife.protocol.Info;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A task's observed returns as a view snapshot stores them: runs of equal returns as columns of
 * numbers, one entry a run, with the few names (errnos, files' owners) in tables. A reader of the 1M-step world has ~16,500 runs by its end: as one
 * object each, they were 7 of the 7.2 MB of a view and most of reading one back (Jackson building
 * 200,000 objects: 155 ms of {@code link show --at 999999}'s 500, JFR, session 8) and of storing one.
 *
 * @param n        each run's length
 * @param pc       its statement
 * @param value    its value (an fd, a byte count, an id, 0)
 * @param flags    bit 0: a read; bit 1: it saw a repeat (D6)
 * @param errno    its errno: 0 none, else {@code errnos[errno - 1]}
 * @param owner    its file's owner: 0 no file, else {@code owners[owner - 1]}
 * @param file     its file's number (with {@code owner})
 * @param errnos   the errnos named, by name
 * @param owners   the files' owners named
 * @param listings a listing's entries, by run (link show / prog show; absent: none)
 */
record Returns(int[] n, int[] pc, long[] value, byte[] flags, int[] errno, int[] owner, int[] file,
               List<String> errnos, List<String> owners, TreeMap<Integer, List<Info>> listings) {

    private static final int READ = 1;
    private static final int REPEAT_SEEN = 2;

    /**
     * {@code all} as runs of equal returns ({@link ViewSnapshots#same}), a column entry a run: a
     * reader of the 1M-step world returns "16B" 20,000 times. Counted first, so that the columns are
     * made once at their size and no object is made a run.
     */
    static Returns of(List<Observation> all) {
        int size = 0;
        for (int i = 0; i < all.size(); i++) {
            if (i == 0 || !ViewSnapshots.same(all.get(i - 1), all.get(i))) {
                size++;
            }
        }
        int[] n = new int[size];
        int[] pc = new int[size];
        long[] value = new long[size];
        byte[] flags = new byte[size];
        int[] errno = new int[size];
        int[] owner = new int[size];
        int[] file = new int[size];
        List<String> errnos = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        Map<String, Integer> errnoAt = new HashMap<>();
        Map<String, Integer> ownerAt = new HashMap<>();
        TreeMap<Integer, List<Info>> listings = new TreeMap<>();
        int i = -1;
        for (int k = 0; k < all.size(); k++) {
            Observation o = all.get(k);
            if (k > 0 && ViewSnapshots.same(all.get(k - 1), o)) {
                n[i]++;
                continue;
            }
            i++;
            n[i] = 1;
            pc[i] = o.pc();
            value[i] = o.value();
            flags[i] = (byte) ((o.read() ? READ : 0) | (o.repeatSeen() ? REPEAT_SEEN : 0));
            if (o.errno() != null) {
                errno[i] = index(errnoAt, errnos, o.errno().name());
            }
            if (o.file() != null) {
                owner[i] = index(ownerAt, owners, o.file().owner());
                file[i] = o.file().n();
            }
            if (o.listing() != null) {
                listings.put(i, o.listing());
            }
        }
        return new Returns(n, pc, value, flags, errno, owner, file, errnos, owners, listings);
    }

    /** The 1-based place of {@code name} in {@code names}, added when new. */
    private static int index(Map<String, Integer> at, List<String> names, String name) {
        return at.computeIfAbsent(name, k -> {
            names.add(k);
            return names.size();
        });
    }

    /** Every return again, in order; a column that does not fit the others is {@link ViewSnapshots.Corrupt}. */
    List<Observation> expanded() throws ViewSnapshots.Corrupt {
        int size = n == null ? -1 : n.length;
        if (size < 0 || pc == null || pc.length != size || value == null || value.length != size || flags == null
                || flags.length != size || errno == null || errno.length != size || owner == null
                || owner.length != size || file == null || file.length != size || errnos == null || owners == null
                || listings == null) {
            throw new ViewSnapshots.Corrupt("a task's observed returns have columns of different lengths", null);
        }
        Errno[] errnoOf = new Errno[errnos.size()];
        for (int i = 0; i < errnoOf.length; i++) {
            try {
                errnoOf[i] = Errno.valueOf(errnos.get(i));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new ViewSnapshots.Corrupt("a task's observed returns name errno " + errnos.get(i)
                        + ", which is not one", e);
            }
        }
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (n[i] < 1 || errno[i] < 0 || errno[i] > errnoOf.length || owner[i] < 0 || owner[i] > owners.size()) {
                throw new ViewSnapshots.Corrupt("a task's observed returns hold an empty run or a name not in "
                        + "their tables", null);
            }
            FileId f = owner[i] == 0 ? null : new FileId(owners.get(owner[i] - 1), file[i]);
            Observation o = new Observation(pc[i], errno[i] == 0 ? null : errnoOf[errno[i] - 1], value[i],
                    (flags[i] & READ) != 0, listings.get(i), f, (flags[i] & REPEAT_SEEN) != 0);
            for (int k = 0; k < n[i]; k++) {
                out.add(o);
            }
        }
        return List.copyOf(out);
    }
}
