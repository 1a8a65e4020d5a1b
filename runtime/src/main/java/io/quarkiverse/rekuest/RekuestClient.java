package io.quarkiverse.rekuest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;

/**
 * Injects a typed proxy that calls remote rekuest actions. Put it on an injection point of an interface; every
 * abstract method of the interface becomes a call of the action whose definition the method's signature gives,
 * derived exactly as {@link Node} derives it, so an interface implemented by a {@code @Node} bean in one application
 * can be injected with {@code @RekuestClient} in another.
 *
 * <pre>
 * public interface Calculator {
 *     &#64;Node
 *     int add(int a, int b); // blocking
 *
 *     &#64;Node
 *     Uni&lt;Integer&gt; slowAdd(int a, int b); // asynchronous
 *
 *     &#64;Node
 *     Multi&lt;Integer&gt; countTo(int n); // a generator: one item per YIELD
 * }
 *
 * &#64;Inject
 * &#64;RekuestClient
 * Calculator calculator;
 * </pre>
 *
 * The proxy class is generated at build time (no dynamic proxy); the bean is {@code @ApplicationScoped}. How a method
 * finds its action (by key and ports, by hash, at an agent) and its deadline and retries are set with
 * {@link RemoteAction}.
 * <p>
 * Injected into a bean with {@code @Node} methods, the interface is also a declared <em>dependency</em> of those nodes:
 * the server resolves it when their tasks are assigned, and the calls a node makes through it go to the agents it
 * resolved.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE })
public @interface RekuestClient {

    /**
     * Whether the node beans that inject this interface can run without the application that provides its actions.
     * Every {@code @RekuestClient} interface injected into a bean with {@code @Node} methods is declared as a
     * dependency of those nodes (resolved by the server when their tasks are assigned); a required one that no live
     * agent provides is reported by the readiness check. Not a qualifier member: optional and required injection
     * points get the same proxy.
     */
    @jakarta.enterprise.util.Nonbinding
    boolean optional() default false;

    /**
     * The annotation as a value, for programmatic lookup:
     * {@code Arc.container().select(Api.class, RekuestClient.Literal.INSTANCE)}.
     */
    final class Literal extends AnnotationLiteral<RekuestClient> implements RekuestClient {

        private static final long serialVersionUID = 1L;

        /** The single instance. */
        public static final Literal INSTANCE = new Literal();

        @Override
        public boolean optional() {
            return false;
        }
    }
}
