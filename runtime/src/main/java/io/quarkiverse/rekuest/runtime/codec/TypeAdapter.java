package io.quarkiverse.rekuest.runtime.codec;

/**
 * Creates and reads the application's enums and records without reflection. One implementation per enum or record
 * type used by a node is generated at build time, in the type's own package.
 */
public interface TypeAdapter {

    /**
     * The enum constant named {@code name}.
     *
     * @throws IllegalArgumentException if there is none
     */
    default Object enumConstant(String name) {
        throw new UnsupportedOperationException();
    }

    /** A new record from its component values, in declaration order (boxed for primitive components). */
    default Object construct(Object[] components) {
        throw new UnsupportedOperationException();
    }

    /** The component values of a record, in declaration order (boxed). */
    default Object[] components(Object record) {
        throw new UnsupportedOperationException();
    }

    /** Whether {@code value} is an instance of this type (generated {@code instanceof}; used to pick a union variant). */
    default boolean isInstance(Object value) {
        throw new UnsupportedOperationException();
    }

    /** A new array of this type. */
    Object newArray(int length);
}
