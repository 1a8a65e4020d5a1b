package io.quarkiverse.rekuest.runtime.codec;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.quarkiverse.rekuest.StructureHandler;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.smallrye.mutiny.Uni;

/** Helpers the generated {@link StructureAdapter}s call: what a user's method returned, as a stage. */
public final class Structures {

    private Structures() {
    }

    /** A plain value. */
    @SuppressWarnings("unchecked")
    public static <T> CompletionStage<T> ofValue(Object value) {
        return CompletableFuture.completedFuture((T) value);
    }

    /** A {@link Uni}, subscribed once; {@code null} is a failed stage. */
    @SuppressWarnings("unchecked")
    public static <T> CompletionStage<T> ofUni(Object uni) {
        if (uni == null) {
            return CompletableFuture.failedFuture(new NullPointerException("returned a null Uni"));
        }
        return ((Uni<T>) uni).subscribeAsCompletionStage();
    }

    /** A {@link CompletionStage}; {@code null} is a failed stage. */
    @SuppressWarnings("unchecked")
    public static <T> CompletionStage<T> ofStage(Object stage) {
        if (stage == null) {
            return CompletableFuture.failedFuture(new NullPointerException("returned a null CompletionStage"));
        }
        return (CompletionStage<T>) stage;
    }

    /**
     * The base of a generated adapter that delegates to a {@link StructureHandler} bean, looked up on first use (the
     * bean class is a constant of the generated subclass).
     */
    public abstract static class HandlerAdapter implements StructureAdapter {

        private final Class<?> beanClass;
        private volatile StructureHandler<Object> handler;

        protected HandlerAdapter(Class<?> beanClass) {
            this.beanClass = beanClass;
        }

        @SuppressWarnings("unchecked")
        private StructureHandler<Object> handler() {
            StructureHandler<Object> h = handler;
            if (h == null) {
                InstanceHandle<?> instance = Arc.container().instance(beanClass);
                if (!instance.isAvailable()) {
                    throw new IllegalStateException("The structure handler bean " + beanClass.getName() + " is not available");
                }
                h = handler = (StructureHandler<Object>) instance.get();
            }
            return h;
        }

        @Override
        public CompletionStage<String> shrink(Object value) {
            return ofUni(handler().shrink(value));
        }

        @Override
        public CompletionStage<Object> expand(String id) {
            return ofUni(handler().expand(id));
        }
    }
}
