package io.quarkiverse.rekuest;

import io.smallrye.mutiny.Uni;

/**
 * Shrinks and expands a {@link Structure} type that cannot declare {@code shrink()} and {@code expand(String)}
 * itself. Implement it in a bean (any scope) annotated with {@code @Structure("@pkg/key")}; the type argument names
 * the structure type. Found at build time; the bean is looked up once, on first use.
 *
 * @param <T> the structure type
 */
public interface StructureHandler<T> {

    /** The id of {@code value}. */
    Uni<String> shrink(T value);

    /** The object with this id. */
    Uni<T> expand(String id);
}
