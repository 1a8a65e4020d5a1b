package io.quarkiverse.rekuest.runtime.codec;

import java.util.List;

/**
 * The Java side of a port, decided at build time: what exact Java value the codec must produce for an argument
 * (the ArC invoker casts to the parameter's type, so an {@code int} parameter needs an {@link Integer}) and what it
 * reads from a return value. The port's {@link io.quarkiverse.rekuest.runtime.definition.PortDefinition} gives the
 * wire side.
 *
 * @param shape the Java shape
 * @param adapter for {@link Shape#ENUM}, {@link Shape#RECORD} and {@link Shape#TUPLE}: the name of the generated
 *        {@link TypeAdapter}; for {@link Shape#STRUCTURE}: the name of the generated {@link StructureAdapter}; for
 *        {@link Shape#ARRAY} of an enum or record: the adapter of the element type; otherwise the empty string
 * @param arguments the element of a collection, array or {@code Optional}, the value of a {@code Map}, the
 *        components of a record or returns tuple (in declaration order), the variants of a union (in the order of
 *        {@code permits}); otherwise empty
 */
public record JavaType(Shape shape, String adapter, List<JavaType> arguments) {

    public JavaType {
        adapter = adapter == null ? "" : adapter;
        arguments = arguments == null ? List.of() : arguments;
    }

    /** A type without adapter or arguments. */
    public static JavaType of(Shape shape) {
        return new JavaType(shape, "", List.of());
    }

    /** The single argument of a container. */
    public JavaType element() {
        return arguments.get(0);
    }

    /** The Java shapes a port value can have. */
    public enum Shape {
        /** No value: {@code void}, {@code Void}, {@code Uni<Void>}. */
        VOID,
        BOOLEAN_PRIMITIVE,
        BOOLEAN,
        BYTE_PRIMITIVE,
        BYTE,
        SHORT_PRIMITIVE,
        SHORT,
        INT_PRIMITIVE,
        INTEGER,
        LONG_PRIMITIVE,
        LONG,
        FLOAT_PRIMITIVE,
        FLOAT,
        DOUBLE_PRIMITIVE,
        DOUBLE,
        CHAR_PRIMITIVE,
        CHARACTER,
        BIG_INTEGER,
        BIG_DECIMAL,
        STRING,
        INSTANT,
        OFFSET_DATE_TIME,
        ZONED_DATE_TIME,
        LOCAL_DATE_TIME,
        LOCAL_DATE,
        ENUM,
        RECORD,
        LIST,
        SET,
        COLLECTION,
        ARRAY,
        MAP,
        OPTIONAL,
        OPTIONAL_INT,
        OPTIONAL_LONG,
        OPTIONAL_DOUBLE,
        /** A sealed interface whose permitted types are records: a UNION port. */
        UNION,
        /** A {@link io.quarkiverse.rekuest.Structure}: travels by id. */
        STRUCTURE,
        /** A {@link io.quarkiverse.rekuest.MemoryStructure}: stays in the agent's shelve. */
        MEMORY_STRUCTURE,
        /** A {@link io.quarkiverse.rekuest.Returns} record returned by a node: one return port per component. */
        TUPLE;

        /** Whether a Java {@code null} is impossible for this shape. */
        public boolean isPrimitive() {
            return name().endsWith("_PRIMITIVE");
        }
    }
}
