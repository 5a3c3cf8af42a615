package bpflife.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.Semantics;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Event;
import bpflife.protocol.StepRecord;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The model's side of the check: the serialized re-run (no kernel needed). */
class ModelTraceTest {

    static List<Path> shipped() {
        return Scenarios.shipped();
    }

    /** One call at a time: no task enters a call while another task's call is in the kernel (waits aside). */
    @ParameterizedTest
    @MethodSource("shipped")
    void theSerializedRunMakesOneCallAtATime(Path file) {
        for (CallOrder order : CallOrder.values()) {
            ModelTrace t = ModelTrace.run(Scenarios.parse(file), Semantics.LINUX, null, order);
            assertTrue(t.run.quiescent() && t.run.violations().isEmpty(), () -> file + ": " + t.run.violations());
            Set<String> inCall = new HashSet<>();
            Set<String> parked = new HashSet<>();
            for (StepRecord r : t.run.records()) {
                for (Event e : r.events()) {
                    switch (e) {
                        case Event.WaiterParked p -> parked.add(p.task().name());
                        case Event.SyscallEntered en when r.receiver() instanceof TaskId id -> {
                            Set<String> busy = new HashSet<>(inCall);
                            busy.removeAll(parked);
                            assertTrue(busy.isEmpty(), () -> file + " (" + order + "): " + id.name() + " enters "
                                    + en.call() + " at step " + r.position() + " while " + busy + " are in a call");
                            inCall.add(id.name());
                        }
                        case Event.SyscallReturned ret when r.receiver() instanceof TaskId id -> {
                            inCall.remove(id.name());
                            parked.remove(id.name());
                        }
                        case Event.TaskExited x when r.receiver() instanceof TaskId id -> inCall.remove(id.name());
                        default -> { }
                    }
                }
            }
        }
    }

    /**
     * In the entered order the serialized run returns what the first-enabled run returned, except
     * where the first-enabled run listed a link whose deferred free was still pending (the
     * serialized run delivers kernel work between calls).
     */
    @ParameterizedTest
    @MethodSource("shipped")
    void theEnteredOrderKeepsTheModelsResults(Path file) {
        ModelTrace t = ModelTrace.run(Scenarios.parse(file), Semantics.LINUX, null, CallOrder.ENTERED);
        List<String> expected = file.getFileName().toString().equals("deferred-link-free.scn")
                ? List.of("lister@0") : List.of();
        assertEquals(expected, t.changed);
    }

    /** The returned order moves the cats' opens after the rm they overlapped: they get ENOENT. */
    @ParameterizedTest
    @EnumSource(CallOrder.class)
    void theOrders(CallOrder order) {
        ModelTrace t = ModelTrace.run(Scenarios.parse(Scenarios.repo().resolve("scenarios/load-cats-rm-update.scn")),
                Semantics.LINUX, null, order);
        long enoent = t.side.calls.entrySet().stream()
                .filter(e -> e.getKey().startsWith("cat") && e.getKey().endsWith("@0"))
                .filter(e -> e.getValue().word().equals("ENOENT")).count();
        assertEquals(order == CallOrder.ENTERED ? 0 : 50, enoent);
        assertEquals(order == CallOrder.ENTERED ? 0 : 50, t.changed.size());
    }
}
