// Reads installed modules' sources for the analysis worker from the ArchLens server extension
// (jupyterlab_archlens/handlers.py): GET {baseUrl}archlens/modules?kernel=&name=... on the
// Jupyter server the page came from, through JupyterLab's ServerConnection (its token,
// cookies and XSRF handling). The only server request ArchLens makes. Names are dotted Python
// identifiers (the server refuses anything else); a server without the extension (404)
// is remembered and asked nothing more.
// Does not: start, list or touch kernels or sessions (the kernelspec name is only a key the
// server looks the interpreter up by), or parse anything.
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import type { ModuleAnswer, ModulesReply } from '../worker/protocol';

/** The endpoint, relative to the server's base URL. */
export const MODULES_ROUTE = 'archlens/modules';
/** Names per request (the server takes at most 200). */
const MAX_NAMES = 150;
/** A request that takes longer than this is abandoned (the worker's watchdog waits meanwhile). */
const REQUEST_TIMEOUT_MS = 10_000;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export class ModuleReaderClient {
  constructor(private readonly settings: ServerConnection.ISettings = ServerConnection.makeSettings()) {}

  /** False once the server answered that it has no such endpoint. */
  get available(): boolean {
    return this._available;
  }

  async read(environment: string, names: string[], stat: boolean): Promise<ModulesReply> {
    const valid = names.filter(n => NAME.test(n));
    const modules: ModuleAnswer[] = [];
    for (let i = 0; i < valid.length && this._available; i += MAX_NAMES) {
      const reply = await this._get(environment, valid.slice(i, i + MAX_NAMES), stat);
      if (!reply) {
        // No endpoint (404), or a request that failed: then the names asked have no answer.
        return this._available ? { available: true, failed: true, modules } : { available: false, modules };
      }
      modules.push(...reply);
    }
    return { available: this._available, modules };
  }

  private async _get(environment: string, names: string[], stat: boolean): Promise<ModuleAnswer[] | null> {
    const query = new URLSearchParams();
    query.append('kernel', environment);
    for (const n of names) {
      query.append('name', n);
    }
    if (stat) {
      query.append('stat', '1');
    }
    const url = URLExt.join(this.settings.baseUrl, MODULES_ROUTE) + '?' + query.toString();
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
    try {
      const response = await ServerConnection.makeRequest(url, { method: 'GET', signal: abort.signal }, this.settings);
      if (response.status === 404) {
        this._available = false;
        return null;
      }
      if (!response.ok) {
        return null;
      }
      const body = (await response.json()) as { modules?: unknown };
      return Array.isArray(body.modules) ? (body.modules as ModuleAnswer[]).filter(m => m && typeof m.name === 'string') : null;
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  private _available = true;
}
