// Loaded with `node --import`: writes every module the program loads to $QTUI_IMPORTS (one per
// line) so a test can prove a fast path never loads Ink, React or SQLite: the specifiers of ES
// modules as they are resolved, the files of CommonJS modules (the `queue-tui` bundle is one) and
// the native addons opened (better-sqlite3's `.node` file: the database was opened).
import Module, {register} from 'node:module';
import fs from 'node:fs';

const {port1, port2} = new MessageChannel();
const seen = new Set();
port1.on('message', spec => seen.add(spec));
port1.unref();
const loadAddon = Module._extensions['.node'];
Module._extensions['.node'] = function (module, filename) {
	seen.add(filename);
	return loadAddon.call(this, module, filename);
};
process.on('exit', () => {
	for (const file of Object.keys(Module._cache)) seen.add(file);
	fs.writeFileSync(process.env.QTUI_IMPORTS, [...seen].join('\n'));
});
register('data:text/javascript,' + encodeURIComponent(`
let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) { port.postMessage(specifier); return next(specifier, context); }
`), {data: {port: port2}, transferList: [port2]});
