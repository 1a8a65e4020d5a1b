package io.quarkiverse.rekuest.deployment.client;

import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.RemoteAction;
import io.quarkiverse.rekuest.Task;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** A contract shared as code: served by {@link CalcNodes} and called through a {@code @RekuestClient} proxy. */
public interface CalcApi {

    /**
     * Adds two integers.
     *
     * @param a the first
     * @param b the second
     */
    @Node
    int add(int a, int b);

    @Node
    Uni<String> greet(String name);

    @Node
    Multi<Integer> countTo(int n);

    @Node
    int fail(String why);

    @Node
    int crash();

    /** Runs until {@code millis} passed or the task is cancelled. */
    @Node
    @RemoteAction(deadline = "300ms")
    long slow(long millis, Task task);

    @Node
    Uni<Long> slowAsync(long millis);

    /** Calls {@link #add} from inside the node: a nested call with this task as parent. */
    @Node
    int nested(int a, int b, Task task);
}
