package io.quarkiverse.rekuest.it;

import java.time.Duration;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code rekuest agent} readiness check (SmallRye Health): UP once the agent received INIT, DOWN after the server
 * kicked it (it does not reconnect). Its own profile, so that the kicked application is not the one the other tests
 * use.
 */
@QuarkusTest
@TestProfile(ReadinessTest.Kicked.class)
public class ReadinessTest {

    /** A separate application instance for this test. */
    public static class Kicked implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.rekuest.agent.shutdown-grace", "0s");
        }
    }

    static JsonPath readiness(int status) {
        return given().when().get("/q/health/ready").then().statusCode(status).extract().jsonPath();
    }

    static String check(JsonPath health, String field) {
        return health.getString("checks.find { it.name == 'rekuest agent' }." + field);
    }

    @Test
    void upAfterInitAndDownAfterAKick() {
        JsonPath up = readiness(200);
        assertEquals("UP", check(up, "status"), up.prettify());
        assertEquals("connected", check(up, "data.state"), up.prettify());
        Config config = ConfigProvider.getConfig();
        assertEquals(config.getValue("quarkus.rekuest.url", String.class), check(up, "data.server"));
        assertTrue(!up.prettify().contains(config.getValue("quarkus.rekuest.token", String.class)),
                "the health data never shows the token");

        GraphQLCaller caller = GraphQLCaller.ofServer(config.getValue("quarkus.rekuest.url", String.class),
                config.getValue("quarkus.rekuest.token", String.class));
        caller.admin("kick", caller.agentNamed(NodesTest.AGENT_NAME));

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status;
        while ((status = given().when().get("/q/health/ready").then().extract().statusCode()) != 503) {
            assertTrue(System.nanoTime() < deadline, "still ready after the kick");
            GraphQLCaller.sleep(50);
        }
        JsonPath down = readiness(status);
        assertEquals("DOWN", check(down, "status"), down.prettify());
        assertEquals("disconnected", check(down, "data.state"), down.prettify());
        assertTrue(check(down, "data.detail").contains("kicked"), down.prettify());
    }
}
