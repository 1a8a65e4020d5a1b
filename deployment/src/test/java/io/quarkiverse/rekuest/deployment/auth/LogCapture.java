package io.quarkiverse.rekuest.deployment.auth;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import org.jboss.logmanager.ExtLogRecord;

/** Turns captured log records into the text a log file would show: message, parameters and stack traces. */
final class LogCapture {

    private LogCapture() {
    }

    static String text(List<LogRecord> records) {
        StringBuilder all = new StringBuilder();
        SimpleFormatter formatter = new SimpleFormatter();
        for (LogRecord record : records) {
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : formatter.formatMessage(record);
            all.append(record.getLevel()).append(' ').append(record.getLoggerName()).append(": ").append(message)
                    .append(' ').append(record.getMessage());
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    all.append(' ').append(parameter);
                }
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                all.append('\n').append(trace);
            }
            all.append('\n');
        }
        return all.toString();
    }

    /** Fails naming the secret's kind (never the secret) when {@code text} contains it. */
    static void assertAbsent(String text, String secret, String what) {
        if (secret != null && !secret.isEmpty() && text.contains(secret)) {
            int at = text.indexOf(secret);
            String line = text.substring(Math.max(0, text.lastIndexOf('\n', at) + 1), at);
            throw new AssertionError("The " + what + " was logged, after: " + line);
        }
    }
}
