// Loaded with `node --import`: writes every module specifier the program resolves to $QTUI_IMPORTS,
// so a test can prove a fast path never loads Ink or React.
import {register} from 'node:module';
import fs from 'node:fs';

const {port1, port2} = new MessageChannel();
const seen = new Set();
port1.on('message', spec => seen.add(spec));
port1.unref();
process.on('exit', () => fs.writeFileSync(process.env.QTUI_IMPORTS, [...seen].join('\n')));
register('data:text/javascript,' + encodeURIComponent(`
let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) { port.postMessage(specifier); return next(specifier, context); }
`), {data: {port: port2}, transferList: [port2]});
