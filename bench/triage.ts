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
const PROTOCOL_FILE = 'il-irlm-2025.09.yaml';
const CASES_FILE = 'cases.yaml';

function loadShipped(): { protocol: Protocol; cases: ProtocolCase[] } {
  const protocol = loadProtocol(readFileSync(DIR + PROTOCOL_FILE, 'utf8'), PROTOCOL_FILE);
  const cases = parseProtocolCases(readFileSync(DIR + CASES_FILE, 'utf8'), CASES_FILE);
  if (!protocol.ok) throw new Error(`${PROTOCOL_FILE}: ${protocol.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  if (!cases.ok) throw new Error(`${CASES_FILE}: ${cases.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return { protocol: protocol.value, cases: cases.value.cases };
}

const keyOf = (regionId: string | null, answers: readonly TriageAnswer[]): string =>
  `${regionId ?? ''}|${answers.map((a) => `${a.questionId}=${a.answerKey}`).join(',')}`;

const micros = (ns: number): string => `${(ns / 1000).toFixed(2)} µs`;

/** Measures triage evaluation latency and questions-to-determination over the shipped cases. */
export async function benchTriage(): Promise<BenchRow[]> {
  const { protocol, cases } = loadShipped();
  const failed = runProtocolCases(protocol, cases).filter((r) => !r.passed);
  if (failed.length > 0) throw new Error(`shipped cases fail: ${failed.map((f) => f.name).join(', ')}`);

  const inputs = cases.map((c) => ({
    answers: c.answers.map(([questionId, answerKey]) => ({ questionId, answerKey })),
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
    rows.push({ name: `evaluation latency p${p}`, value: micros(value), baseline: micros(base), ratio: ratio(value, base), note: p === 50 ? `baseline: map lookup of the same answers; ${samples}` : undefined });
  }
  rows.push({ name: 'evaluation mean (batched)', value: micros(engineMean), baseline: micros(lookupMean), ratio: ratio(engineMean, lookupMean), note: 'no per-call timer' });
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
