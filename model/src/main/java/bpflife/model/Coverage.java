package bpflife.model;

import bpflife.protocol.Msg;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * What a run or an exploration exercised: the distinct (object kind, state, message) triples its
 * steps took, out of those the model defines. The defined triples come from the types: every state
 * of a kind times every record of the message type its step function takes ({@link Msg.ToLink}
 * for a link), so a new message or state is counted without touching this file. Many defined
 * triples are unreachable by design (an update of a freed link); the figure says how much of the
 * model a set of schedules touched.
 */
public final class Coverage {
    private Coverage() {}

    /**
     * One kind of object as coverage counts it.
     *
     * @param name   its name in a triple ({@code link})
     * @param state  its state type
     * @param takes  the message type its step function switches over
     * @param states the names of its states
     */
    public record Kind(String name, Class<? extends ObjectState> state, Class<? extends Msg> takes,
                       List<String> states) {
        /** The message records this kind takes, by simple name. */
        public List<Class<?>> messages() {
            return records(takes);
        }
    }

    private static final List<String> READY = List.of("READY");

    public static final Kind PROG = new Kind("prog", Prog.State.class, Msg.ToProg.class, names(Prog.Phase.values()));
    public static final Kind LINK = new Kind("link", Link.State.class, Msg.ToLink.class, names(Link.Phase.values()));
    public static final Kind MAP = new Kind("map", BpfMap.State.class, Msg.ToMap.class, names(BpfMap.Phase.values()));
    public static final Kind CGROUP = new Kind("cgroup", Cgroup.State.class, Msg.ToCgroup.class,
            names(Cgroup.Phase.values()));
    public static final Kind FILE = new Kind("file", OpenFile.State.class, Msg.ToFile.class,
            names(OpenFile.Phase.values()));
    public static final Kind SESSION = new Kind("session", SeqSession.State.class, Msg.ToSession.class,
            names(SeqSession.Phase.values()));
    public static final Kind INODE = new Kind("inode", Inode.State.class, Msg.ToInode.class,
            names(Inode.Phase.values()));
    public static final Kind BPFFS = new Kind("bpffs", Bpffs.State.class, Msg.ToBpffs.class, READY);
    public static final Kind CGROUPFS = new Kind("cgroupfs", Cgroupfs.State.class, Msg.ToCgroupfs.class, READY);
    public static final Kind IDR = new Kind("idr", Idr.State.class, Msg.ToIdr.class, READY);
    public static final Kind SESSION_COUNTER = new Kind("session-counter", SessionCounter.State.class,
            Msg.ToSessionCounter.class, READY);
    public static final Kind SYNC = new Kind("sync", Sync.State.class, Msg.ToSync.class, READY);
    public static final Kind TASK = new Kind("task", Task.State.class, Msg.ToTask.class, names(Task.Status.values()));

    public static final Kind MM = new Kind("mm", Mm.State.class, Msg.ToMm.class, names(Mm.Phase.values()));

    public static final Kind FILES = new Kind("files", FilesTable.State.class, Msg.ToFiles.class,
            names(FilesTable.Phase.values()));

    public static final List<Kind> KINDS = List.of(PROG, LINK, MAP, CGROUP, FILE, SESSION, INODE, BPFFS, CGROUPFS,
            IDR, SESSION_COUNTER, SYNC, TASK, MM, FILES);

    /** One triple, as text: {@code link/LIVE/Get}. */
    public static String triple(ObjectState s, Msg m) {
        return triple(kind(s).name(), state(s), m.getClass());
    }

    private static String triple(String kind, String state, Class<?> message) {
        return kind + "/" + state + "/" + message.getSimpleName();
    }

    public static Kind kind(ObjectState s) {
        return switch (s) {
            case Prog.State p -> PROG;
            case Link.State l -> LINK;
            case BpfMap.State b -> MAP;
            case Cgroup.State c -> CGROUP;
            case OpenFile.State f -> FILE;
            case SeqSession.State q -> SESSION;
            case Inode.State i -> INODE;
            case Bpffs.State b -> BPFFS;
            case Cgroupfs.State c -> CGROUPFS;
            case Idr.State i -> IDR;
            case SessionCounter.State c -> SESSION_COUNTER;
            case Sync.State y -> SYNC;
            case Task.State t -> TASK;
            case Mm.State a -> MM;
            case FilesTable.State f -> FILES;
        };
    }

    /** The state part of a triple: the object's phase, one of its kind's {@link Kind#states()}. */
    public static String state(ObjectState s) {
        return switch (s) {
            case Prog.State p -> p.phase().name();
            case Link.State l -> l.phase().name();
            case BpfMap.State b -> b.phase().name();
            case Cgroup.State c -> c.phase().name();
            case OpenFile.State f -> f.phase().name();
            case SeqSession.State q -> q.phase().name();
            case Inode.State i -> i.phase().name();
            case Task.State t -> t.status().name();
            case Mm.State a -> a.phase().name();
            case FilesTable.State f -> f.phase().name();
            case Bpffs.State b -> READY.getFirst();
            case Cgroupfs.State c -> READY.getFirst();
            case Idr.State i -> READY.getFirst();
            case SessionCounter.State c -> READY.getFirst();
            case Sync.State y -> READY.getFirst();
        };
    }

    /** Every triple the model defines. */
    public static TreeSet<String> defined() {
        TreeSet<String> all = new TreeSet<>();
        for (Kind k : KINDS) {
            for (String st : k.states()) {
                for (Class<?> m : k.messages()) {
                    all.add(triple(k.name(), st, m));
                }
            }
        }
        return all;
    }

    /** The records below a sealed interface (through any sealed interfaces between), by simple name. */
    public static List<Class<?>> records(Class<?> sealed) {
        List<Class<?>> out = new ArrayList<>();
        collect(sealed, out);
        out.sort(Comparator.comparing(Class::getSimpleName));
        return List.copyOf(out);
    }

    private static void collect(Class<?> c, List<Class<?>> out) {
        if (!c.isSealed()) {
            if (!out.contains(c)) {
                out.add(c);
            }
            return;
        }
        for (Class<?> sub : c.getPermittedSubclasses()) {
            collect(sub, out);
        }
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
