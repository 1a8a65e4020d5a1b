import { LitElement, html, css, nothing } from 'lit';
import { JsonRpc } from 'jsonrpc';

/**
 * Tasks: the rekuest server's recent tasks that the application's identity may see (its agent's and its callers'),
 * read with the server's GraphQL tasks query: status, duration, arguments, results; filterable; a click shows the
 * event timeline.
 */
export class QwcRekuestTasks extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host { display: block; padding: 10px 20px; font-size: var(--lumo-font-size-s); }
        .toolbar { display: flex; gap: 10px; align-items: center; margin-bottom: 10px; }
        input, select, button { font: inherit; padding: 2px 6px; }
        input[type=search] { flex: 1; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--lumo-contrast-10pct); vertical-align: top; }
        th { font-size: var(--lumo-font-size-xs); color: var(--lumo-secondary-text-color); }
        tr.task { cursor: pointer; }
        tr.task:hover, tr.task.selected { background: var(--lumo-contrast-5pct); }
        td.json { font-family: monospace; font-size: var(--lumo-font-size-xs); max-width: 360px; overflow-wrap: anywhere; }
        .COMPLETED { color: var(--lumo-success-text-color); }
        .FAILED, .CRITICAL { color: var(--lumo-error-text-color); }
        .CANCELLED, .INTERRUPTED { color: var(--lumo-warning-text-color, orange); }
        .timeline { border: 1px solid var(--lumo-contrast-20pct); border-radius: 6px; padding: 6px 12px; margin-top: 12px; }
        .error { color: var(--lumo-error-text-color); }
    `;

    static properties = {
        _tasks: { state: true },
        _filter: { state: true },
        _status: { state: true },
        _selected: { state: true },
        _error: { state: true }
    };

    constructor() {
        super();
        this._tasks = null;
        this._filter = '';
        this._status = '';
        this._selected = null;
        this._error = null;
    }

    connectedCallback() {
        super.connectedCallback();
        this._load();
    }

    _load() {
        this.jsonRpc.tasks({ limit: 100 }).then(response => {
            this._tasks = response.result;
            this._error = null;
        }).catch(error => this._error = error?.error?.message ?? String(error));
    }

    render() {
        const statuses = this._tasks ? [...new Set(this._tasks.map(t => t.latestEventKind))].sort() : [];
        return html`
            <div class="toolbar">
                <input id="task-filter" type="search" placeholder="Filter by id, action, arguments, results"
                    @input=${e => this._filter = e.target.value}>
                <select id="task-status-filter" @change=${e => this._status = e.target.value}>
                    <option value="">any status</option>
                    ${statuses.map(s => html`<option value="${s}">${s}</option>`)}
                </select>
                <button id="refresh" @click=${() => this._load()}>Refresh</button>
            </div>
            ${this._error ? html`<div class="error" id="tasks-error">${this._error}</div>` : nothing}
            ${this._tasks === null ? html`<div>Loading the tasks...</div>` : this._renderTable()}
            ${this._selected ? this._renderTimeline(this._selected) : nothing}`;
    }

    _renderTable() {
        const filter = this._filter.toLowerCase();
        const shown = this._tasks.filter(t => (!this._status || t.latestEventKind === this._status)
            && (!filter || JSON.stringify([t.id, t.action, t.args, this._results(t), t.agent]).toLowerCase().includes(filter)));
        return html`
            <div id="task-count">${shown.length} of ${this._tasks.length} recent tasks</div>
            <table id="tasks">
                <tr><th>created</th><th>action</th><th>status</th><th>duration</th><th>arguments</th><th>results</th>
                    <th>agent</th><th>parent</th></tr>
                ${shown.map(t => html`
                    <tr class="task ${this._selected && this._selected.id === t.id ? 'selected' : ''}" data-task="${t.id}"
                        data-action="${t.action ? t.action.key : ''}"
                        @click=${() => this._show(t.id)}>
                        <td>${this._time(t.createdAt)}</td>
                        <td>${t.action ? t.action.key : ''}</td>
                        <td class="${t.latestEventKind}">${t.latestEventKind}</td>
                        <td>${this._duration(t)}</td>
                        <td class="json">${JSON.stringify(t.args)}</td>
                        <td class="json">${this._results(t).map(r => JSON.stringify(r)).join(' ')}</td>
                        <td>${t.agent ? t.agent.name : ''}</td>
                        <td>${t.parent ? t.parent.id : ''}</td>
                    </tr>`)}
            </table>`;
    }

    _renderTimeline(task) {
        const start = Date.parse(task.createdAt);
        return html`
            <div class="timeline" id="timeline">
                <h3>Task <code>${task.id}</code> (${task.action ? task.action.key : ''}):
                    <span class="${task.latestEventKind}">${task.latestEventKind}</span></h3>
                <table>
                    <tr><th>at</th><th>+ms</th><th>event</th><th>progress</th><th>message</th><th>returns</th></tr>
                    ${(task.events || []).map(e => html`<tr class="timeline-event">
                        <td>${this._time(e.createdAt)}</td><td>${Date.parse(e.createdAt) - start}</td><td>${e.kind}</td>
                        <td>${e.progress ?? ''}</td><td>${e.message ?? ''}</td>
                        <td class="json">${e.returns ? JSON.stringify(e.returns) : ''}</td></tr>`)}
                </table>
            </div>`;
    }

    _show(id) {
        this.jsonRpc.task({ taskId: id }).then(response => this._selected = response.result)
            .catch(error => this._error = error?.error?.message ?? String(error));
    }

    _results(task) {
        return (task.events || []).filter(e => e.kind === 'YIELD' && e.returns).map(e => e.returns);
    }

    _time(iso) {
        return iso ? new Date(iso).toLocaleTimeString() : '';
    }

    _duration(task) {
        if (!task.finishedAt) {
            return task.isDone ? '' : 'running';
        }
        const ms = Date.parse(task.finishedAt) - Date.parse(task.createdAt);
        return ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(2) + ' s';
    }
}
customElements.define('qwc-rekuest-tasks', QwcRekuestTasks);
