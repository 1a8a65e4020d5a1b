package io.quarkiverse.rekuest.it;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import static io.quarkiverse.rekuest.it.RawAgent.function;
import static io.quarkiverse.rekuest.it.RawAgent.implementation;
import static io.quarkiverse.rekuest.it.RawAgent.port;

/** The agent of the application {@code other} ({@link OtherApp}): a {@link RawAgent} with the token {@code dev:other}. */
final class OtherAgent {

    static final String TOKEN = "dev:other";

    /** Assignments of {@code flaky} seen, by {@code n}. */
    static final Map<Integer, AtomicInteger> FLAKY = new ConcurrentHashMap<>();

    /** The agent of the running test class ({@link #shared}), closed by {@link #closeShared()}. */
    private static RawAgent shared;

    private OtherAgent() {
    }

    /** The other agent on the server at {@code url}, started on the first call of a test class. */
    static synchronized RawAgent shared(String url) {
        if (shared == null) {
            shared = start(url);
        }
        return shared;
    }

    /** Closes the agent of {@link #shared} (after a test class). */
    static synchronized void closeShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    /** Declares the actions on the server at {@code url} and serves them. */
    static RawAgent start(String url) {
        return new RawAgent(url, TOKEN)
                .implement(function("triple", false, "INT", List.of(port("n", "INT"))), (agent, assign) -> {
                    agent.yield(task(assign), 3 * arg(assign, "n").asInt());
                    agent.completed(task(assign));
                })
                .implement(function("spell", false, "STRING", List.of(port("word", "STRING"))), (agent, assign) -> {
                    agent.yield(task(assign), arg(assign, "word").asText().toUpperCase() + "!");
                    agent.completed(task(assign));
                })
                .implement(implementation("count_up", "GENERATOR", false, List.of(port("to", "INT")),
                        List.of(port("return0", "INT"))), (agent, assign) -> {
                            for (int i = 1; i <= arg(assign, "to").asInt(); i++) {
                                agent.yield(task(assign), i);
                            }
                            agent.completed(task(assign));
                        })
                .implement(function("refuse", false, "STRING", List.of(port("why", "STRING"))),
                        (agent, assign) -> agent.failed(task(assign), "refused: " + arg(assign, "why").asText()))
                .implement(function("explode", false, "INT", List.of()),
                        (agent, assign) -> agent.critical(task(assign), "the other app exploded"))
                .implement(function("flaky", true, "INT", List.of(port("n", "INT"), port("failures", "INT"))),
                        (agent, assign) -> {
                            int n = arg(assign, "n").asInt();
                            int attempt = FLAKY.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
                            if (attempt <= arg(assign, "failures").asInt()) {
                                agent.failed(task(assign), "attempt " + attempt + " failed");
                            } else {
                                agent.yield(task(assign), n);
                                agent.completed(task(assign));
                            }
                        })
                .implement(function("stall", false, "INT", List.of(port("millis", "INT"))), (agent, assign) -> {
                })
                .implement(function("linger", false, "INT", List.of(port("millis", "INT"))), (agent, assign) -> {
                    int millis = arg(assign, "millis").asInt();
                    agent.later(task(assign), millis, () -> {
                        agent.yield(task(assign), millis);
                        agent.completed(task(assign));
                    });
                })
                .implement(function("hang", false, "INT", List.of(port("millis", "INT"))), (agent, assign) -> {
                })
                .ignoringCancel("hang")
                .start();
    }

    static String task(JsonNode assign) {
        return assign.get("task").asText();
    }

    static JsonNode arg(JsonNode assign, String key) {
        return assign.get("args").get(key);
    }
}
