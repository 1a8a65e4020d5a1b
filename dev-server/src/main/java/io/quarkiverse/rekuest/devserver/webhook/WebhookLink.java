package io.quarkiverse.rekuest.devserver.webhook;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.devserver.store.AgentRecord;
import io.quarkiverse.rekuest.devserver.store.Json;
import io.quarkiverse.rekuest.devserver.store.RekuestStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * How a webhook agent gets its messages (§2.11): every frame queued for it (ASSIGN, CANCEL, INTERRUPT, PAUSE, RESUME,
 * COLLECT, KICK, BOUNCE, the {@code *_EVENT} mirrors of tasks it started) is POSTed at once to its {@code hookUrl},
 * signed, with a timeout and no retry. A message whose POST fails, answers other than 2xx or times out is lost: the
 * task of a lost ASSIGN stays queued on the server and nothing delivers it again.
 */
public final class WebhookLink implements RekuestStore.WebhookDelivery {

    private static final System.Logger LOG = System.getLogger("io.quarkiverse.rekuest.devserver");

    private final Vertx vertx;
    private final HttpClient client;
    private final RekuestStore store;
    private final AgentRecord agent;
    private final long timeoutMillis;

    public WebhookLink(Vertx vertx, HttpClient client, RekuestStore store, AgentRecord agent, long timeoutMillis) {
        this.vertx = vertx;
        this.client = client;
        this.store = store;
        this.agent = agent;
        this.timeoutMillis = timeoutMillis;
    }

    /** Called under the store's lock as a frame is queued: takes it and starts its POST (never blocks). */
    @Override
    public void deliverQueued() {
        for (ObjectNode frame : store.takeQueued(agent, this)) {
            post(frame);
        }
    }

    @Override
    public void mirror(ObjectNode frame) {
        post(frame);
    }

    /** A webhook agent has no connection to close; a KICK reaches it as a POSTed message. */
    @Override
    public void close(int code, String reason) {
    }

    private void post(ObjectNode frame) {
        String type = frame.path("type").asText();
        byte[] body = Json.write(frame).getBytes(StandardCharsets.UTF_8);
        Promise<Integer> outcome = Promise.promise();
        long timer = vertx.setTimer(timeoutMillis, id -> outcome.tryFail("no answer within " + timeoutMillis + " ms"));
        client.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(agent.hookUrl)
                .putHeader("Content-Type", "application/json")
                .putHeader(WebhookSignature.HEADER, WebhookSignature.sign(agent.hookSecret(), body)))
                .compose(request -> {
                    outcome.future().onFailure(e -> request.reset()); // a timed-out POST is abandoned
                    return request.send(Buffer.buffer(body));
                })
                .compose(response -> response.body().map(b -> response.statusCode()))
                .onComplete(ar -> {
                    vertx.cancelTimer(timer);
                    if (ar.failed()) {
                        outcome.tryFail(ar.cause());
                    } else {
                        outcome.tryComplete(ar.result());
                    }
                });
        Future<Integer> delivered = outcome.future().compose(status -> status >= 200 && status < 300
                ? Future.succeededFuture(status)
                : Future.failedFuture("HTTP " + status));
        delivered.onFailure(e -> LOG.log(System.Logger.Level.WARNING, "POST of " + type + " to the hook URL of webhook"
                + " agent " + agent.id + " failed (" + e.getMessage() + "); the message is lost, it is not retried"));
        WebhookDeliveries.started(delivered);
    }
}
