package io.quarkiverse.rekuest.it;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkiverse.rekuest.runtime.client.RekuestCaller;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the application's caller keeps per call. */
final class CallerState {

    private CallerState() {
    }

    /**
     * Waits until the caller holds nothing for any call (calls in flight, nested calls by parent, pending
     * ASSIGN_REQUESTs, subscription listeners), and fails if it still does after 10 s.
     */
    static void awaitNothingPerCall(RekuestCaller caller) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<String, Integer> left = perCall(caller);
        while (left.values().stream().anyMatch(size -> size > 0) && System.nanoTime() < deadline) {
            io.quarkiverse.rekuest.test.wire.GraphQLCaller.sleep(10);
            left = perCall(caller);
        }
        assertEquals(Map.of("open calls", 0, "children by parent", 0, "assign requests", 0, "feed listeners", 0), left,
                "no per-call state is left behind");
    }

    private static Map<String, Integer> perCall(RekuestCaller caller) {
        Map<String, Integer> sizes = new LinkedHashMap<>(caller.stateSizes());
        // not per call: the events of tasks this identity created over GraphQL that no call waits for (NodesTest's), kept
        // for a while, and the resolution cache
        sizes.remove("early events");
        sizes.remove("resolutions (cache)");
        return sizes;
    }
}
