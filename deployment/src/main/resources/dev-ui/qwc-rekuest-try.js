import { LitElement, html, css, nothing } from 'lit';
import { JsonRpc } from 'jsonrpc';

/**
 * Try it: a form per node generated from its ports; the values are checked on the server with the node's codec (the
 * agent's rules), assigned through the rekuest server like any caller's, and the task's events are shown live, with
 * Cancel / Pause / Resume.
 *
 * The form edits the wire value of the args object directly: a MODEL is an object by field key, a LIST an array, a
 * DICT an object, a UNION {"__use": variant, "__value": value}, an absent optional port is left out.
 */
export class QwcRekuestTry extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host { display: block; padding: 10px 20px; font-size: var(--lumo-font-size-s); }
        .toolbar { display: flex; gap: 10px; align-items: center; margin-bottom: 10px; }
        select, input, textarea { font: inherit; padding: 2px 6px; }
        fieldset { border: 1px solid var(--lumo-contrast-20pct); border-radius: 6px; margin: 4px 0; padding: 4px 10px; }
        legend { font-weight: 600; }
        .port { margin: 6px 0; }
        .port > label { display: inline-block; min-width: 140px; font-weight: 600; }
        .hint { color: var(--lumo-secondary-text-color); font-size: var(--lumo-font-size-xs); margin-left: 6px; }
        .field-error { color: var(--lumo-error-text-color); font-size: var(--lumo-font-size-xs); }
        .errors, .error { color: var(--lumo-error-text-color); background: var(--lumo-error-color-10pct);
            border-radius: 4px; padding: 6px 10px; margin: 6px 0; white-space: pre-wrap; }
        .result { background: var(--lumo-success-color-10pct); border-radius: 4px; padding: 6px 10px; margin: 6px 0;
            font-family: monospace; white-space: pre-wrap; }
        .buttons { display: flex; gap: 8px; margin: 10px 0; }
        button { font: inherit; padding: 4px 14px; cursor: pointer; }
        button.primary { background: var(--lumo-primary-color); color: var(--lumo-primary-contrast-color); border: none;
            border-radius: 4px; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: 2px 8px; border-bottom: 1px solid var(--lumo-contrast-10pct); vertical-align: top; }
        td.json { font-family: monospace; white-space: pre-wrap; }
        .status { font-weight: 600; }
        .item { display: flex; gap: 6px; align-items: flex-start; }
    `;

    static properties = {
        _nodes: { state: true },
        _selected: { state: true },
        _value: { state: true },
        _errors: { state: true },
        _error: { state: true },
        _taskId: { state: true },
        _events: { state: true },
        _busy: { state: true }
    };

    constructor() {
        super();
        this._nodes = null;
        this._selected = null;
        this._value = {};
        this._errors = [];
        this._error = null;
        this._taskId = null;
        this._events = [];
        this._busy = false;
        this._observer = null;
    }

    connectedCallback() {
        super.connectedCallback();
        this.jsonRpc.nodes().then(response => {
            this._nodes = response.result;
            const wanted = window.localStorage.getItem('rekuest-try-node');
            const first = this._nodes.find(n => n.interface === wanted) || this._nodes[0];
            if (first) {
                this._select(first.interface);
            }
        }).catch(error => this._error = this._message(error));
    }

    disconnectedCallback() {
        this._stopWatching();
        super.disconnectedCallback();
    }

    // ------------------------------------------------------------------ rendering

    render() {
        if (this._nodes === null) {
            return html`${this._error ? html`<div class="error">${this._error}</div>` : html`<div>Loading the nodes...</div>`}`;
        }
        if (this._nodes.length === 0) {
            return html`<div>This application has no @Node methods.</div>`;
        }
        const node = this._node();
        return html`
            <div class="toolbar">
                <label for="node">Node</label>
                <select id="node" @change=${e => this._select(e.target.value)}>
                    ${this._nodes.map(n => html`<option value="${n.interface}" ?selected=${n.interface === this._selected}>
                        ${n.definition.name} (${n.interface})</option>`)}
                </select>
            </div>
            ${node ? this._renderForm(node) : nothing}
            ${this._renderTask()}`;
    }

    _renderForm(node) {
        const args = node.definition.args || [];
        return html`
            ${node.definition.description ? html`<div class="hint">${node.definition.description}</div>` : nothing}
            <form id="form" @submit=${e => { e.preventDefault(); this._assign(); }}>
                ${args.length === 0 ? html`<div class="hint">No arguments.</div>` : nothing}
                ${args.map(port => this._renderPort(port, this._value[port.key], v => this._setArg(port.key, v), port.key, true))}
                ${this._errors.length > 0 ? html`<div class="errors" id="errors">${this._errors.map(e =>
                    html`<div>${e.path ? html`<b>${e.path}</b> ` : nothing}${e.problem}</div>`)}</div>` : nothing}
                ${this._error ? html`<div class="error" id="assign-error">${this._error}</div>` : nothing}
                <div class="buttons">
                    <button id="assign" class="primary" type="submit" ?disabled=${this._busy}>Assign</button>
                    <button id="check" type="button" @click=${() => this._validate()}>Check</button>
                    <button id="reset" type="button" @click=${() => this._select(this._selected)}>Reset</button>
                </div>
            </form>`;
    }

    /** One port: its label, its editor, the server's complaint about it. */
    _renderPort(port, value, set, path, top) {
        const label = port.label || port.key;
        const optional = port.nullable;
        const present = value !== undefined && value !== null;
        return html`
            <div class="port" data-path="${path}">
                ${top || port.key !== '...' ? html`<label for="${this._id(path)}">${label}</label>` : nothing}
                ${optional ? html`<input type="checkbox" id="${this._id(path)}-set" title="set this optional value"
                    .checked=${present} @change=${e => set(e.target.checked ? this._initial(port, true) : undefined)}>` : nothing}
                ${!optional || present ? this._renderEditor(port, value, set, path) : html`<span class="hint">not set</span>`}
                ${port.description ? html`<span class="hint">${port.description}</span>` : nothing}
                ${this._fieldErrors(path)}
            </div>`;
    }

    _renderEditor(port, value, set, path) {
        const id = this._id(path);
        const widget = port.widget || {};
        switch (port.kind) {
            case 'INT':
            case 'FLOAT': {
                const parse = text => text === '' ? undefined : (port.kind === 'INT' ? Number.parseInt(text, 10) : Number(text));
                if (widget.kind === 'SLIDER') {
                    return html`<input type="range" id="${id}" min="${widget.min}" max="${widget.max}"
                        step="${port.kind === 'INT' ? 1 : 'any'}" .value=${String(value ?? widget.min)}
                        @input=${e => set(parse(e.target.value))}> <span>${value}</span>`;
                }
                if (widget.kind === 'CHOICE') {
                    return this._choiceSelect(id, widget.choices, value, v => set(parse(String(v))));
                }
                return html`<input type="number" id="${id}" step="${port.kind === 'INT' ? 1 : 'any'}"
                    .value=${value === undefined ? '' : String(value)} @input=${e => set(parse(e.target.value))}>`;
            }
            case 'STRING':
                if (widget.kind === 'CHOICE') {
                    return this._choiceSelect(id, widget.choices, value, set);
                }
                if (widget.asParagraph) {
                    return html`<textarea id="${id}" rows="4" cols="60" .value=${value ?? ''}
                        @input=${e => set(e.target.value)}></textarea>`;
                }
                return html`<input type="text" id="${id}" .value=${value ?? ''} @input=${e => set(e.target.value)}>`;
            case 'BOOL':
                return html`<input type="checkbox" id="${id}" .checked=${value === true} @change=${e => set(e.target.checked)}>`;
            case 'DATE':
                return html`<input type="datetime-local" id="${id}" .value=${value ? String(value).substring(0, 16) : ''}
                    @input=${e => set(e.target.value ? new Date(e.target.value).toISOString() : undefined)}>`;
            case 'ENUM':
                return this._choiceSelect(id, port.choices, value, set);
            case 'STRUCTURE':
            case 'MEMORY_STRUCTURE':
                return html`<input type="text" id="${id}" placeholder="${port.identifier || 'structure'} id"
                    .value=${value ?? ''} @input=${e => set(e.target.value)}>`;
            case 'LIST': {
                const element = port.children[0];
                const items = Array.isArray(value) ? value : [];
                return html`<fieldset id="${id}"><legend>list of ${element.kind}${element.identifier ? ' ' + element.identifier : ''}</legend>
                    ${items.map((item, i) => html`<div class="item">
                        ${this._renderPort(element, item, v => set(items.map((old, j) => j === i ? v : old)), `${path}[${i}]`, false)}
                        <button type="button" id="${id}-remove-${i}" @click=${() => set(items.filter((_, j) => j !== i))}>−</button>
                    </div>`)}
                    <button type="button" id="${id}-add" @click=${() => set([...items, this._initial(element, true)])}>+ add</button>
                </fieldset>`;
            }
            case 'DICT': {
                const element = port.children[0];
                const entries = value && typeof value === 'object' ? Object.entries(value) : [];
                const rebuild = list => set(Object.fromEntries(list));
                return html`<fieldset id="${id}"><legend>dict of ${element.kind}</legend>
                    ${entries.map(([key, item], i) => html`<div class="item">
                        <input type="text" id="${id}-key-${i}" .value=${key} placeholder="key"
                            @change=${e => rebuild(entries.map((old, j) => j === i ? [e.target.value, old[1]] : old))}>
                        ${this._renderPort(element, item, v => rebuild(entries.map((old, j) => j === i ? [old[0], v] : old)), `${path}.${key}`, false)}
                        <button type="button" @click=${() => rebuild(entries.filter((_, j) => j !== i))}>−</button>
                    </div>`)}
                    <button type="button" id="${id}-add" @click=${() => rebuild([...entries, [this._freeKey(entries), this._initial(element, true)]])}>+ add</button>
                </fieldset>`;
            }
            case 'MODEL': {
                const object = value && typeof value === 'object' ? value : {};
                return html`<fieldset id="${id}"><legend>${port.identifier || 'model'}</legend>
                    ${port.children.map(field => this._renderPort(field, object[field.key],
                        v => set(this._with(object, field.key, v)), `${path}.${field.key}`, true))}
                </fieldset>`;
            }
            case 'UNION': {
                const use = value && typeof value === 'object' && Number.isInteger(value.__use) ? value.__use : 0;
                const variant = port.children[use];
                return html`<fieldset id="${id}"><legend>one of</legend>
                    <select id="${id}-variant" @change=${e => {
                        const chosen = Number.parseInt(e.target.value, 10);
                        set({ __use: chosen, __value: this._initial(port.children[chosen], true) });
                    }}>
                        ${port.children.map((child, i) => html`<option value="${i}" ?selected=${i === use}>
                            ${child.label || child.identifier || child.kind}</option>`)}
                    </select>
                    ${variant ? this._renderPort(variant, value ? value.__value : undefined,
                        v => set({ __use: use, __value: v }), `${path}.__value`, false) : nothing}
                </fieldset>`;
            }
            default:
                return html`<span class="hint">${port.kind} ports cannot be edited here</span>`;
        }
    }

    _choiceSelect(id, choices, value, set) {
        return html`<select id="${id}" @change=${e => set(e.target.value === '' ? undefined : e.target.value)}>
            <option value="" ?selected=${value === undefined || value === null}>(choose)</option>
            ${(choices || []).map(c => html`<option value="${c.value}" ?selected=${String(c.value) === String(value)}>
                ${c.label || c.value}</option>`)}
        </select>`;
    }

    _fieldErrors(path) {
        const mine = this._errors.filter(e => e.path === path);
        return mine.map(e => html`<div class="field-error" data-error-for="${path}">${e.problem}</div>`);
    }

    _renderTask() {
        if (!this._taskId) {
            return nothing;
        }
        const last = this._events.length > 0 ? this._events[this._events.length - 1] : null;
        const done = last && last.terminal;
        const yields = this._events.filter(e => e.kind === 'YIELD');
        const failure = this._events.find(e => e.kind === 'FAILED' || e.kind === 'CRITICAL');
        return html`
            <h3>Task <code id="task-id">${this._taskId}</code>:
                <span class="status" id="task-status">${last ? last.kind : 'ASSIGNED'}</span></h3>
            <div class="buttons">
                <button id="cancel" ?disabled=${done} @click=${() => this._control('cancel')}>Cancel</button>
                <button id="pause" ?disabled=${done} @click=${() => this._control('pause')}>Pause</button>
                <button id="resume" ?disabled=${done} @click=${() => this._control('resume')}>Resume</button>
            </div>
            ${yields.map((e, i) => html`<div class="result" id="result-${i}">${JSON.stringify(e.returns)}</div>`)}
            ${failure ? html`<div class="error" id="task-error">${failure.kind}: ${failure.message}</div>` : nothing}
            <table id="events">
                <tr><th>received</th><th>event</th><th>progress</th><th>message</th><th>returns</th></tr>
                ${this._events.map(e => html`<tr class="event">
                    <td>${e.receivedAt ? e.receivedAt.substring(11, 23) : ''}</td><td>${e.kind}</td>
                    <td>${e.progress ?? ''}</td><td>${e.message ?? ''}</td>
                    <td class="json">${e.kind === 'YIELD' ? JSON.stringify(e.returns) : ''}</td></tr>`)}
            </table>`;
    }

    // ------------------------------------------------------------------ state

    _node() {
        return this._nodes ? this._nodes.find(n => n.interface === this._selected) : null;
    }

    _select(iface) {
        this._selected = iface;
        window.localStorage.setItem('rekuest-try-node', iface);
        const node = this._node();
        const value = {};
        for (const port of (node ? node.definition.args : [])) {
            const initial = this._initial(port);
            if (initial !== undefined) {
                value[port.key] = initial;
            }
        }
        this._value = value;
        this._errors = [];
        this._error = null;
    }

    /** The starting value of a port: its default, else an empty value of its kind (an optional port stays unset). */
    _initial(port, required) {
        if (port.default !== undefined) {
            return JSON.parse(JSON.stringify(port.default));
        }
        if (port.nullable && !required) {
            return undefined;
        }
        switch (port.kind) {
            case 'STRING': return '';
            case 'BOOL': return false;
            case 'LIST': return [];
            case 'DICT': return {};
            case 'MODEL': {
                const object = {};
                for (const field of port.children) {
                    const initial = this._initial(field);
                    if (initial !== undefined) {
                        object[field.key] = initial;
                    }
                }
                return object;
            }
            case 'UNION': return { __use: 0, __value: this._initial(port.children[0], true) };
            case 'INT':
            case 'FLOAT': return port.widget && port.widget.kind === 'SLIDER' ? port.widget.min : undefined;
            default: return undefined;
        }
    }

    _setArg(key, value) {
        this._value = this._with(this._value, key, value);
    }

    _with(object, key, value) {
        const copy = { ...object };
        if (value === undefined) {
            delete copy[key];
        } else {
            copy[key] = value;
        }
        return copy;
    }

    _freeKey(entries) {
        let i = entries.length + 1;
        while (entries.some(([k]) => k === 'key' + i)) {
            i++;
        }
        return 'key' + i;
    }

    _id(path) {
        return 'arg-' + path.replace(/[^A-Za-z0-9_-]/g, '_');
    }

    _message(error) {
        return error?.error?.message ?? error?.message ?? String(error);
    }

    // ------------------------------------------------------------------ server

    _validate() {
        this.jsonRpc.validate({ node: this._selected, args: JSON.stringify(this._value) }).then(response => {
            this._errors = response.result.errors || [];
            this._error = response.result.error || null;
        }).catch(error => this._error = this._message(error));
    }

    _assign() {
        this._busy = true;
        this._errors = [];
        this._error = null;
        this.jsonRpc.assign({ node: this._selected, args: JSON.stringify(this._value) }).then(response => {
            this._busy = false;
            const result = response.result;
            if (result.errors) {
                this._errors = result.errors;
            } else if (result.error) {
                this._error = result.error;
            } else {
                this._watch(result.taskId);
            }
        }).catch(error => {
            this._busy = false;
            this._error = this._message(error);
        });
    }

    _watch(taskId) {
        this._stopWatching();
        this._taskId = taskId;
        this._events = [];
        this._observer = this.jsonRpc.watch({ taskId: taskId }).onNext(response => {
            this._events = [...this._events, response.result];
        }).onError(error => {
            this._events = [...this._events, { kind: 'WATCH FAILED', message: this._message(error), terminal: true }];
        });
    }

    _stopWatching() {
        if (this._observer) {
            this._observer.cancel();
            this._observer = null;
        }
    }

    _control(action) {
        this.jsonRpc[action]({ taskId: this._taskId }).catch(error => this._error = this._message(error));
    }
}
customElements.define('qwc-rekuest-try', QwcRekuestTry);
