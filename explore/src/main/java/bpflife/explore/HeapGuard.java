package bpflife.explore;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;

/**
 * The heap as a limit of the exhaustive search, not a crash: asks the JVM to watch each heap
 * pool that can say how full it is after a collection (the old generation), and says the heap is
 * exhausted once what is left after a collection passes {@value #FRACTION} of the pool's maximum.
 * Live data, not garbage, is what counts: usage right after a collection. The search then stops
 * and says "heap limit reached" (exit 4) while there is still room to say it; an
 * OutOfMemoryError that comes first is caught by the worker and reported the same way.
 */
final class HeapGuard {
    static final double FRACTION = 0.9;
    private final List<MemoryPoolMXBean> pools = new ArrayList<>();

    HeapGuard() {
        MemoryPoolMXBean largest = null;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            long max = p.getUsage() == null ? -1 : p.getUsage().getMax();
            if (p.getType() != MemoryType.HEAP || !p.isCollectionUsageThresholdSupported() || max <= 0) {
                continue;
            }
            // the old generation (G1 Old Gen, PS Old Gen, Tenured Gen, ZGC Old Generation): a survivor
            // space is small and may well be full after a collection, which says nothing about the heap
            if (p.getName().contains("Old") || p.getName().contains("Tenured")) {
                pools.add(p);
            }
            if (largest == null || max > largest.getUsage().getMax()) {
                largest = p;
            }
        }
        if (pools.isEmpty() && largest != null) {
            pools.add(largest);
        }
        for (MemoryPoolMXBean p : pools) {
            p.setCollectionUsageThreshold((long) (p.getUsage().getMax() * FRACTION));
        }
    }

    /** Whether some watched pool was still above the threshold after its last collection. */
    boolean exceeded() {
        for (MemoryPoolMXBean p : pools) {
            if (p.isCollectionUsageThresholdExceeded()) {
                return true;
            }
        }
        return false;
    }

    /** The JVM's heap in use now (live and garbage), for the progress line. */
    static long used() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** The peak heap use the JVM saw in each pool, summed (after the run: the summary's "peak memory"). */
    static long peak() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
