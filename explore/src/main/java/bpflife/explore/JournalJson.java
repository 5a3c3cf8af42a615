package bpflife.explore;

import bpflife.model.calls.Calls;
import bpflife.protocol.ActorId;
import bpflife.protocol.CallState;
import bpflife.protocol.Event;
import bpflife.protocol.Info;
import bpflife.protocol.Msg;
import bpflife.protocol.StepRecord;
import bpflife.protocol.Syscall;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.PropertyNamingStrategy;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.jsontype.TypeIdResolver;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The journal's records as JSON, in two forms of one tree. Objects appear as their keys
 * ({@code "link:setup.1"}); messages, events, calls and infos carry a {@code "type"} with the
 * record's simple name, a call's state the name its call qualifies ({@code "LinkUpdate.Updating"},
 * from {@link Calls#stateTypes()}). Output is deterministic: record components in declaration
 * order, maps sorted, nulls left out.
 *
 * <ul>
 * <li>The rows' form ({@link #mapper()}, {@link #line}, {@link #parse}; {@link #FORMAT} 2): keys are
 *     the components' Java names. A component named {@code type} (a map's {@code MapType}) is
 *     written under the same key as the record's kind, so such an object holds {@code "type"}
 *     twice: Jackson reads it (the first is the kind), jq and strict parsers do not. The durable
 *     journal's rows were written so by {@code jackson-json}/{@code jackson-cbor} and are still read
 *     with it; its compact rows name the kind {@code "@"} ({@code CompactJournal}).</li>
 * <li>The file's form ({@link #fileMapper()}, {@link #fileLine}, {@link #parseFile}; journal file
 *     version 3, {@link JournalFile}): the same tree with snake_case keys, and a component named
 *     {@code type} written under its Java type's name ({@code map_type}), so that {@code "type"}
 *     is only ever a record's kind and no object repeats a key (docs/JOURNAL-JSON.md).</li>
 * </ul>
 */
public final class JournalJson {
    private JournalJson() {}

    /**
     * The version of the records' tree (the rows' form): 2 journals a call's typed state. The
     * journal file's own version ({@link JournalFile#VERSION}) counts its form as well.
     */
    public static final int FORMAT = 2;

