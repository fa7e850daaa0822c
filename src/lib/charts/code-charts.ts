import * as Plot from '@observablehq/plot';
import type { RevisionPoint, SurvivalPoint } from '../analysis/code-rollups';

// Chart builders for the Code screen: roll-up rows in, Plot options out (no DOM, testable in Node).

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

export function survivalChart(points: SurvivalPoint[], width: number): Plot.PlotOptions {
	// The head point sits at the cohort's mean age; windows at fixed days. Lines join them in age order.
	const sorted = [...points].sort((a, b) => a.cohort.localeCompare(b.cohort) || a.days - b.days);
	return {
		width,
		height: 280,
		marginLeft: 50,
		x: { label: 'days since commit', grid: true },
		y: { label: 'added lines unrevised / alive (%)', domain: [0, 1], tickFormat: (v: number) => `${Math.round(v * 100)}`, grid: true },
		// Cohorts are 'YYYY-MM' labels, not dates: say ordinal so Plot does not warn.
		color: { legend: true, label: 'monthly cohort', type: 'ordinal', scheme: 'tableau10' },
		marks: [
			Plot.line(sorted, { x: 'days', y: 'share', stroke: 'cohort', z: 'cohort', curve: 'step-after', strokeOpacity: 0.8 }),
			Plot.dot(sorted, {
				x: 'days',
				y: 'share',
				stroke: 'cohort',
				symbol: (d: SurvivalPoint) => (d.at === 'head' ? 'diamond' : 'circle'),
				tip: true,
				title: (d: SurvivalPoint) =>
					`${d.cohort} · ${d.at === 'head' ? `at head (mean age ${d.days} days)` : `${d.at} days`}\n${pct(d.share)} of ${d.lines.toLocaleString('en-US')} added lines ${d.at === 'head' ? 'still alive' : 'unrevised'}`
			}),
			Plot.ruleY([0])
		]
	};
}

export function revisionRateChart(points: RevisionPoint[], width: number): Plot.PlotOptions {
	const rows = points.map((p) => ({ ...p, date: new Date(`${p.month}-01T00:00:00Z`) }));
	return {
		width,
		height: 260,
		marginLeft: 50,
		x: { label: 'month of commit (UTC)', type: 'utc', grid: true },
		y: { label: 'added lines revised within 30 days (%)', tickFormat: (v: number) => `${Math.round(v * 100)}`, grid: true, zero: true },
		color: { legend: true, domain: ['agent-marked', 'other'], range: ['var(--accent)', 'var(--c-output)'] },
		marks: [
			Plot.line(rows, { x: 'date', y: 'rate', stroke: 'group', z: 'group' }),
			Plot.dot(rows, {
				x: 'date',
				y: 'rate',
				fill: 'group',
				r: 4,
				tip: true,
				title: (d: RevisionPoint) => `${d.month} · ${d.group}\n${pct(d.rate)} of ${d.lines.toLocaleString('en-US')} added lines revised within 30 days (${d.commits} commits)`
			}),
			Plot.ruleY([0])
		]
	};
}
