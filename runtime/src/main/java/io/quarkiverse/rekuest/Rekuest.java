package io.quarkiverse.rekuest;

/**
 * Calls remote actions by name, without a Java interface (the style of the Python client's {@code use(...)} and
 * {@code call(...)}). Inject it:
 *
 * <pre>
 * &#64;Inject
 * Rekuest rekuest;
 *
 * Object sum = rekuest.use("add").call(1, 2); // blocking, positional
 * Uni&lt;Object&gt; greeting = rekuest.use("greet").app("greeter").callAsync(Map.of("name", "Ada"));
 * Multi&lt;Object&gt; counts = rekuest.use("count_to").iterate(3); // a generator
 * </pre>
 *
 * Values are plain JSON values in Java: {@code String}, {@code Integer}/{@code Long}/{@code Double}, {@code Boolean},
 * {@code List} and {@code Map}; arguments are converted with Jackson. Use a {@link RekuestClient} interface for typed
 * values (records, enums, dates).
 */
public interface Rekuest {

    /** The action with this key (from any application, unless narrowed with {@link RemoteActionRef#app}). */
    RemoteActionRef use(String key);

    /** The action whose definition has this hash. */
    RemoteActionRef useHash(String hash);

    /** The implementation that the agent {@code agentId} serves under {@code interfaceName}. */
    RemoteActionRef useImplementation(String agentId, String interfaceName);
}
