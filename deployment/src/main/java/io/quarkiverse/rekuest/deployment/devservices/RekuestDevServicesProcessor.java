package io.quarkiverse.rekuest.deployment.devservices;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.quarkiverse.rekuest.runtime.config.RekuestBuildTimeConfig;
import io.quarkus.deployment.IsDevServicesSupportedByLaunchMode;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.builditem.ApplicationInfoBuildItem;
import io.quarkus.deployment.builditem.DevServicesRegistryBuildItem;
import io.quarkus.deployment.builditem.DevServicesResultBuildItem;
import io.quarkus.deployment.builditem.LaunchModeBuildItem;
import io.quarkus.deployment.dev.devservices.DevServicesConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Dev Services for rekuest: in dev and test mode, when no server is configured ({@code quarkus.rekuest.url},
 * {@code graphql-url}, {@code agi-url} and {@code fakts.url} unset) and tokens are not asked of a real server
 * ({@code auth.source} neither {@code client-credentials} nor {@code fakts}), the application talks to the embedded
 * rekuest server, started inside the JVM with the {@link io.quarkus.deployment.builditem.Startable} API.
 * <ul>
 * <li>A rekuest dev server already listening on {@code quarkus.rekuest.devservices.port} (another application in dev
 * mode, or one started by hand) is shared, not started again, and never closed by this application: applications
 * sharing it see each other's nodes.</li>
 * <li>Otherwise the application owns a server: Quarkus starts it after the build, keeps it across live reloads and test
 * classes of the same application while the configuration is the same, and closes it at the end.</li>
 * <li>Each application gets a dev identity of its own, {@code dev:<quarkus.application.name>} (with {@code -test} in
 * test mode, so that continuous testing does not take over the identity of the application in dev mode), unless
 * {@code quarkus.rekuest.token} is set: {@code implementAgent} reconciles per identity, so two applications with one
 * identity would delete each other's implementations.</li>
 * <li>A port held by anything else fails the start with a message naming the port property.</li>
 * </ul>
 */
@BuildSteps(onlyIf = { IsDevServicesSupportedByLaunchMode.class, DevServicesConfig.Enabled.class })
public class RekuestDevServicesProcessor {

    private static final Logger LOG = Logger.getLogger(RekuestDevServicesProcessor.class);

    static final String FEATURE = "rekuest";
    static final String URL_KEY = "quarkus.rekuest.url";
    static final String GRAPHQL_URL_KEY = "quarkus.rekuest.graphql-url";
    static final String AGI_URL_KEY = "quarkus.rekuest.agi-url";
    static final String FAKTS_URL_KEY = "quarkus.rekuest.fakts.url";
    static final String AUTH_SOURCE_KEY = "quarkus.rekuest.auth.source";
    static final String TOKEN_KEY = "quarkus.rekuest.token";
    static final String ENABLED_KEY = "quarkus.rekuest.devservices.enabled";
    static final String PORT_KEY = "quarkus.rekuest.devservices.port";
    static final String DEV_TOKEN_PREFIX = "dev:";

    /** The shared server last announced, so that a live reload does not log it again. */
    private static volatile String announcedSharedUrl;

