package io.quarkiverse.rekuest.runtime.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.quarkiverse.rekuest.runtime.codec.JavaType.Shape;

import static io.quarkiverse.rekuest.runtime.codec.Codecs.NODES;
import static io.quarkiverse.rekuest.runtime.codec.Codecs.mismatch;

/**
 * The codecs of the scalar kinds, synchronous and without nesting: BOOL, INT (byte to {@code BigInteger}, range
 * checked), FLOAT (float to {@code BigDecimal}, finite only), STRING (and {@code char}) and DATE (the
 * {@code java.time} types, ISO-8601).
 */
final class ScalarCodecs {

    private ScalarCodecs() {
    }

    static final class Bool extends ValueCodec {
        Bool() {
            super(false, false);
        }

        @Override
        public Object expand(JsonNode value, int depth) throws CodecException {
            if (!value.isBoolean()) {
                throw mismatch("a boolean", value);
            }
            return value.booleanValue();
        }

        @Override
        public JsonNode shrink(Object value, int depth) {
            return BooleanNode.valueOf((Boolean) value);
        }
    }

    static final class Int extends ValueCodec {
        private final Shape shape;
        private final long min;
        private final long max;

        Int(Shape shape) {
            super(false, false);
            this.shape = shape;
            switch (shape) {
                case BYTE -> {
                    min = Byte.MIN_VALUE;
                    max = Byte.MAX_VALUE;
                }
                case SHORT -> {
                    min = Short.MIN_VALUE;
                    max = Short.MAX_VALUE;
                }
                case INTEGER -> {
                    min = Integer.MIN_VALUE;
                    max = Integer.MAX_VALUE;
                }
                default -> {
                    min = Long.MIN_VALUE;
                    max = Long.MAX_VALUE;
                }
            }
        }

        @Override
        public Object expand(JsonNode value, int depth) throws CodecException {
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                return fit(value.longValue(), value);
            }
            BigInteger number;
            if (value.isIntegralNumber()) {
                number = value.bigIntegerValue();
            } else if (value.isNumber()) {
                if (beyondDouble(value)) {
                    throw mismatch("an integer", value);
                }
                BigDecimal decimal = value.decimalValue();
                if (decimal.signum() != 0 && decimal.stripTrailingZeros().scale() > 0) {
                    throw mismatch("an integer", value);
                }
                number = decimal.toBigInteger();
            } else if (value.isTextual()) {
                try {
                    number = new BigInteger(value.textValue().trim());
                } catch (NumberFormatException e) {
                    throw mismatch("an integer", value);
                }
            } else {
                throw mismatch("an integer", value);
            }
            if (shape == Shape.BIG_INTEGER) {
                return number;
            }
            if (number.bitLength() > 63) {
                throw range(number.toString());
            }
            return fit(number.longValue(), value);
        }

        private Object fit(long l, JsonNode value) throws CodecException {
            if (shape == Shape.BIG_INTEGER) {
                return BigInteger.valueOf(l);
            }
            if (l < min || l > max) {
                throw range(Long.toString(l));
            }
            return switch (shape) {
                case BYTE -> (byte) l;
                case SHORT -> (short) l;
                case INTEGER -> (int) l;
                default -> l;
            };
        }

        private CodecException range(String number) {
            return new CodecException("", "must be between " + min + " and " + max + " (a Java " + javaName() + "), got "
                    + number);
        }

        private String javaName() {
            return switch (shape) {
                case BYTE -> "byte";
                case SHORT -> "short";
                case INTEGER -> "int";
                default -> "long";
            };
        }

