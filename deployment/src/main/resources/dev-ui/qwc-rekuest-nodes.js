import { LitElement, html, css, nothing } from 'lit';
import { JsonRpc } from 'jsonrpc';
import { nodeSources } from 'build-time-data';
import 'qui-ide-link';

/**
 * Nodes: the application's @Node methods with the definitions its agent registers (key, description, ports with
 * kinds, defaults, widgets, choices, children, collections) and what only the application knows (the Java method,
 * its execution model), with a link that opens the method's class in the IDE.
 */
export class QwcRekuestNodes extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host { display: block; padding: 10px 20px; font-size: var(--lumo-font-size-s); }
        .toolbar { display: flex; gap: 10px; align-items: center; margin-bottom: 10px; }
        input[type=search] { flex: 1; padding: 4px 8px; }
        .node { border: 1px solid var(--lumo-contrast-20pct); border-radius: 6px; padding: 8px 12px; margin-bottom: 10px; }
        .node h3 { margin: 0 0 4px 0; font-size: var(--lumo-font-size-l); }
        .key { font-family: monospace; color: var(--lumo-primary-text-color); }
        .meta { display: flex; flex-wrap: wrap; gap: 6px; margin: 4px 0; }
        .tag { background: var(--lumo-contrast-10pct); border-radius: 4px; padding: 0 6px; font-size: var(--lumo-font-size-xs); }
        .description { margin: 4px 0 8px 0; color: var(--lumo-secondary-text-color); }
        table { border-collapse: collapse; width: 100%; margin: 4px 0 8px 0; }
        th, td { text-align: left; padding: 2px 8px; border-bottom: 1px solid var(--lumo-contrast-10pct); vertical-align: top; }
        th { font-weight: 600; font-size: var(--lumo-font-size-xs); color: var(--lumo-secondary-text-color); }
        .child td:first-child { padding-left: 24px; }
        code { font-size: var(--lumo-font-size-xs); }
        .java { font-family: monospace; }
    `;

    static properties = {
        _nodes: { state: true },
        _filter: { state: true },
        _error: { state: true }
    };

    constructor() {
        super();
        this._nodes = null;
        this._filter = '';
        this._error = null;
    }

    connectedCallback() {
        super.connectedCallback();
        this.jsonRpc.nodes().then(response => {
            this._nodes = response.result;
        }).catch(error => {
            this._error = error?.error?.message ?? String(error);
        });
    }

    render() {
        if (this._error) {
            return html`<div id="nodes-error">${this._error}</div>`;
        }
        if (this._nodes === null) {
            return html`<div>Loading the nodes...</div>`;
        }
        if (this._nodes.length === 0) {
            return html`<div id="no-nodes">This application has no @Node methods.</div>`;
        }
        const filter = this._filter.toLowerCase();
        const shown = this._nodes.filter(node => !filter
            || JSON.stringify([node.interface, node.definition.name, node.definition.description,
                node.definition.collections, node.signature]).toLowerCase().includes(filter));
        return html`
            <div class="toolbar">
                <input id="node-filter" type="search" placeholder="Filter by key, name, description, collection"
                    @input=${e => this._filter = e.target.value}>
                <span>${shown.length} of ${this._nodes.length} nodes</span>
            </div>
            ${shown.map(node => this._renderNode(node))}`;
    }

    _renderNode(node) {
        const definition = node.definition;
        const source = nodeSources ? nodeSources[node.interface] : null;
        return html`
            <div class="node" id="node-${node.interface}">
                <h3>${definition.name} <span class="key">${definition.key}</span></h3>
                <div class="meta">
                    <span class="tag">${definition.kind}</span>
                    <span class="tag">effect ${node.effect}</span>
                    <span class="tag">${node.executionModel}</span>
                    <span class="tag">returns ${node.returnKind}</span>
                    ${definition.pure ? html`<span class="tag">pure</span>` : nothing}
                    ${definition.idempotent ? html`<span class="tag">idempotent</span>` : nothing}
                    ${node.takesTask ? html`<span class="tag">takes Task</span>` : nothing}
                    ${(definition.collections || []).map(c => html`<span class="tag">collection ${c}</span>`)}
                    <span class="tag">version ${definition.version}</span>
                </div>
                ${definition.description ? html`<div class="description">${definition.description}</div>` : nothing}
                <div class="java">Java:
                    ${source
                        ? html`<qui-ide-link fileName="${source}" lineNumber="0">${node.signature}</qui-ide-link>`
                        : node.signature}
                    (interface <code>${node.interface}</code>)
                </div>
                ${this._renderPorts('Arguments', definition.args)}
                ${this._renderPorts('Returns', definition.returns)}
            </div>`;
    }

    _renderPorts(title, ports) {
        if (!ports || ports.length === 0) {
            return html`<div><b>${title}:</b> none</div>`;
        }
        return html`
            <table>
                <tr><th>${title}</th><th>kind</th><th>nullable</th><th>default</th><th>widget / choices</th><th>description</th></tr>
                ${ports.map(port => this._renderPort(port, 0))}
            </table>`;
    }

    _renderPort(port, depth) {
        const choices = (port.choices || []).map(c => c.value).join(', ');
        return html`
            <tr class="${depth > 0 ? 'child' : ''}">
                <td style="padding-left:${8 + depth * 16}px"><code>${port.key}</code>${port.label ? html` (${port.label})` : nothing}</td>
                <td>${port.kind}${port.identifier ? html` <code>${port.identifier}</code>` : nothing}</td>
                <td>${port.nullable ? 'yes' : ''}</td>
                <td>${port.default !== undefined ? html`<code>${JSON.stringify(port.default)}</code>` : nothing}</td>
                <td>${port.widget ? html`<code>${JSON.stringify(port.widget)}</code>` : nothing}
                    ${choices ? html`<code>${choices}</code>` : nothing}</td>
                <td>${port.description || ''}</td>
            </tr>
            ${(port.children || []).map(child => this._renderPort(child, depth + 1))}`;
    }
}
customElements.define('qwc-rekuest-nodes', QwcRekuestNodes);
