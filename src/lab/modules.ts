// Reads installed modules' sources for the analysis worker from the ArchLens server extension
// (jupyterlab_archlens/handlers.py): GET {baseUrl}archlens/modules?kernel=&name=... on the
// Jupyter server the page came from, through JupyterLab's ServerConnection (its token,
// cookies and XSRF handling), and the cached config.json of Hugging Face repos for
// from_pretrained: GET {baseUrl}archlens/hub-config?repo=... The only server requests
// ArchLens makes. Names are dotted Python identifiers, repo ids hub names (the server
// refuses anything else); an endpoint the server does not have (404) is remembered and asked
// nothing more.
// Does not: start, list or touch kernels or sessions (the kernelspec name is only a key the
// server looks the interpreter up by), or parse anything.
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { isHubRepoId } from '../core/env/source';
import type { ModuleAnswer, ModulesReply } from '../worker/protocol';

/** The endpoints, relative to the server's base URL. */
export const MODULES_ROUTE = 'archlens/modules';
export const HUB_CONFIG_ROUTE = 'archlens/hub-config';
/** Names per request (the server takes at most 200). */
const MAX_NAMES = 150;
/** Repo ids per hub-config request (the server takes at most 20). */
const MAX_REPOS = 20;
/** A request that takes longer than this is abandoned (the worker's watchdog waits meanwhile). */
const REQUEST_TIMEOUT_MS = 10_000;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** What the hub-config endpoint answers for one repo id. */
interface HubConfigAnswer {
  repo: string;
  found: boolean;
  text?: string;
}

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

  /**
   * config.json of each Hugging Face repo id in the server's hub cache, answered as modules
   * (`name` the repo id, `found`, `text`); ids that are not hub names are left unanswered.
   */
  async readHubConfigs(repos: string[]): Promise<ModulesReply> {
    const valid = repos.filter(isHubRepoId);
    const modules: ModuleAnswer[] = [];
    for (let i = 0; i < valid.length && this._hubAvailable; i += MAX_REPOS) {
      const query = new URLSearchParams();
      valid.slice(i, i + MAX_REPOS).forEach(r => query.append('repo', r));
      const body = await this._fetch(HUB_CONFIG_ROUTE, query, () => (this._hubAvailable = false));
      if (!body || !Array.isArray(body.configs)) {
        return this._hubAvailable ? { available: true, failed: true, modules } : { available: false, modules };
      }
      for (const c of body.configs as HubConfigAnswer[]) {
        if (c && typeof c.repo === 'string') {
          modules.push(c.found && typeof c.text === 'string' ? { name: c.repo, found: true, text: c.text } : { name: c.repo, found: false, reason: 'absent' });
        }
      }
    }
    return { available: this._hubAvailable, modules };
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
    const body = await this._fetch(MODULES_ROUTE, query, () => (this._available = false));
    return body && Array.isArray(body.modules) ? (body.modules as ModuleAnswer[]).filter(m => m && typeof m.name === 'string') : null;
  }

  /** The JSON body of GET `route`?`query`, or null (a 404 also calls `missing`). */
  private async _fetch(route: typeof MODULES_ROUTE | typeof HUB_CONFIG_ROUTE, query: URLSearchParams, missing: () => void): Promise<{ modules?: unknown; configs?: unknown } | null> {
    const url = URLExt.join(this.settings.baseUrl, route) + '?' + query.toString();
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
    try {
      const response = await ServerConnection.makeRequest(url, { method: 'GET', signal: abort.signal }, this.settings);
      if (response.status === 404) {
        missing();
        return null;
      }
      if (!response.ok) {
        return null;
      }
      return (await response.json()) as { modules?: unknown; configs?: unknown };
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  private _available = true;
  private _hubAvailable = true;
}
