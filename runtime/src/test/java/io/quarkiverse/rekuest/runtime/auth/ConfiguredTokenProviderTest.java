package io.quarkiverse.rekuest.runtime.auth;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.inject.Instance;

import org.junit.jupiter.api.Test;

import io.quarkiverse.rekuest.runtime.agent.TokenProvider;
import io.quarkiverse.rekuest.runtime.config.RekuestConfig;
import io.smallrye.mutiny.Uni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Client credentials need {@code quarkus-oidc-client}, which the build detects by its capability (it then adds the
 * {@link OidcClientCredentials} bean): without the bean, a clear, permanent error naming the dependency; with it, the
 * tokens come from it. Nothing looks for the OIDC classes at run time.
 */
class ConfiguredTokenProviderTest {

    private static final Map<String, String> CLIENT_CREDENTIALS = Map.of(
            "quarkus.rekuest.auth.token-url", "http://127.0.0.1:1/token",
            "quarkus.rekuest.auth.client-id", "agent",
            "quarkus.rekuest.auth.client-secret", "secret");

    @Test
    void withoutTheOidcClientExtensionClientCredentialsNameTheMissingDependency() {
        ConfiguredTokenProvider provider = provider(CLIENT_CREDENTIALS, null);
        assertEquals(RekuestConfig.TokenSource.CLIENT_CREDENTIALS, provider.source());
        TokenException failure = assertThrows(TokenException.class,
                () -> provider.token().await().atMost(Duration.ofSeconds(5)));
        assertTrue(failure.isPermanent());
        assertEquals("client credentials (quarkus.rekuest.auth.client-id) needs the quarkus-oidc-client extension: add "
                + "the dependency io.quarkus:quarkus-oidc-client", failure.getMessage());
    }

    @Test
    void withItTheTokensComeFromTheOidcClientCredentialsBean() {
        OidcClientCredentials oidc = new OidcClientCredentials() {
            @Override
            TokenProvider of(String tokenUrl, String clientId, String clientSecret, boolean postSecret,
                    List<String> scopes, Optional<String> tlsConfigurationName, Duration timeout, Duration refreshBefore,
                    String keys) {
                assertEquals("http://127.0.0.1:1/token", tokenUrl);
                assertEquals("agent", clientId);
                return () -> Uni.createFrom().item("granted");
            }
        };
        assertEquals("granted", provider(CLIENT_CREDENTIALS, oidc).token().await().atMost(Duration.ofSeconds(5)));
    }

    private static ConfiguredTokenProvider provider(Map<String, String> properties, OidcClientCredentials oidc) {
        RekuestConfig config = config(RekuestConfig.class, "quarkus.rekuest.", properties);
        return new ConfiguredTokenProvider(config, new FaktsSession(config, null, instance(null)), instance(oidc));
    }

    /**
     * The configuration mapping from {@code properties} (a stand-in: SmallRye Config would generate the mapping with
     * ASM, which this module's tests do not have): a group is a nested stand-in, an absent {@code Optional} empty,
     * an enum its {@code AUTO} or first constant, a duration ten seconds.
     */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static <T> T config(Class<T> type, String prefix, Map<String, String> properties) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (self, method, args) -> {
            String key = prefix + method.getName().replaceAll("([A-Z])", "-$1").toLowerCase();
            String value = properties.get(key);
            Class<?> returned = method.getReturnType();
            if (returned == Optional.class) {
                return Optional.ofNullable(value);
            }
            if (returned.isInterface() && returned.getName().startsWith(RekuestConfig.class.getName())) {
                return config(returned, key + ".", properties);
            }
            if (returned.isEnum()) {
                Object[] constants = returned.getEnumConstants();
                return value != null ? Enum.valueOf((Class<Enum>) returned, value.toUpperCase())
                        : java.util.Arrays.stream(constants).filter(c -> c.toString().equals("AUTO")).findFirst()
                                .orElse(constants[0]);
            }
            if (returned == Duration.class) {
                return Duration.ofSeconds(10);
            }
            throw new UnsupportedOperationException(key);
        });
    }

    /** An {@code Instance} with the given bean, or none ({@code null}); only what the provider calls. */
    @SuppressWarnings("unchecked")
    private static <T> Instance<T> instance(T bean) {
        return (Instance<T>) Proxy.newProxyInstance(ConfiguredTokenProviderTest.class.getClassLoader(),
                new Class<?>[] { Instance.class }, (self, method, args) -> switch (method.getName()) {
                    case "isResolvable" -> bean != null;
                    case "isUnsatisfied" -> bean == null;
                    case "isAmbiguous" -> false;
                    case "get" -> {
                        if (bean == null) {
                            throw new IllegalStateException("unsatisfied");
                        }
                        yield bean;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
