package io.quarkiverse.rekuest.runtime.codec;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.rekuest.runtime.codec.JavaType.Shape;
import io.quarkiverse.rekuest.runtime.definition.ActionDefinition;
import io.quarkiverse.rekuest.runtime.definition.ActionKind;
import io.quarkiverse.rekuest.runtime.definition.Choice;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;
import io.quarkiverse.rekuest.runtime.definition.PortKind;

/**
 * Hand-built ports, Java types and adapters (what the build generates), as in {@code CodecBenchmark}: a
 * {@link NodeCodec} from an {@link ActionDefinition} and {@link JavaType} shapes, without booting Quarkus.
 */
final class CodecFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private CodecFixtures() {
    }

    public record Point(double x, double y) {
    }

    public enum Mode {
        FAST,
        EXACT
    }

    public sealed interface Figure permits Circle, Square {
    }

    public record Circle(double r) implements Figure {
    }

    public record Square(double side) implements Figure {
    }

    static final TypeAdapter POINT = new TypeAdapter() {
        @Override
        public Object construct(Object[] c) {
            return new Point((Double) c[0], (Double) c[1]);
        }

        @Override
        public Object[] components(Object record) {
            Point p = (Point) record;
            return new Object[] { p.x(), p.y() };
        }

        @Override
        public boolean isInstance(Object value) {
            return value instanceof Point;
        }

        @Override
        public Object newArray(int length) {
            return new Point[length];
        }
    };

    static final TypeAdapter MODE = new TypeAdapter() {
        @Override
        public Object enumConstant(String name) {
            return Mode.valueOf(name);
        }

        @Override
        public Object newArray(int length) {
            return new Mode[length];
        }
    };

    static final TypeAdapter CIRCLE = new TypeAdapter() {
        @Override
        public Object construct(Object[] c) {
            return new Circle((Double) c[0]);
        }

        @Override
        public Object[] components(Object record) {
            return new Object[] { ((Circle) record).r() };
        }

        @Override
        public boolean isInstance(Object value) {
            return value instanceof Circle;
        }

        @Override
        public Object newArray(int length) {
            return new Circle[length];
        }
    };

    static final TypeAdapter SQUARE = new TypeAdapter() {
        @Override
        public Object construct(Object[] c) {
            return new Square((Double) c[0]);
        }

        @Override
        public Object[] components(Object record) {
            return new Object[] { ((Square) record).side() };
        }

        @Override
        public boolean isInstance(Object value) {
            return value instanceof Square;
        }

        @Override
        public Object newArray(int length) {
            return new Square[length];
        }
    };

    static final Map<String, TypeAdapter> ADAPTERS = Map.of("point", POINT, "mode", MODE, "circle", CIRCLE, "square",
            SQUARE);

    // ------------------------------------------------------------------ ports

    static PortDefinition port(String key, PortKind kind, boolean nullable, PortDefinition... children) {
        return new PortDefinition(key, kind, nullable, null, null, null, null, List.of(), List.of(children));
    }

    static PortDefinition withDefault(String key, PortKind kind, boolean nullable, String defaultValue,
            PortDefinition... children) {
        return new PortDefinition(key, kind, nullable, defaultValue, null, null, null, List.of(), List.of(children));
    }

    static PortDefinition element(PortKind kind, PortDefinition... children) {
        return port(PortDefinition.ELEMENT_KEY, kind, false, children);
    }

    static PortDefinition pointPort(String key) {
        return new PortDefinition(key, PortKind.MODEL, false, null, "@test/Point", null, null, List.of(),
                List.of(port("x", PortKind.FLOAT, false), port("y", PortKind.FLOAT, false)));
    }

    static PortDefinition modePort(String key) {
        return new PortDefinition(key, PortKind.ENUM, false, null, "@test/Mode", null, null,
                List.of(new Choice("FAST", "FAST", null), new Choice("EXACT", "EXACT", null)), List.of());
    }

    static PortDefinition figurePort(String key) {
        PortDefinition circle = new PortDefinition("circle", PortKind.MODEL, false, null, "@test/Circle", null, null,
                List.of(), List.of(port("r", PortKind.FLOAT, false)));
        PortDefinition square = new PortDefinition("square", PortKind.MODEL, false, null, "@test/Square", null, null,
                List.of(), List.of(port("side", PortKind.FLOAT, false)));
        return port(key, PortKind.UNION, false, circle, square);
    }

    // ------------------------------------------------------------------ Java types

    static JavaType type(Shape shape) {
        return JavaType.of(shape);
    }

    static JavaType type(Shape shape, JavaType... arguments) {
        return new JavaType(shape, "", List.of(arguments));
    }

    static JavaType adapted(Shape shape, String adapter, JavaType... arguments) {
        return new JavaType(shape, adapter, List.of(arguments));
    }

    static JavaType pointType() {
        return adapted(Shape.RECORD, "point", type(Shape.DOUBLE_PRIMITIVE), type(Shape.DOUBLE_PRIMITIVE));
    }

    static JavaType figureType() {
        return type(Shape.UNION, adapted(Shape.RECORD, "circle", type(Shape.DOUBLE_PRIMITIVE)),
                adapted(Shape.RECORD, "square", type(Shape.DOUBLE_PRIMITIVE)));
    }

    // ------------------------------------------------------------------ codecs

    static ActionDefinition action(List<PortDefinition> args, List<PortDefinition> returns) {
        return new ActionDefinition("test", "1", "Test", null, ActionKind.FUNCTION, List.of(), false, false, args, returns);
    }

    /** A caller's codec of an action with the given args and no returns. */
    static NodeCodec codec(List<PortDefinition> ports, List<JavaType> types) {
        return codec(new PortCodec(ADAPTERS), ports, types);
    }

    static NodeCodec codec(PortCodec portCodec, List<PortDefinition> ports, List<JavaType> types) {
        return new NodeCodec(action(ports, List.of()), types, JavaType.of(Shape.VOID), portCodec);
    }

    /** A codec of one arg port. */
    static NodeCodec single(PortDefinition port, JavaType type) {
        return codec(List.of(port), List.of(type));
    }

    /** A codec of one return port {@code return0}. */
    static NodeCodec returning(PortDefinition port, JavaType type) {
        return new NodeCodec(action(List.of(), List.of(port.withKey(ActionDefinition.returnKey(0)))), List.of(), type,
                new PortCodec(ADAPTERS));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** Expands the single arg of {@code codec} from {@code {"<key>": <valueJson>}}. */
    static Object expandOne(NodeCodec codec, String argsJson) throws CodecException {
        return codec.arguments(json(argsJson), null)[0];
    }

    /** Through the wire: shrinks, writes, reads back and expands. */
    static Object[] roundTrip(NodeCodec codec, Object... values) throws CodecException {
        String wire = codec.shrinkArgs(values).toString();
        return codec.arguments(json(wire), null);
    }
}
