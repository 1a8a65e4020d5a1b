package io.quarkiverse.rekuest.runtime.codec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

/**
 * The agent's in-memory shelve of {@link io.quarkiverse.rekuest.MemoryStructure} values: each value shrunk into a
 * return is registered with the server as a drawer ({@code shelveInMemoryDrawer}) and only the drawer id travels;
 * expanding that id in this process gives back the same live object. {@code COLLECT} frees drawers, and
 * {@link #unshelveAll()} unshelves what is left when the agent stops. A value shelved twice keeps its drawer.
 */
public final class MemoryShelve {

    private static final Logger LOG = Logger.getLogger(MemoryShelve.class);

    /** Registers and unregisters drawers with the rekuest server. */
    public interface Drawers {

        /** Registers a drawer; completes with its id. */
        CompletionStage<String> shelve(String identifier, String resourceId, String label, String description);

        /** Unregisters a drawer. */
        CompletionStage<Void> unshelve(String drawerId);
    }

    /** One shelved value. */
    public record Drawer(String id, String identifier, Object value) {
    }

    private volatile Drawers drawers;
    private final Map<String, Drawer> byId = new ConcurrentHashMap<>();
    /** Drawer ids by value identity, so a value returned again reuses its drawer. Guarded by itself. */
    private final Map<Object, String> byValue = new IdentityHashMap<>();

    /** Sets how drawers are registered; until then, shelving fails. */
    public void connect(Drawers drawers) {
        this.drawers = drawers;
    }

    /** Shelves {@code value} (or finds its drawer); completes with the drawer id. */
    public CompletionStage<String> put(String identifier, Object value) {
        synchronized (byValue) {
            String existing = byValue.get(value);
            if (existing != null && byId.containsKey(existing)) {
                return CompletableFuture.completedFuture(existing);
            }
        }
        Drawers d = drawers;
        if (d == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "cannot be shelved: this application has no agent connection to register a memory drawer"));
        }
        String label = value.getClass().getSimpleName();
        return d.shelve(identifier, UUID.randomUUID().toString(), label, null).thenApply(id -> {
            byId.put(id, new Drawer(id, identifier, value));
            synchronized (byValue) {
                byValue.put(value, id);
            }
            return id;
        });
    }

    /** The drawer with this id, or {@code null} when it is not in this process's shelve. */
    public Drawer get(String drawerId) {
        return byId.get(drawerId);
    }

    /** The number of drawers. */
    public int size() {
        return byId.size();
    }

    /** Frees drawers the server collected ({@code COLLECT}); unknown ids are ignored. */
    public void collect(Collection<String> drawerIds) {
        for (String id : drawerIds) {
            remove(id);
        }
    }

    private Drawer remove(String id) {
        Drawer drawer = byId.remove(id);
        if (drawer != null) {
            synchronized (byValue) {
                byValue.remove(drawer.value(), id);
            }
        }
        return drawer;
    }

    /** Unshelves every drawer left (at shutdown); completes when the server answered for all of them. */
    public CompletionStage<Void> unshelveAll() {
        List<String> ids = new ArrayList<>(byId.keySet());
        Drawers d = drawers;
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (String id : ids) {
            remove(id);
            if (d != null) {
                pending.add(d.unshelve(id).toCompletableFuture().exceptionally(failure -> {
                    LOG.debugf("Unshelving memory drawer %s failed: %s", id, failure.getMessage());
                    return null;
                }));
            }
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
    }
}
