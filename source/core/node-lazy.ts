import {createRequire} from 'node:module';

/**
 * Node's heavier built-in modules, loaded on first use. A short command (`status`, a hook) reaches
 * modules that can spawn a process or hash a tree without ever doing so, and loading
 * child_process (with net, dgram and streams behind it), net, crypto and os up front was ~8% of its time.
 */
let req: NodeJS.Require | undefined;
const load = (id: string) => (req ??= createRequire(import.meta.url))(id);

export const childProcess = (): typeof import('node:child_process') => load('node:child_process');
export const crypto = (): typeof import('node:crypto') => load('node:crypto');
export const os = (): typeof import('node:os') => load('node:os');
export const net = (): typeof import('node:net') => load('node:net');
