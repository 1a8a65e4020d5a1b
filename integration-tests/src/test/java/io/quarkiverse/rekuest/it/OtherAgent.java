package io.quarkiverse.rekuest.it;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkiverse.rekuest.test.FakeAction;
import io.quarkiverse.rekuest.test.FakeAgent;

/** The agent of the application {@code other} ({@link OtherApp}): a {@link FakeAgent} with that app's token. */
final class OtherAgent {

    /** Its agent name on the server. */
    static final String NAME = "other";

    /** Assignments of {@code flaky} seen, by {@code n}. */
    static final Map<Integer, AtomicInteger> FLAKY = new ConcurrentHashMap<>();

    /** The agent of the running test class ({@link #shared}), closed by {@link #closeShared()}. */
    private static FakeAgent shared;

    private OtherAgent() {
    }

    /** The other agent on the server at {@code url}, started on the first call of a test class. */
    static synchronized FakeAgent shared(String url) {
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
    static FakeAgent start(String url) {
        return FakeAgent.on(url, Identities.app("other")).named(NAME)
                .serve(FakeAction.function("triple").arg("n", "INT").returns("INT")
                        .respond(task -> task.yield(3 * task.arg("n").asInt()).complete()))
                .serve(FakeAction.function("spell").arg("word", "STRING").returns("STRING")
                        .respond(task -> task.yield(task.arg("word").asText().toUpperCase() + "!").complete()))
                .serve(FakeAction.generator("count_up").arg("to", "INT").returns("INT").respond(task -> {
                    for (int i = 1; i <= task.arg("to").asInt(); i++) {
                        task.yield(i);
                    }
                    task.complete();
                }))
                .serve(FakeAction.function("refuse").arg("why", "STRING").returns("STRING")
                        .respond(task -> task.fail("refused: " + task.arg("why").asText())))
                .serve(FakeAction.function("explode").returns("INT").critical("the other app exploded"))
                .serve(FakeAction.function("flaky").idempotent().arg("n", "INT").arg("failures", "INT").returns("INT")
                        .respond(task -> {
                            int n = task.arg("n").asInt();
                            int attempt = FLAKY.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
                            if (attempt <= task.arg("failures").asInt()) {
                                task.fail("attempt " + attempt + " failed");
                            } else {
                                task.yield(n).complete();
                            }
                        }))
                .serve(FakeAction.function("stall").arg("millis", "INT").returns("INT").hang())
                .serve(FakeAction.function("linger").arg("millis", "INT").returns("INT").respond(task -> {
                    int millis = task.arg("millis").asInt();
                    task.later(millis, () -> task.yield(millis).complete());
                }))
                .serve(FakeAction.function("hang").arg("millis", "INT").returns("INT").ignoringCancel().hang())
                .start();
    }
}
