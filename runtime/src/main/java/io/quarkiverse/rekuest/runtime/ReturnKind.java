package io.quarkiverse.rekuest.runtime;

/** How a node method hands back its result, decided at build time from its return type. */
public enum ReturnKind {
    /** {@code void}: no result; the task completes when the method returns. */
    VOID,
    /** A plain value, which is {@code return0}. */
    VALUE,
    /** A {@code Uni<T>}: its item is {@code return0}. */
    UNI,
    /** A {@code CompletionStage<T>}: its value is {@code return0}. */
    COMPLETION_STAGE,
    /** A {@code Multi<T>}: every item is one yield of {@code return0}. */
    MULTI
}