        @Override
        public JsonNode shrink(Object value, int depth) {
            return switch (shape) {
                case BIG_INTEGER -> NODES.numberNode((BigInteger) value);
                case LONG -> NODES.numberNode((Long) value);
                default -> NODES.numberNode(((Number) value).intValue());
            };
        }
    }

    /** A JSON number the parser could only hold as an infinite double (e.g. {@code 1e400}). */
    static boolean beyondDouble(JsonNode value) {
        return value.isFloatingPointNumber() && !value.isBigDecimal() && !Double.isFinite(value.doubleValue());
    }

    static final class Floating extends ValueCodec {
        private final Shape shape;

        Floating(Shape shape) {
            super(false, false);
            this.shape = shape;
        }

        @Override
        public Object expand(JsonNode value, int depth) throws CodecException {
            if (value.isNumber()) {
                if (shape == Shape.BIG_DECIMAL) {
                    if (beyondDouble(value)) {
                        throw mismatch("a number within the range of a double", value);
                    }
                    return value.decimalValue();
                }
                double d = value.isBigDecimal() || value.isBigInteger() ? value.decimalValue().doubleValue()
                        : value.doubleValue();
                return finite(d, value.toString());
            }
            if (value.isTextual()) {
                BigDecimal number;
                try {
                    number = new BigDecimal(value.textValue().trim());
                } catch (NumberFormatException e) {
                    throw mismatch("a number (NaN and infinities are not numbers in JSON)", value);
                }
                return shape == Shape.BIG_DECIMAL ? number : finite(number.doubleValue(), value.textValue());
            }
            throw mismatch("a number", value);
        }

        private Object finite(double d, String written) throws CodecException {
            if (shape == Shape.FLOAT) {
                float f = (float) d;
                if (Float.isInfinite(f)) {
                    throw new CodecException("", "must fit a Java float, got " + written);
                }
                return f;
            }
            if (Double.isInfinite(d) || Double.isNaN(d)) {
                throw new CodecException("", "must fit a Java double, got " + written);
            }
            return d;
        }

        @Override
        public JsonNode shrink(Object value, int depth) throws CodecException {
            return switch (shape) {
                case BIG_DECIMAL -> NODES.numberNode((BigDecimal) value);
                case FLOAT -> {
                    float f = (Float) value;
                    if (Float.isNaN(f) || Float.isInfinite(f)) {
                        throw new CodecException("", "is " + f + ", which JSON cannot carry");
                    }
                    yield NODES.numberNode(f);
                }
                default -> {
                    double d = ((Number) value).doubleValue();
                    if (Double.isNaN(d) || Double.isInfinite(d)) {
                        throw new CodecException("", "is " + d + ", which JSON cannot carry");
                    }
                    yield NODES.numberNode(d);
                }
            };
        }
    }

    static final class Text extends ValueCodec {
        private final boolean character;

        Text(boolean character) {
            super(false, false);
            this.character = character;
        }

        @Override
        public Object expand(JsonNode value, int depth) throws CodecException {
            if (!value.isTextual()) {
                throw mismatch(character ? "a string of one character" : "a string", value);
            }
            String text = value.textValue();
            if (character) {
                if (text.length() != 1) {
                    throw mismatch("a string of one character", value);
                }
                return text.charAt(0);
            }
            return text;
        }

        @Override
        public JsonNode shrink(Object value, int depth) {
            return TextNode.valueOf(value.toString());
        }
    }

    static final class Date extends ValueCodec {
        private final Shape shape;

        Date(Shape shape) {
            super(false, false);
            this.shape = shape;
        }

        @Override
        public Object expand(JsonNode value, int depth) throws CodecException {
            if (!value.isTextual()) {
                throw mismatch("an ISO-8601 date string", value);
            }
            String text = value.textValue().trim();
            if (text.length() > 10 && text.charAt(10) == ' ') {
                text = text.substring(0, 10) + 'T' + text.substring(11);
            }
            try {
                return switch (shape) {
                    case INSTANT -> offset(text).toInstant();
                    case OFFSET_DATE_TIME -> offset(text);
                    case ZONED_DATE_TIME -> text.endsWith("]") ? ZonedDateTime.parse(text) : offset(text).toZonedDateTime();
                    case LOCAL_DATE_TIME -> hasOffset(text) ? OffsetDateTime.parse(text).toLocalDateTime()
                            : text.length() == 10 ? LocalDate.parse(text).atStartOfDay() : LocalDateTime.parse(text);
                    default -> text.length() == 10 ? LocalDate.parse(text) : offset(text).toLocalDate();
                };
            } catch (DateTimeParseException e) {
                throw mismatch("an ISO-8601 date string", value);
            }
        }

        /** A date-time with offset; without one it is UTC; a bare date is its start. */
        private static OffsetDateTime offset(String text) {
            if (hasOffset(text)) {
                return OffsetDateTime.parse(text);
            }
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay().atOffset(ZoneOffset.UTC);
            }
            return LocalDateTime.parse(text).atOffset(ZoneOffset.UTC);
        }

        private static boolean hasOffset(String text) {
            if (text.length() <= 10) {
                return false;
            }
            char last = text.charAt(text.length() - 1);
            if (last == 'Z' || last == 'z') {
                return true;
            }
            int t = text.indexOf('T');
            return t > 0 && (text.indexOf('+', t) > 0 || text.indexOf('-', t) > 0);
        }

        @Override
        public JsonNode shrink(Object value, int depth) {
            String text = switch (shape) {
                case ZONED_DATE_TIME -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format((ZonedDateTime) value);
                case INSTANT -> ((Instant) value).toString();
                default -> value.toString();
            };
            return TextNode.valueOf(text);
        }
    }
}
