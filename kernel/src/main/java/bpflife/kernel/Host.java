package bpflife.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The machine the kernel check runs on, and whether it can: Linux, root, kernel BTF, bpffs at
 * /sys/fs/bpf (mounted here when it is missing), a cgroup v2 hierarchy (for cgroup scenarios).
 *
 * @param release  {@code uname -r}
 * @param bpffs    the bpffs mount point (/sys/fs/bpf)
 * @param cgroup2  a cgroup v2 mount point, or null
 */
public record Host(String release, String machine, Path bpffs, Path cgroup2) {

    public static final Path BPFFS = Path.of("/sys/fs/bpf");
    static final Path BTF = Path.of("/sys/kernel/btf/vmlinux");

    /** Checks the machine; mounts bpffs when it is missing (saying so through {@code notes}). */
    public static Host check(Consumer<String> notes) {
        if (!System.getProperty("os.name", "").equals("Linux")) {
            throw new SkippedException("not Linux (" + System.getProperty("os.name") + ")");
        }
        int euid = Procs.euid();
        if (euid != 0) {
            throw new SkippedException("not root (euid " + euid + "): BPF_PROG_LOAD of tracing programs and "
                    + "GET_FD_BY_ID need CAP_SYS_ADMIN; run as root");
        }
        if (!Files.isReadable(BTF)) {
            throw new SkippedException("no kernel BTF at " + BTF + " (a kernel built without CONFIG_DEBUG_INFO_BTF "
                    + "cannot load iterator programs)");
        }
        List<Mount> mounts = mounts();
        if (mounts.stream().noneMatch(m -> m.point().equals(BPFFS) && m.type().equals("bpf"))) {
            mountBpffs();
            notes.accept("bpffs was not mounted at " + BPFFS + ": mounted it (mount -t bpf bpf " + BPFFS
                    + "); it stays mounted");
        }
        Path cg2 = mounts.stream().filter(m -> m.type().equals("cgroup2")).map(Mount::point).findFirst().orElse(null);
        return new Host(uname("-r"), uname("-m"), BPFFS, cg2);
    }

    record Mount(Path point, String type) {}

    static List<Mount> mounts() {
        List<Mount> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                int dash = List.of(f).indexOf("-");
                if (f.length > 4 && dash > 0 && dash + 1 < f.length) {
                    out.add(new Mount(Path.of(unescape(f[4])), f[dash + 1]));
                }
            }
        } catch (IOException e) {
            throw new SkippedException("cannot read /proc/self/mountinfo: " + e.getMessage());
        }
        return out;
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    private static void mountBpffs() {
        String why;
        try {
            Files.createDirectories(BPFFS);
            Process p = new ProcessBuilder("mount", "-t", "bpf", "bpf", BPFFS.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                why = "mount did not finish";
            } else if (p.exitValue() == 0) {
                return;
            } else {
                why = out.isEmpty() ? "mount exited with " + p.exitValue() : out;
            }
        } catch (IOException e) {
            why = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted";
        }
        throw new SkippedException("no bpffs at " + BPFFS + " and mounting it failed: " + why);
    }

    private static String uname(String flag) {
        try {
            Process p = new ProcessBuilder("uname", flag).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return System.getProperty(flag.equals("-r") ? "os.version" : "os.arch");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return System.getProperty("os.version");
        }
    }
}
