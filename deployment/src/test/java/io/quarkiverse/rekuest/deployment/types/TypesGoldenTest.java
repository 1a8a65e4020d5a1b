package io.quarkiverse.rekuest.deployment.types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import graphql.schema.GraphQLSchema;
import io.quarkiverse.rekuest.deployment.ReferenceSchema;
import io.quarkiverse.rekuest.deployment.types.KindNodes.Camera;
import io.quarkiverse.rekuest.deployment.types.KindNodes.Circle;
import io.quarkiverse.rekuest.deployment.types.KindNodes.Dataset;
import io.quarkiverse.rekuest.deployment.types.KindNodes.Image;
import io.quarkiverse.rekuest.deployment.types.KindNodes.Square;
import io.quarkiverse.rekuest.deployment.types.KindNodes.Stats;
import io.quarkiverse.rekuest.runtime.NodeMetadata;
import io.quarkiverse.rekuest.runtime.NodeRegistry;
import io.quarkiverse.rekuest.runtime.RegisteredNode;
import io.quarkiverse.rekuest.runtime.codec.CodecException;
import io.quarkiverse.rekuest.runtime.codec.MemoryShelve;
import io.quarkiverse.rekuest.runtime.codec.NodeCodec;
import io.quarkiverse.rekuest.runtime.codec.NodeCodecs;
import io.quarkiverse.rekuest.runtime.graphql.AgentDeclaration;
import io.quarkiverse.rekuest.runtime.graphql.AgentDocuments;
import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The type system end to end inside one application: a golden table of Java signatures → definition JSON
 * ({@code src/test/resources/golden/types.json}; {@code -Drekuest.golden.update=true} rewrites it), every definition
 * valid against the input types of the reference SDL (skipped when absent), and a round trip per kind through the
 * build-time codecs: caller shrinks args → agent expands them → node → agent shrinks returns → caller expands them.
 */
