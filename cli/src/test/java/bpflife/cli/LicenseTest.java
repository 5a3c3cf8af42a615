package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** LICENSE says how each part is licensed, and the parts say the same: the C driver GPL-2.0, the rest Apache-2.0. */
@DisplayName("LICENSE: the driver GPL-2.0, everything else Apache-2.0")
class LicenseTest {
    private static final Path ROOT = Path.of("..");

    @Test
    @DisplayName("LICENSE names both licences, their full texts are there, and every C source carries GPL-2.0")
    void partsAndTexts() throws IOException {
        String license = Files.readString(ROOT.resolve("LICENSE"));
        assertTrue(license.contains("1. The kernel driver and the BPF programs: GPL-2.0"), license);
        assertTrue(license.contains("2. Everything else written for bpflife: Apache-2.0"), license);
        assertTrue(!license.contains("no licence has been chosen"), "the decision is written");
        assertTrue(Files.readString(ROOT.resolve("LICENSES/Apache-2.0.txt"))
                .contains("Apache License\n                           Version 2.0, January 2004"));
        assertTrue(Files.readString(ROOT.resolve("LICENSES/GPL-2.0.txt")).contains("GNU GENERAL PUBLIC LICENSE"));
        List<Path> c;
        try (Stream<Path> files = Files.list(ROOT.resolve("kernel/src/main/c"))) {
            c = files.toList();
        }
        assertTrue(c.size() >= 5, "C sources: " + c);
        for (Path f : c) {
            assertTrue(Files.readString(f).lines().limit(3).anyMatch(l -> l.contains("SPDX-License-Identifier: GPL-2.0")),
                    f + " carries no GPL-2.0 SPDX line");
        }
    }
}
