package io.quarkiverse.rekuest.runtime.codec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.rekuest.runtime.codec.JavaType.Shape;
import io.quarkiverse.rekuest.runtime.definition.ActionDefinition;
import io.quarkiverse.rekuest.runtime.definition.ActionKind;
import io.quarkiverse.rekuest.runtime.definition.Choice;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;
import io.quarkiverse.rekuest.runtime.definition.PortKind;

/**
 * Expand (agent: args JSON → Java) and shrink (caller: Java → args JSON) of a representative argument set: an int, a
 * double, a string, an enum, an optional string, an instant, a list of 100 doubles, a list of 20 records and a dict of
 * 10 ints. Not part of verify: run with {@code ./mvnw -B -ntp -pl runtime -Pbench test-compile exec:exec} (see
 * docs/modules/ROOT/pages/types.adoc).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {

    public record Point(double x, double y) {
    }

    public enum Mode2 {
        FAST,
        EXACT
    }

    /** What the build generates for Point and Mode2. */
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
        public Object newArray(int length) {
            return new Point[length];
        }
    };

    static final TypeAdapter MODE = new TypeAdapter() {
        @Override
        public Object enumConstant(String name) {
            return Mode2.valueOf(name);
        }

        @Override
        public Object newArray(int length) {
            return new Mode2[length];
        }
    };

    NodeCodec codec;
    JsonNode args;
    Object[] values;

    static PortDefinition port(String key, PortKind kind, boolean nullable, PortDefinition... children) {
        return new PortDefinition(key, kind, nullable, null, null, null, null, List.of(), List.of(children));
    }

    @Setup
    public void setup() throws Exception {
        PortDefinition point = new PortDefinition("...", PortKind.MODEL, false, null, "@bench/Point", null, null, List.of(),
                List.of(port("x", PortKind.FLOAT, false), port("y", PortKind.FLOAT, false)));
        List<PortDefinition> ports = List.of(port("n", PortKind.INT, false), port("sigma", PortKind.FLOAT, false),
                port("name", PortKind.STRING, false),
                new PortDefinition("mode", PortKind.ENUM, false, null, "@bench/Mode", null, null,
                        List.of(new Choice("FAST", "FAST", null), new Choice("EXACT", "EXACT", null)), List.of()),
                port("note", PortKind.STRING, true), port("at", PortKind.DATE, false),
                port("samples", PortKind.LIST, false, port("...", PortKind.FLOAT, false)),
                port("points", PortKind.LIST, false, point),
                port("counts", PortKind.DICT, false, port("...", PortKind.INT, false)));
        List<JavaType> types = List.of(JavaType.of(Shape.INT_PRIMITIVE), JavaType.of(Shape.DOUBLE_PRIMITIVE),
                JavaType.of(Shape.STRING), new JavaType(Shape.ENUM, "mode", List.of()),
                new JavaType(Shape.OPTIONAL, "", List.of(JavaType.of(Shape.STRING))), JavaType.of(Shape.INSTANT),
                new JavaType(Shape.LIST, "", List.of(JavaType.of(Shape.DOUBLE))),
                new JavaType(Shape.LIST, "", List.of(new JavaType(Shape.RECORD, "point",
                        List.of(JavaType.of(Shape.DOUBLE_PRIMITIVE), JavaType.of(Shape.DOUBLE_PRIMITIVE))))),
                new JavaType(Shape.MAP, "", List.of(JavaType.of(Shape.INTEGER))));
        ActionDefinition definition = new ActionDefinition("bench", "1", "Bench", null, ActionKind.FUNCTION, List.of(),
                false, false, ports, List.of());
        codec = new NodeCodec(definition, types, JavaType.of(Shape.VOID),
                new PortCodec(Map.of("point", POINT, "mode", MODE)));
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            samples.add(i * 0.5);
        }
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            points.add(new Point(i, -i));
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            counts.put("k" + i, i);
        }
        values = new Object[] { 42, 1.5, "cells", Mode2.EXACT, Optional.of("hi"), Instant.parse("2024-05-06T07:08:09Z"),
                samples, points, counts };
        args = new ObjectMapper().readTree(codec.shrinkArgs(values).toString());
    }

    @Benchmark
    public Object expand() throws CodecException {
        return codec.arguments(args, null);
    }

    @Benchmark
    public Object shrink() throws CodecException {
        return codec.shrinkArgs(values);
    }
}
