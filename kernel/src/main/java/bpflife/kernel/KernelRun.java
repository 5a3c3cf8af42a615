package bpflife.kernel;

import bpflife.model.scenario.Scenario;
import bpflife.protocol.CgroupOrder;
import bpflife.protocol.IdKind;
import bpflife.protocol.IterTarget;
import bpflife.protocol.Syscall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel's side: executes the model's serialized steps on the real kernel, one driver process
 * per scenario task, and records what each statement returned, each session's bytes, which
 * object each id names and the listings at the end.
 *
 * <p>Scenario paths under /sys/fs/bpf go to the run's private bpffs directory, cgroup names to its
 * private cgroup directory. A variable is an fd number of its task, as in the model (a closed
 * variable keeps its number: the kernel answers EBADF, or acts on a newer fd with that number).
 * Ids named by variables ({@code link get id setup.l}) resolve to the kernel id that variable was
 * bound to; {@code next id} skips ids the run did not make (the model's world has only the
 * scenario's objects). Signals and waits are user-space synchronisation and do nothing here: the
 * order already respects them.
 */
final class KernelRun {
    private final Scenario sc;
    private final Workspace ws;
    private final Path exe;
    private final Duration timeout;
    private final Side model;
    final Side side = new Side();
    private final Map<String, KTask> tasks = new ConcurrentHashMap<>();
    private final Map<String, Integer> setupIds = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> reads = new ConcurrentHashMap<>();
    /** Each loaded prog's target, by its kernel id: which link parameters a link create can pass. */
    private final Map<Integer, IterTarget> progTargets = new ConcurrentHashMap<>();
    /**
     * prog load ... map M: each such prog's kernel id and the kernel id of the map it uses, until
     * settle() saw the prog's deferred free put it (or gave up waiting: the map has other holders).
     */
    private final Map<Integer, Integer> usedMaps = new ConcurrentHashMap<>();
    /** Calls the kernel could not make on demand (fault injection): keys task@pc. */
    final List<String> notRunnable = Collections.synchronizedList(new ArrayList<>());
    /**
     * kernel --runs: the tasks run at once on their own threads, so no wait for pending kernel work
     * between calls (a race with it is part of what is observed); the final listings still wait.
     */
    private final boolean concurrent;
    /** The tasks that ran (kernel --runs: a forked task only once forked). */
    final java.util.Set<String> started = ConcurrentHashMap.newKeySet();
    /** How often a step was followed by a wait for a dying link's deferred free, and the longest wait. */
    int settleWaits;
    long settleMaxMicros;
    private Driver observer;

    /** One task: its driver, its variables (fd numbers) and the ids they were bound to. */
    private static final class KTask {
        final String name;
        Driver driver;
        final Map<String, Integer> vars = new HashMap<>();
        final Map<String, Integer> ids = new HashMap<>();
        /** fd -> the session (key of its opening call) the fd's file is. */
        final Map<Integer, String> fdSession = new HashMap<>();
        /** The call that failed and ended the task (as cat exits when open fails), or null. */
        String bailedAt;

        KTask(String name) {
            this.name = name;
        }
    }

    KernelRun(Scenario sc, Workspace ws, Path exe, Duration timeout, Side model) {
        this(sc, ws, exe, timeout, model, false);
    }

    KernelRun(Scenario sc, Workspace ws, Path exe, Duration timeout, Side model, boolean concurrent) {
        this.concurrent = concurrent;
        this.sc = sc;
        this.ws = ws;
        this.exe = exe;
        this.timeout = timeout;
        this.model = model;
    }

    void step(ModelTrace.Step s) {
        if (s.kind() == ModelTrace.Kind.EXIT) {
            exit(s.task());
            if (!concurrent) {
                settle();
            }
            return;
        }
        KTask t = task(s.task());
        String key = Side.key(s.task(), s.pc());
        if (t.bailedAt != null) {
            if (s.last()) {
                side.calls.put(key, Observed.notRun("the task ended on the kernel when " + t.bailedAt + " failed"));
            }
            return;
        }
        Observed o = call(t, s, key);
        if (dropsReferences(s.call()) && !concurrent) {
            settle();
        }
        if (o != null && s.last()) {
            side.calls.put(key, o);
            if (o.ran() && !o.word().equals("ok") && !o.word().equals("eof") && s.call().result() != null) {
                t.bailedAt = "'" + s.stmt().text() + "'";
            }
        }
    }

    /** Calls that can drop a link's last reference from bpffs (inode destruction: a deferred free). */
    private static boolean dropsReferences(Syscall c) {
        return c instanceof Syscall.Close || c instanceof Syscall.Unlink || c instanceof Syscall.Rename
                || c instanceof Syscall.Rmdir || c instanceof Syscall.LinkUpdate;
    }

    /**
     * Waits until no link of the run is dying (refcount zero, id not yet removed: its last put
     * came from bpffs and its free waits for a work item), at most 1 s. The model's serialized
     * run delivers such pending kernel work before the next call starts; this is the kernel's
     * equivalent, so both sides are compared at quiescence between calls.
     */
    private void settle() {
        if (observer == null) {
            observer = start("(observer)");
        }
        awaitGone(() -> {
            Reply r = observer.call("dying link");
            return r.ok() && r.values().stream().anyMatch(v -> side.ours(IdKind.LINK, Integer.parseInt(v)));
        });
        settleUsedMaps();
    }

    /**
     * Polls {@code present} until it is false or 1 s has passed (then what is left has other holders
     * and is compared as it is); a wait that polled more than once is counted in the run's settle
     * figures.
     */
    private void awaitGone(java.util.function.BooleanSupplier present) {
        long started = System.nanoTime();
        for (int polls = 0;; polls++) {
            boolean there = present.getAsBoolean();
            long waited = System.nanoTime() - started;
            if (!there || waited > Duration.ofSeconds(1).toNanos()) {
                if (polls > 0) {
                    settleWaits++;
                    settleMaxMicros = Math.max(settleMaxMicros, waited / 1000);
                }
                return;
            }
            Thread.onSpinWait();
            if (polls > 10) {
                sleep(1);
            }
        }
    }

    /**
     * Waits, at most 1 s, for the used maps of every prog of the run whose id is gone: a prog's last
     * put removes its id at once, and its used maps are put later, when its memory is freed after an
     * RCU grace period in a work item (bpf_prog_free_deferred), as the model's serialized run delivers
     * before the next call. Nothing tells user space that the free ran, so it waits until the map's id
     * is gone too; a map that stays 1 s has other holders (an fd, a pin, another prog) and is no
     * longer watched. Measured on 6.18: bench/prog-maps found the map gone 100 ms after the close in 39
     * of 40 runs; prog-holds-its-maps here waited 18 ms.
     */
    private void settleUsedMaps() {
        if (usedMaps.isEmpty()) {
            return;
        }
        List<String> progs = observer.call("ids prog").values();
        for (Map.Entry<Integer, Integer> e : List.copyOf(usedMaps.entrySet())) {
            if (progs.contains(Integer.toString(e.getKey()))) {
                continue; // the prog lives: it still holds the map
            }
            String map = Integer.toString(e.getValue());
            awaitGone(() -> observer.call("ids map").values().contains(map));
            usedMaps.remove(e.getKey());
        }
    }

    /** kernel --runs: starts the task's driver process now, so that the tasks' first calls can race. */
    void prepare(String name) {
        task(name);
    }

    private KTask task(String name) {
        synchronized (tasks) { // kernel --runs: a task's thread, or another's tid NAME (taskPid)
            return taskLocked(name);
        }
    }

    private KTask taskLocked(String name) {
        KTask t = tasks.get(name);
        if (t == null) {
            t = new KTask(name);
            tasks.put(name, t);
            if (!name.equals(Scenario.SETUP)) {
                for (var e : setupIds.entrySet()) {
                    t.ids.put(Scenario.SETUP + "." + e.getKey(), e.getValue());
                }
            }
            t.driver = start(name);
            // Wait for the driver's first answer before its pid is used: the JDK starts a process
            // through a helper that execs the driver, so until then the pid's mm is the helper's (a
            // tid NAME walk raced with that exec: 24 vmas, then end of file where D6 repeats).
            Reply hello = t.driver.call("hello");
            bpflife.model.scenario.TaskDef def = sc.task(name);
            if (def != null && def.pidns()) {
                // the process started waits for the task, its child in a pid namespace of its own
                side.taskPids.put(name, Long.parseLong(hello.value(1)));
            } else {
                side.taskPids.put(name, t.driver.pid);
            }
        }
        return t;
    }

    /**
     * The real pid a {@code tid NAME} passes: that task's driver's (started now if the task has made no
     * call yet: its process exists from here on, as the model's task does once the world started
     * it), also after it exited (then the tid names no task, as in the model); a name that is no
     * task started by the world names none (INT_MAX, as the model reads it).
     */
    private long taskPid(String name) {
        if (sc.tidOf(name) == 0) {
            return Integer.MAX_VALUE;
        }
        task(name);
        return side.taskPids.get(name);
    }

    private Driver start(String name) {
        try {
            bpflife.model.scenario.TaskDef def = sc.task(name);
            Driver d = Driver.start(exe, name, ws.stderrLog(name), timeout, def != null && def.pidns());
            ws.register(d);
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the kernel driver " + exe + ": " + e.getMessage(), e);
        }
    }

    private void exit(String name) {
        KTask t = tasks.get(name);
        if (t == null) {
            return; // made no call
        }
        t.driver.exit();
        if (name.equals(Scenario.SETUP)) {
            t.ids.forEach((k, v) -> {
                if (!k.contains(".")) {
                    setupIds.put(k, v);
                }
            });
        }
    }

    /** Runs one call; returns what the statement returned once its last call ran, else null. */
    private Observed call(KTask t, ModelTrace.Step s, String key) {
        Syscall call = s.call();
        Driver d = t.driver;
        return switch (call) {
            case Syscall.ProgLoad p -> {
                // map M: the driver's program that loads M, given M's fd (a closed one too: EBADF)
                Reply r = d.call("load " + p.target().kernelName() + " " + p.name() + " " + p.pad() + " "
                        + (p.sleepable() ? 1 : 0) + " " + p.ret() + (p.map() == null ? "" : " map=" + fd(t, p.map())));
                if (r.ok()) {
                    side.progNames.put(r.intValue(1), p.name());
                    progTargets.put(r.intValue(1), p.target());
                    if (p.map() != null && t.ids.getOrDefault(p.map(), 0) != 0) {
                        usedMaps.put(r.intValue(1), t.ids.get(p.map()));
                    }
                }
                yield made(t, IdKind.PROG, p.result(), r);
            }
            case Syscall.MapCreate m -> made(t, IdKind.MAP, m.result(), d.call("map " + m.type().kernelName() + " "
                    + m.entries()));
            case Syscall.LinkCreate lc -> {
                if (lc.fault() != null) {
                    notRunnable.add(key);
                    t.bailedAt = "'" + s.stmt().text() + "'";
                    yield Observed.notRun("fault injection (bpf_link_prime failing at "
                            + (lc.fault() == Syscall.PrimeFault.IDR ? "id allocation" : "file creation")
                            + ") cannot be done on a real kernel");
                }
                String unsupported = LinkParams.unsupported(lc, progTargets.get(t.ids.getOrDefault(lc.prog(), 0)));
                if (unsupported != null) {
                    notRunnable.add(key);
                    t.bailedAt = "'" + s.stmt().text() + "'";
                    yield Observed.notRun(unsupported);
                }
                yield made(t, IdKind.LINK, lc.result(), d.call(LinkParams.command(lc, v -> fd(t, v), ws::cgroup,
                        this::taskPid)));
            }
            case Syscall.ObjPin p -> plain(d.call("pin " + fd(t, p.fd()) + " " + ws.bpffs(p.path())));
            case Syscall.ObjGet g -> {
                Reply r = d.call("objget " + ws.bpffs(g.path()) + " " + g.flags());
                if (r.ok()) {
                    bind(t, g.result(), r.intValue(0), r.intValue(1));
                }
                yield fdResult(r);
            }
            case Syscall.Open o -> {
                // open(2) of a bpffs directory gives a directory fd, not an iterator session
                boolean dir = java.nio.file.Files.isDirectory(ws.bpffs(o.path()));
                Reply r = d.call("open " + ws.bpffs(o.path()) + " " + o.mode().ordinal()); // O_RDONLY 0, O_WRONLY 1, O_RDWR 2
                if (dir && r.ok()) {
                    bind(t, o.result(), r.intValue(0), 0);
                    yield fdResult(r);
                }
                yield opened(t, key, o.result(), r);
            }
            case Syscall.IterCreate ic -> opened(t, key, ic.result(), d.call("itercreate " + fd(t, ic.link()) + " " + ic.flags()));
            case Syscall.Write w -> plain(d.call("write " + fd(t, w.fd()) + " " + w.count()));
            case Syscall.Lseek l -> plain(d.call("lseek " + fd(t, l.fd()) + " " + l.offset() + " 0"));
            case Syscall.Read rd -> read(t, s, key, rd);
            case Syscall.Close c -> {
                int fd = fd(t, c.fd());
                Reply r = d.call("close " + fd);
                if (r.ok()) {
                    t.fdSession.remove(fd);
                }
                yield plain(r);
            }
            case Syscall.Unlink u -> plain(d.call("unlink " + ws.bpffs(u.path())));
            case Syscall.Rename r -> plain(d.call("rename " + ws.bpffs(r.from()) + " " + ws.bpffs(r.to())));
            case Syscall.HardLink l -> plain(d.call("link " + ws.bpffs(l.from()) + " " + ws.bpffs(l.to())));
            case Syscall.Mkdir m -> plain(d.call("mkdir " + ws.bpffs(m.path())));
            case Syscall.Rmdir m -> plain(d.call("rmdir " + ws.bpffs(m.path())));
            case Syscall.LinkUpdate u -> plain(d.call("update " + fd(t, u.link()) + " " + fd(t, u.newProg()) + " "
                    + (u.oldProg() == null ? "none" : fd(t, u.oldProg()))));
            case Syscall.LinkDetach dt -> plain(d.call("detach " + fd(t, dt.link())));
            case Syscall.GetFdById g -> {
                int id = resolve(t, g.kind(), g.id());
                Reply r = d.call("getfd " + g.kind().word() + " " + id);
                if (r.ok()) {
                    bind(t, g.result(), r.intValue(0), id);
                }
                yield fdResult(r);
            }
            case Syscall.GetNextId n -> nextId(t, n);
            case Syscall.Dup dp -> {
                int fd = fd(t, dp.fd());
                Reply r = d.call("dup " + fd);
                if (r.ok()) {
                    int nfd = r.intValue(0);
                    bind(t, dp.result(), nfd, t.ids.getOrDefault(dp.fd(), 0));
                    String session = t.fdSession.get(fd);
                    if (session != null) {
                        t.fdSession.put(nfd, session);
                    }
                }
                yield fdResult(r);
            }
            case Syscall.Fork f -> fork(t, f.child());
            case Syscall.Exit x -> null; // the task's exit step ends it
            case Syscall.Show sh -> show(d, sh.kind());
            case Syscall.Signal sg -> Observed.of("ok", "(no-op)");
            case Syscall.Wait w -> Observed.of("ok", "(no-op)");
            case Syscall.CgroupMkdir c -> plain(d.call("cgmkdir " + ws.cgroup(c.name())));
            case Syscall.CgroupRmdir c -> plain(d.call("cgrmdir " + ws.cgroup(c.name())));
            case Syscall.CgroupOpen c -> {
                Reply r = d.call("cgopen " + ws.cgroup(c.name()));
                if (r.ok()) {
                    bind(t, c.result(), r.intValue(0), 0);
                }
                yield fdResult(r);
            }
        };
    }

    /** A prog, map or link the task made: bound to its variable and named after it. */
    private Observed made(KTask t, IdKind kind, String var, Reply r) {
        if (!r.ok()) {
            return failed(r);
        }
        int fd = r.intValue(0);
        int id = r.intValue(1);
        bind(t, var, fd, id);
        side.name(kind, id, t.name, var);
        return Observed.of("ok", Integer.toString(fd));
    }

    private Observed opened(KTask t, String key, String var, Reply r) {
        if (r.ok()) {
            int fd = r.intValue(0);
            bind(t, var, fd, 0);
            Side.Session s = new Side.Session(t.name + "." + var);
            Side.Session ms = model.sessions.get(key);
            if (ms != null && ms.tid != 0 && ms.namedTask == null) {
                // /proc/N names every thread id of the opener's pid namespace (listed or not)
                s.tidNamesRealTask = java.nio.file.Files.exists(Path.of("/proc", Integer.toString(ms.tid)));
            }
            side.sessions.put(key, s);
            t.fdSession.put(fd, key);
        }
        return fdResult(r);
    }

    private Observed read(KTask t, ModelTrace.Step s, String key, Syscall.Read rd) {
        int fd = fd(t, rd.fd());
        Side.Session session = t.fdSession.containsKey(fd) ? side.sessions.get(t.fdSession.get(fd)) : null;
        if (t.fdSession.containsKey(fd)) {
            side.readSession.put(key, t.fdSession.get(fd));
        }
        if (!rd.untilEof()) {
            Reply r = t.driver.call("read " + fd + " " + rd.count());
            if (!r.ok()) {
                side.readSizes.put(key, List.of(-r.errno()));
                return failed(r);
            }
            int n = r.intValue(0);
            side.readSizes.put(key, List.of(n));
            append(session, n, r.value(1));
            return Observed.of(n == 0 ? "eof" : "ok", n == 0 ? "0 (eof)" : n + " bytes");
        }
        // read ... until eof: one read for each of the model's reads, and at the model's last one,
        // reads until the kernel's stream ends (its target shows other objects than the model's)
        List<Integer> lens = reads.computeIfAbsent(key, k -> new ArrayList<>());
        boolean done = !lens.isEmpty() && lens.get(lens.size() - 1) <= 0;
        if (!done) {
            if (!s.last()) {
                Reply r = t.driver.call("read " + fd + " " + rd.count());
                if (r.ok()) {
                    lens.add(r.intValue(0));
                    append(session, r.intValue(0), r.value(1));
                } else {
                    lens.add(-r.errno());
                }
            } else {
                Reply r = t.driver.call("readall " + fd + " " + rd.count());
                if (!r.ok()) {
                    return failed(r);
                }
                int at = 0;
                String data = r.value(1).equals("-") ? "" : r.value(1);
                for (String n : r.value(0).split(",")) {
                    int len = Integer.parseInt(n);
                    lens.add(len);
                    if (len >= 0) {
                        append(session, len, len == 0 ? "-" : data.substring(at, at + 2 * len));
                        at += 2 * Math.max(len, 0);
                    }
                }
            }
        }
        if (!s.last()) {
            return null;
        }
        side.readSizes.put(key, List.copyOf(lens));
        int last = lens.get(lens.size() - 1);
        return Observed.of(last == 0 ? "eof" : last < 0 ? Errnos.name(-last) : "ok", Shown.reads(lens));
    }

    private static void append(Side.Session session, int n, String hex) {
        if (session == null) {
            return;
        }
        if (n == 0) {
            session.eof = true;
        } else if (!hex.equals("-")) {
            session.text.append(new String(HexFormat.of().parseHex(hex), StandardCharsets.ISO_8859_1));
        }
    }

    private Observed nextId(KTask t, Syscall.GetNextId n) {
        int after = n.after() == null ? 0 : resolve(t, n.kind(), n.after());
        for (int guard = 0; guard < 1_000_000; guard++) {
            Reply r = t.driver.call("nextid " + n.kind().word() + " " + after);
            if (!r.ok()) {
                return failed(r);
            }
            int id = r.intValue(0);
            String name = side.nameOf(n.kind(), id);
            if (name != null) {
                return new Observed("ok", name + " (id " + id + ")", null, name, null);
            }
            after = id; // an object of another program on this machine: not in the scenario's world
        }
        throw new IllegalStateException("GET_NEXT_ID did not end");
    }

    private Observed show(Driver d, IdKind kind) {
        Reply r = d.call("show " + kind.word());
        if (!r.ok()) {
            return failed(r);
        }
        List<String> entries = listing(kind, r);
        return new Observed("ok", Shown.listing(entries), entries, null, null);
    }

    /** The run's own objects in a driver's listing, named by their variables (the others are not ours). */
    private List<String> listing(IdKind kind, Reply r) {
        List<String> out = new ArrayList<>();
        for (String v : r.values()) {
            String[] f = v.split(",");
            int id = Integer.parseInt(f[0]);
            if (!side.ours(kind, id)) {
                continue;
            }
            if (kind == IdKind.LINK) {
                int order = Integer.parseInt(f[4]);
                out.add(side.linkEntry(id, Integer.parseInt(f[1]), f[2], Integer.parseInt(f[3]),
                        f[2].equals("cgroup") ? orderText(order) : null));
            } else {
                out.add(side.progEntry(id));
            }
        }
        return out;
    }

    private static String orderText(int order) {
        return order >= 1 && order <= CgroupOrder.values().length ? CgroupOrder.values()[order - 1].text()
                : "order_unspec";
    }

    private Observed fork(KTask parent, String childName) {
        synchronized (ws) { // one fork at a time: the child that connects must be this fork's
            return forkAlone(parent, childName);
        }
    }

    private Observed forkAlone(KTask parent, String childName) {
        Reply r = parent.driver.call("fork " + ws.socket());
        if (!r.ok()) {
            return failed(r);
        }
        long pid = Long.parseLong(r.value(0));
        Driver child;
        try {
            SocketChannel ch = ws.accept(timeout);
            child = Driver.forked(childName, pid, ch, timeout);
        } catch (IOException e) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            throw new UncheckedIOException("the forked driver of task " + childName + " did not connect: "
                    + e.getMessage(), e);
        }
        ws.register(child);
        Reply hello = child.call("hello");
        if (!hello.ok() || Long.parseLong(hello.value(0)) != pid) {
            throw new IllegalStateException("the driver that connected is not the forked task " + childName);
        }
        KTask c = new KTask(childName);
        c.driver = child;
        side.taskPids.put(childName, pid);
        c.vars.putAll(parent.vars);
        c.ids.putAll(parent.ids);
        c.fdSession.putAll(parent.fdSession);
        tasks.put(childName, c);
        return Observed.of("ok", "0");
    }

    /** Lists the run's links and progs once every task has exited and no link of the run is dying. */
    void finish() {
        settle();
        Reply links = observer.call("show link");
        Reply progs = observer.call("show prog");
        side.finalLinks = listing(IdKind.LINK, links);
        side.finalProgs = listing(IdKind.PROG, progs);
        side.finalByName = byName(links, progs);
        observer.exit();
    }

    /** The run's own links and progs as {@code link TARGET prog NAME} and {@code prog NAME}, in id order. */
    private List<String> byName(Reply links, Reply progs) {
        List<String> out = new ArrayList<>();
        for (String v : links.values()) {
            String[] f = v.split(",");
            if (side.ours(IdKind.LINK, Integer.parseInt(f[0]))) {
                out.add("link " + f[2] + " prog " + side.progNames.getOrDefault(Integer.parseInt(f[1]), "?"));
            }
        }
        for (String v : progs.values()) {
            String[] f = v.split(",");
            if (side.ours(IdKind.PROG, Integer.parseInt(f[0]))) {
                out.add("prog " + side.progNames.getOrDefault(Integer.parseInt(f[0]), "?"));
            }
        }
        return out;
    }

    // ---- small helpers ----

    private static int fd(KTask t, String var) {
        return t.vars.getOrDefault(var, -1);
    }

    private static void bind(KTask t, String var, int fd, int id) {
        if (var != null) {
            t.vars.put(var, fd);
            t.ids.put(var, id);
        }
    }

    /**
     * The kernel id an id operand names: the id the variable was bound to on the kernel (as the
     * model resolves it against its own ids), or for a literal the kernel id of the object that
     * has that id in the model (an id the model never gave names nothing: INT_MAX, never allocated).
     */
    private int resolve(KTask t, IdKind kind, Syscall.IdRef ref) {
        if (ref.symbolic()) {
            String k = ref.task().equals(t.name) ? ref.var() : ref.task() + "." + ref.var();
            return t.ids.getOrDefault(k, 0);
        }
        if (ref.literal() == 0) {
            return 0;
        }
        String name = model.nameOf(kind, ref.literal());
        int id = name == null ? 0 : side.idOf(kind, name);
        return id != 0 ? id : Integer.MAX_VALUE;
    }

    private static Observed plain(Reply r) {
        return r.ok() ? Observed.of("ok", "0") : failed(r);
    }

    private static Observed fdResult(Reply r) {
        return r.ok() ? Observed.of("ok", r.value(0)) : failed(r);
    }

    private static Observed failed(Reply r) {
        String shown = Errnos.describe(r.errno());
        return new Observed(Errnos.name(r.errno()), shown, null, null, r.detail().isEmpty() ? null : r.detail());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
