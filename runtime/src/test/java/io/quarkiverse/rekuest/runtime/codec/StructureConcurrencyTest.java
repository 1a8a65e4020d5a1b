package io.quarkiverse.rekuest.runtime.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.runtime.codec.JavaType.Shape;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;
import io.quarkiverse.rekuest.runtime.definition.PortKind;

import static io.quarkiverse.rekuest.runtime.codec.CodecFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Structures travel by id and are expanded by their generated {@link StructureAdapter} (named by
 * {@link JavaType#adapter()} of a {@link Shape#STRUCTURE}); a list of them is expanded concurrently.
 */
class StructureConcurrencyTest {

    public record Thing(String id) {
    }

    /** A structure adapter whose expansions complete only when the test says so. */
    static final class Pending implements StructureAdapter {
        final Map<String, CompletableFuture<Object>> expansions = new ConcurrentHashMap<>();
        final List<String> order = new ArrayList<>();

        @Override
        public synchronized CompletionStage<String> shrink(Object value) {
            return CompletableFuture.completedFuture(((Thing) value).id());
        }

        @Override
        public synchronized CompletionStage<Object> expand(String id) {
            order.add(id);
            return expansions.computeIfAbsent(id, k -> new CompletableFuture<>());
        }
    }

    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
    }

    private static PortDefinition thingPort(String key) {
        return new PortDefinition(key, PortKind.STRUCTURE, false, null, "@test/Thing", null, null, List.of(), List.of());
    }

    private static JavaType thingType() {
        return adapted(Shape.STRUCTURE, "thing");
    }

    private static NodeCodec things(StructureAdapter adapter) {
        return codec(new PortCodec(ADAPTERS, Map.of("thing", adapter), new MemoryShelve()),
                List.of(port("things", PortKind.LIST, false, thingPort(PortDefinition.ELEMENT_KEY))),
                List.of(type(Shape.LIST, thingType())));
    }

    private static JsonNode thingArgs(int n) {
        StringBuilder json = new StringBuilder("{\"things\": [");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",").append("{\"__identifier\": \"@test/Thing\", \"object\": \"id").append(i)
                    .append("\"}");
        }
        return json(json.append("]}").toString());
    }

    @Test
    void aListOfStructuresIsExpandedConcurrentlyAndInOrder() throws Exception {
        Pending adapter = new Pending();
        NodeCodec codec = things(adapter);
        assertTrue(codec.expandsArgsAsync());
        CompletableFuture<Object[]> result = codec.argumentsAsync(thingArgs(10), null).toCompletableFuture();
        // every expansion started before any finished
        assertEquals(10, adapter.expansions.size());
        assertFalse(result.isDone());
        // finish them in reverse order, from other threads
        for (int i = 9; i >= 0; i--) {
            String id = "id" + i;
            pool.submit(() -> adapter.expansions.get(id).complete(new Thing(id))).get();
        }
        List<?> things = (List<?>) result.get(5, TimeUnit.SECONDS)[0];
        List<Thing> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add(new Thing("id" + i));
        }
        assertEquals(expected, things);
    }

    @Test
    void expansionsRunInParallelOnAnExecutor() throws Exception {
        int n = 8;
        CountDownLatch allStarted = new CountDownLatch(n);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        StructureAdapter adapter = new StructureAdapter() {
            @Override
            public CompletionStage<String> shrink(Object value) {
                return CompletableFuture.supplyAsync(() -> ((Thing) value).id(), pool);
            }

            @Override
            public CompletionStage<Object> expand(String id) {
                return CompletableFuture.supplyAsync(() -> {
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    allStarted.countDown();
                    try {
                        // each expansion waits for all the others to have started: only possible when concurrent
                        if (!allStarted.await(5, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("expansions did not run concurrently");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    running.decrementAndGet();
                    return new Thing(id);
                }, pool);
            }
        };
        NodeCodec codec = things(adapter);
        List<?> things = (List<?>) codec.argumentsAsync(thingArgs(n), null).toCompletableFuture().get(10,
                TimeUnit.SECONDS)[0];
        assertEquals(n, things.size());
        for (int i = 0; i < n; i++) {
            assertEquals(new Thing("id" + i), things.get(i));
        }
        assertEquals(n, maxRunning.get());
        // and back: shrinking is concurrent too, and keeps the order
        JsonNode shrunk = codec.shrinkArgsAsync(things).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(thingArgs(n), shrunk);
    }

    @Test
    void aFailedExpansionNamesTheElement() throws Exception {
        Pending adapter = new Pending();
        NodeCodec codec = things(adapter);
        CompletableFuture<Object[]> result = codec.argumentsAsync(thingArgs(4), null).toCompletableFuture();
        adapter.expansions.get("id0").complete(new Thing("id0"));
        adapter.expansions.get("id1").complete(new Thing("id1"));
        adapter.expansions.get("id2").complete(null);
        adapter.expansions.get("id3").completeExceptionally(new IllegalStateException("boom"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(5, TimeUnit.SECONDS));
        CodecException codecException = assertInstanceOf(CodecException.class, e.getCause());
        // the first failure by index
        assertEquals("'things[2]' expanded to null: the @test/Thing id2 was not found", codecException.getMessage());
    }

    @Test
    void anAdapterFailureNamesTheElementAndTheCause() throws Exception {
        Pending adapter = new Pending();
        NodeCodec codec = things(adapter);
        CompletableFuture<Object[]> result = codec.argumentsAsync(thingArgs(2), null).toCompletableFuture();
        adapter.expansions.get("id0").complete(new Thing("id0"));
        adapter.expansions.get("id1").completeExceptionally(new IllegalStateException("boom"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(5, TimeUnit.SECONDS));
        assertEquals("'things[1]' could not expand the @test/Thing id1: java.lang.IllegalStateException: boom",
                e.getCause().getMessage());
    }

    @Test
    void aWrongReferenceNamesTheElement() {
        // every expansion finishes at once: the result waits for all of them
        NodeCodec codec = things(new StructureAdapter() {
            @Override
            public CompletionStage<String> shrink(Object value) {
                return CompletableFuture.completedFuture(((Thing) value).id());
            }

            @Override
            public CompletionStage<Object> expand(String id) {
                return CompletableFuture.completedFuture(new Thing(id));
            }
        });
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> codec.argumentsAsync(json("{\"things\": [\"id0\", {\"__identifier\": \"@test/Other\", \"object\": 1}]}"),
                        null).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals("'things[1]' is a @test/Other, not a @test/Thing", e.getCause().getMessage());
        ExecutionException missing = assertThrows(ExecutionException.class,
                () -> codec.argumentsAsync(json("{\"things\": [{\"__identifier\": \"@test/Thing\"}]}"), null)
                        .toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals("'things[0].object' must be the id of the @test/Thing, got nothing", missing.getCause().getMessage());
    }

    @Test
    void theSynchronousSideRefusesStructures() {
        NodeCodec codec = things(new Pending());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> codec.arguments(thingArgs(1), null));
        assertEquals("This port holds a structure: use expandAsync/shrinkAsync", e.getMessage());
    }

    @Test
    void missingStructureListIsRequired() {
        NodeCodec codec = things(new Pending());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> codec.argumentsAsync(json("{}"), null).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals("'things' is required: it has no default and is not nullable", e.getCause().getMessage());
    }

    /** The synchronous side applies a port's default to a missing value; the asynchronous side should too. */
    @Test
    void aDefaultAppliesToAStructurePort() throws Exception {
        Pending adapter = new Pending();
        NodeCodec codec = codec(new PortCodec(ADAPTERS, Map.of("thing", adapter), new MemoryShelve()),
                List.of(withDefault("things", PortKind.LIST, false, "[]", thingPort(PortDefinition.ELEMENT_KEY))),
                List.of(type(Shape.LIST, thingType())));
        Object[] args = codec.argumentsAsync(json("{}"), null).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(List.of(), args[0]);
    }
}
