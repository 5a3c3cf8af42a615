package bpflife.persistence;

import bpflife.protocol.StepRecord;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.apache.pekko.serialization.jackson.JacksonSerializer;

/**
 * Fault injection: the journal's CBOR serializer (as Pekko's JacksonCborSerializer, which is final),
 * which refuses one step record, the one after {@link #budget} more, and serializes every other, as a
 * record too large or a bug in a new event type would be refused. Configured in a test as {@code
 * pekko.actor.serializers.bpflife-cbor}.
 */
public final class RefusingSerializer extends JacksonSerializer {
    /** Step records still serialized before the one refused; below zero, none is refused (the default). */
    static final AtomicInteger budget = new AtomicInteger(-1);

    public RefusingSerializer(ExtendedActorSystem system, String bindingName) {
        super(system, bindingName, JacksonObjectMapperProvider.get(system).getOrCreate(bindingName,
                Optional.of(new CBORFactory())));
    }

    @Override
    public byte[] toBinary(Object o) {
        if (o instanceof StepRecord && budget.getAndDecrement() == 0) {
            throw new IllegalArgumentException("refused by the test's serializer");
        }
        return super.toBinary(o);
    }
}
