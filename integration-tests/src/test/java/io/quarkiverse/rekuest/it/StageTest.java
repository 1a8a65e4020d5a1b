package io.quarkiverse.rekuest.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.junit.QuarkusTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's microscope stage: {@code move_stage} holds the lock {@code stage} (one move at a time, a waiting move says
 * so) and publishes the stage's state, which the server shows.
 */
@QuarkusTest
public class StageTest {

    static final String STATE = "query($id: ID!){ agent(id:$id){ states { id interface } } }";
    static final String CHECKOUT = "query($s: ID!){ checkout(state:$s){ value } }";

    @Test
    void movesRunOneAtATimeAndTheStageStateCountsThem() throws InterruptedException {
        Config config = ConfigProvider.getConfig();
        GraphQLCaller caller = GraphQLCaller.ofServer(config.getValue("quarkus.rekuest.url", String.class),
                config.getValue("quarkus.rekuest.token", String.class));
        String agent = caller.agentNamed(NodesTest.AGENT_NAME);
        String implementation = caller.implementations(agent).get("move_stage");
        String stateId = null;
        for (JsonNode state : caller.data(STATE, Map.of("id", agent)).get("agent").get("states")) {
            if (state.get("interface").asText().equals("stage")) {
                stateId = state.get("id").asText();
            }
        }
        assertTrue(stateId != null, "the agent declares the state stage");
        long before = caller.data(CHECKOUT, Map.of("s", stateId)).get("checkout").get("value").get("moves").asLong();

        String first = caller.assign(implementation, Map.of("millis", 500));
        Thread.sleep(100);
        String second = caller.assign(implementation, Map.of("millis", 10));
        JsonNode secondDone = caller.awaitDone(second);
        JsonNode firstDone = caller.awaitDone(first);
        assertTrue(GraphQLCaller.kinds(firstDone).contains("COMPLETED"), firstDone::toString);
        assertTrue(GraphQLCaller.kinds(secondDone).contains("COMPLETED"), secondDone::toString);
        List<String> progress = new ArrayList<>();
        secondDone.get("events").forEach(e -> {
            if (e.get("kind").asText().equals("PROGRESS") && !e.get("message").isNull()) {
                progress.add(e.get("message").asText());
            }
        });
        assertTrue(progress.stream().anyMatch(m -> m.startsWith("waiting for lock stage (held by task " + first)),
                "the second move waited for the first: " + secondDone);

        long deadline = System.nanoTime() + 10_000_000_000L;
        JsonNode value;
        do {
            Thread.sleep(50);
            value = caller.data(CHECKOUT, Map.of("s", stateId)).get("checkout").get("value");
        } while (value.get("moves").asLong() < before + 2 && System.nanoTime() < deadline);
        assertEquals(before + 2, value.get("moves").asLong(), value::toString);
        assertEquals(false, value.get("moving").asBoolean());
    }
}
