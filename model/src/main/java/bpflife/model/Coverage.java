package bpflife.model;

import bpflife.protocol.Msg;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a run or an exploration exercised: the distinct (object kind, state, message) triples its
 * steps took, out of those the model defines (every state of a kind times every message that
 * kind's step function takes). Many defined triples are unreachable by design (an update of a
 * freed link); the figure says how much of the model a set of schedules touched.
 */
public final class Coverage {
    private Coverage() {}

    /** One triple, as text: {@code link/LIVE/Get}. */
    public static String triple(ObjectState s, Msg m) {
        return kind(s) + "/" + state(s) + "/" + m.getClass().getSimpleName();
    }

    public static String kind(ObjectState s) {
        return switch (s) {
            case Prog.State p -> "prog";
            case Link.State l -> "link";
            case BpfMap.State b -> "map";
            case Cgroup.State c -> "cgroup";
            case OpenFile.State f -> "file";
            case SeqSession.State q -> "session";
            case Inode.State i -> "inode";
            case Bpffs.State b -> "bpffs";
            case Cgroupfs.State c -> "cgroupfs";
            case Idr.State i -> "idr";
            case SessionCounter.State c -> "session-counter";
            case Sync.State y -> "sync";
            case Task.State t -> "task";
        };
    }

    /** The state part of a triple: the object's phase. */
    public static String state(ObjectState s) {
        return switch (s) {
            case Prog.State p -> p.phase().name();
            case Link.State l -> l.phase().name();
            case BpfMap.State b -> b.phase().name();
            case Cgroup.State c -> c.gone() ? "FREED" : c.online() ? "ONLINE" : "OFFLINE";
            case OpenFile.State f -> f.phase().name();
            case SeqSession.State q -> q.phase().name();
            case Inode.State i -> i.destroyed() ? "DESTROYED" : i.nlink() > 0 ? "LINKED" : "UNLINKED_OPEN";
            case Task.State t -> t.status().name();
            case Bpffs.State b -> "READY";
            case Cgroupfs.State c -> "READY";
            case Idr.State i -> "READY";
            case SessionCounter.State c -> "READY";
            case Sync.State y -> "READY";
        };
    }

    private static final Map<String, List<String>> STATES = Map.ofEntries(
            Map.entry("prog", names(Prog.Phase.values())),
            Map.entry("link", names(Link.Phase.values())),
            Map.entry("map", names(BpfMap.Phase.values())),
            Map.entry("cgroup", List.of("ONLINE", "OFFLINE", "FREED")),
            Map.entry("file", names(OpenFile.Phase.values())),
            Map.entry("session", names(SeqSession.Phase.values())),
            Map.entry("inode", List.of("LINKED", "UNLINKED_OPEN", "DESTROYED")),
            Map.entry("task", names(Task.Status.values())),
            Map.entry("bpffs", List.of("READY")),
            Map.entry("cgroupfs", List.of("READY")),
            Map.entry("idr", List.of("READY")),
            Map.entry("session-counter", List.of("READY")),
            Map.entry("sync", List.of("READY")));

    /** The messages each kind's step function takes (the cases of its switch). */
    private static final Map<String, List<String>> MESSAGES = Map.ofEntries(
            Map.entry("prog", List.of("IdAssigned", "Get", "GetIfLive", "PrepareSession", "Put", "IdRemoved",
                    "QueryInfo")),
            Map.entry("link", List.of("IdAssigned", "Get", "GetIfLive", "QueryInfo", "Visit", "OpenSession",
                    "Update", "Put", "FreeWork", "IdRemoved", "Discard", "Acked")),
            Map.entry("map", List.of("IdAssigned", "Get", "GetIfLive", "QueryInfo", "Visit", "Put", "IdRemoved")),
            Map.entry("cgroup", List.of("Get", "QueryInfo", "Visit", "DescendantsChanged", "Offline", "Put")),
            Map.entry("file", List.of("Get", "Probe", "FileRead", "QueryInfo", "Put", "Acked")),
            Map.entry("session", List.of("SessionRead", "Visited", "Running", "Release", "Acked")),
            Map.entry("inode", List.of("InodeOpen", "InodeGetObj", "NameAdded", "NameDropped", "Put")),
            Map.entry("bpffs", List.of("Lookup", "Mkobj", "PathUnlink", "PathRename", "PathLink", "PathMkdir",
                    "PathRmdir")),
            Map.entry("cgroupfs", List.of("CgroupMkdir", "CgroupRmdir", "CgroupLookup")),
            Map.entry("idr", List.of("IdAlloc", "IdSettle", "IdRemove", "IdLookup", "IdNext")),
            Map.entry("session-counter", List.of("NextSessionId")),
            Map.entry("sync", List.of("SyncSignal", "SyncWait")),
            Map.entry("task", List.of("Start", "Continue", "Granted", "Acked", "Failed", "Refused", "Informed", "DirOpened",
                    "Ready", "Probed", "NextIdIs", "SessionIdIs", "ReadReturned", "SessionProgGranted",
                    "SessionLinkGranted", "ProgSnapshot", "Woken", "IdRemoved")));

    /** Every triple the model defines. */
    public static TreeSet<String> defined() {
        TreeSet<String> all = new TreeSet<>();
        for (var k : new TreeMap<>(STATES).entrySet()) {
            for (String st : k.getValue()) {
                for (String m : MESSAGES.get(k.getKey())) {
                    all.add(k.getKey() + "/" + st + "/" + m);
                }
            }
        }
        return all;
    }

    private static List<String> names(Enum<?>[] values) {
        return java.util.Arrays.stream(values).map(Enum::name).toList();
    }
}
