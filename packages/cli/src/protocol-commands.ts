import type { ProtocolFileProblem } from '@continuum/contracts';
import { protocolVersionOf, runProtocolCases, type Protocol, type ProtocolCaseResult } from '@continuum/domain';
import { checkCasesFile, checkProtocolFile, type ProtocolCheck } from './protocol-check.ts';

export type { LintCoverage, ProtocolCheck, ReportedProblem } from './protocol-check.ts';
export { checkProtocolFile, checkProtocolText } from './protocol-check.ts';

/**
 * `continuum protocol lint FILE` and `continuum protocol test FILE CASES` (issue 4, item 6; the
 * format is protocols/README.md). A file is refused with every problem listed, so the schema
 * and the lint both run: when the schema refuses part of the file, the lint still runs on the
 * parts it accepted, and reports only what does not follow from the parts it refused.
 */

export interface ProtocolCommandOptions {
  json: boolean;
}

/** `continuum protocol lint FILE` */
export async function protocolLintCommand(file: string, opts: ProtocolCommandOptions): Promise<void> {
  const check = await checkProtocolFile(file);
  const ok = check.protocol !== null;
  if (!ok) process.exitCode = 1;
  if (opts.json) {
    print(JSON.stringify({ ok, file, summary: check.protocol ? summaryOf(check.protocol) : null, lint: check.lint, problems: check.problems }, null, 2));
    return;
  }
  if (check.protocol) {
    print(`✓ ${file}: ${summaryLine(check.protocol)}`);
    return;
  }
  print([...check.problems.map(formatProblem), refusal(file, check)].join('\n'));
}

/** `continuum protocol test FILE CASES` */
export async function protocolTestCommand(file: string, casesFile: string, opts: ProtocolCommandOptions): Promise<void> {
  const [check, cases] = await Promise.all([checkProtocolFile(file), checkCasesFile(casesFile)]);
  if (!check.protocol || !cases.value) {
    process.exitCode = 1;
    const problems = [...check.problems, ...cases.problems];
    if (opts.json) {
      print(JSON.stringify({ ok: false, file, casesFile, lint: check.lint, problems, cases: [], passed: 0, failed: 0 }, null, 2));
    } else {
      const lines = problems.map(formatProblem);
      if (!check.protocol) lines.push(refusal(file, check));
      if (!cases.value) lines.push(`✗ ${casesFile}: ${plural(cases.problems.length, 'problem')}; no case was run`);
      print(lines.join('\n'));
    }
    return;
  }

  const protocol = check.protocol;
  const version = protocolVersionOf(protocol);
  const warnings: string[] = [];
  if (cases.value.protocol !== version) {
    warnings.push(`${casesFile}: the cases were written for ${cases.value.protocol}, not ${version}`);
  }
  const results = runProtocolCases(protocol, cases.value.cases).map((result, i) => ({ ...result, line: cases.lineOf(`cases.${i}`) }));
  const passed = results.filter((r) => r.passed).length;
  const failed = results.length - passed;
  if (failed > 0) process.exitCode = 1;

  if (opts.json) {
    const report = {
      ok: failed === 0,
      file,
      casesFile,
      protocol: version,
      warnings,
      passed,
      failed,
      cases: results.map((r) => ({
        name: r.name,
        passed: r.passed,
        line: r.line ?? null,
        questionsAsked: r.questionsAsked,
        status: r.result?.status ?? null,
        level: r.result?.level ?? null,
        responseType: r.result?.recommendedPlan.responseType ?? null,
        planSource: r.result?.recommendedPlan.source ?? null,
        emergent: r.result?.emergent ?? null,
        policeRecommended: r.result?.recommendedPlan.policeRecommended ?? null,
        decidingFactors: r.result?.decidingFactors ?? null,
        diffs: r.diffs,
      })),
    };
    print(JSON.stringify(report, null, 2));
    return;
  }

  for (const warning of warnings) console.error(`warning: ${warning}`);
  const lines = [`${version} (${file}): ${plural(results.length, 'case')} from ${casesFile}`];
  for (const r of results) {
    const where = r.passed ? '' : `  (${r.line === undefined ? casesFile : `${casesFile}:${r.line}`})`;
    lines.push(`${r.passed ? '✓' : '✗'} ${r.name} → ${outcomeOf(r)}${where}`);
    for (const d of r.diffs) lines.push(`    ${d.field}: expected ${show(d.expected)}, got ${show(d.actual)}`);
  }
  lines.push(`${passed} passed, ${failed} failed`);
  print(lines.join('\n'));
}

// ---- Checking the files ----------------------------------------------------------------------

export interface ProtocolSummary {
  protocol: string;
  status: Protocol['status'];
  levels: number;
  factors: number;
  questions: number;
  regionalOverrides: Array<{ regionId: string; name: string; levels: number[] }>;
}

function summaryOf(protocol: Protocol): ProtocolSummary {
  return {
    protocol: protocolVersionOf(protocol),
    status: protocol.status,
    levels: protocol.levels.length,
    factors: protocol.factors.length,
    questions: protocol.questions.length,
    regionalOverrides: Object.entries(protocol.regionalOverrides).map(([regionId, o]) => ({
      regionId,
      name: o.name,
      levels: o.plans.map((p) => p.level).sort((a, b) => a - b),
    })),
  };
}

function summaryLine(protocol: Protocol): string {
  const s = summaryOf(protocol);
  const overrides = s.regionalOverrides.length === 0 ? 'none' : s.regionalOverrides.map((o) => `${o.regionId} (levels ${o.levels.join(', ')})`).join(', ');
  return `${s.protocol} (${s.status}): ${plural(s.levels, 'level')}, ${plural(s.factors, 'factor')}, ${plural(s.questions, 'question')}; regional overrides: ${overrides}`;
}

/** `FILE:LINE path: message`, the line where it is known, the path where there is one. */
export function formatProblem(p: ProtocolFileProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  return p.path === '' ? `${where}: ${p.message}` : `${where} ${p.path}: ${p.message}`;
}

function refusal(file: string, check: ProtocolCheck): string {
  const counts = (['file', 'syntax', 'schema', 'lint'] as const)
    .map((source) => [source, check.problems.filter((p) => p.source === source).length] as const)
    .filter(([, n]) => n > 0)
    .map(([source, n]) => `${n} ${source}`);
  const note =
    check.lint === 'partial'
      ? '; the lint ran on the parts the schema accepted, so fixing these may reveal more'
      : check.problems.some((p) => p.source === 'syntax')
        ? '; the file is not valid YAML or JSON, so neither the schema nor the lint ran'
        : check.lint === 'skipped' && check.problems.some((p) => p.source === 'schema')
          ? '; the lint did not run, as too little of the file passed the schema'
          : '';
  return `✗ ${file}: ${plural(check.problems.length, 'problem')} (${counts.join(', ')})${note}`;
}

function outcomeOf(r: ProtocolCaseResult): string {
  if (!r.result) return 'answers refused';
  const undetermined = r.result.status === 'determined' ? '' : ' (not determined)';
  return `level ${r.result.level}${undetermined}, ${r.result.recommendedPlan.responseType}, ${plural(r.questionsAsked, 'question')}`;
}

const show = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};
