package io.quarkiverse.rekuest.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.rekuest.runtime.config.RekuestConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reads the native-image configuration that the demo's sources-only native build wrote (the {@code native-sources}
 * execution of {@code quarkus-maven-plugin}: every native build step, without the native-image tool) and checks what
 * the extension registers: no class of the application for reflection, proxies, serialization or JNI (the agent and
 * the clients reach them through generated classes), nothing of the extension beyond what the platform registers for
 * every extension, and the optional integrations decided by capability (native.adoc).
 * <p>
 * Skipped in the {@code native} profile, where the real native build replaces the sources-only one.
 */
class NativeConfigurationIT {

    private static final String APPLICATION = "io.quarkiverse.rekuest.it.";
    private static final String EXTENSION = "io.quarkiverse.rekuest.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path sources;
    private static Path runner;

    @BeforeAll
    static void nativeSources() throws IOException {
        Assumptions.assumeFalse(Boolean.getBoolean("native.sources.skip"), "the native profile builds the real image");
        String dir = System.getProperty("native.sources.dir");
        assertTrue(dir != null && !dir.isBlank(), "native.sources.dir is not set (see integration-tests/pom.xml)");
        sources = Path.of(dir, "native-sources");
        assertTrue(Files.isRegularFile(sources.resolve("native-image.args")),
                "no native-image.args in " + sources + ": did the native-sources execution of quarkus-maven-plugin run?");
        try (var files = Files.list(sources)) {
            runner = files.filter(file -> file.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no *-runner.jar in " + sources));
        }
    }

    @Test
    void noApplicationClassIsRegisteredForReflectionProxiesSerializationOrJni() throws IOException {
        List<String> found = new ArrayList<>();
        for (String config : List.of("reflect-config.json", "proxy-config.json", "serialization-config.json",
                "jni-config.json")) {
            for (String name : names(config)) {
                if (name.startsWith(APPLICATION)) {
                    found.add(config + ": " + name);
                }
            }
        }
        assertEquals(List.of(), found, "the application's @Node beans, records and enums are reached through "
                + "generated classes; nothing may register them for reflection");
        // not vacuous: the application's classes and the generated ones are in the image
        assertTrue(has("io/quarkiverse/rekuest/it/Measurement.class"));
        assertTrue(has("io/quarkiverse/rekuest/it/Measurement_RekuestAdapter.class"), "the record's generated adapter");
        assertTrue(has("io/quarkiverse/rekuest/it/Unit_RekuestAdapter.class"), "the enum's generated adapter");
        assertTrue(has("io/quarkiverse/rekuest/it/Arithmetic_RekuestClient.class"), "the client's generated proxy");
    }

    /**
     * What is registered for the extension's classes comes from the platform, for every extension alike: the
     * implementations and converters of the extension's config mappings ({@code runtime.config}, SmallRye Config) and
     * the enums their properties take ({@link #CONFIG_ENUMS}), the bean members that inject a mapping (ArC's config
     * injection points) or an {@code Event} (whose injection point metadata ArC reads), and the members of the
     * {@code @RekuestClient} qualifier (ArC).
     */
    /** The package of the extension's config mappings ({@code RekuestConfig}, the build-time transport choice...). */
    private static final String CONFIG_PACKAGE = RekuestConfig.class.getPackageName() + ".";

    /** Public enums that are values of config properties ({@code quarkus.rekuest.client.spread}). */
    private static final Set<String> CONFIG_ENUMS = Set.of(io.quarkiverse.rekuest.Spread.class.getName());

    @Test
    void theExtensionRegistersNothingOfItsOwn() throws IOException {
        List<String> unexplained = new ArrayList<>();
        int seen = 0;
        for (JsonNode entry : entries("reflect-config.json")) {
            String name = entry.path("name").asText();
            if (!name.startsWith(EXTENSION) || name.startsWith(APPLICATION)) {
                continue;
            }
            seen++;
            boolean configMapping = name.startsWith(CONFIG_PACKAGE) || CONFIG_ENUMS.contains(name);
            boolean qualifier = name.equals("io.quarkiverse.rekuest.RekuestClient");
            if (!configMapping && !qualifier && !injectsConfigOnly(entry)) {
                unexplained.add(entry.toString());
            }
        }
        assertEquals(List.of(), unexplained, "reflection registrations of the extension's classes");
        assertTrue(seen > 0, "not one entry of the extension: the file was not read as expected");
        for (String config : List.of("proxy-config.json", "serialization-config.json", "jni-config.json")) {
            assertFalse(names(config).stream().anyMatch(name -> name.startsWith(EXTENSION)), config);
        }
    }

    /**
     * The demo has SmallRye Health but neither {@code quarkus-oidc-client} nor Micrometer: the build added the
     * readiness check, and neither the OIDC client credentials nor the meters (decided by capability, not by class
     * lookups at run time).
     */
    @Test
    void optionalIntegrationsFollowTheApplicationsCapabilities() throws IOException {
        assertTrue(has("io/quarkiverse/rekuest/runtime/health/AgentReadinessCheck_Bean.class"), "readiness check bean");
        assertFalse(has("io/quarkiverse/rekuest/runtime/auth/OidcClientCredentials_Bean.class"),
                "OIDC client credentials bean without quarkus-oidc-client");
        assertFalse(has("io/quarkiverse/rekuest/runtime/metrics/RekuestMetrics_Bean.class"),
                "metrics bean without quarkus-micrometer");
        try (var libs = Files.list(sources.resolve("lib"))) {
            List<String> names = libs.map(lib -> lib.getFileName().toString()).toList();
            assertFalse(names.stream().anyMatch(lib -> lib.contains("oidc")), "an OIDC library is in the image: " + names);
            assertFalse(names.stream().anyMatch(lib -> lib.contains("micrometer")), "Micrometer is in the image: " + names);
        }
    }

    /** A member-only entry (no {@code allDeclared*} flags) of constructors, methods or fields that inject the config. */
    private static boolean injectsConfigOnly(JsonNode entry) {
        if (entry.has("allDeclaredMethods") || entry.has("allDeclaredConstructors") || entry.has("allDeclaredFields")
                || entry.has("allPublicMethods") || entry.has("allPublicConstructors") || entry.has("allPublicFields")) {
            return false;
        }
        boolean any = false;
        for (JsonNode method : entry.path("methods")) {
            boolean takesConfig = false;
            for (JsonNode type : method.path("parameterTypes")) {
                takesConfig |= type.asText().startsWith(CONFIG_PACKAGE);
            }
            if (!takesConfig) {
                return false;
            }
            any = true;
        }
        for (JsonNode field : entry.path("fields")) {
            try {
                Class<?> owner = Class.forName(entry.path("name").asText());
                Class<?> type = owner.getDeclaredField(field.path("name").asText()).getType();
                if (!type.getName().startsWith(CONFIG_PACKAGE) && type != jakarta.enterprise.event.Event.class) {
                    return false;
                }
            } catch (ReflectiveOperationException e) {
                fail("registered field " + field + " of " + entry.path("name").asText() + " does not exist: " + e);
            }
            any = true;
        }
        return any;
    }

    private static Set<String> names(String config) throws IOException {
        Set<String> names = new TreeSet<>();
        for (JsonNode entry : entries(config)) {
            // a proxy is a list of interfaces (or an object with "interfaces"); anything else has a name
            JsonNode interfaces = entry.isArray() ? entry : entry.path("interfaces");
            interfaces.forEach(type -> names.add(type.asText()));
            if (entry.has("name")) {
                names.add(entry.get("name").asText());
            }
        }
        return names;
    }

    /** The entries of {@code META-INF/native-image/<config>} in the runner jar ({@code []} when it has none). */
    private static List<JsonNode> entries(String config) throws IOException {
        try (JarFile jar = new JarFile(runner.toFile())) {
            ZipEntry file = jar.getEntry("META-INF/native-image/" + config);
            assertTrue(file != null, "no META-INF/native-image/" + config + " in " + runner);
            try (InputStream in = jar.getInputStream(file)) {
                JsonNode root = JSON.readTree(in);
                JsonNode list = root.isArray() ? root : root.path("types");
                List<JsonNode> entries = new ArrayList<>();
                list.forEach(entries::add);
                return entries;
            }
        }
    }

    private static boolean has(String path) throws IOException {
        try (JarFile jar = new JarFile(runner.toFile())) {
            return jar.getEntry(path) != null;
        }
    }
}
