package io.quarkiverse.rekuest.devserver;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import io.quarkiverse.rekuest.devserver.auth.Identity;

/**
 * Runs the dev server alone: {@code java -jar quarkus-rekuest-dev-server-*-runner.jar}. Options are system
 * properties (or the matching environment variables, e.g. {@code REKUEST_DEV_PORT}):
 * <ul>
 * <li>{@code rekuest.dev.host} (127.0.0.1), {@code rekuest.dev.port} (8000)</li>
 * <li>{@code rekuest.dev.heartbeat-interval}, {@code .heartbeat-timeout}, {@code .stale-after}, {@code .grace},
 * {@code .reaper-interval}, {@code .report-cost}, {@code .close-backlog-timeout}: ISO-8601 durations (PT10S) or
 * seconds</li>
 * <li>{@code rekuest.dev.fault-endpoints} ({@code true} here, unlike the embedded default): serve the dev-only fault
 * endpoints under {@code /_dev/faults/} (see {@link ServerFaults})</li>
 * <li>{@code rekuest.dev.tokens}: extra static tokens,
 * {@code token=client:app:release:user:organization[,token2=...]}</li>
 * </ul>
 */
public final class DevServerMain {

    private DevServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        DevServerConfig.Builder builder = DevServerConfig.builder();
        option("host").ifPresent(builder::host);
        option("port").map(Integer::parseInt).ifPresent(builder::port);
        option("heartbeat-interval").map(DevServerMain::duration).ifPresent(builder::heartbeatInterval);
        option("heartbeat-timeout").map(DevServerMain::duration).ifPresent(builder::heartbeatTimeout);
        option("stale-after").map(DevServerMain::duration).ifPresent(builder::staleAfter);
        option("grace").map(DevServerMain::duration).ifPresent(builder::grace);
        option("reaper-interval").map(DevServerMain::duration).ifPresent(builder::reaperInterval);
        option("report-cost").map(DevServerMain::duration).ifPresent(builder::reportCost);
        option("close-backlog-timeout").map(DevServerMain::duration).ifPresent(builder::closeBacklogTimeout);
        builder.faultEndpoints(option("fault-endpoints").map(Boolean::parseBoolean).orElse(true));
        option("tokens").ifPresent(tokens -> {
            for (String entry : tokens.split(",")) {
                String[] kv = entry.split("=", 2);
                String[] parts = kv.length == 2 ? kv[1].split(":") : new String[0];
                if (parts.length != 5) {
                    throw new IllegalArgumentException(
                            "rekuest.dev.tokens entries look like token=client:app:release:user:organization");
                }
                builder.staticToken(kv[0].trim(),
                        new Identity(parts[0], parts[1], parts[2], parts[3], parts[3], parts[4], java.util.List.of()));
            }
        });
        DevServer server = DevServer.start(builder.build());
        System.out.println("rekuest dev server (protocol of rekuest-server-next v2.2.0) is listening");
        System.out.println("  GraphQL        " + server.graphqlUrl());
        System.out.println("  subscriptions  " + server.subscriptionsUrl() + "  (graphql-transport-ws, graphql-ws)");
        System.out.println("  agent socket   " + server.agiUrl());
        System.out.println("  schema         " + server.httpUrl() + "/schema");
        System.out.println(
                "  dev token      " + DevServerConfig.DEV_TOKEN + "  (client " + DevServerConfig.DEV_IDENTITY.clientId()
                        + ", organization " + DevServerConfig.DEV_IDENTITY.organization() + ")");
        System.out.println("  app tokens     dev:<application>  (a dev identity per application, organization dev-org)");
        if (server.config().faultEndpoints()) {
            System.out.println("  faults         POST " + server.httpUrl() + "/_dev/faults/...  (dev only; see the docs)");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static java.util.Optional<String> option(String name) {
        String value = System.getProperty("rekuest.dev." + name);
        if (value == null) {
            value = System.getenv("REKUEST_DEV_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
        return java.util.Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    private static Duration duration(String value) {
        return value.startsWith("P") || value.startsWith("p") ? Duration.parse(value)
                : Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
    }
}
