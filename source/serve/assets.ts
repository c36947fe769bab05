/** The one stylesheet and the one script the pages load (served from memory, no build step). */

export const STYLE = `:root{color-scheme:light dark;--bg:#fafafa;--fg:#1d1d1f;--muted:#6b6b73;--card:#fff;--line:#dedee3;--accent:#2563eb;--ok:#15803d;--bad:#c81e1e;--run:#2563eb;--wait:#a16207}
@media (prefers-color-scheme:dark){:root{--bg:#111214;--fg:#e6e6e9;--muted:#9a9aa3;--card:#1b1c1f;--line:#2c2d31;--accent:#60a5fa;--ok:#4ade80;--bad:#f87171;--run:#60a5fa;--wait:#facc15}}
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;background:var(--bg);color:var(--fg)}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
header{display:flex;justify-content:space-between;align-items:center;padding:.6rem 1rem;border-bottom:1px solid var(--line);background:var(--card)}
.brand{font-weight:700;color:var(--fg)}#clock{color:var(--muted);font-size:.85rem}
.layout{display:flex;flex-direction:column}
nav{padding:.5rem 1rem;border-bottom:1px solid var(--line)}
main{padding:.5rem 1rem;min-width:0;flex:1}
h2{font-size:1rem;margin:1rem 0 .5rem}
ul{list-style:none;margin:0;padding:0}
.labels li a{display:flex;flex-wrap:wrap;gap:0 .5rem;align-items:center;padding:.35rem .4rem;border-radius:6px;color:var(--fg)}
.labels li a[aria-current]{background:var(--card);outline:1px solid var(--line)}
.labels .name{flex:1 0 auto;max-width:calc(100% - 1.2rem);overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.labels .counts{color:var(--muted);font-size:.8rem;white-space:nowrap}
.dot{width:.6rem;height:.6rem;border-radius:50%;flex:none;background:var(--ok)}.dot.running{background:var(--run)}.dot.failed{background:var(--bad)}.dot.queued{background:var(--wait)}
.jobs>li{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.5rem .7rem;margin:.4rem 0;overflow-wrap:anywhere}
.jobs li.failures{background:none;border:none;padding:0 .7rem;margin-top:-.2rem;font-size:.85rem}
.head{display:flex;justify-content:space-between;gap:.5rem}.try{color:var(--muted);font-size:.85rem;white-space:nowrap}
.bar{display:block;width:100%;height:.6rem;border:none;border-radius:4px;background:var(--line);overflow:hidden;margin:.4rem 0 .2rem;-webkit-appearance:none;appearance:none}
.bar::-webkit-progress-bar{background:var(--line)}.bar::-webkit-progress-value{background:var(--run);transition:width .4s}.bar::-moz-progress-bar{background:var(--run)}
.bartext,.current,.muted{color:var(--muted);font-size:.85rem}
.state{font-weight:600;font-size:.8rem}.failed .state,.timed_out .state,.state.failed,.state.timed_out{color:var(--bad)}.succeeded .state,.state.succeeded{color:var(--ok)}
.steps{margin:.3rem 0 .2rem;padding-left:1.4rem;font-size:.9rem}.steps li{margin:.1rem 0}
.steps .step>.state{color:var(--muted)}.steps .step.succeeded>.state{color:var(--ok)}.steps .step.failed>.state,.steps .step.timed_out>.state{color:var(--bad)}.steps .step.running>.state{color:var(--run)}
.flow .result{color:var(--muted);font-size:.85rem}
.badge{background:var(--wait);color:#000;border-radius:4px;padding:0 .3rem;font-size:.75rem}
code,pre{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace}
pre{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:.5rem;overflow:auto;white-space:pre-wrap;overflow-wrap:anywhere}
pre.log{max-height:60vh}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;margin:.5rem 0}dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.85rem}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--line)}
details{margin:.4rem 0}summary{cursor:pointer;overflow-wrap:anywhere}
.actions{display:flex;gap:.5rem}button{font:inherit;padding:.35rem .9rem;border-radius:6px;border:1px solid var(--line);background:var(--card);color:var(--fg);cursor:pointer}
@media (min-width:800px){.layout{flex-direction:row}nav{width:260px;flex:none;border-bottom:none;border-right:1px solid var(--line);min-height:calc(100vh - 2.6rem)}main{padding:.5rem 1.5rem}}
`;

/** Follows the page's view over Server-Sent Events and swaps in the regions the server re-rendered. */
export const SCRIPT = `(() => {
	const view = document.body.dataset.view;
	const clock = document.getElementById('clock');
	const es = new EventSource('/events?view=' + encodeURIComponent(view));
	es.addEventListener('update', e => {
		const parts = JSON.parse(e.data);
		for (const id of Object.keys(parts)) {
			const el = document.getElementById(id);
			if (!el) continue;
			const follow = id === 'log' && el.scrollTop + el.clientHeight >= el.scrollHeight - 4;
			el.innerHTML = parts[id];
			if (follow) el.scrollTop = el.scrollHeight;
		}
		clock.textContent = 'live · ' + new Date().toLocaleTimeString();
	});
	es.onopen = () => { clock.textContent = 'live'; };
	es.onerror = () => { clock.textContent = 'reconnecting…'; };
})();
`;
