package io.quarkiverse.rekuest.runtime.devui;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.runtime.RegisteredNode;
import io.quarkiverse.rekuest.runtime.codec.CodecException;

/**
 * Checks the arguments of the Try-it form with the node's own codec, the one the agent decodes an {@code ASSIGN} with:
 * what passes here, the agent accepts. Nothing is called; the decoded values are dropped.
 */
final class ArgumentCheck {

    /** One value that does not fit: the port path ({@code measurements[1].value}) and what was wrong. */
    record FieldError(String path, String problem) {

        Map<String, Object> toMap() {
            return Map.of("path", path, "problem", problem);
        }
    }

    private ArgumentCheck() {
    }

    /** The problems of {@code args} (the wire's {@code args} object), empty when the agent would accept them. */
    static CompletionStage<List<FieldError>> check(RegisteredNode node, JsonNode args) {
        if (!node.codec().expandsArgsAsync()) {
            try {
                node.codec().arguments(args, null);
                return CompletableFuture.completedFuture(List.of());
            } catch (CodecException e) {
                return CompletableFuture.completedFuture(List.of(error(e)));
            }
        }
        return node.codec().argumentsAsync(args, null).handle((values, failure) -> {
            if (failure == null) {
                return List.of();
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                    : failure;
            if (cause instanceof CodecException e) {
                return List.of(error(e));
            }
            return List.of(new FieldError("", "cannot be checked: " + cause.getMessage()));
        });
    }

    private static FieldError error(CodecException e) {
        return new FieldError(e.path(), e.problem());
    }
}
