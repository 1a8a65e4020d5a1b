package io.quarkiverse.rekuest.runtime.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

import io.quarkiverse.rekuest.runtime.codec.JavaType.Shape;

/**
 * Arrays of JDK element types, without reflection; arrays of application types are created by their
 * {@link TypeAdapter}.
 */
final class ArrayAccess {

    private ArrayAccess() {
    }

    /** A new array of a JDK element shape, or {@code null} when the element is an application type or a container. */
    static Object newArray(Shape element, int length) {
        return switch (element) {
            case BOOLEAN_PRIMITIVE -> new boolean[length];
            case BOOLEAN -> new Boolean[length];
            case BYTE_PRIMITIVE -> new byte[length];
            case BYTE -> new Byte[length];
            case SHORT_PRIMITIVE -> new short[length];
            case SHORT -> new Short[length];
            case INT_PRIMITIVE -> new int[length];
            case INTEGER -> new Integer[length];
            case LONG_PRIMITIVE -> new long[length];
            case LONG -> new Long[length];
            case FLOAT_PRIMITIVE -> new float[length];
            case FLOAT -> new Float[length];
            case DOUBLE_PRIMITIVE -> new double[length];
            case DOUBLE -> new Double[length];
            case CHAR_PRIMITIVE -> new char[length];
            case CHARACTER -> new Character[length];
            case BIG_INTEGER -> new BigInteger[length];
            case BIG_DECIMAL -> new BigDecimal[length];
            case STRING -> new String[length];
            case INSTANT -> new Instant[length];
            case OFFSET_DATE_TIME -> new OffsetDateTime[length];
            case ZONED_DATE_TIME -> new ZonedDateTime[length];
            case LOCAL_DATE_TIME -> new LocalDateTime[length];
            case LOCAL_DATE -> new LocalDate[length];
            default -> null;
        };
    }

    /** A new array of arrays ({@code int[n][]}) of a JDK element shape, or {@code null}. */
    static Object newArrayOfArrays(Shape element, int length) {
        return switch (element) {
            case BOOLEAN_PRIMITIVE -> new boolean[length][];
            case BYTE_PRIMITIVE -> new byte[length][];
            case SHORT_PRIMITIVE -> new short[length][];
            case INT_PRIMITIVE -> new int[length][];
            case LONG_PRIMITIVE -> new long[length][];
            case FLOAT_PRIMITIVE -> new float[length][];
            case DOUBLE_PRIMITIVE -> new double[length][];
            case CHAR_PRIMITIVE -> new char[length][];
            case INTEGER -> new Integer[length][];
            case LONG -> new Long[length][];
            case DOUBLE -> new Double[length][];
            case STRING -> new String[length][];
            default -> null;
        };
    }

    static void set(Object array, int index, Object value) {
        if (array instanceof Object[] objects) {
            objects[index] = value;
        } else if (array instanceof int[] a) {
            a[index] = (Integer) value;
        } else if (array instanceof long[] a) {
            a[index] = (Long) value;
        } else if (array instanceof double[] a) {
            a[index] = (Double) value;
        } else if (array instanceof float[] a) {
            a[index] = (Float) value;
        } else if (array instanceof boolean[] a) {
            a[index] = (Boolean) value;
        } else if (array instanceof byte[] a) {
            a[index] = (Byte) value;
        } else if (array instanceof short[] a) {
            a[index] = (Short) value;
        } else {
            ((char[]) array)[index] = (Character) value;
        }
    }

    static Object get(Object array, int index) {
        if (array instanceof Object[] objects) {
            return objects[index];
        } else if (array instanceof int[] a) {
            return a[index];
        } else if (array instanceof long[] a) {
            return a[index];
        } else if (array instanceof double[] a) {
            return a[index];
        } else if (array instanceof float[] a) {
            return a[index];
        } else if (array instanceof boolean[] a) {
            return a[index];
        } else if (array instanceof byte[] a) {
            return a[index];
        } else if (array instanceof short[] a) {
            return a[index];
        }
        return ((char[]) array)[index];
    }

    static int length(Object array) {
        if (array instanceof Object[] objects) {
            return objects.length;
        } else if (array instanceof int[] a) {
            return a.length;
        } else if (array instanceof long[] a) {
            return a.length;
        } else if (array instanceof double[] a) {
            return a.length;
        } else if (array instanceof float[] a) {
            return a.length;
        } else if (array instanceof boolean[] a) {
            return a.length;
        } else if (array instanceof byte[] a) {
            return a.length;
        } else if (array instanceof short[] a) {
            return a.length;
        }
        return ((char[]) array).length;
    }
}
