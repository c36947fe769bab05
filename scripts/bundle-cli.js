// Builds dist/queue-tui-main.cjs, the code of the `queue-tui` command (started by dist/bin.cjs):
// one CommonJS file holding the commands a user or an agent runs many times a day (add, status,
// list, wait, the hooks…) and better-sqlite3's JavaScript. Node runs a single CommonJS file without
// its ES module loader, which resolves, reads and links every module of a graph one at a time:
// that loader was most of a short command's cost. The other commands (the TUI, the runner, the
// dashboard) stay ES modules in dist/, which cli.tsx reaches with a computed import() the bundler
// leaves alone.
import fs from 'node:fs';
import path from 'node:path';
import {build} from 'esbuild';

const DIST = path.resolve('dist');
const OUT = path.join(DIST, 'queue-tui-main.cjs');

// `import.meta.url` has no meaning in CommonJS: each module gets the URL its own file has in dist/,
// so the paths computed from it (package.json, the CLI a runner is started with) stay right.
const metaUrl = {
	name: 'import-meta-url',
	setup(b) {
		b.onLoad({filter: /\.js$/}, async args => {
			if (!args.path.startsWith(DIST + path.sep)) return undefined;
			const text = await fs.promises.readFile(args.path, 'utf8');
			if (!text.includes('import.meta.url')) return {contents: text, loader: 'js'};
			const rel = path.relative(DIST, args.path).split(path.sep).join('/');
			const url = `require('node:url').pathToFileURL(require('node:path').join(__dirname, ${JSON.stringify(rel)})).href`;
			return {contents: text.replaceAll('import.meta.url', url), loader: 'js'};
		});
	},
};

const result = await build({
	entryPoints: [path.join(DIST, 'cli.js')],
	outfile: OUT,
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	plugins: [metaUrl],
	metafile: true,
	logLevel: 'warning',
	legalComments: 'none',
});
// Two touches to the output. dist/bin.cjs runs this file's text as a function body: a `#!` line
// there would not parse. And the bundler gives each module its own ES-module view of a Node
// built-in it imports by default (`import fs from 'node:fs'`), copying the built-in's ~100
// properties each time, 50 times over at start: one shared view per built-in is the same object.
const text = fs
	.readFileSync(OUT, 'utf8')
	.replace(/^#!.*\n/, '')
	.replace(/__toESM\(require\("(node:[\w/]+)"\), 1\)/g, '__nodeBuiltin("$1")')
	.replace('"use strict";\n', '"use strict";\nvar __nodeBuiltins = {};\nfunction __nodeBuiltin(id) {\n  return __nodeBuiltins[id] ??= __toESM(require(id), 1);\n}\n');
fs.writeFileSync(OUT, text);
fs.writeFileSync(path.join(DIST, 'queue-tui-main.meta.json'), JSON.stringify(result.metafile));
