// The local Hugging Face hub cache, read-only: where it is (`$HF_HUB_CACHE`, else
// `$HF_HOME/hub`, else `$XDG_CACHE_HOME/huggingface/hub`, else `~/.cache/huggingface/hub`, as
// huggingface_hub decides) and the `config.json` of a repo's `main` snapshot in it
// (`models--{org}--{name}/refs/main` names the snapshot; its files are usually symlinks into
// the repo's blobs/). Every read is confined by real path to the cache folder and
// size-limited (confined.ts), so a symlink leading out of the cache is refused.
// Does not: download anything, read other revisions or files, or parse the config.
import * as os from 'os';
import * as path from 'path';
import { isHubRepoId } from '../core/env/source';
import { ConfinedReader } from './confined';

/** config.json files are a few KB; a larger one is not a config. */
export const MAX_HUB_CONFIG_BYTES = 1_000_000;

/** The hub cache folder the environment `env` names (it may not exist). */
export function hubCacheDir(env: NodeJS.ProcessEnv, home: string = os.homedir()): string {
  if (env.HF_HUB_CACHE) {
    return env.HF_HUB_CACHE;
  }
  if (env.HUGGINGFACE_HUB_CACHE) {
    return env.HUGGINGFACE_HUB_CACHE;
  }
  if (env.HF_HOME) {
    return path.join(env.HF_HOME, 'hub');
  }
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'huggingface', 'hub');
}

export class HubCache {
  private readonly reader: ConfinedReader;

  constructor(readonly dir: string) {
    this.reader = new ConfinedReader([dir]);
  }

  /** Text of config.json of `repoId`'s main snapshot in the cache, or null. */
  readConfig(repoId: string): string | null {
    if (!isHubRepoId(repoId) || this.reader.roots.length === 0) {
      return null;
    }
    const repo = path.join(this.reader.roots[0], `models--${repoId.replace('/', '--')}`);
    const ref = this.reader.read(path.join(repo, 'refs', 'main'), 200)?.trim() ?? null;
    if (!ref || !/^[0-9a-f]{6,64}$/.test(ref)) {
      return null;
    }
    return this.reader.read(path.join(repo, 'snapshots', ref, 'config.json'), MAX_HUB_CONFIG_BYTES);
  }
}
