package io.quarkiverse.rekuest.runtime.codec;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The codec of one port, built once from its definition and its build-time {@link JavaType} by
 * {@link PortCodec#compile}. Converts between the wire value of §4 and the Java value, both ways: <em>expand</em>
 * (JSON → Java: an agent reading {@code args}, a caller reading {@code returns}) and <em>shrink</em> (Java → JSON: an
 * agent writing {@code returns}, a caller writing {@code args}). Nothing is reflective: records and enums go through
 * generated {@link TypeAdapter}s, structures through generated {@link StructureAdapter}s.
 * <p>
 * Structures make a codec asynchronous ({@link #expandsAsync()}, {@link #shrinksAsync()}); then only the
 * {@code ...Async} methods may be used. Errors are {@link CodecException}s whose path is relative to this port (empty
 * for the port itself, {@code [2].x} inside it).
 */
public abstract class ValueCodec {

    /** How deep values may nest (a list in a model in a dict... counts each level). */
    public static final int MAX_DEPTH = 64;

    private final boolean expandsAsync;
    private final boolean shrinksAsync;

    ValueCodec(boolean expandsAsync, boolean shrinksAsync) {
        this.expandsAsync = expandsAsync;
        this.shrinksAsync = shrinksAsync;
    }

    /** Whether expanding needs {@link #expandAsync} (a structure is inside). */
    public final boolean expandsAsync() {
        return expandsAsync;
    }

    /** Whether shrinking needs {@link #shrinkAsync} (a structure or memory structure is inside). */
    public final boolean shrinksAsync() {
        return shrinksAsync;
    }

    /**
     * The Java value of a wire value.
     *
     * @param value the JSON value; {@code null} when the key is missing
     * @param depth the nesting depth of this port (0 for a top-level port)
     * @throws IllegalStateException when {@link #expandsAsync()}
     */
    public abstract Object expand(JsonNode value, int depth) throws CodecException;

    /** {@link #expand}, for codecs with structures inside; fails with a {@link CodecException}. */
    public CompletionStage<Object> expandAsync(JsonNode value, int depth) {
        try {
            return CompletableFuture.completedFuture(expand(value, depth));
        } catch (CodecException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The wire value of a Java value.
     *
     * @throws IllegalStateException when {@link #shrinksAsync()}
     */
    public abstract JsonNode shrink(Object value, int depth) throws CodecException;

    /** {@link #shrink}, for codecs with structures inside; fails with a {@link CodecException}. */
    public CompletionStage<JsonNode> shrinkAsync(Object value, int depth) {
        try {
            return CompletableFuture.completedFuture(shrink(value, depth));
        } catch (CodecException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // ------------------------------------------------------------------ helpers for the implementations

    static void checkDepth(int depth) throws CodecException {
        if (depth > MAX_DEPTH) {
            throw new CodecException("", "nests deeper than " + MAX_DEPTH + " levels");
        }
    }

    /** The codec exception a stage failed with, seen from {@code segment}. */
    static CodecException failure(Throwable failure, String segment) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof CodecException codec) {
            return codec.within(segment);
        }
        return new CodecException(segment, "failed: " + cause, cause);
    }

    /** {@code stage}, its failure seen from {@code segment}. */
    static <T> CompletableFuture<T> within(CompletionStage<T> stage, String segment) {
        return stage.toCompletableFuture().handle((value, failure) -> {
            if (failure != null) {
                throw new CompletionException(failure(failure, segment));
            }
            return value;
        });
    }

    IllegalStateException needsAsync() {
        return new IllegalStateException("This port holds a structure: use expandAsync/shrinkAsync");
    }
}