    private static final ObjectMapper MAPPER = build();
    private static final ObjectMapper FILE = MAPPER.copy().setPropertyNamingStrategy(new FileNames());

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    private interface Typed {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The journal file's form (version 3): snake_case keys, {@code "type"} only for a record's kind. */
    public static ObjectMapper fileMapper() {
        return FILE;
    }

    /** One record in the journal file's form. */
    public static String fileLine(StepRecord r) {
        try {
            return FILE.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one record in the journal file's form. */
    public static StepRecord parseFile(String line) throws JsonProcessingException {
        return FILE.readValue(line, StepRecord.class);
    }

    /**
     * The file's key for a component: its name in snake_case, except that a component named
     * {@code type} takes its Java type's name ({@code MapType type} is {@code map_type}): the key
     * {@code type} is the record's kind.
     */
    public static String fileKey(String component, Class<?> javaType) {
        return SNAKE.translate(component.equals("type") ? javaType.getSimpleName() : component);
    }

    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    /** {@link #fileKey} for every way Jackson meets a component (records: field, accessor, constructor). */
    private static final class FileNames extends PropertyNamingStrategy {
        private static final long serialVersionUID = 1L;

        @Override
        public String nameForField(MapperConfig<?> c, AnnotatedField f, String name) {
            return fileKey(name, f.getRawType());
        }

        @Override
        public String nameForGetterMethod(MapperConfig<?> c, AnnotatedMethod m, String name) {
            return fileKey(name, m.getRawReturnType());
        }

        @Override
        public String nameForSetterMethod(MapperConfig<?> c, AnnotatedMethod m, String name) {
            return fileKey(name, m.getRawParameterType(0));
        }

        @Override
        public String nameForConstructorParameter(MapperConfig<?> c, AnnotatedParameter p, String name) {
            return fileKey(name, p.getRawType());
        }
    }

    public static String line(StepRecord r) {
        try {
            return MAPPER.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads one record. A record of format 1 (a call's numbered stage, {@code SyscallProgressed})
     * is refused by name: its frame cannot be turned into a typed state exactly.
     */
    public static StepRecord parse(String line) throws JsonProcessingException {
        try {
            return MAPPER.readValue(line, StepRecord.class);
        } catch (InvalidTypeIdException e) {
            if ("SyscallProgressed".equals(e.getTypeId())) {
                throw new InvalidTypeIdException(e.getProcessor() instanceof JsonParser p ? p : null,
                        "written by journal format 1 (numbered syscall stages); this bpflife reads format " + FORMAT,
                        e.getBaseType(), e.getTypeId());
            }
            throw e;
        }
    }

    private static ObjectMapper build() {
        SimpleModule ids = new SimpleModule("bpflife-ids");
        ids.addSerializer(ActorId.class, new JsonSerializer<>() {
            @Override
            public void serialize(ActorId v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(v.key());
            }
        });
        ids.addDeserializer(ActorId.class, new JsonDeserializer<>() {
            @Override
            public ActorId deserialize(JsonParser p, DeserializationContext c) throws IOException {
                return ActorId.parse(p.getValueAsString());
            }
        });
        ids.addKeyDeserializer(ActorId.class, new KeyDeserializer() {
            @Override
            public Object deserializeKey(String key, DeserializationContext c) {
                return ActorId.parse(key);
            }
        });
        for (Class<?> c : ActorId.class.getPermittedSubclasses()) {
            addIdType(ids, c);
        }
        ObjectMapper m = new ObjectMapper()
                .registerModule(ids)
                .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
                .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        for (Class<?> root : new Class<?>[] {Msg.class, Event.class, Syscall.class, Info.class}) {
            m.addMixIn(root, Typed.class);
            registerRecords(m, root, new HashSet<>());
        }
        m.addHandler(new DeserializationProblemHandler() {
            @Override
            public JavaType handleUnknownTypeId(DeserializationContext c, JavaType base, String id,
                                                TypeIdResolver r, String failure) {
                Class<?> now = RENAMED.get(id);
                return now != null && base.getRawClass().isAssignableFrom(now) ? c.constructType(now) : null;
            }
        });
        m.addMixIn(CallState.class, Typed.class);
        Calls.stateTypes().forEach((name, type) -> m.registerSubtypes(new NamedType(type, name)));
        return m;
    }

    /**
     * Messages renamed since rows were first written (they shared a name with an event), so that a
     * world journaled before still replays: old name -> the record it now is.
     */
    private static final Map<String, Class<?>> RENAMED = Map.of(
            "IdAssigned", Msg.AssignId.class,
            "NameAdded", Msg.AddName.class,
            "NameDropped", Msg.DropName.class,
            "SessionRead", Msg.ReadSession.class);

    /**
     * Each record below a sealed root by its simple name, through the sealed interfaces between
     * (a message is a {@code Msg.ToLink} and a {@code Msg.ToProg} at once: registered once).
     */
    private static void registerRecords(ObjectMapper m, Class<?> c, Set<Class<?>> done) {
        if (!c.isSealed()) {
            if (done.add(c)) {
                m.registerSubtypes(new NamedType(c, c.getSimpleName()));
            }
            return;
        }
        for (Class<?> sub : c.getPermittedSubclasses()) {
            registerRecords(m, sub, done);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends ActorId> void addIdType(SimpleModule mod, Class<?> c) {
        Class<T> t = (Class<T>) c;
        mod.addDeserializer(t, new JsonDeserializer<T>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                return t.cast(ActorId.parse(p.getValueAsString()));
            }
        });
    }
}
