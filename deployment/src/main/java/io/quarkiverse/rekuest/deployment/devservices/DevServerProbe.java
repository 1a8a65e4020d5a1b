package io.quarkiverse.rekuest.deployment.devservices;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Finds out what listens on a local port: nothing, a rekuest dev server (which Dev Services then share), or something
 * else (which it must not talk to).
 */
final class DevServerProbe {

    /** What was found on the port. */
    enum Kind {
        FREE,
        REKUEST_DEV_SERVER,
        FOREIGN
    }

    /** The probe's verdict; {@code detail} says why a port counts as foreign. */
    record Result(Kind kind, String url, String detail) {
    }

    static final String HOST = "127.0.0.1";
    private static final int CONNECT_TIMEOUT_MS = 1000;
    private static final int READ_TIMEOUT_MS = 3000;

    private DevServerProbe() {
    }

    static Result probe(int port) {
        String url = "http://" + HOST + ":" + port;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), CONNECT_TIMEOUT_MS);
        } catch (ConnectException e) {
            return new Result(Kind.FREE, url, null);
        } catch (IOException e) {
            // a timeout or an unreachable address: nothing we could share, and binding would most likely fail too
            return new Result(Kind.FOREIGN, url, "connecting to it failed: " + e.getMessage());
        }
        try {
            Response health = get(url + "/ht");
            if (health.status() != 200 || !health.body().replace(" ", "").contains("\"status\":\"ok\"")) {
                return new Result(Kind.FOREIGN, url,
                        "GET /ht answered " + health.status() + " " + abbreviate(health.body()) + ", not {\"status\":\"ok\"}");
            }
            Response schema = get(url + "/schema");
            if (schema.status() != 200 || !looksLikeRekuestSchema(schema.body())) {
                return new Result(Kind.FOREIGN, url, "GET /schema answered " + schema.status()
                        + " without the rekuest schema");
            }
            return new Result(Kind.REKUEST_DEV_SERVER, url, null);
        } catch (IOException e) {
            return new Result(Kind.FOREIGN, url, "it does not answer HTTP like a rekuest dev server ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    static boolean looksLikeRekuestSchema(String sdl) {
        return sdl.contains("type Agent") && sdl.contains("implementAgent") && sdl.contains("ensureAgent");
    }

    private record Response(int status, String body) {
    }

    private static Response get(String url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
        connection.setReadTimeout(READ_TIMEOUT_MS);
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        try {
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String body = "";
            if (in != null) {
                try (in) {
                    // the SDL is a few tens of KiB; cap what a foreign server could make us read
                    body = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
                }
            }
            return new Response(status, body);
        } finally {
            connection.disconnect();
        }
    }

    private static String abbreviate(String body) {
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 60 ? "'" + oneLine.substring(0, 60) + "...'" : "'" + oneLine + "'";
    }
}
