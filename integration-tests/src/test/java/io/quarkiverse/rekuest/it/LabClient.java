package io.quarkiverse.rekuest.it;

import io.quarkiverse.rekuest.RemoteAction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Some of {@link Lab}'s nodes as a caller declares them: an interface of its own that nothing implements, matched to
 * the actions by key and ports, as an application declares another application's actions.
 */
public interface LabClient {

    /** {@link Lab#sleep}, given up (and cancelled on the server) after 300 ms. */
    @RemoteAction(deadline = "300ms")
    long sleep(long millis);

    /** {@link Lab#await}. */
    Uni<String> await(long millis);

    /** {@link Lab#ticker}. */
    Multi<Long> ticker(long intervalMillis);
}
