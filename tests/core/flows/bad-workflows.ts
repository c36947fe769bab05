/**
 * Every way a workflow definition can be wrong, with the message that names it: checked pure
 * (definition.test.ts) and through the real CLI, where each is exit 2 with one line and nothing
 * queued (tests/cli/flow-refusals.e2e.test.ts).
 */
export const BAD_WORKFLOWS: Array<[unknown, RegExp]> = [
	[{steps: []}, /steps" must hold at least one step/],
	[{}, /"workflows.q.steps" is missing/],
	[{steps: [{name: 'a'}]}, /exactly one of "run".*or "shell"/],
	[{steps: [{name: 'a', run: ['x'], shell: 'x'}]}, /exactly one of/],
	[{steps: [{name: 'a', run: []}]}, /run" must name a command/],
	[{steps: [{name: 'a', run: ['x'], when: 'sometimes'}]}, /steps\[0\].when" must be one of/],
	[{steps: [{name: 'a', run: ['x'], when: 'if-failed'}]}, /first step has no step before it/],
	[{steps: [{name: 'a', run: ['x']}, {name: 'a', run: ['y']}]}, /two steps or checks are named "a"/],
	[{steps: [{name: 'a', run: ['x', '{nope}']}]}, /steps\[0\].run\[1\]" uses \{nope\}/],
	[{steps: [{name: 'a', run: ['x'], timeout: 'soon'}]}, /timeout" must be a duration/],
	[{steps: [{name: 'a', run: ['x'], retries: -1}]}, /retries" must be a whole number/],
	[{steps: [{name: 'a', run: ['x'], kind: 'jest'}]}, /kind" must be one of/],
	[{steps: [{name: 'a', run: ['x'], env: {'BAD-NAME': 'v'}}]}, /not an environment variable name/],
	[{steps: [{name: 'a', run: ['x'], colour: 'red'}]}, /unknown key "workflows.q.steps\[0\].colour"/],
	[{steps: [{name: 'a b', run: ['x']}]}, /name" must be a name/],
	[{vars: {label: 'x'}, steps: [{name: 'a', run: ['x']}]}, /\{label\} is built in/],
	[{vars: {v: 3}, steps: [{name: 'a', run: ['x']}]}, /vars.v" must be a string/],
	[{steps: [{name: 'a', run: ['x']}], checks: [{name: 'c', run: ['y'], when: 'after'}]}, /unknown key "workflows.q.checks\[0\].when"/],
	[{steps: [{name: 'a', run: ['x'], gpus: 'one'}]}, /steps\[0\].gpus" must be a whole number/],
	[{steps: [{name: 'a', run: ['x'], gpus: 65}]}, /steps\[0\].gpus" must be a whole number/],
	[{snapshot: 'yes', steps: [{name: 'a', run: ['x']}]}, /workflows.q.snapshot" must be true or false/],
	['steps', /must be an object/],
];
