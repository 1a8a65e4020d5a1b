package io.quarkiverse.rekuest.runtime.codec;

import java.util.concurrent.CompletionStage;

/**
 * Shrinks and expands one {@link io.quarkiverse.rekuest.Structure} type. Generated at build time per structure type:
 * it calls the type's own {@code shrink()} and static {@code expand(String)}, or the
 * {@link io.quarkiverse.rekuest.StructureHandler} bean of the type.
 */
public interface StructureAdapter {

    /** The id of {@code value}. */
    CompletionStage<String> shrink(Object value);

    /** The object with this id. */
    CompletionStage<Object> expand(String id);
}
