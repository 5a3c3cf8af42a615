package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's fuzzing, through the command: {@code bpflife run} on mutated copies of the shipped
 * scenarios (lines deleted, duplicated, swapped, numbers replaced by extremes, characters flipped).
 * The parser's own fuzz ({@code ScenarioParserFuzzTest}, 10,000 inputs) checks the parser; this
 * checks that what it accepts also runs: every input ends in a verdict or one error line, never
 * exit 3 (an internal error), never a Java class name or a stack trace. The inputs come from a
 * fixed seed; on a failure the seed, the input's number and the input are printed.
 */
@DisplayName("bpflife run on mutated scenarios: never an internal error")
class RunFuzzTest {
    static final long SEED = Long.getLong("bpflife.fuzz.seed", 1520261203L);
    static final int INPUTS = Integer.getInteger("bpflife.fuzz.run-inputs", 200);
    private static final Pattern JAVA_NAMES = Pattern.compile("Exception|java\\.|\\tat |For input string");
    private static final List<String> NUMBERS = List.of("0", "1", "-1", "2147483647", "2147483648", "10000",
            "10001", "65536", "99999999999999999999", "3..2", "1..100000");

    @TempDir
    Path tmp;

    private static List<String> shipped() throws IOException {
        try (Stream<Path> s = Files.list(Cli.SCENARIOS)) {
            List<String> out = new ArrayList<>();
            for (Path p : s.filter(f -> f.toString().endsWith(".scn")).sorted().toList()) {
                out.add(Files.readString(p, StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    private static String mutate(String text, SplittableRandom r) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        for (int k = 0, n = 1 + r.nextInt(3); k < n && !lines.isEmpty(); k++) {
            int i = r.nextInt(lines.size());
            switch (r.nextInt(6)) {
                case 0 -> lines.remove(i);
                case 1 -> lines.add(i, lines.get(r.nextInt(lines.size())));
                case 2 -> {
                    int j = r.nextInt(lines.size());
                    String t = lines.get(i);
                    lines.set(i, lines.get(j));
                    lines.set(j, t);
                }
                case 3 -> lines.set(i, lines.get(i).replaceFirst("\\d+(\\.\\.\\d+)?",
                        NUMBERS.get(r.nextInt(NUMBERS.size()))));
                case 4 -> {
                    String l = lines.get(i);
                    if (!l.isEmpty()) {
                        int c = r.nextInt(l.length());
                        lines.set(i, l.substring(0, c) + (char) (0x20 + r.nextInt(0x5f)) + l.substring(c + 1));
                    }
                }
                default -> lines.set(i, lines.get(i).strip());
            }
        }
        return String.join("\n", lines) + "\n";
    }

    @Test
    @DisplayName("200 mutated scenarios: each a verdict (exit 0, 1, 4) or one error line (exit 2), never exit 3")
    void everyMutatedScenarioEndsInAVerdictOrOneErrorLine() throws IOException {
        List<String> seeds = shipped();
        SplittableRandom master = new SplittableRandom(SEED);
        Path file = tmp.resolve("fuzz.scn");
        int[] byCode = new int[5];
        for (int i = 0; i < INPUTS; i++) {
            SplittableRandom r = master.split();
            String input = mutate(seeds.get(r.nextInt(seeds.size())), r);
            Files.writeString(file, input, StandardCharsets.UTF_8);
            Cli c = Cli.run("run", "--max-steps", "3000", file.toString());
            String where = "input " + i + " of seed " + SEED + ":\n" + input + "\n" + c;
            assertTrue(c.code() == 0 || c.code() == 1 || c.code() == 2 || c.code() == 4, where);
            assertFalse(JAVA_NAMES.matcher(c.err()).find(), where);
            if (c.code() == 2) {
                assertEquals(1, c.err().lines().count(), where);
                assertTrue(c.err().startsWith("Error: "), where);
            }
            byCode[c.code()]++;
        }
        System.out.printf("run fuzz, seed %d: %d inputs, exit 0: %d, 1: %d, 2: %d, 4: %d%n", SEED, INPUTS, byCode[0],
                byCode[1], byCode[2], byCode[4]);
        assertTrue(byCode[0] + byCode[1] + byCode[4] > INPUTS / 10, "too few mutants ran at all: the test tests little");
    }
}
