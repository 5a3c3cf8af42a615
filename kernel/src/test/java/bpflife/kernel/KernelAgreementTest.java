package bpflife.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped scenario the kernel can run agrees with the model, in both serialized orders
 * (skipped, saying why, where the kernel check cannot run; on a root machine with BTF it runs).
 */
class KernelAgreementTest {

    static List<Arguments> runs() {
        List<Arguments> out = new ArrayList<>();
        for (Path p : Scenarios.shipped()) {
            for (CallOrder o : CallOrder.values()) {
                out.add(Arguments.of(p.getFileName().toString(), o));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("runs")
    void agrees(String file, CallOrder order) {
        Kernel.assumeReady();
        KernelReport r = Scenarios.check(Scenarios.parse(Scenarios.repo().resolve("scenarios").resolve(file)),
                KernelCheck.Options.DEFAULT.withOrder(order));
        String text = Scenarios.text(r);
        assertEquals(KernelReport.Verdict.AGREE, r.verdict(), () -> "the model and the kernel differ:\n" + text);
    }
}
