package bpflife.persistence;

import bpflife.explore.JournalJson;
import bpflife.model.calls.Calls;
import bpflife.protocol.CallState;
import bpflife.protocol.Event;
import bpflife.protocol.Info;
import bpflife.protocol.Msg;
import bpflife.protocol.Syscall;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The durable journal's compact encoding (serializer {@code bpflife-cbor}, id 7402): the tree a
 * journal line holds ({@link JournalJson}), in CBOR with string references (a string met again in
 * the same row, an object's key such as {@code task:rd_open_p1_3}, costs one or two bytes), and
 * with short names: every record component and every type name (a message's, an event's, a call
 * state's) is written as its number in {@code journal-names.txt}, in decimal (so it can never be
 * a Java name), and the type property is {@code "@"}. A load event's row fell from 424 bytes on
 * average to about 220 (BENCHMARKS.md).
 *
 * <p>Assumptions and guarantees: journal-names.txt is append-only; a name is never removed or
 * moved, so a row written by any version reads back with the same names. A name missing from the
 * file (a component added and not appended yet) is written in full and read back as such:
 * {@code CompactJournalTest} fails until it is appended. Rows written before, by Pekko's
 * {@code jackson-cbor} or {@code jackson-json}, name that serializer in the row and are read by it
 * with the full names, so an old journal reads as it did.
 */
final class CompactJournal {
    private CompactJournal() {}

    /** The Pekko serializer (binding) name; its id is in bpflife-persistence.conf. */
    static final String BINDING = "bpflife-cbor";

    /** The names, in code order (the code of the i-th is i, in decimal). */
    static final List<String> NAMES = load();
    private static final Map<String, String> CODE = codes();
    private static final Map<String, String> NAME = names();

    /**
     * The type names the journal writes (simple names; a call state by its qualified name) to their
     * classes; a name can stand for two classes under different roots (a message and a call state),
     * told apart by the type the field declares.
     */
    static final Map<String, List<Class<?>>> TYPES = types();
    private static final Map<Class<?>, String> TYPE_NAME = typeNames();

    @JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, property = "@")
    @JsonTypeIdResolver(ShortTypeIds.class)
    private interface Typed {}

    /** The compact mapper: the journal file's, on CBOR with string references and short names. */
    static ObjectMapper mapper() {
        CBORFactory f = CBORFactory.builder().enable(CBORGenerator.Feature.STRINGREF).build();
        ObjectMapper m = JournalJson.mapper().copyWith(f);
        m.setPropertyNamingStrategy(new PropertyNamingStrategies.NamingBase() {
            private static final long serialVersionUID = 1L;

            @Override
            public String translate(String name) {
                return CODE.getOrDefault(name, name);
            }
        });
        for (Class<?> root : new Class<?>[] {Msg.class, Event.class, Syscall.class, Info.class, CallState.class}) {
            m.addMixIn(root, Typed.class);
        }
        return m;
    }

    /** A type by its code (or its full name, for a type not in the file when the row was written). */
    public static final class ShortTypeIds extends TypeIdResolverBase {
        private JavaType base;

        @Override
        public void init(JavaType bt) {
            base = bt;
        }

        @Override
        public String idFromValue(Object value) {
            return idFromValueAndType(value, value.getClass());
        }

        @Override
        public String idFromValueAndType(Object value, Class<?> type) {
            String name = TYPE_NAME.get(type);
            if (name == null) {
                throw new IllegalStateException("no journal type name for " + type.getName());
            }
            return CODE.getOrDefault(name, name);
        }

        @Override
        public JavaType typeFromId(DatabindContext c, String id) {
            String name = NAME.getOrDefault(id, id);
            for (Class<?> t : TYPES.getOrDefault(name, List.of())) {
                if (base == null || base.getRawClass().isAssignableFrom(t)) {
                    return c.constructType(t);
                }
            }
            throw new IllegalArgumentException("unknown journal type '" + name + "'"
                    + (base == null ? "" : " for " + base.getRawClass().getSimpleName()));
        }

        @Override
        public JsonTypeInfo.Id getMechanism() {
            return JsonTypeInfo.Id.CUSTOM;
        }
    }

    private static List<String> load() {
        try (InputStream in = CompactJournal.class.getResourceAsStream("journal-names.txt")) {
            if (in == null) {
                throw new IllegalStateException("journal-names.txt is missing from the class path");
            }
            List<String> out = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.strip());
                }
            }
            if (new HashSet<>(out).size() != out.size()) {
                throw new IllegalStateException("journal-names.txt names a name twice");
            }
            return Collections.unmodifiableList(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> codes() {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < NAMES.size(); i++) {
            m.put(NAMES.get(i), Integer.toString(i));
        }
        return m;
    }

    private static Map<String, String> names() {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < NAMES.size(); i++) {
            m.put(Integer.toString(i), NAMES.get(i));
        }
        return m;
    }

    /** As JournalJson names them: each record under the sealed roots by its simple name, call states qualified. */
    private static Map<String, List<Class<?>>> types() {
        Map<String, List<Class<?>>> m = new HashMap<>();
        for (Class<?> root : new Class<?>[] {Msg.class, Event.class, Syscall.class, Info.class}) {
            records(root, m, new HashSet<>());
        }
        Calls.stateTypes().forEach((name, type) -> m.computeIfAbsent(name, k -> new ArrayList<>()).add(type));
        return Collections.unmodifiableMap(m);
    }

    private static void records(Class<?> c, Map<String, List<Class<?>>> m, Set<Class<?>> done) {
        if (!c.isSealed()) {
            if (done.add(c)) {
                m.computeIfAbsent(c.getSimpleName(), k -> new ArrayList<>()).add(c);
            }
            return;
        }
        for (Class<?> sub : c.getPermittedSubclasses()) {
            records(sub, m, done);
        }
    }

    private static Map<Class<?>, String> typeNames() {
        Map<Class<?>, String> m = new HashMap<>();
        TYPES.forEach((name, types) -> types.forEach(type -> m.put(type, name)));
        return m;
    }
}
