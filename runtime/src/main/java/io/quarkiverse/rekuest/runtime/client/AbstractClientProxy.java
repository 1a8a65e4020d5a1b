package io.quarkiverse.rekuest.runtime.client;

/**
 * The superclass of the proxy classes generated at build time for {@code @RekuestClient} interfaces: each interface
 * method becomes {@code return (R) invoke(index, new Object[] { args... })}.
 */
public abstract class AbstractClientProxy {

    private ClientInvoker invoker;

    protected AbstractClientProxy() {
    }

    /** Set once, when the bean is created. */
    public final void rekuestInit(ClientInvoker invoker) {
        this.invoker = invoker;
    }

    /** Calls the {@code index}-th method of the interface. */
    public final Object invoke(int index, Object[] args) {
        return invoker.invoke(index, args);
    }

    @Override
    public String toString() {
        return invoker == null ? super.toString() : invoker.toString();
    }
}
