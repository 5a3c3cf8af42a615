package bpflife.cluster;

import bpflife.actors.Command;
import bpflife.explore.JournalJson;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * CBOR for what crosses nodes: the objects' commands and {@link Wire}'s messages. The model's
 * messages and events are written as the journal file writes them ({@link JournalJson}: records by
 * their simple name, ids by their key), so a message means on the wire what it means in the
 * journal; refs as their serialized path. The manifest is the record's short name.
 */
public final class WireSerializer extends SerializerWithStringManifest {
    /** The identifier in {@code pekko.actor.serialization-identifiers}. */
    public static final int ID = 7416;

    private static final Map<String, Class<?>> TYPES = types();

    private final ExtendedActorSystem system;
    private volatile ObjectMapper mapper;

    public WireSerializer(ExtendedActorSystem system) {
        this.system = system;
    }

    private static Map<String, Class<?>> types() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        for (Class<?> c : Wire.class.getPermittedSubclasses()) {
            m.put("W" + c.getSimpleName(), c);
        }
        for (Class<?> c : Command.class.getPermittedSubclasses()) {
            m.put("C" + c.getSimpleName(), c);
        }
        return Map.copyOf(m);
    }

    /** Made on first use: the ref resolver needs the system started. */
    private ObjectMapper mapper() {
        ObjectMapper m = mapper;
        if (m == null) {
            ActorRefResolver resolver = ActorRefResolver.get(Adapter.toTyped(system));
            SimpleModule refs = new SimpleModule("bpflife-refs");
            addRefs(refs, resolver);
            m = JournalJson.mapper().copyWith(new CBORFactory()).registerModule(refs);
            mapper = m;
        }
        return m;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void addRefs(SimpleModule refs, ActorRefResolver resolver) {
        refs.addSerializer(ActorRef.class, new JsonSerializer<ActorRef>() {
            @Override
            public void serialize(ActorRef v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(resolver.toSerializationFormat(v));
            }
        });
        refs.addDeserializer(ActorRef.class, new JsonDeserializer<ActorRef>() {
            @Override
            public ActorRef deserialize(JsonParser p, DeserializationContext c) throws IOException {
                return resolver.resolveActorRef(p.getValueAsString());
            }
        });
    }

    @Override
    public int identifier() {
        return ID;
    }

    @Override
    public String manifest(Object o) {
        String prefix = o instanceof Wire ? "W" : "C";
        return prefix + o.getClass().getSimpleName();
    }

    @Override
    public byte[] toBinary(Object o) {
        try {
            return mapper().writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException("can't serialize " + o.getClass().getName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        Class<?> c = TYPES.get(manifest);
        if (c == null) {
            throw new NotSerializableException("bpflife wire: unknown manifest '" + manifest + "'");
        }
        try {
            return mapper().readValue(bytes, c);
        } catch (IOException e) {
            throw new NotSerializableException("bpflife wire: can't read " + manifest + ": " + e.getMessage());
        }
    }
}
