package bpflife.persistence;

import bpflife.explore.JournalJson;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperFactory;
import scala.Tuple2;
import scala.collection.immutable.Seq;

/**
 * pekko-serialization-jackson's {@code jackson-json} serializer with the journal file's
 * ObjectMapper ({@link JournalJson#mapper()}): objects as their keys, messages and events with a
 * {@code "type"} of their simple name, nulls left out. So a journal row holds exactly what a line
 * of {@code run --journal FILE.jsonl} holds, and the two read back the same way.
 */
final class JournalJackson extends JacksonObjectMapperFactory {

    @Override
    public ObjectMapper newObjectMapper(String bindingName, JsonFactory jsonFactory) {
        return JournalJson.mapper().copy();
    }

    /** The journal mapper needs none of Pekko's default modules (Scala, java.time, ...). */
    @Override
    public Seq<Module> overrideConfiguredModules(String bindingName, Seq<Module> configured) {
        return scala.collection.immutable.List$.MODULE$.empty();
    }

    /** Records are read through their accessors, as the journal file does (not Pekko's FIELD = ANY). */
    @Override
    public Seq<Tuple2<PropertyAccessor, JsonAutoDetect.Visibility>> overrideConfiguredVisibility(
            String bindingName, Seq<Tuple2<PropertyAccessor, JsonAutoDetect.Visibility>> configured) {
        return scala.collection.immutable.List$.MODULE$.empty();
    }
}
