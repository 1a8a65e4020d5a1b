package io.quarkiverse.rekuest.deployment;

import io.quarkiverse.rekuest.runtime.agent.webhook.HttpServerStarted;
import io.quarkiverse.rekuest.runtime.agent.webhook.WebhookIntake;
import io.quarkiverse.rekuest.runtime.agent.webhook.WebhookRecorder;
import io.quarkiverse.rekuest.runtime.config.RekuestAgentTransportConfig;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.vertx.http.deployment.BodyHandlerBuildItem;
import io.quarkus.vertx.http.deployment.RouteBuildItem;

/**
 * The webhook transport ({@code quarkus.rekuest.agent.transport=webhook}): the intake route on the application's HTTP
 * server and the bean that tells when that server listens. Nothing of it exists in an application with the websocket
 * transport.
 */
class WebhookProcessor {

    @BuildStep
    void beans(RekuestAgentTransportConfig transport, BuildProducer<AdditionalBeanBuildItem> beans) {
        if (transport.transport() == RekuestAgentTransportConfig.Transport.WEBHOOK) {
            beans.produce(AdditionalBeanBuildItem.unremovableOf(HttpServerStarted.class));
        }
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void intake(RekuestAgentTransportConfig transport, WebhookRecorder recorder, BodyHandlerBuildItem body,
            BuildProducer<RouteBuildItem> routes) {
        if (transport.transport() == RekuestAgentTransportConfig.Transport.WEBHOOK) {
            routes.produce(RouteBuildItem.builder()
                    .routeFunction("/" + WebhookIntake.PATH, recorder.route(body.getHandler()))
                    .handler(recorder.intake())
                    .build());
        }
    }
}
