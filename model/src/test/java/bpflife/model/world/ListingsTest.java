package bpflife.model.world;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.protocol.IdKind;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Listings over a world whose IDR was never addressed (a live run starts singletons on demand). */
@DisplayName("listings")
class ListingsTest {
    @Test
    @DisplayName("an IDR absent from the states lists nothing (it is still its empty boot state)")
    void absentIdrListsNothing() {
        assertTrue(Listings.show(Map.of(), IdKind.LINK).isEmpty());
        assertTrue(Listings.show(Map.of(), IdKind.PROG).isEmpty());
    }
}
