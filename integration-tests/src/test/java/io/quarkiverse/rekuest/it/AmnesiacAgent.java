package io.quarkiverse.rekuest.it;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import static io.quarkiverse.rekuest.it.RawAgent.function;
import static io.quarkiverse.rekuest.it.RawAgent.implementation;
import static io.quarkiverse.rekuest.it.RawAgent.port;

/**
 * The agent of {@link AmnesiacApp}: a {@link RawAgent} with the token {@code dev:amnesiac} that reports
 * {@code COMPLETED} without the {@code YIELD} of its functions.
 */
final class AmnesiacAgent {

    static final String TOKEN = "dev:amnesiac";

    /** Assignments of {@code forgetful} seen, by {@code n}. */
    static final Map<Integer, AtomicInteger> FORGETFUL = new ConcurrentHashMap<>();

    private AmnesiacAgent() {
    }

    static RawAgent start(String url) {
        return new RawAgent(url, TOKEN)
                .implement(function("lost_square", false, "INT", List.of(port("n", "INT"))), AmnesiacAgent::forget)
                .implement(function("lost_cube", false, "INT", List.of(port("n", "INT"))), AmnesiacAgent::forget)
                .implement(implementation("lost_maybe", "FUNCTION", false, List.of(port("n", "INT")),
                        List.of(nullable("return0", "INT"))), AmnesiacAgent::forget)
                .implement(implementation("lost_boxed", "FUNCTION", false, List.of(port("n", "INT")),
                        List.of(nullable("return0", "INT"))), AmnesiacAgent::forget)
                .implement(implementation("lost_nothing", "FUNCTION", false, List.of(port("n", "INT")), List.of()),
                        AmnesiacAgent::forget)
                .implement(function("forgetful", true, "INT", List.of(port("n", "INT"), port("forgets", "INT"))),
                        (agent, assign) -> {
                            int n = OtherAgent.arg(assign, "n").asInt();
                            int attempt = FORGETFUL.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
                            if (attempt > OtherAgent.arg(assign, "forgets").asInt()) {
                                agent.yield(OtherAgent.task(assign), n * n);
                            }
                            agent.completed(OtherAgent.task(assign));
                        })
                .start();
    }

    /** COMPLETED, without the YIELD. */
    private static void forget(RawAgent agent, JsonNode assign) {
        agent.completed(OtherAgent.task(assign));
    }

    private static Map<String, Object> nullable(String key, String kind) {
        Map<String, Object> port = new LinkedHashMap<>(port(key, kind));
        port.put("nullable", true);
        return port;
    }
}
