package io.quarkiverse.rekuest.runtime.agent.webhook;

import java.util.function.Consumer;

import io.quarkus.runtime.annotations.Recorder;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

/** Makes the webhook intake's route at run time. */
@Recorder
public class WebhookRecorder {

    public Handler<RoutingContext> intake() {
        return new WebhookIntake();
    }

    /** POST only, the body read by Quarkus' body handler (its limits apply) before the intake sees it. */
    public Consumer<Route> route(Handler<RoutingContext> bodyHandler) {
        return route -> route.method(HttpMethod.POST).handler(bodyHandler);
    }
}
