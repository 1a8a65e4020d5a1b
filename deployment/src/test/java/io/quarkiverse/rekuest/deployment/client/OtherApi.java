package io.quarkiverse.rekuest.deployment.client;

import io.quarkiverse.rekuest.RemoteAction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The contract of actions another agent identity ({@code dev:other-app}, a {@link RawAgent}) serves: this application
 * only calls them. The definitions derived from these methods match the ones that agent declared.
 */
@RemoteAction(app = "other-app")
public interface OtherApi {

    int multiply(int a, int b);

    Uni<String> shout(String word);

    Multi<Integer> countdown(int from);

    @RemoteAction(retries = 2)
    String refuse(String why);

    /** Idempotent on the other side: FAILs {@code failures} times for each {@code n}, then returns {@code n}. */
    @RemoteAction(retries = 2)
    int flaky(int n, int failures);

    /** Never finishes; ignores CANCEL, obeys INTERRUPT. */
    Uni<Long> hang(long millis);
}
