package bpflife.model.scenario;

/**
 * One expected line of {@code link show} or {@code prog show}, naming objects by the task variable
 * that created them: {@code setup.l prog updater.pB} (a link and its prog) or {@code setup.p}.
 */
public record ShowEntry(String task, String var, String progTask, String progVar) {
    /** Entries as a scenario lists them ({@code a.l, b.l prog b.p}), {@code none} for none. */
    public static String text(java.util.List<ShowEntry> es) {
        return es.isEmpty() ? "none" : String.join(", ", es.stream().map(ShowEntry::toString).toList());
    }

    @Override
    public String toString() {
        return progVar == null ? task + "." + var : task + "." + var + " prog " + progTask + "." + progVar;
    }
}
