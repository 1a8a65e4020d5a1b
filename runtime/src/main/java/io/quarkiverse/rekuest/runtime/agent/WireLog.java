package io.quarkiverse.rekuest.runtime.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The wire log: every {@code /agi} frame in and out, in the logging category {@code rekuest.wire} (outside
 * {@code io.quarkiverse.rekuest}, so that DEBUG for the extension does not print every frame). At DEBUG one line per
 * frame (direction, type, task, seq, size); at TRACE also the body, with every secret replaced by
 * {@code ***} (the REGISTER token, the provenance {@code token} of an ASSIGN). Turn it on with
 * {@code quarkus.log.category."rekuest.wire".level=TRACE} (and a handler level that lets it through,
 * e.g. {@code quarkus.log.console.level=TRACE}). Costs nothing when off.
 */
public final class WireLog {

    /** The category. */
    public static final String CATEGORY = "rekuest.wire";

    private static final Logger LOG = Logger.getLogger(CATEGORY);
    /** Fields that carry a secret, whatever the frame. */
    private static final Set<String> SECRET_FIELDS = Set.of("token", "access_token", "client_secret", "secret", "hookUrlSecret",
            "authorization");

    private WireLog() {
    }

    static boolean enabled() {
        return LOG.isDebugEnabled();
    }

    /** A frame the agent wrote. */
    static void out(String text) {
        if (LOG.isDebugEnabled()) {
            log("->", text, null);
        }
    }

    /** A frame the agent received (already parsed). */
    static void in(String text, JsonNode frame) {
        if (LOG.isDebugEnabled()) {
            log("<-", text, frame);
        }
    }

    private static void log(String direction, String text, JsonNode parsed) {
        JsonNode frame = parsed;
        if (frame == null) {
            try {
                frame = Frames.MAPPER.readTree(text);
            } catch (Exception e) {
                frame = null;
            }
        }
        if (frame == null || !frame.isObject()) {
            LOG.debugf("agi %s %d bytes, not a JSON object", direction, text.length());
            return;
        }
        String line = summary(direction, frame, text.length());
        if (LOG.isTraceEnabled()) {
            LOG.tracef("%s %s", line, redacted(frame));
        } else {
            LOG.debug(line);
        }
    }

    /**
     * A GraphQL operation the extension sends: at DEBUG its kind and name and the size of its document and variables;
     * at TRACE the variables too (the token travels in the Authorization header or the connection payload, never here;
     * secret-named fields are redacted all the same).
     */
    public static void graphql(String document, Object variables) {
        if (!LOG.isDebugEnabled()) {
            return;
        }
        Matcher named = OPERATION.matcher(document);
        String operation = named.find() ? named.group(1) + " " + named.group(2) : "query";
        String vars = variables == null ? "{}" : String.valueOf(variables);
        String line = "graphql -> " + operation + " (" + document.length() + " + " + vars.length() + " chars)";
        if (LOG.isTraceEnabled()) {
            LOG.tracef("%s %s", line, redactedText(vars));
        } else {
            LOG.debug(line);
        }
    }

    private static final Pattern OPERATION = Pattern
            .compile("^\\s*(query|mutation|subscription)\\s+(\\w+)");
    /** {@code "token": "..."} or {@code token=...} in a rendered map: the value is replaced. */
    private static final Pattern SECRET_VALUE = Pattern.compile(
            "(?i)(\"?(?:token|access_token|client_secret|secret|authorization)\"?\\s*[:=]\\s*)(\"[^\"]*\"|[^,}\\s]+)");

    static String redactedText(String text) {
        return SECRET_VALUE.matcher(text).replaceAll("$1***");
    }

    /** {@code agi -> YIELD task=12 seq=5 (87 bytes)}. */
    static String summary(String direction, JsonNode frame, int bytes) {
        StringBuilder line = new StringBuilder("agi ").append(direction).append(' ')
                .append(frame.path("type").asText("?"));
        for (String field : new String[] { "task", "parent", "seq", "event", "request", "reference" }) {
            JsonNode value = frame.get(field);
            if (value != null && !value.isNull()) {
                line.append(' ').append(field).append('=').append(value.asText());
            }
        }
        return line.append(" (").append(bytes).append(" bytes)").toString();
    }

    /** The frame as JSON with every secret field replaced by {@code ***}, at any depth. */
    static String redacted(JsonNode frame) {
        JsonNode copy = frame.deepCopy();
        redact(copy);
        return copy.toString();
    }

    private static void redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.get(name);
                if (SECRET_FIELDS.contains(name.toLowerCase(Locale.ROOT)) && value != null && !value.isNull()) {
                    object.put(name, "***");
                } else {
                    redact(value);
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(WireLog::redact);
        }
    }
}
