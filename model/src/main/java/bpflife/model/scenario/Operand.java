package bpflife.model.scenario;

import java.util.Set;

/**
 * What a statement does with names, in the order it does it: the checker replays these against
 * the task's variables to find unbound or ill-kinded operands and broken forks.
 */
sealed interface Operand {

    /** Reads fd variable {@code name}, which must be bound to one of {@code needed}. */
    record Use(String name, Pos pos, Set<VarKind> needed, String role) implements Operand {}

    /** Binds {@code name}; {@code copyOf} (dup) gives it the kind of that variable instead of {@code kind}. */
    record Bind(String name, Pos pos, VarKind kind, String copyOf) implements Operand {}

    /** Names another task's variable ({@code setup.l}): an id operand or a listing entry. */
    record TaskVar(Ref ref, Set<VarKind> needed, String role) implements Operand {}

    record ForkOf(String child, Pos pos) implements Operand {}

    record WaitFor(String signal, Pos pos) implements Operand {}

    record SignalOf(String signal, Pos pos) implements Operand {}
}
