package bpflife.loadtest.report;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;

/**
 * Everything a load run's report shows: what was asked for, what happened, and whether the
 * balance check passed. The text, JSON and HTML reports render this and nothing else.
 *
 * @param settings          the run's settings as the user gave them or as defaulted, in the
 *                          order of the command's options (sessions, concurrency, pins, ...)
 * @param journal           "h2" or "postgres"
 * @param world             the world the run was journaled under
 * @param semantics         the semantics variant the objects ran
 * @param seed              the workload's seed
 * @param started           when the workload started (wall clock; reports only)
 * @param elapsed           from the first operation to quiescence
 * @param eventsPersisted   journal events persisted by the run
 * @param sessionsOpened    sessions opened (open of a pin or ITER_CREATE that succeeded)
 * @param sessionsClosed    sessions whose last file reference was released
 * @param sessionsAlive     sessions still open at the end (0 after a clean quiesce)
 * @param peakSessionsAlive the most sessions open at one time
 * @param ops               one entry per operation kind, in a fixed order
 * @param timeline          one entry per second of the run
 * @param checks            the balance check, one entry per check
 * @param machine           where it ran (cores, max heap, JDK), for the report's header
 * @param open              the open model's arrivals, offered and achieved; null for a closed-model run
 */
public record LoadSummary(
        SequencedMap<String, String> settings,
        String journal,
        String world,
        String semantics,
        long seed,
        Instant started,
        Duration elapsed,
        long eventsPersisted,
        long sessionsOpened,
        long sessionsClosed,
        long sessionsAlive,
        long peakSessionsAlive,
        List<OpStats> ops,
        List<Second> timeline,
        List<Check> checks,
        String machine,
        OpenModel open) {

    /** A closed-model run's summary. */
    public LoadSummary(SequencedMap<String, String> settings, String journal, String world, String semantics,
                       long seed, Instant started, Duration elapsed, long eventsPersisted, long sessionsOpened,
                       long sessionsClosed, long sessionsAlive, long peakSessionsAlive, List<OpStats> ops,
                       List<Second> timeline, List<Check> checks, String machine) {
        this(settings, journal, world, semantics, seed, started, elapsed, eventsPersisted, sessionsOpened,
                sessionsClosed, sessionsAlive, peakSessionsAlive, ops, timeline, checks, machine, null);
    }

    /**
     * This summary with one more setting, placed after {@code after} (at the end when there is no such
     * setting): what the command did around the run, such as a warm-up run before it.
     */
    public LoadSummary withSetting(String after, String key, String value) {
        SequencedMap<String, String> m = new LinkedHashMap<>();
        settings.forEach((k, v) -> {
            m.put(k, v);
            if (k.equals(after)) {
                m.put(key, value);
            }
        });
        m.putIfAbsent(key, value);
        return new LoadSummary(m, journal, world, semantics, seed, started, elapsed, eventsPersisted, sessionsOpened,
                sessionsClosed, sessionsAlive, peakSessionsAlive, ops, timeline, checks, machine, open);
    }

    /** Whether every check of the balance check passed (the run's exit code is 1 if not). */
    public boolean balanced() {
        return checks.stream().allMatch(Check::passed);
    }
}
