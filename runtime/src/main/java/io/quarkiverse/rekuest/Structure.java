package io.quarkiverse.rekuest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a type a <em>structure</em>: it travels by reference, as {@code {"__identifier": "@mikro/image", "object": "<id>"}}
 * (a STRUCTURE port). Shrinking turns an object into its id, expanding an id back into an object; both may be
 * asynchronous.
 * <p>
 * Either the type declares both itself, found at build time and called through generated code:
 *
 * <pre>
 * &#64;Structure("@mikro/image")
 * public record Image(String id) {
 *     public Uni&lt;String&gt; shrink() { ... }              // or String, or CompletionStage&lt;String&gt;
 *     public static Uni&lt;Image&gt; expand(String id) { ... }  // or Image, or CompletionStage&lt;Image&gt;
 * }
 * </pre>
 *
 * or a bean implements {@link StructureHandler} for it (for a type you cannot change); then put {@code @Structure}
 * on the bean class to give the identifier.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Structure {

    /**
     * The identifier, {@code @package/key} (e.g. {@code @mikro/image}). Empty means {@code @<java package>/<SimpleName>}.
     */
    String value() default "";
}
