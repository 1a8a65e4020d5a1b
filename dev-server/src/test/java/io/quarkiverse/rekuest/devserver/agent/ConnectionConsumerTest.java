package io.quarkiverse.rekuest.devserver.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The consumer's last resort: work that throws never reaches the event loop. The failure goes to the connection's
 * handler (AgentSocket closes with 1011 and logs once), the rest of the backlog is dropped, and the disconnect
 * handling after the close still runs; a disconnect handling that throws does not escape either.
 */
class ConnectionConsumerTest {

    @Test
    void workThatThrowsStopsTheConsumerAndReachesTheFailureHandlerOnly() throws Exception {
        Vertx vertx = Vertx.vertx();
        List<Throwable> escaped = new ArrayList<>();
        vertx.exceptionHandler(escaped::add);
        try {
            CompletableFuture<List<String>> result = new CompletableFuture<>();
            List<String> ran = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            vertx.runOnContext(v -> {
                ConnectionConsumer consumer = new ConnectionConsumer(vertx, failures::add);
                consumer.submit(0, () -> ran.add("first"));
                consumer.submit(5, () -> {
                    throw new IllegalStateException("a bug in a handler");
                });
                consumer.submit(0, () -> ran.add("behind the failure"));
                vertx.setTimer(100, t -> {
                    ran.add("failures=" + failures.size());
                    consumer.drainThen(1000, () -> {
                        ran.add("disconnect handling");
                        throw new IllegalStateException("a bug in the disconnect handling");
                    });
                    ran.add("failures=" + failures.size());
                    result.complete(ran);
                });
            });
            assertEquals(List.of("first", "failures=1", "disconnect handling", "failures=2"),
                    result.get(5, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, failures.get(0));
            assertEquals(List.of(), escaped, "nothing reached the event loop");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }
}
