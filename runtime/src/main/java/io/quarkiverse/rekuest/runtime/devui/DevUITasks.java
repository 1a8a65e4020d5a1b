package io.quarkiverse.rekuest.runtime.devui;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.quarkiverse.rekuest.AssignedTask;

/**
 * The tasks assigned from the Try-it page, by id, so that the page can watch and control them after a reload. Bounded:
 * the oldest handles are forgotten (their tasks live on in the server and on the Tasks page).
 */
final class DevUITasks {

    static final int MAX = 200;

    private final Map<String, AssignedTask> tasks = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, AssignedTask> eldest) {
            return size() > MAX;
        }
    };

    synchronized void add(AssignedTask task) {
        tasks.put(task.id(), task);
    }

    synchronized Optional<AssignedTask> get(String id) {
        return Optional.ofNullable(tasks.get(id));
    }
}
