package io.quarkiverse.rekuest.deployment.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.deployment.testserver.TestServer;
import io.quarkiverse.rekuest.deployment.types.KindNodes;
import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.runtime.codec.NodeCodecs;
import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.QuarkusUnitTest;

import static io.quarkiverse.rekuest.test.wire.GraphQLCaller.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every port kind through the embedded rekuest server: a raw GraphQL caller assigns wire values (§4) to the agent's
 * nodes, which expand them, echo them, and shrink the result into the YIELD. Memory structures are shelved with
 * {@code shelveInMemoryDrawer}, come back as the same live object, and are freed by {@code collect} (COLLECT).
 */
public class TypesExecutionTest {

    static final String URL = TestServer.url("types");

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(TestServer.class, KindNodes.class,
                    KindNodes.Shape.class, KindNodes.Circle.class, KindNodes.Square.class, KindNodes.Stats.class,
                    KindNodes.Image.class, KindNodes.Dataset.class, KindNodes.DatasetHandler.class, KindNodes.Camera.class))
            .overrideConfigKey("quarkus.rekuest.devservices.enabled", "false")
            .overrideConfigKey("quarkus.rekuest.url", URL)
            .overrideConfigKey("quarkus.rekuest.token", "dev:types")
            .overrideConfigKey("quarkus.rekuest.agent.name", "types")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    RekuestAgent agent;

    @Inject
    NodeCodecs codecs;

    GraphQLCaller caller = new GraphQLCaller(URL + "/graphql", "dev-token");
    Map<String, String> implementations;

    @BeforeEach
    void implementations() {
        assertTrue(agent.isConnected());
        implementations = caller.implementations(agent.agentId());
    }

    JsonNode run(String iface, String argsJson) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> args = GraphQLCaller.MAPPER.readValue(argsJson, Map.class);
        return caller.awaitDone(caller.assign(implementations.get(iface), args));
    }

    JsonNode returned(String iface, String argsJson) throws Exception {
        JsonNode task = run(iface, argsJson);
        JsonNode yield = event(task, "YIELD");
        assertTrue(yield != null, task::toString);
        return GraphQLCaller.MAPPER.readTree(yield.get("returns").isTextual() ? yield.get("returns").asText()
                : yield.get("returns").toString());
    }

    @Test
    void everyKindTravels() throws Exception {
        assertEquals("{\"return0\":123456789012345678901234567890}",
                returned("big_int", "{\"value\":123456789012345678901234567890}").toString());
        assertEquals("{\"return0\":\"x-712\"}", returned("small", "{\"c\":\"x\",\"s\":-7,\"b\":12}").toString());
        assertEquals("{\"return0\":6}", returned("sum", "{\"values\":[1,2,3]}").toString());
        assertEquals("{\"return0\":\"OptionalInt[1] OptionalLong.empty OptionalDouble.empty\"}",
                returned("optionals", "{\"i\":1}").toString());
        assertEquals("{\"return0\":\"2024-05-06T07:08:09Z 2024-05-06T07:08:09Z 2024-05-06T07:08:09Z 2024-05-06T07:08:09 "
                + "2024-05-06\"}",
                returned("dates", "{\"instant\":\"2024-05-06T07:08:09Z\",\"offset\":\"2024-05-06T07:08:09Z\","
                        + "\"zoned\":\"2024-05-06T07:08:09Z\",\"local\":\"2024-05-06T07:08:09\",\"date\":\"2024-05-06\"}")
                        .toString());
        assertEquals("{\"return0\":{\"__use\":0,\"__value\":{\"radius\":1.5,\"__identifier\":"
                + "\"@io.quarkiverse.rekuest.deployment.types/KindNodes.Circle\"}}}",
                returned("shape", "{\"shape\":{\"__use\":0,\"__value\":{\"radius\":1.5}}}").toString());
        assertEquals("{\"return0\":[{\"__identifier\":\"@mikro/image\",\"object\":\"a\"},"
                + "{\"__identifier\":\"@mikro/image\",\"object\":\"b\"}]}",
                returned("images", "{\"images\":[{\"__identifier\":\"@mikro/image\",\"object\":\"a\"},"
                        + "{\"__identifier\":\"@mikro/image\",\"object\":\"b\"}]}").toString());
        assertEquals("{\"return0\":{\"__identifier\":\"@lab/dataset\",\"object\":\"ds:cells\"}}",
                returned("dataset", "{\"dataset\":{\"__identifier\":\"@lab/dataset\",\"object\":\"ds:cells\"}}").toString());
        assertEquals("{\"return0\":2.0,\"return1\":1.0,\"return2\":2}", returned("stats", "{\"values\":[1,3]}").toString());
        JsonNode countdown = run("countdown", "{\"from\":3}");
        List<String> yields = new ArrayList<>();
        countdown.get("events").forEach(e -> {
            if (e.get("kind").asText().equals("YIELD")) {
                yields.add(e.get("returns").toString());
            }
        });
        assertEquals(3, yields.size(), countdown::toString);
    }

    @Test
    void badValuesFailNamingThePort() throws Exception {
        JsonNode task = run("countdown", "{\"from\":3000000000}");
        JsonNode failed = event(task, "FAILED");
        assertTrue(failed != null && failed.get("message").asText().contains("'from'"), task::toString);
        task = run("shape", "{\"shape\":{\"__use\":5,\"__value\":{}}}");
        assertTrue(event(task, "FAILED").get("message").asText().contains("'shape.__use'"), task::toString);
    }

    @Test
    void memoryStructuresStayOnTheAgent() throws Exception {
        JsonNode camera = returned("open_camera", "{}").get("return0");
        assertEquals("@lab/camera", camera.get("__identifier").asText());
        String drawer = camera.get("object").asText();
        String args = "{\"camera\":" + camera + "}";
        assertEquals(1, returned("shoot", args).get("return0").asInt());
        assertEquals(2, returned("shoot", args).get("return0").asInt(), "the same live object");
        assertEquals(drawer, caller.data("query($id: ID!){ memoryDrawer(id: $id){ id } }", Map.of("id", drawer))
                .get("memoryDrawer").get("id").asText());
        caller.data("mutation($i: CollectInput!){ collect(input: $i) }", Map.of("i", Map.of("drawers", List.of(drawer))));
        long deadline = System.currentTimeMillis() + 5000;
        while (codecs.shelve().get(drawer) != null && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(null, codecs.shelve().get(drawer), "COLLECT freed the drawer");
        JsonNode task = run("shoot", args);
        assertTrue(event(task, "FAILED").get("message").asText().contains("not in this agent's shelve"), task::toString);
    }
}
