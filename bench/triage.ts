/**
 * Triage engine: evaluation latency over the shipped IRLM cases beside a plain map lookup of the
 * same answers (the floor any engine must pay to turn answers into a level), and how many
 * questions a call-taker asks before a determination.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadProtocol, parseProtocolCases } from '@continuum/contracts/protocol';
import { evaluateTriage, runProtocolCases, type Protocol, type ProtocolCase, type RiskLevel, type TriageAnswer } from '@continuum/domain';
import { envInt, median, percentile } from './measure.ts';
import { ratio, type BenchRow } from './table.ts';

const DIR = fileURLToPath(new URL('../protocols/il-irlm/', import.meta.url));
/** The version before issue 12 and its cases: the old baseline, measured in the same run. */
const OLD_PROTOCOL_FILE = 'il-irlm-2025.09.yaml';
const OLD_CASES_FILE = 'cases.yaml';
const PROTOCOL_FILE = 'il-irlm-2025.12.yaml';
const CASES_FILE = 'cases.2025.12.yaml';
/** Issue 12's scenarios: unknown answers, several answers, the new factors and responses. */
const SCENARIOS_FILE = 'cases.issue12-scenarios.yaml';

function loadShipped(casesFile = CASES_FILE, protocolFile = PROTOCOL_FILE): { protocol: Protocol; cases: ProtocolCase[] } {
  const protocol = loadProtocol(readFileSync(DIR + protocolFile, 'utf8'), protocolFile);
  const cases = parseProtocolCases(readFileSync(DIR + casesFile, 'utf8'), casesFile);
  if (!protocol.ok) throw new Error(`${protocolFile}: ${protocol.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  if (!cases.ok) throw new Error(`${casesFile}: ${cases.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return { protocol: protocol.value, cases: cases.value.cases };
}

const keyOf = (regionId: string | null, answers: readonly TriageAnswer[]): string =>
  `${regionId ?? ''}|${answers.map((a) => `${a.questionId}=${(a.answerKeys ?? [a.answerKey]).join('+')}`).join(',')}`;

/** A case's answers as the engine takes them: several keys joined by "+" where the question takes several. */
const answersOf = (c: ProtocolCase): TriageAnswer[] =>
  c.answers.map(([questionId, key]) => {
    const keys = key.split('+');
    return keys.length > 1 ? { questionId, answerKey: keys[0]!, answerKeys: keys } : { questionId, answerKey: key };
  });

const micros = (ns: number): string => `${(ns / 1000).toFixed(2)} µs`;

/** Measures triage evaluation latency and questions-to-determination over the shipped cases. */
export async function benchTriage(): Promise<BenchRow[]> {
  const { protocol, cases } = loadShipped();
  const rich = loadShipped(SCENARIOS_FILE);
  const old = loadShipped(OLD_CASES_FILE, OLD_PROTOCOL_FILE);
  const rows = measure(protocol, cases, '2025.12 (richer): ');
  // Issue 12: the same engine over the richer calls (unknowns, several answers, factor responses),
  // and the version before it with its own cases: the old baseline, in the same run.
  const latency = (r: BenchRow) => r.name.includes('latency') || r.name.includes('mean');
  rows.push(...measure(rich.protocol, rich.cases, '2025.12, issue 12 scenarios: ').filter(latency));
  rows.push(...measure(old.protocol, old.cases, '2025.09 (old baseline): ').filter(latency));
  return rows;
}

function measure(protocol: Protocol, cases: ProtocolCase[], label: string): BenchRow[] {
  const failed = runProtocolCases(protocol, cases).filter((r) => !r.passed);
  if (failed.length > 0) throw new Error(`shipped cases fail: ${failed.map((f) => f.name).join(', ')}`);

  const inputs = cases.map((c) => ({
    answers: answersOf(c),
    options: {
      regionId: c.regionId ?? null,
      crisisTeamUnavailable: c.crisisTeamUnavailable ? { reportRef: c.crisisTeamUnavailable } : null,
    },
  }));
  // The baseline: the same answers → level, precomputed, so the only work left is a lookup.
  const table = new Map<string, RiskLevel>(
    inputs.map((input) => [keyOf(input.options.regionId, input.answers), evaluateTriage(protocol, input.answers, input.options).level]),
  );

  const rounds = envInt('TRIAGE_BENCH_ROUNDS', 2000);
  const warmup = Math.max(100, Math.floor(rounds / 10));
  const engineNs: number[] = [];
  const lookupNs: number[] = [];
  let sink = 0;
  for (let round = 0; round < warmup + rounds; round++) {
    const record = round >= warmup;
    // Interleaved, so both measures see the same machine state.
    for (const input of inputs) {
      let t0 = process.hrtime.bigint();
      sink += evaluateTriage(protocol, input.answers, input.options).level;
      let t1 = process.hrtime.bigint();
      if (record) engineNs.push(Number(t1 - t0));
      t0 = process.hrtime.bigint();
      sink += table.get(keyOf(input.options.regionId, input.answers)) ?? 0;
      t1 = process.hrtime.bigint();
      if (record) lookupNs.push(Number(t1 - t0));
    }
  }

  // Batched means, free of the per-call timer overhead that dominates sub-microsecond samples.
  const batch = (fn: () => void): number => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) fn();
    return Number(process.hrtime.bigint() - t0) / (rounds * inputs.length);
  };
  const engineMean = batch(() => {
    for (const input of inputs) sink += evaluateTriage(protocol, input.answers, input.options).level;
  });
  const lookupMean = batch(() => {
    for (const input of inputs) sink += table.get(keyOf(input.options.regionId, input.answers)) ?? 0;
  });
  if (sink === 0) throw new Error('nothing was evaluated');

  const asked = cases.map((c) => c.answers.length);
  const emergentAsked = cases.filter((c) => c.expect.level === 4).map((c) => c.answers.length);
  const allQuestions = protocol.questions.length;
  const samples = `${engineNs.length} samples (${inputs.length} cases × ${rounds} rounds, ${warmup} warm-up rounds)`;
  const rows: BenchRow[] = [];
  for (const p of [50, 99]) {
    const value = percentile(engineNs, p);
    const base = percentile(lookupNs, p);
    rows.push({
      name: `${label}evaluation latency p${p}`, value: micros(value), baseline: micros(base), ratio: ratio(value, base),
      note: p === 50 ? `baseline: map lookup of the same answers; ${samples}` : `goal: under 100 µs (${value < 100_000 ? 'met' : 'MISSED'})`,
    });
  }
  rows.push({ name: `${label}evaluation mean (batched)`, value: micros(engineMean), baseline: micros(lookupMean), ratio: ratio(engineMean, lookupMean), note: 'no per-call timer' });
  rows.push({
    name: 'questions to a determination, median',
    value: String(median(asked)),
    baseline: String(allQuestions),
    ratio: ratio(median(asked), allQuestions),
    note: `baseline: every question in the protocol; over ${cases.length} shipped cases`,
  });
  rows.push({ name: 'questions to a determination, max', value: String(Math.max(...asked)), baseline: String(allQuestions), ratio: ratio(Math.max(...asked), allQuestions) });
  rows.push({
    name: 'emergent: questions to a determination, max',
    value: String(Math.max(...emergentAsked)),
    baseline: '3',
    ratio: ratio(Math.max(...emergentAsked), 3),
    note: `baseline: the target of at most three; over ${emergentAsked.length} emergent cases`,
  });
  return rows;
}