public class TypesGoldenTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden/types.json");
    static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(ReferenceSchema.class, KindNodes.class, KindNodes.Shape.class,
                    Circle.class,
                    Square.class, Stats.class, Image.class, Dataset.class, KindNodes.DatasetHandler.class, Camera.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.agent.enabled", "false");

    @Inject
    NodeRegistry registry;

    @Inject
    NodeCodecs codecs;

    @Test
    void definitionsMatchTheGoldenFile() throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode actual = mapper.createArrayNode();
        for (RegisteredNode node : registry.nodes()) {
            ObjectNode entry = actual.addObject();
            entry.put("signature", node.metadata().signature());
            entry.set("definition", mapper.readTree(node.metadata().definition().toJson()));
        }
        String text = mapper.writeValueAsString(actual) + "\n";
        if (Boolean.getBoolean("rekuest.golden.update")) {
            Files.writeString(GOLDEN, text, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(GOLDEN), "missing " + GOLDEN + "; run once with -Drekuest.golden.update=true");
        assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), text);
    }

    @Test
    void everyDefinitionValidatesAgainstTheReferenceInputTypes() throws Exception {
        GraphQLSchema schema = ReferenceSchema.loadOrSkip();
        for (RegisteredNode node : registry.nodes()) {
            String input = new AgentDeclaration("types", List.of(node.metadata())).implementAgentInput();
            @SuppressWarnings("unchecked")
            Map<String, Object> variables = MAPPER.readValue(input, Map.class);
            // throws a coercion error naming the field when the definition does not fit the input types
            ReferenceSchema.coerce(schema, AgentDocuments.IMPLEMENT_AGENT, Map.of("input", variables));
        }
    }

    // ------------------------------------------------------------------ round trips

    NodeCodec codec(String iface) {
        NodeMetadata metadata = registry.byInterface(iface).orElseThrow().metadata();
        return codecs.codec(metadata);
    }

    record Trip(JsonNode args, Object[] arguments, JsonNode returns, Object result) {
    }

    /** Caller shrink → agent expand → invoke → agent shrink → caller expand. */
    Trip trip(String iface, Object... args) throws Exception {
        NodeCodec codec = codec(iface);
        JsonNode wire = codec.shrinkArgsAsync(args).toCompletableFuture().get(5, TimeUnit.SECONDS);
        wire = MAPPER.readTree(wire.toString()); // through text, as on the wire
        Object[] arguments = codec.argumentsAsync(wire, null).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Object value = registry.byInterface(iface).orElseThrow().invoker().invoke(null, arguments);
        if (value instanceof io.smallrye.mutiny.Multi<?> multi) {
            value = multi.collect().first().await().indefinitely();
        }
        JsonNode returns = MAPPER.readTree(codec.returnsAsync(value).toCompletableFuture().get(5, TimeUnit.SECONDS).toString());
        Object result = codec.expandReturnsAsync(returns).toCompletableFuture().get(5, TimeUnit.SECONDS);
        return new Trip(wire, arguments, returns, result);
    }

    @Test
    void scalars() throws Exception {
        BigInteger big = new BigInteger("123456789012345678901234567890");
        Trip trip = trip("big_int", big);
        assertEquals("{\"value\":123456789012345678901234567890}", trip.args().toString());
        assertEquals(big, trip.result());
        BigDecimal decimal = new BigDecimal("3.25");
        assertEquals(decimal, trip("big_decimal", decimal).result());
        trip = trip("small", 'x', (short) -7, (byte) 12);
        assertEquals("{\"c\":\"x\",\"s\":-7,\"b\":12}", trip.args().toString());
        assertEquals("x-712", trip.result());
        assertEquals(6, trip("sum", List.of(1, 2, 3)).result());
    }

    @Test
    void optionals() throws Exception {
        Trip trip = trip("optionals", OptionalInt.of(1), OptionalLong.empty(), OptionalDouble.of(2.5));
        assertEquals("{\"i\":1,\"l\":null,\"d\":2.5}", trip.args().toString());
        assertEquals("OptionalInt[1] OptionalLong.empty OptionalDouble[2.5]", trip.result());
    }

    @Test
    void dates() throws Exception {
        Instant instant = Instant.parse("2024-05-06T07:08:09.123Z");
        OffsetDateTime offset = OffsetDateTime.parse("2024-05-06T09:08:09+02:00");
        ZonedDateTime zoned = ZonedDateTime.of(2024, 5, 6, 9, 8, 9, 0, ZoneId.of("Europe/Paris"));
        LocalDateTime local = LocalDateTime.parse("2024-05-06T07:08:09");
        LocalDate date = LocalDate.parse("2024-05-06");
        Trip trip = trip("dates", instant, offset, zoned, local, date);
        assertEquals("{\"instant\":\"2024-05-06T07:08:09.123Z\",\"offset\":\"2024-05-06T09:08:09+02:00\","
                + "\"zoned\":\"2024-05-06T09:08:09+02:00\",\"local\":\"2024-05-06T07:08:09\",\"date\":\"2024-05-06\"}",
                trip.args().toString());
        assertEquals(instant, trip.arguments()[0]);
        // Z and bare dates are accepted by every date type
        Object[] fromZ = codec("dates").arguments(MAPPER.readTree("{\"instant\":\"2024-05-06T07:08:09Z\","
                + "\"offset\":\"2024-05-06T07:08:09Z\",\"zoned\":\"2024-05-06T07:08:09Z\",\"local\":\"2024-05-06T07:08:09Z\","
                + "\"date\":\"2024-05-06T07:08:09Z\"}"), null);
        assertEquals(LocalDate.parse("2024-05-06"), fromZ[4]);
        assertEquals(Instant.parse("2024-05-06T07:08:09Z"), fromZ[0]);
    }

    @Test
    void unions() throws Exception {
        Trip trip = trip("shape", new Square(2, "s"));
        assertEquals("{\"shape\":{\"__use\":1,\"__value\":{\"side\":2.0,\"label\":\"s\",\"__identifier\":"
                + "\"@io.quarkiverse.rekuest.deployment.types/KindNodes.Square\"}}}", trip.args().toString());
        assertEquals(new Square(2, "s"), trip.result());
        List<KindNodes.Shape> shapes = List.of(new Circle(1), new Square(3, "t"));
        assertEquals(shapes, trip("shapes", shapes).result());
        CodecException e = assertThrows(CodecException.class, () -> codec("shape")
                .arguments(MAPPER.readTree("{\"shape\":{\"__use\":2,\"__value\":{}}}"), null));
        assertEquals("shape.__use", e.path());
    }

    @Test
    void structures() throws Exception {
        Trip trip = trip("image", new Image("img-1"));
        assertEquals("{\"image\":{\"__identifier\":\"@mikro/image\",\"object\":\"img-1\"}}", trip.args().toString());
        assertEquals(new Image("img-1"), trip.result());
        List<Image> images = List.of(new Image("a"), new Image("b"), new Image("c"));
        assertEquals(images, trip("images", images).result());
        trip = trip("dataset", new Dataset("cells"));
        assertEquals("{\"dataset\":{\"__identifier\":\"@lab/dataset\",\"object\":\"ds:cells\"}}", trip.args().toString());
        assertEquals(new Dataset("cells"), trip.result());
        // a reference to another structure is refused, naming the port path
        ExecutionException e = assertThrows(ExecutionException.class, () -> codec("images")
                .argumentsAsync(MAPPER.readTree("{\"images\":[{\"__identifier\":\"@mikro/image\",\"object\":\"a\"},"
                        + "{\"__identifier\":\"@other/thing\",\"object\":\"x\"}]}"), null)
                .toCompletableFuture().get());
        assertEquals("images[1]", ((CodecException) e.getCause()).path());
    }

    @Test
    void memoryStructures() throws Exception {
        MemoryShelve shelve = codecs.shelve();
        AtomicInteger drawers = new AtomicInteger();
        shelve.connect(new MemoryShelve.Drawers() {
            @Override
            public java.util.concurrent.CompletionStage<String> shelve(String identifier, String resourceId, String label,
                    String description) {
                return CompletableFuture.completedFuture("drawer-" + drawers.incrementAndGet());
            }

            @Override
            public java.util.concurrent.CompletionStage<Void> unshelve(String drawerId) {
                return CompletableFuture.completedFuture(null);
            }
        });
        Trip opened = trip("open_camera");
        JsonNode reference = opened.returns().get("return0");
        assertEquals("@lab/camera", reference.get("__identifier").asText());
        Camera camera = (Camera) opened.result();
        Object[] arguments = codec("shoot").arguments(MAPPER.createObjectNode().set("camera", reference), null);
        assertSame(camera, arguments[0], "the same live object");
        shelve.collect(List.of(reference.get("object").asText()));
        CodecException e = assertThrows(CodecException.class,
                () -> codec("shoot").arguments(MAPPER.createObjectNode().set("camera", reference), null));
        assertEquals("camera", e.path());
    }

    @Test
    void generatorsAndReturnTuples() throws Exception {
        assertEquals(3, trip("countdown", 3).result());
        Trip trip = trip("stats", List.of(1.0, 3.0));
        assertEquals("{\"return0\":2.0,\"return1\":1.0,\"return2\":2}", trip.returns().toString());
        assertEquals(new Stats(2, 1, 2), trip.result());
        CodecException nan = assertThrows(CodecException.class, () -> codec("stats").returns(new Stats(Double.NaN, 0, 0)));
        assertEquals("return0", nan.path());
    }

    @Test
    void defaultsNullsAndRanges() throws Exception {
        Object[] arguments = codec("threshold").argumentsAsync(MAPPER.readTree(
                "{\"image\":{\"__identifier\":\"@mikro/image\",\"object\":\"i\"},\"note\":\"n\"}"), null)
                .toCompletableFuture().get();
        assertArrayEquals(new Object[] { 128, "fast" }, new Object[] { arguments[1], arguments[2] });
        CodecException overflow = assertThrows(CodecException.class,
                () -> codec("countdown").arguments(MAPPER.readTree("{\"from\":3000000000}"), null));
        assertEquals("from", overflow.path());
        assertTrue(overflow.getMessage().contains("-2147483648 and 2147483647"), overflow.getMessage());
        CodecException missing = assertThrows(CodecException.class,
                () -> codec("countdown").arguments(MAPPER.readTree("{}"), null));
        assertTrue(missing.getMessage().contains("is required"), missing.getMessage());
        CodecException nullArg = assertThrows(CodecException.class, () -> codec("countdown").shrinkArgs((Object) null));
        assertEquals("from", nullArg.path());
        assertInstanceOf(Integer.class, codec("countdown").arguments(MAPPER.readTree("{\"from\":\"42\"}"), null)[0],
                "an INT port also accepts a numeric string");
    }
}
