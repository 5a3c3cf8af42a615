package bpflife.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.calls.Calls;
import bpflife.model.calls.CleaningUp;
import bpflife.model.calls.LinkUpdate;
import bpflife.protocol.ActorId.LinkId;
import bpflife.protocol.ActorId.ProgId;
import bpflife.protocol.Errno;
import bpflife.protocol.Event;
import bpflife.protocol.Result;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The journal names a call's state by its call ("LinkUpdate.Updating") and reads it back as it was. */
@DisplayName("call states in the journal")
class CallStateJsonTest {

    @Test
    @DisplayName("a state is written with its qualified name and named fields, and read back equal")
    void qualifiedNameAndFields() throws Exception {
        Event e = new Event.SyscallMoved(new LinkUpdate.Updating(new LinkId("setup", 3), new ProgId("setup", 1)));
        String json = JournalJson.mapper().writeValueAsString(e);
        assertEquals("{\"type\":\"SyscallMoved\",\"state\":{\"type\":\"LinkUpdate.Updating\",\"link\":\"link:setup.3\","
                + "\"oldProg\":\"prog:setup.1\"}}", json);
        assertEquals(e, JournalJson.mapper().readValue(json, Event.class));
        Event cleanup = new Event.SyscallMoved(new CleaningUp(Result.error(Errno.EPERM), 2));
        assertEquals(cleanup, JournalJson.mapper().readValue(JournalJson.mapper().writeValueAsString(cleanup),
                Event.class));
    }

    @Test
    @DisplayName("a record of journal format 1 (a numbered stage) is refused by name")
    void formatOneRecordIsRefused() {
        String old = "{\"position\":1,\"receiver\":\"task:t\",\"sender\":\"task:t\",\"channelSeq\":1,"
                + "\"message\":{\"type\":\"Continue\"},\"events\":[{\"type\":\"SyscallProgressed\","
                + "\"frame\":{\"stage\":1}}],\"spawned\":[],\"sent\":[]}";
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> JournalJson.parse(old));
        assertEquals("written by journal format 1 (numbered syscall stages); this bpflife reads format 2",
                e.getOriginalMessage());
    }

    @Test
    @DisplayName("every state of every call is registered under a name of its call")
    void everyStateIsNamed() {
        var types = Calls.stateTypes();
        assertTrue(types.size() > 30, types.keySet().toString());
        types.forEach((name, type) -> assertEquals(type.getEnclosingClass() == null ? type.getSimpleName()
                : type.getEnclosingClass().getSimpleName() + "." + type.getSimpleName(), name));
        assertEquals(LinkUpdate.Updating.class, types.get("LinkUpdate.Updating"));
    }
}
