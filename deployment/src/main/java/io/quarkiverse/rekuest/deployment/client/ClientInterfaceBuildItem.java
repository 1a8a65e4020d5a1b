package io.quarkiverse.rekuest.deployment.client;

import java.util.List;

import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.MethodInfo;

import io.quarkiverse.rekuest.runtime.client.ClientMethod;
import io.quarkus.builder.item.MultiBuildItem;

/** One interface injected with {@code @RekuestClient}: its methods, in the order the generated proxy numbers them. */
public final class ClientInterfaceBuildItem extends MultiBuildItem {

    private final ClassInfo iface;
    private final List<MethodInfo> methods;
    private final List<ClientMethod> clientMethods;

    ClientInterfaceBuildItem(ClassInfo iface, List<MethodInfo> methods, List<ClientMethod> clientMethods) {
        this.iface = iface;
        this.methods = methods;
        this.clientMethods = clientMethods;
    }

    public ClassInfo iface() {
        return iface;
    }

    public List<MethodInfo> methods() {
        return methods;
    }

    public List<ClientMethod> clientMethods() {
        return clientMethods;
    }

    /** The generated proxy class, in the interface's package: {@code com.example.Api_RekuestClient}. */
    public String proxyClassName() {
        return iface.name().toString() + "_RekuestClient";
    }
}
