package io.quarkiverse.rekuest.runtime.agent;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireLogTest {

    @Test
    void theBodyNeverShowsATokenWhereverItIs() throws Exception {
        JsonNode register = Frames.MAPPER.readTree("{\"id\":\"r\",\"type\":\"REGISTER\",\"token\":\"eyJ-secret-jwt\","
                + "\"force\":false,\"session_id\":\"s\"}");
        JsonNode assign = Frames.MAPPER.readTree("{\"id\":\"a\",\"type\":\"ASSIGN\",\"task\":\"7\",\"args\":{\"x\":1,"
                + "\"nested\":[{\"client_secret\":\"shh\"}]},\"token\":\"provenance-jwt\"}");
        String registerBody = WireLog.redacted(register);
        String assignBody = WireLog.redacted(assign);
        assertFalse(registerBody.contains("eyJ-secret-jwt"), registerBody);
        assertFalse(assignBody.contains("provenance-jwt"), assignBody);
        assertFalse(assignBody.contains("shh"), assignBody);
        assertTrue(assignBody.contains("\"x\":1"), "the rest of the body is kept: " + assignBody);
        assertEquals("eyJ-secret-jwt", register.get("token").asText(), "the frame itself is not changed");
    }

    @Test
    void aLineNamesDirectionTypeTaskSeqAndSize() throws Exception {
        JsonNode yield = Frames.MAPPER.readTree("{\"id\":\"y\",\"type\":\"YIELD\",\"task\":\"12\",\"seq\":5}");
        assertEquals("agi -> YIELD task=12 seq=5 (87 bytes)", WireLog.summary("->", yield, 87));
    }

    @Test
    void graphqlVariablesNeverShowASecretField() {
        String rendered = WireLog
                .redactedText("{\"input\": {\"token\": \"eyJ-secret\", \"client_secret\":\"shh\", \"name\": \"agent\"}}");
        assertFalse(rendered.contains("eyJ-secret"), rendered);
        assertFalse(rendered.contains("shh"), rendered);
        assertTrue(rendered.contains("\"name\": \"agent\""), rendered);
        String map = WireLog.redactedText("{token=abc, args={\"x\": 1}}");
        assertFalse(map.contains("abc"), map);
    }

    @Test
    void theWebhookSecretOfEnsureAgentIsNeverShown() {
        String rendered = WireLog.redactedText("{\"name\":\"a\",\"kind\":\"WEBHOOK\",\"hookUrl\":\"https://x/rekuest/webhook\","
                + "\"hookUrlSecret\":\"webhook-secret-0123456789\"}");
        assertFalse(rendered.contains("webhook-secret-0123456789"), rendered);
        assertTrue(rendered.contains("https://x/rekuest/webhook"), rendered);
    }
}
