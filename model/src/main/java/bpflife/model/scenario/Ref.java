package bpflife.model.scenario;

/**
 * {@code TASK.VAR} as written in an id operand, a listing or an expectation, with where each half
 * starts so that a check can point at the half it rejects. In a {@code dump} the task may be a
 * pattern with {@code *}.
 */
record Ref(String task, String var, Pos taskPos, Pos varPos) {

    @Override
    public String toString() {
        return task + "." + var;
    }
}
