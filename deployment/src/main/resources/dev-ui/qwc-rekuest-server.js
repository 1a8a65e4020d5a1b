import { LitElement, html, css, nothing } from 'lit';
import { JsonRpc } from 'jsonrpc';

/**
 * Server: which rekuest server the application talks to (the embedded one of Dev Services, or a configured URL), the
 * agent's link (state, reconnects by close code) and the reports waiting for the server's acknowledgement. Refreshed
 * every two seconds.
 */
export class QwcRekuestServer extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host { display: block; padding: 10px 20px; font-size: var(--lumo-font-size-s); }
        table { border-collapse: collapse; }
        th, td { text-align: left; padding: 3px 12px; border-bottom: 1px solid var(--lumo-contrast-10pct); }
        th { font-weight: 600; color: var(--lumo-secondary-text-color); }
        .CONNECTED { color: var(--lumo-success-text-color); font-weight: 600; }
        .DISCONNECTED, .STARTING { color: var(--lumo-error-text-color); font-weight: 600; }
        .error { color: var(--lumo-error-text-color); }
    `;

    static properties = {
        _server: { state: true },
        _error: { state: true }
    };

    constructor() {
        super();
        this._server = null;
        this._error = null;
    }

    connectedCallback() {
        super.connectedCallback();
        this._load();
        this._timer = setInterval(() => this._load(), 2000);
    }

    disconnectedCallback() {
        clearInterval(this._timer);
        super.disconnectedCallback();
    }

    _load() {
        this.jsonRpc.server().then(response => {
            this._server = response.result;
            this._error = null;
        }).catch(error => this._error = error?.error?.message ?? String(error));
    }

    render() {
        if (this._error) {
            return html`<div class="error">${this._error}</div>`;
        }
        const s = this._server;
        if (!s) {
            return html`<div>Loading...</div>`;
        }
        const closes = Object.entries(s.closeCodes || {}).map(([code, n]) => `${code === '-1' ? 'given up' : code}: ${n}`);
        return html`
            <table id="server">
                <tr><th>Server</th><td id="server-kind">${s.devServices ? 'embedded rekuest server (Dev Services)' : 'configured server'}</td></tr>
                <tr><th>URL</th><td id="server-url">${s.url ?? ''}</td></tr>
                <tr><th>URL from</th><td>${s.urlSource}</td></tr>
                <tr><th>GraphQL</th><td>${s.graphqlUrl ?? s.endpointError ?? ''}</td></tr>
                <tr><th>Subscriptions</th><td>${s.subscriptionsUrl ?? ''}</td></tr>
                <tr><th>Agent socket</th><td>${s.agiUrl ?? ''}</td></tr>
                <tr><th>Agent</th><td>${s.agent ? (s.agentId ?? 'not registered yet') : 'no agent in this application'}</td></tr>
                <tr><th>Link</th><td><span id="agent-state" class="${s.state}">${s.state ?? ''}</span> ${s.detail ?? ''}
                    ${s.since ? html`(since ${new Date(s.since).toLocaleTimeString()})` : nothing}</td></tr>
                <tr><th>Reconnects</th><td id="reconnects">${s.reconnects ?? 0}${closes.length ? ' (' + closes.join(', ') + ')' : ''}</td></tr>
                <tr><th>Outbox</th><td id="outbox">${s.unconfirmedReports ?? 0} report(s) not yet confirmed by the server</td></tr>
                <tr><th>Nodes</th><td>${s.nodes}</td></tr>
                <tr><th>Session</th><td>${s.sessionId ?? ''}</td></tr>
            </table>`;
    }
}
customElements.define('qwc-rekuest-server', QwcRekuestServer);
