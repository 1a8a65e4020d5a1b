package io.quarkiverse.rekuest.runtime.agent;

import io.smallrye.common.vertx.ContextLocals;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The task a {@code @Node} method is running, for calls it makes: a call made while a node runs carries that task as
 * its parent (§2.8). Set on the thread while the method is invoked and on the task's duplicated Vert.x context, so a
 * {@code Uni} or {@code Multi} built by the method finds it too.
 */
public final class TaskContext {

    static final String KEY = "io.quarkiverse.rekuest.task";

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private TaskContext() {
    }

    /** The id of the task running on this thread or Vert.x context, or {@code null}. */
    public static String current() {
        String task = CURRENT.get();
        if (task != null) {
            return task;
        }
        Context context = Vertx.currentContext();
        if (context != null && io.smallrye.common.vertx.VertxContext.isDuplicatedContext(context)) {
            return ContextLocals.<String> get(KEY).orElse(null);
        }
        return null;
    }

    static String enter(String task) {
        String previous = CURRENT.get();
        CURRENT.set(task);
        return previous;
    }

    static void exit(String previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    static void bind(Context context, String task) {
        context.putLocal(KEY, task);
    }
}
