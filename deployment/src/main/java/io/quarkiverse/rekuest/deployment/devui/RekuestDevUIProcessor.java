package io.quarkiverse.rekuest.deployment.devui;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jboss.jandex.ClassInfo;

import io.quarkiverse.rekuest.deployment.NodeMethodBuildItem;
import io.quarkiverse.rekuest.runtime.devui.RekuestJsonRpcService;
import io.quarkus.deployment.IsLocalDevelopment;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.devui.spi.JsonRPCProvidersBuildItem;
import io.quarkus.devui.spi.page.CardPageBuildItem;
import io.quarkus.devui.spi.page.Page;

/**
 * The rekuest card of the Dev UI ({@code /q/dev-ui}): four pages (Nodes, Try it, Tasks, Server), Lit components under
 * {@code dev-ui/}, backed by the {@link RekuestJsonRpcService} JSON-RPC service. Only in local dev mode: nothing of it
 * reaches a production build.
 */
class RekuestDevUIProcessor {

    @BuildStep(onlyIf = IsLocalDevelopment.class)
    CardPageBuildItem card(List<NodeMethodBuildItem> nodes) {
        CardPageBuildItem card = new CardPageBuildItem();
        // the source file of each node, for the Dev UI's open-in-IDE links (the build knows it, the runtime only has
        // the simple name in the node's signature)
        Map<String, String> sources = new TreeMap<>();
        for (NodeMethodBuildItem node : nodes) {
            sources.put(node.metadata().interfaceName(), topLevel(node.method().declaringClass()));
        }
        card.addBuildTimeData("nodeSources", sources);
        card.addPage(Page.webComponentPageBuilder()
                .title("Nodes")
                .icon("font-awesome-solid:diagram-project")
                .componentLink("qwc-rekuest-nodes.js")
                .staticLabel(String.valueOf(nodes.size())));
        card.addPage(Page.webComponentPageBuilder()
                .title("Try it")
                .icon("font-awesome-solid:play")
                .componentLink("qwc-rekuest-try.js"));
        card.addPage(Page.webComponentPageBuilder()
                .title("Tasks")
                .icon("font-awesome-solid:list-check")
                .componentLink("qwc-rekuest-tasks.js"));
        card.addPage(Page.webComponentPageBuilder()
                .title("Server")
                .icon("font-awesome-solid:server")
                .componentLink("qwc-rekuest-server.js"));
        return card;
    }

    /** The class whose {@code .java} file holds {@code clazz}: itself, or the outermost class enclosing it. */
    private static String topLevel(ClassInfo clazz) {
        String name = clazz.name().toString();
        int dollar = name.indexOf('$');
        return dollar < 0 ? name : name.substring(0, dollar);
    }

    @BuildStep(onlyIf = IsLocalDevelopment.class)
    JsonRPCProvidersBuildItem jsonRpc() {
        return new JsonRPCProvidersBuildItem(RekuestJsonRpcService.class);
    }
}
