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
 * The ObjectMapper of pekko-serialization-jackson's serializers: the rows' form of the journal's
 * records ({@link JournalJson#mapper()}: objects as their keys, messages and events with a
 * {@code "type"} of their simple name, Java names, nulls left out; not the journal file's version-3
 * form, which renamed keys) on the binding's own format. Rows are written with
 * {@code bpflife-cbor}: the same tree with short names and string references ({@link CompactJournal});
 * rows written by earlier versions with {@code jackson-cbor} (the tree in CBOR, full names) or
 * {@code jackson-json} carry that serializer's id and still read back through it.
 */
final class JournalJackson extends JacksonObjectMapperFactory {

    @Override
    public ObjectMapper newObjectMapper(String bindingName, JsonFactory jsonFactory) {
        if (bindingName.equals(CompactJournal.BINDING)) {
            return CompactJournal.mapper();
        }
        return JournalJson.mapper().copyWith(jsonFactory);
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
