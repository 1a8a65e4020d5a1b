package io.quarkiverse.rekuest.it;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkiverse.rekuest.test.FakeAction;
import io.quarkiverse.rekuest.test.FakeAgent;
import io.quarkiverse.rekuest.test.FakeTask;

/**
 * The agent of {@link AmnesiacApp}: a {@link FakeAgent} of the app {@code amnesiac} that reports {@code COMPLETED}
 * without the {@code YIELD} of its functions.
 */
final class AmnesiacAgent {

    /** Assignments of {@code forgetful} seen, by {@code n}. */
    static final Map<Integer, AtomicInteger> FORGETFUL = new ConcurrentHashMap<>();

    private AmnesiacAgent() {
    }

    static FakeAgent start(String url) {
        return FakeAgent.on(url, Identities.app("amnesiac")).named("amnesiac")
                .serve(FakeAction.function("lost_square").arg("n", "INT").returns("INT").respond(FakeTask::complete))
                .serve(FakeAction.function("lost_cube").arg("n", "INT").returns("INT").respond(FakeTask::complete))
                .serve(FakeAction.function("lost_maybe").arg("n", "INT").returnsNullable("INT")
                        .respond(FakeTask::complete))
                .serve(FakeAction.function("lost_boxed").arg("n", "INT").returnsNullable("INT")
                        .respond(FakeTask::complete))
                .serve(FakeAction.function("lost_nothing").arg("n", "INT").respond(FakeTask::complete))
                .serve(FakeAction.function("forgetful").idempotent().arg("n", "INT").arg("forgets", "INT").returns("INT")
                        .respond(task -> {
                            int n = task.arg("n").asInt();
                            int attempt = FORGETFUL.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
                            if (attempt > task.arg("forgets").asInt()) {
                                task.yield(n * n);
                            }
                            task.complete();
                        }))
                .start();
    }
}
