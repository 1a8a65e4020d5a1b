package io.quarkiverse.rekuest.runtime;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * An optional library (quarkus-oidc-client, Micrometer, SmallRye Health) is referred to by one runtime class (or
 * package) only, which the build adds as a bean when the application has the library's capability, and which nothing
 * else in the runtime refers to. Without the library, that class is then neither loaded on the JVM nor reachable in a
 * native image (which Quarkus links at build time: a reachable reference to a missing class fails the build). A new
 * integration (e.g. OpenTelemetry) adds its rule here (native.adoc).
 */
class OptionalIntegrationsTest {

    private static final String AUTH = "io.quarkiverse.rekuest.runtime.auth.";
    private static JavaClasses runtime;

    @BeforeAll
    static void importRuntime() {
        runtime = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.quarkiverse.rekuest");
    }

    /**
     * {@code ClientCredentialsTokens} is the one class that uses the OIDC client, and only
     * {@code OidcClientCredentials} (a bean only with the capability, whose signatures name no OIDC type) creates it.
     */
    @Test
    void oidcClient() {
        noClasses().that().doNotHaveFullyQualifiedName(AUTH + "ClientCredentialsTokens")
                .should().dependOnClassesThat().resideInAPackage("io.quarkus.oidc..")
                .check(runtime);
        classes().that().haveFullyQualifiedName(AUTH + "ClientCredentialsTokens")
                .should().onlyHaveDependentClassesThat()
                .haveNameMatching(AUTH.replace(".", "\\.") + "(ClientCredentialsTokens|OidcClientCredentials)(\\$.*)?")
                .check(runtime);
    }

    @Test
    void micrometer() {
        noClasses().that().resideOutsideOfPackage("..runtime.metrics..")
                .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
                .check(runtime);
        classes().that().resideInAPackage("..runtime.metrics..")
                .should().onlyHaveDependentClassesThat().resideInAPackage("..runtime.metrics..")
                .check(runtime);
    }

    @Test
    void smallRyeHealth() {
        String check = "io.quarkiverse.rekuest.runtime.health.AgentReadinessCheck";
        noClasses().that().doNotHaveFullyQualifiedName(check)
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.microprofile.health..",
                        "io.smallrye.health..", "io.quarkus.smallrye.health..")
                .check(runtime);
        classes().that().haveFullyQualifiedName(check)
                .should().onlyHaveDependentClassesThat().haveFullyQualifiedName(check)
                .check(runtime);
    }
}
