package io.quarkiverse.rekuest.it;

import io.quarkiverse.rekuest.test.wire.GraphQLCaller;
import io.quarkus.test.junit.QuarkusIntegrationTest;

import static io.restassured.RestAssured.given;

/**
 * The same cases against the packaged application ({@code java -jar target/quarkus-app/quarkus-run.jar}); Dev Services
 * start the embedded server in the test JVM and hand its URL and a dev token to the application.
 */
@QuarkusIntegrationTest
public class NodesIT extends NodesTest {

    /** The test JVM does not see the application's configuration: the readiness check tells where its server is. */
    @Override
    protected GraphQLCaller caller() {
        String server = given().when().get("/q/health/ready").then().statusCode(200).extract().jsonPath()
                .getString("checks.find { it.name == 'rekuest agent' }.data.server");
        // the embedded server's own caller identity (organization dev-org, like the application's dev identity)
        return GraphQLCaller.ofServer(server, "dev-token");
    }
}
