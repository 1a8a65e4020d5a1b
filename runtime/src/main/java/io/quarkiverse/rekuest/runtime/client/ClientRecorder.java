package io.quarkiverse.rekuest.runtime.client;

import java.util.List;
import java.util.function.Function;

import io.quarkiverse.rekuest.runtime.codec.NodeCodecs;
import io.quarkiverse.rekuest.runtime.config.RekuestConfig;
import io.quarkus.arc.SyntheticCreationalContext;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;

/** Creates the {@code @RekuestClient} beans from the proxies generated at build time. */
@Recorder
public class ClientRecorder {

    /**
     * @param interfaceName the client interface
     * @param proxy the instance of the generated proxy class (created without reflection)
     * @param methods the interface's methods, in the order the proxy numbers them
     */
    public Function<SyntheticCreationalContext<Object>, Object> proxy(String interfaceName, RuntimeValue<Object> proxy,
            List<ClientMethod> methods) {
        return context -> {
            RekuestCaller caller = context.getInjectedReference(RekuestCaller.class);
            NodeCodecs codecs = context.getInjectedReference(NodeCodecs.class);
            RekuestConfig config = context.getInjectedReference(RekuestConfig.class);
            AbstractClientProxy instance = (AbstractClientProxy) proxy.getValue();
            instance.rekuestInit(new ClientInvoker(interfaceName, caller, methods, codecs.portCodec(), config.client()));
            return instance;
        };
    }
}
