package io.quarkiverse.rekuest.deployment.auth;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkiverse.rekuest.runtime.auth.RekuestConnection;
import io.quarkiverse.rekuest.runtime.auth.RekuestEndpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The endpoints derived from one base URL, and what counts as the server refusing a token. */
class RekuestEndpointsTest {

    @Test
    void httpBecomesWsAndThePathPrefixIsKept() {
        RekuestEndpoints endpoints = RekuestEndpoints.of("http://localhost:8000");
        assertEquals("http://localhost:8000/graphql", endpoints.graphqlUrl());
        assertEquals("ws://localhost:8000/graphql", endpoints.subscriptionsUrl());
        assertEquals("ws://localhost:8000/agi", endpoints.agiUrl());
        assertFalse(endpoints.secure());

        RekuestEndpoints gateway = RekuestEndpoints.of("https://arkitekt.example.org/rekuest/");
        assertEquals("https://arkitekt.example.org/rekuest/graphql", gateway.graphqlUrl());
        assertEquals("wss://arkitekt.example.org/rekuest/graphql", gateway.subscriptionsUrl());
        assertEquals("wss://arkitekt.example.org/rekuest/agi", gateway.agiUrl());
        assertTrue(gateway.secure());
    }

    @Test
    void eachEndpointCanBeOverridden() {
        RekuestEndpoints endpoints = RekuestEndpoints.derive(Optional.of("https://h/rekuest"),
                Optional.of("https://api.h/gql"), Optional.empty(), Optional.of("wss://agents.h/agi"));
        assertEquals("https://api.h/gql", endpoints.graphqlUrl());
        assertEquals("wss://h/rekuest/graphql", endpoints.subscriptionsUrl());
        assertEquals("wss://agents.h/agi", endpoints.agiUrl());

        RekuestEndpoints withoutBase = RekuestEndpoints.derive(Optional.empty(), Optional.of("http://h:1/graphql"),
                Optional.empty(), Optional.of("ws://h:1/agi"));
        assertEquals("ws://h:1/graphql", withoutBase.subscriptionsUrl(), "subscriptions beside the GraphQL endpoint");

        RekuestEndpoints callerOnly = RekuestEndpoints.derive(Optional.empty(), Optional.of("https://h/rekuest/graphql"),
                Optional.of("wss://h/rekuest/graphql"), Optional.empty());
        assertEquals("wss://h/rekuest/agi", callerOnly.agiUrl(), "the agent socket beside the GraphQL endpoint");
        IllegalStateException odd = assertThrows(IllegalStateException.class, () -> RekuestEndpoints.derive(
                Optional.empty(), Optional.of("https://h/gql"), Optional.empty(), Optional.empty()));
        assertTrue(odd.getMessage().contains("quarkus.rekuest.agi-url"), odd.getMessage());
    }

    @Test
    void missingOrWrongUrlsNameTheKeys() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> RekuestEndpoints.derive(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        assertTrue(missing.getMessage().contains("quarkus.rekuest.url"), missing.getMessage());
        IllegalStateException scheme = assertThrows(IllegalStateException.class, () -> RekuestEndpoints.of("ftp://h"));
        assertTrue(scheme.getMessage().contains("quarkus.rekuest.url"), scheme.getMessage());
        IllegalStateException agi = assertThrows(IllegalStateException.class, () -> RekuestEndpoints.derive(
                Optional.of("http://h"), Optional.empty(), Optional.empty(), Optional.of("http://h/agi")));
        assertTrue(agi.getMessage().contains("quarkus.rekuest.agi-url"), agi.getMessage());
    }

    @Test
    void tokenRejections() {
        assertTrue(RekuestConnection.isTokenRejection(new RuntimeException("ensureAgent failed: The token has expired")));
        assertTrue(RekuestConnection.isTokenRejection(new RuntimeException("Unexpected response. Code=401")));
        assertFalse(RekuestConnection.isTokenRejection(new RuntimeException("Connection refused")));
    }
}
