// Imported by the PostgreSQL worker before node-postgres: pg asks whether it runs on
// Cloudflare by `navigator.userAgent`, and where Node has no `navigator` (Node 20) by making a
// `Response` — which loads Node's whole fetch implementation (undici), ~70 ms of every crm
// command on a server. Node 21+ has `navigator`; on 20 the worker gets the same answer.
if (typeof (globalThis as { navigator?: unknown }).navigator === 'undefined') {
  Object.defineProperty(globalThis, 'navigator', { value: { userAgent: `Node.js/${process.versions.node}` }, configurable: true, writable: true });
}
