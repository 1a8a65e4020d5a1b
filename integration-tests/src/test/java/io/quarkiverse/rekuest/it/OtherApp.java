package io.quarkiverse.rekuest.it;

import io.quarkiverse.rekuest.RemoteAction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The actions of another application, {@code other}, as this one calls them; {@link OtherAgent} serves them under
 * another agent identity. The definitions derived from these methods match the ones that agent declared.
 */
@RemoteAction(app = "other")
public interface OtherApp {

    int triple(int n);

    Uni<String> spell(String word);

    Multi<Integer> countUp(int to);

    /** FAILs; not idempotent, so never assigned again. */
    @RemoteAction(retries = 2)
    String refuse(String why);

    /** CRITICAL. */
    int explode();

    /** Idempotent: FAILs {@code failures} times for each {@code n}, then returns {@code n}. */
    @RemoteAction(retries = 2)
    int flaky(int n, int failures);

    /** Never answers; obeys CANCEL. */
    @RemoteAction(deadline = "300ms")
    int stall(int millis);

    /** Returns {@code millis} after {@code millis}; obeys CANCEL. */
    Uni<Integer> linger(int millis);

    /** Never answers; ignores CANCEL, obeys INTERRUPT. */
    Uni<Long> hang(long millis);
}
