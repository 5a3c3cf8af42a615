package bpflife.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.protocol.ActorId;
import bpflife.protocol.Event;
import bpflife.protocol.Msg;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The typed message and event spaces: who takes what, and what coverage counts. */
class MessageSpacesTest {

    private static Set<Class<?>> set(List<Class<?>> l) {
        return new HashSet<>(l);
    }

    @Test
    @DisplayName("every message type of a receiver belongs to one kind of object, and every kind has one")
    void everyReceiverTypeIsAKind() {
        Set<Class<?>> takes = new HashSet<>();
        Coverage.KINDS.forEach(k -> takes.add(k.takes()));
        assertEquals(Set.of(Msg.class.getPermittedSubclasses()), takes);
        assertEquals(Coverage.KINDS.size(), takes.size(), "two kinds take the same type");
    }

    @Test
    @DisplayName("every message record is taken by at least one kind")
    void everyMessageHasAReceiver() {
        List<Class<?>> all = Coverage.records(Msg.class);
        Set<Class<?>> taken = new HashSet<>();
        Coverage.KINDS.forEach(k -> taken.addAll(k.messages()));
        assertEquals(set(all), taken);
        assertEquals(70, all.size(), "message records");
        for (Class<?> m : all) {
            assertTrue(m.isRecord(), m + " is a record");
        }
    }

    @Test
    @DisplayName("a record several kinds take (Get, Put) is one record, not one per receiver")
    void sharedMessages() {
        assertTrue(Msg.ToProg.class.isAssignableFrom(Msg.Put.class));
        assertTrue(Msg.ToInode.class.isAssignableFrom(Msg.Put.class));
        assertFalse(Msg.ToTask.class.isAssignableFrom(Msg.Put.class));
        assertEquals(1, Coverage.records(Msg.class).stream().filter(c -> c == Msg.Put.class).count());
    }

    @Test
    @DisplayName("every event record is folded by at least one kind or makes an object")
    void everyEventHasAFold() {
        for (Class<?> e : Coverage.records(Event.class)) {
            assertTrue(Arrays.stream(e.getInterfaces()).anyMatch(i -> i.getEnclosingClass() == Event.class),
                    e + " belongs to an event space");
        }
        assertEquals(16, Event.class.getPermittedSubclasses().length);
    }

    @Test
    @DisplayName("no message record shares its name with an event record")
    void namesSayOneThing() {
        TreeSet<String> msgs = new TreeSet<>();
        Coverage.records(Msg.class).forEach(c -> msgs.add(c.getSimpleName()));
        TreeSet<String> both = new TreeSet<>();
        Coverage.records(Event.class).forEach(c -> {
            if (msgs.contains(c.getSimpleName())) {
                both.add(c.getSimpleName());
            }
        });
        assertTrue(both.isEmpty(), "named both a message and an event: " + both);
    }

    @Test
    @DisplayName("coverage defines each kind's states times the records of the type its step takes")
    void coverageComesFromTheTypes() {
        TreeSet<String> expected = new TreeSet<>();
        int count = 0;
        for (Coverage.Kind k : Coverage.KINDS) {
            for (String st : k.states()) {
                for (Class<?> m : Coverage.records(k.takes())) {
                    expected.add(k.name() + "/" + st + "/" + m.getSimpleName());
                    count++;
                }
            }
        }
        assertEquals(expected, Coverage.defined());
        assertEquals(count, Coverage.defined().size(), "a triple counted twice");
        assertTrue(Coverage.defined().contains("link/LIVE/Update"));
        assertTrue(Coverage.defined().contains("inode/LINKED/AddName"));
        assertFalse(Coverage.defined().contains("link/LIVE/Granted"), "a link never takes a grant");
    }

    @Test
    @DisplayName("every kind of object state is a coverage kind, with its own name")
    void everyStateIsAKind() {
        Set<Class<?>> states = new HashSet<>();
        Set<String> names = new HashSet<>();
        Coverage.KINDS.forEach(k -> {
            states.add(k.state());
            names.add(k.name());
        });
        assertEquals(concreteStates(ObjectState.class), states);
        assertEquals(Coverage.KINDS.size(), names.size());
    }

    @Test
    @DisplayName("the kernel refuses a message of another receiver's type, naming receiver and message")
    void wrongReceiverThrows() {
        Env env = new Env(null, Semantics.LINUX); // never reached: the message is refused first
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Kernel.step(env, Bpffs.initial(), ActorId.SYNC, new Msg.Continue()));
        assertTrue(e.getMessage().contains("Continue") && e.getMessage().contains("ToBpffs"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Kernel.apply(Sync.initial(), new Event.DirMade("/x")));
        assertThrows(IllegalStateException.class, () -> Kernel.born(new Event.Freed()));
    }

    /** The state records below a sealed state type (Listed groups prog, link and map). */
    private static Set<Class<?>> concreteStates(Class<?> sealed) {
        Set<Class<?>> out = new HashSet<>();
        for (Class<?> sub : sealed.getPermittedSubclasses()) {
            if (sub.isSealed()) {
                out.addAll(concreteStates(sub));
            } else {
                out.add(sub);
            }
        }
        return out;
    }
}
