package bpflife.model;

/**
 * The properties checked after every step (and, for LEAK and STUCK, at quiescence): each one's
 * title and rule. The functions that check them are the catalogue {@code bpflife.model.world.Invariants}.
 */
public enum Invariant {
    USE_AFTER_FREE("use after free", "no step touches a freed object"),
    REFCOUNT_UNDERFLOW("refcount underflow", "no refcount goes below zero"),
    DOUBLE_FREE("double free", "nothing is freed twice"),
    REFCOUNT_MISMATCH("refcount mismatch", "every refcount equals the holders the model can name"),
    LEAK("leak", "at quiescence everything is freed or reachable from an fd table or a bpffs name"),
    LISTED_WRONG("listing wrong", "link show / prog show list exactly the live, settled ids"),
    DUMP_INCOMPLETE("incomplete dump", "a session read to EOF got a complete dump from one program with one END"),
    STUCK("stuck", "at quiescence every task has exited");

    private final String title;
    private final String rule;

    Invariant(String title, String rule) {
        this.title = title;
        this.rule = rule;
    }

    public String title() {
        return title;
    }

    public String rule() {
        return rule;
    }
}