    @BuildStep
    void devServices(RekuestBuildTimeConfig config, LaunchModeBuildItem launchMode, ApplicationInfoBuildItem application,
            Optional<DevServicesRegistryBuildItem> registry, BuildProducer<DevServicesResultBuildItem> devServices) {
        if (!config.devservices().enabled()) {
            LOG.debugf("Dev Services for rekuest are disabled (%s=false)", ENABLED_KEY);
            return;
        }
        for (String key : List.of(URL_KEY, GRAPHQL_URL_KEY, AGI_URL_KEY, FAKTS_URL_KEY)) {
            if (ConfigUtils.isPropertyNonEmpty(key)) {
                LOG.debugf("Dev Services for rekuest are not started: %s is set", key);
                return;
            }
        }
        // spelled as SmallRye Config accepts an enum value: CLIENT_CREDENTIALS, client_credentials, client-credentials
        String source = ConfigProvider.getConfig().getOptionalValue(AUTH_SOURCE_KEY, String.class).orElse("auto").trim()
                .toLowerCase(Locale.ROOT).replace('_', '-');
        if (source.equals("client-credentials") || source.equals("fakts")) {
            // the embedded server accepts only its dev tokens: starting it would only end in a refused token
            LOG.infof("Dev Services for rekuest are not started: %s=%s asks for tokens of a real server, which the"
                    + " embedded one does not accept. Set %s to that server, or remove %s in this profile (e.g. %%prod.%s)"
                    + " to use the embedded server.", AUTH_SOURCE_KEY, source, URL_KEY, AUTH_SOURCE_KEY, AUTH_SOURCE_KEY);
            return;
        }
        int port = config.devservices().port();
        String identity = devIdentity(application.getName(), launchMode.getLaunchMode());
        // only inject a token when none is configured; the dev token is not a secret, but the user's would be
        Map<String, String> tokenConfig = ConfigUtils.isPropertyNonEmpty(TOKEN_KEY) ? Map.of()
                : Map.of(TOKEN_KEY, DEV_TOKEN_PREFIX + identity);
        // what makes two builds want the same server: Quarkus reuses a running one when this is equal
        String serviceConfig = "port=" + port + ";config=" + tokenConfig + ";report-cost="
                + config.devservices().reportCost() + ";close-backlog-timeout=" + config.devservices().closeBacklogTimeout();

        boolean ownRunning = registry.isPresent()
                && registry.get().getRunningServices(FEATURE, null, serviceConfig) != null;
        if (!ownRunning && port != 0) {
            DevServerProbe.Result found = DevServerProbe.probe(port);
            switch (found.kind()) {
                case REKUEST_DEV_SERVER -> {
                    if (!found.url().equals(announcedSharedUrl)) {
                        announcedSharedUrl = found.url();
                        LOG.infof("Dev Services for rekuest: sharing the rekuest dev server already listening on %s "
                                + "(dev identity %s)", found.url(), identity);
                    }
                    Map<String, String> shared = new HashMap<>(tokenConfig);
                    shared.put(URL_KEY, found.url());
                    devServices.produce(DevServicesResultBuildItem.discovered()
                            .feature(FEATURE)
                            .description("shared rekuest dev server at " + found.url())
                            .config(shared)
                            .build());
                    return;
                }
                case FOREIGN -> throw new IllegalStateException("Dev Services for rekuest cannot use port " + port
                        + " (" + PORT_KEY + "): something that is not a rekuest dev server listens on " + found.url()
                        + " (" + found.detail() + "). Choose a free port with " + PORT_KEY
                        + " (0 picks a random one), point the application at a rekuest server with " + URL_KEY
                        + ", or turn Dev Services off with " + ENABLED_KEY + "=false");
                case FREE -> {
                    // start our own below
                }
            }
        }
        announcedSharedUrl = null;
        Function<EmbeddedRekuestServer, String> url = EmbeddedRekuestServer::getConnectionInfo;
        devServices.produce(DevServicesResultBuildItem.<EmbeddedRekuestServer> owned()
                .feature(FEATURE)
                .description("embedded rekuest server (in this JVM)")
                .serviceConfig(serviceConfig)
                .startable(() -> new EmbeddedRekuestServer(port, config.devservices().reportCost(),
                        config.devservices().closeBacklogTimeout()))
                .config(tokenConfig)
                .configProvider(Map.of(URL_KEY, url))
                .postStartHook(server -> LOG.infof(
                        "Dev Services for rekuest started the embedded rekuest server on %s (GraphQL %s/graphql, "
                                + "dev identity %s)",
                        server.getConnectionInfo(), server.getConnectionInfo(), identity))
                .build());
    }

    /** The application's dev identity: its name, marked in test mode so that tests never displace the dev app. */
    static String devIdentity(String applicationName, LaunchMode launchMode) {
        String name = applicationName == null || applicationName.isBlank()
                || ApplicationInfoBuildItem.UNSET_VALUE.equals(applicationName) ? "application" : applicationName;
        return launchMode == LaunchMode.TEST ? name + "-test" : name;
    }
}
