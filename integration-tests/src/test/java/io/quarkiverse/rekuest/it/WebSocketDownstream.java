package io.quarkiverse.rekuest.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * The server-to-client half of a proxied connection, read as WebSocket frames (RFC 6455) so that a test can drop some
 * messages while the connection stays up, as a server whose pub/sub lost an event would (§1.6). Passes every byte on
 * unchanged until the HTTP response ends; a response other than {@code 101 Switching Protocols} is passed on as it is.
 * Only whole text messages (one frame, unfragmented) are ever dropped.
 */
final class WebSocketDownstream {

    private final Predicate<String> drop;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean upgraded;
    private boolean raw;

    /** @param drop which text messages to drop; read for every message, so the test can change it any time */
    WebSocketDownstream(Predicate<String> drop) {
        this.drop = drop;
    }

    /** The bytes to pass on after {@code n} more bytes came from the server. */
    byte[] next(byte[] buffer, int n) {
        if (raw) {
            return Arrays.copyOf(buffer, n);
        }
        pending.write(buffer, 0, n);
        byte[] data = pending.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        if (!upgraded) {
            int end = headerEnd(data);
            if (end < 0) {
                return new byte[0];
            }
            out.write(data, 0, end);
            at = end;
            upgraded = true;
            if (!new String(data, 0, Math.min(end, 12), StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 101")) {
                raw = true;
                out.write(data, at, data.length - at);
                pending.reset();
                return out.toByteArray();
            }
        }
        while (true) {
            int length = frameLength(data, at);
            if (length < 0 || at + length > data.length) {
                break;
            }
            if (!dropped(data, at, length)) {
                out.write(data, at, length);
            }
            at += length;
        }
        pending.reset();
        pending.write(data, at, data.length - at);
        return out.toByteArray();
    }

    private static int headerEnd(byte[] data) {
        for (int i = 3; i < data.length; i++) {
            if (data[i - 3] == '\r' && data[i - 2] == '\n' && data[i - 1] == '\r' && data[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    /** The whole length of the frame at {@code at}, or -1 when its header has not all come yet. */
    private static int frameLength(byte[] data, int at) {
        if (data.length - at < 2) {
            return -1;
        }
        int header = 2;
        long payload = data[at + 1] & 0x7F;
        if (payload == 126) {
            if (data.length - at < 4) {
                return -1;
            }
            payload = ((data[at + 2] & 0xFF) << 8) | (data[at + 3] & 0xFF);
            header = 4;
        } else if (payload == 127) {
            if (data.length - at < 10) {
                return -1;
            }
            payload = 0;
            for (int i = 0; i < 8; i++) {
                payload = (payload << 8) | (data[at + 2 + i] & 0xFF);
            }
            header = 10;
        }
        if ((data[at + 1] & 0x80) != 0) {
            header += 4;
        }
        return (int) (header + payload);
    }

    private boolean dropped(byte[] data, int at, int length) {
        boolean wholeText = (data[at] & 0x80) != 0 && (data[at] & 0x0F) == 1;
        boolean masked = (data[at + 1] & 0x80) != 0;
        if (!wholeText || masked) {
            return false;
        }
        int payload = data[at + 1] & 0x7F;
        int header = payload == 126 ? 4 : payload == 127 ? 10 : 2;
        return drop.test(new String(data, at + header, length - header, StandardCharsets.UTF_8));
    }
}
