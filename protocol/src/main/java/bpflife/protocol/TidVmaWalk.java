package bpflife.protocol;

/**
 * Where a task_vma walk with a tid stands after a read (D6, docs/ITERATION-REFS.md): the kernel's
 * prev_vm_end as the model counts vmas (vma i spans [i, i + 1); 0: no read stopped at a vma yet,
 * as the kernel's zeroed private data) and the object lines shown after the END line. A
 * {@link Event.SessionRead} carries it only when one is not 0, so other reads' rows do not grow.
 */
public record TidVmaWalk(int prevVmEnd, int repeated) {
    /** Null for the state every session starts in. */
    public static TidVmaWalk of(int prevVmEnd, int repeated) {
        return prevVmEnd == 0 && repeated == 0 ? null : new TidVmaWalk(prevVmEnd, repeated);
    }
}
