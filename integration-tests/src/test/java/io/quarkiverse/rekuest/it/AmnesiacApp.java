package io.quarkiverse.rekuest.it;

import java.util.Optional;

import io.quarkiverse.rekuest.RemoteAction;
import io.smallrye.mutiny.Uni;

/**
 * Served by {@link AmnesiacAgent} ({@code dev:amnesiac}), whose tasks end {@code COMPLETED} without the {@code YIELD}
 * that carries their value, as when an agent's YIELD was lost in a disconnect and the server stored COMPLETED anyway.
 */
@RemoteAction(app = "amnesiac")
public interface AmnesiacApp {

    /** A required result that never comes. */
    int lostSquare(int n);

    /** A required result that never comes, as a {@code Uni}. */
    Uni<Integer> lostCube(int n);

    /** An optional result that never comes. */
    Optional<Integer> lostMaybe(int n);

    /** A nullable boxed result that never comes. */
    @Nullable
    Integer lostBoxed(int n);

    /** No result at all. */
    void lostNothing(int n);

    /** Idempotent: completes without its YIELD {@code forgets} times for each {@code n}, then returns {@code n * n}. */
    @RemoteAction(retries = 2)
    int forgetful(int n, int forgets);
}
