package io.quarkiverse.rekuest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a method of a {@link RekuestClient} interface finds its action and how it is called. On the interface it applies
 * to every method; on a method it overrides the interface's values member by member.
 * <p>
 * By default a method calls the action whose key and ports match its signature (derived as {@link Node} derives a
 * definition), provided by any application. {@link #app()} and {@link #version()} narrow the match; {@link #hash()}
 * names the action by its definition hash; {@link #agent()} with {@link #implementation()} calls one agent's
 * implementation. {@link #spread()} shares the calls among replicas.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface RemoteAction {

    /** Only actions of this application (its client app identifier). Empty means any application. */
    String app() default "";

    /** Only this version of the action. Empty means any version. */
    String version() default "";

    /** The action's definition hash. When set, the key and ports are not matched. */
    String hash() default "";

    /** The id of the agent to call; requires {@link #implementation()} (or uses the action key as interface). */
    String agent() default "";

    /** The interface under which {@link #agent()} serves the action. Empty means the action key. */
    String implementation() default "";

    /**
     * How long a call may take, as an ISO-8601 duration or a number with a unit ({@code 500ms}, {@code 5s},
     * {@code PT1M}). When it expires the call fails with {@link RemoteDeadlineException} and the task is cancelled
     * on the server. Empty means {@code quarkus.rekuest.client.deadline}.
     */
    String deadline() default "";

    /**
     * How many times a call that ends {@code FAILED} is assigned again, for idempotent (or pure) actions only. -1
     * means {@code quarkus.rekuest.client.retries}.
     */
    int retries() default -1;

    /**
     * Which live implementation a call goes to: the server's first available one, or spread over all of them
     * (round-robin, least busy) by this application, which then assigns by implementation id and assigns an idempotent
     * call whose replica is lost again elsewhere. {@link Spread#CONFIGURED} means {@code quarkus.rekuest.client.spread}
     * (or the interface's value, on a method). Not used with {@link #agent()}.
     */
    Spread spread() default Spread.CONFIGURED;
}
