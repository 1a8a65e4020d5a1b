package io.quarkiverse.rekuest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a type a <em>memory structure</em> (a MEMORY_STRUCTURE port): a value that never leaves the agent that made
 * it. Returned from a node, it is put in the agent's in-memory shelve and registered with {@code shelveInMemoryDrawer};
 * only the drawer id travels, as {@code {"__identifier": "@app/camera", "object": "<drawer id>"}}. Passed back to a
 * node of the same agent, it expands to the same live object. {@code COLLECT} from the server frees drawers, and the
 * agent unshelves what is left when it shuts down.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MemoryStructure {

    /**
     * The identifier, {@code @package/key}. Empty means {@code @<java package>/<SimpleName>}.
     */
    String value() default "";
}
