/**
 * A scripted stand-in for the Anthropic Messages API on 127.0.0.1, for driving the real Claude Code
 * client in tests. It streams replies as the real API does (SSE: message_start, content_block_*,
 * message_delta with stop_reason, message_stop), answers count_tokens, and records every request
 * so a test can assert what the model received.
 */
import http from 'node:http';
import type {AddressInfo} from 'node:net';

/** One scripted model turn: plain text (end_turn) or a Bash tool call. */
export type Reply = {text: string} | {bash: {command: string; description: string; run_in_background?: boolean; timeout?: number}};

/** A recorded POST /v1/messages body, as the client sent it. */
export interface Recorded {
	at: number;
	body: {model?: string; stream?: boolean; tools?: Array<{name: string}>; system?: unknown; messages: Array<{role: string; content: unknown}>};
}

/** The agent's own turns carry the tool list; side requests (titles, summaries) do not. */
export const isAgentTurn = (r: Recorded): boolean => (r.body.tools ?? []).some(t => t.name === 'Bash');

let toolSeq = 0;

function events(reply: Reply, model: string): Array<[string, object]> {
	const id = `msg_stand_in_${++toolSeq}`;
	const usage = {input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0};
	const start: [string, object] = ['message_start', {type: 'message_start', message: {id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage}}];
	const end = (stop: string): Array<[string, object]> => [
		['message_delta', {type: 'message_delta', delta: {stop_reason: stop, stop_sequence: null}, usage: {output_tokens: 5}}],
		['message_stop', {type: 'message_stop'}],
	];
	if ('text' in reply) {
		return [
			start,
			['content_block_start', {type: 'content_block_start', index: 0, content_block: {type: 'text', text: ''}}],
			['content_block_delta', {type: 'content_block_delta', index: 0, delta: {type: 'text_delta', text: reply.text}}],
			['content_block_stop', {type: 'content_block_stop', index: 0}],
			...end('end_turn'),
		];
	}
	const json = JSON.stringify(reply.bash);
	const half = Math.floor(json.length / 2);
	return [
		start,
		['content_block_start', {type: 'content_block_start', index: 0, content_block: {type: 'tool_use', id: `toolu_stand_in_${toolSeq}`, name: 'Bash', input: {}}}],
		['content_block_delta', {type: 'content_block_delta', index: 0, delta: {type: 'input_json_delta', partial_json: json.slice(0, half)}}],
		['content_block_delta', {type: 'content_block_delta', index: 0, delta: {type: 'input_json_delta', partial_json: json.slice(half)}}],
		['content_block_stop', {type: 'content_block_stop', index: 0}],
		...end('tool_use'),
	];
}

/** The same reply as one JSON message, for the client's non-streaming side requests. */
function asMessage(reply: Reply, model: string): object {
	const text = 'text' in reply ? reply.text : 'ok';
	return {id: `msg_stand_in_${++toolSeq}`, type: 'message', role: 'assistant', model, content: [{type: 'text', text}], stop_reason: 'end_turn', stop_sequence: null, usage: {input_tokens: 10, output_tokens: 5}};
}

/**
 * Starts the stand-in. `script` answers the agent's turns in order (then `idle` for each later
 * one); side requests always get `idle`.
 */
export async function startMessagesApi(script: Reply[], idle: Reply = {text: 'Noted.'}) {
	const requests: Recorded[] = [];
	const others: string[] = [];
	const queue = [...script];
	const server = http.createServer((req, res) => {
		let data = '';
		req.setEncoding('utf8');
		req.on('data', chunk => (data += chunk));
		req.on('end', () => {
			const url = req.url ?? '';
			if (req.method === 'POST' && url.startsWith('/v1/messages/count_tokens')) {
				res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({input_tokens: 100}));
				return;
			}
			if (req.method !== 'POST' || !url.startsWith('/v1/messages')) {
				others.push(`${req.method} ${url}`);
				res.writeHead(404, {'content-type': 'application/json'}).end(JSON.stringify({type: 'error', error: {type: 'not_found_error', message: 'not here'}}));
				return;
			}
			const rec: Recorded = {at: Date.now(), body: JSON.parse(data) as Recorded['body']};
			requests.push(rec);
			const reply = isAgentTurn(rec) ? queue.shift() ?? idle : idle;
			const model = rec.body.model ?? 'claude-sonnet-4-5';
			if (!rec.body.stream) {
				res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify(asMessage(reply, model)));
				return;
			}
			res.writeHead(200, {'content-type': 'text/event-stream', 'cache-control': 'no-cache'});
			for (const [event, payload] of events(reply, model)) res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
			res.end();
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		/** Requests outside the Messages API (should stay empty with nonessential traffic off). */
		others,
		agentTurns: () => requests.filter(isAgentTurn),
		close: () => new Promise<void>(resolve => server.close(() => resolve())),
	};
}
