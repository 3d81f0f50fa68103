import { readFile, stat } from 'node:fs/promises';
import {
  MAX_PROTOCOL_FILE_BYTES,
  parseProtocol,
  parseProtocolCases,
  ProtocolDocument,
  type ProtocolCasesFile,
  type ProtocolFileProblem,
} from '@continuum/contracts';
import {
  lintProtocol,
  PROTOCOL_NUMBERING,
  protocolVersionOf,
  runProtocolCases,
  type Protocol,
  type ProtocolCaseResult,
  type ProtocolProblem,
} from '@continuum/domain';
import { LineCounter, parseDocument, type Document } from 'yaml';

/**
 * `continuum protocol lint FILE` and `continuum protocol test FILE CASES` (issue 4, item 6; the
 * format is protocols/README.md). A file is refused with every problem listed, so the schema
 * and the lint both run: when the schema refuses part of the file, the lint still runs on the
 * parts it accepted, and reports only what does not follow from the parts it refused.
 */

export interface ProtocolCommandOptions {
  json: boolean;
}

/** A problem as the commands report it: where it is, what is wrong, and which check found it. */
export interface ReportedProblem extends ProtocolFileProblem {
  /** `syntax`: not readable as YAML or JSON, so neither the schema nor the lint could run. */
  source: 'file' | 'syntax' | 'schema' | 'lint';
  /** The lint rule, for lint problems. */
  rule?: string;
}

/**
 * How much of the protocol the lint saw: all of it; the parts the schema accepted (so fixing the
 * schema problems may reveal more); or none, when too little of the file passed the schema.
 */
export type LintCoverage = 'full' | 'partial' | 'skipped';

export interface ProtocolCheck {
  /** The protocol, only when it has no problem at all. */
  protocol: Protocol | null;
  problems: ReportedProblem[];
  lint: LintCoverage;
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

/** Reads a protocol file and runs the schema and the lint over it. */
export async function checkProtocolFile(file: string): Promise<ProtocolCheck> {
  const read = await readText(file);
  if ('problem' in read) return { protocol: null, problems: [read.problem], lint: 'skipped' };
  return checkProtocolText(read.text, file);
}

/** The schema, then the lint; on a schema failure, the lint of whatever the schema accepted. */
export function checkProtocolText(text: string, file: string): ProtocolCheck {
  const yaml = readYaml(text);
  const lintProblem = (p: ProtocolProblem, path: string): ReportedProblem => {
    const line = yaml.lineOf(path);
    return { file, path, message: p.message, ...(line === undefined ? {} : { line }), source: 'lint', rule: p.rule };
  };

  const parsed = parseProtocol(text, file);
  if (parsed.ok) {
    const problems = lintProtocol(parsed.value).map((p) => lintProblem(p, p.path));
    return { protocol: problems.length === 0 ? parsed.value : null, problems: sortByLine(problems), lint: 'full' };
  }

  const source = yaml.doc.errors.length > 0 ? 'syntax' : 'schema';
  const schema: ReportedProblem[] = parsed.problems.map((p) => ({ ...p, source }));
  const accepted = source === 'schema' ? acceptedParts(yaml.doc.toJS({ maxAliasCount: 50 })) : null;
  if (!accepted) return { protocol: null, problems: schema, lint: 'skipped' };
  const lint = lintProtocol(accepted.protocol)
    .filter((p) => !followsFromRefusedParts(p, accepted))
    .map((p) => lintProblem(p, accepted.pathInFile(p.path)));
  return { protocol: null, problems: sortByLine([...schema, ...lint]), lint: 'partial' };
}

interface CasesCheck {
  value: ProtocolCasesFile | null;
  problems: ReportedProblem[];
  lineOf: (path: string) => number | undefined;
}

async function checkCasesFile(file: string): Promise<CasesCheck> {
  const read = await readText(file);
  if ('problem' in read) return { value: null, problems: [read.problem], lineOf: () => undefined };
  const { doc, lineOf } = readYaml(read.text);
  const parsed = parseProtocolCases(read.text, file);
  if (parsed.ok) return { value: parsed.value, problems: [], lineOf };
  const source = doc.errors.length > 0 ? 'syntax' : 'schema';
  return { value: null, problems: parsed.problems.map((p) => ({ ...p, source })), lineOf };
}

async function readText(file: string): Promise<{ text: string } | { problem: ReportedProblem }> {
  const problem = (message: string) => ({ problem: { file, path: '', message, source: 'file' as const } });
  try {
    const info = await stat(file);
    if (!info.isFile()) return problem('not a file');
    // Checked before reading, so a huge file is never read into memory.
    if (info.size > MAX_PROTOCOL_FILE_BYTES) return problem(`the file is larger than ${MAX_PROTOCOL_FILE_BYTES} bytes`);
    return { text: await readFile(file, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return problem(code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot read the file: ${(err as Error).message}`);
  }
}

// ---- Lines -----------------------------------------------------------------------------------

/**
 * The parsed document and the line of a dotted path in it: the line of the deepest node on the
 * path that exists, so a missing key points at its parent (as the schema problems do).
 */
function readYaml(text: string): { doc: Document; lineOf: (path: string) => number | undefined } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const lineOf = (path: string): number | undefined => {
    if (doc.errors.length > 0) return undefined;
    const keys = path === '' ? [] : path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    for (let n = keys.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(keys.slice(0, n), true);
      const offset = (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
      if (offset !== undefined) return lineCounter.linePos(offset).line;
    }
    return undefined;
  };
  return { doc, lineOf };
}

const sortByLine = (problems: ReportedProblem[]): ReportedProblem[] =>
  problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.line ?? 0) - (b.p.line ?? 0) || a.i - b.i)
    .map(({ p }) => p);

// ---- Linting the parts the schema accepted -----------------------------------------------------

type Segment = string | number;

/** The lists whose entries are checked one by one: an entry the schema refuses is left out. */
const LISTS = new Set(['levels', 'factors', 'questions', 'plans', 'vendorCodes', 'emergencyTypes']);

/** Top-level values the lint never reads: a valid stand-in lets it run on the rest. */
const STAND_INS: Record<string, unknown> = {
  id: 'protocol',
  version: '0.0.0',
  title: 'protocol',
  status: 'draft',
  numbering: PROTOCOL_NUMBERING,
  reconstructionNote: undefined,
};

interface AcceptedParts {
  protocol: Protocol;
  /** The lists that lost an entry (or, for regionalOverrides, a region or a plan). */
  touched: ReadonlySet<string>;
  /** Ids of the entries left out, by list: references to them are not reported as dangling. */
  leftOut: ReadonlyMap<string, ReadonlySet<string>>;
  /** Maps a path in the accepted protocol back to the file (entries left out shift the indices). */
  pathInFile: (path: string) => string;
}

/**
 * The protocol without the entries the schema refused: unknown keys dropped, a refused entry of a
 * list (a factor, a question, a plan…) or a refused regional override left out, and top-level
 * values the lint does not read replaced. Null when what is refused is more than that (a whole
 * list, say), since a lint of the rest would only report the consequences.
 */
function acceptedParts(raw: unknown): AcceptedParts | null {
  if (!isRecord(raw)) return null;
  const value = structuredClone(raw);
  const origin = new Map<string, number[]>(); // list path → index in the file of each entry left in it
  const touched = new Set<string>();
  const leftOut = new Map<string, Set<string>>();

  for (let round = 0; round < 100; round++) {
    const result = ProtocolDocument.safeParse(value);
    if (result.success) {
      const pathInFile = (path: string): string => {
        const segments = path.split('.');
        return segments
          .map((s, i) => (/^\d+$/.test(s) ? String(origin.get(segments.slice(0, i).join('.'))?.[Number(s)] ?? s) : s))
          .join('.');
      };
      return { protocol: result.data, touched, leftOut, pathInFile };
    }
    const removals = new Map<string, { list: Segment[]; indices: Set<number> }>();
    const remove = (list: Segment[], index: number): void => {
      const key = list.join('.');
      const entry = removals.get(key) ?? { list, indices: new Set<number>() };
      entry.indices.add(index);
      removals.set(key, entry);
    };
    for (const issue of result.error.issues) {
      const path = issue.path.map((s) => (typeof s === 'number' ? s : String(s)));
      if (issue.code === 'unrecognized_keys') {
        const target = valueAt(value, path);
        if (isRecord(target)) for (const key of issue.keys) delete target[key];
        continue;
      }
      const [head, second, third, fourth] = path;
      if (typeof head !== 'string') return null;
      if (LISTS.has(head) && typeof second === 'number') {
        remove([head], second);
      } else if (head === 'regionalOverrides') {
        touched.add(head);
        const overrides = value['regionalOverrides'];
        if (second === undefined || !isRecord(overrides)) delete value['regionalOverrides'];
        else if (third === 'plans' && typeof fourth === 'number') remove([head, second, 'plans'], fourth);
        else delete overrides[String(second)];
      } else if (path.length === 1 && head in STAND_INS) {
        if (STAND_INS[head] === undefined) delete value[head];
        else value[head] = STAND_INS[head];
      } else {
        return null;
      }
    }
    for (const [key, { list, indices }] of removals) {
      const entries = valueAt(value, list);
      if (!Array.isArray(entries)) continue;
      const kept = origin.get(key) ?? entries.map((_, i) => i);
      for (const index of [...indices].sort((a, b) => b - a)) {
        const [entry] = entries.splice(index, 1);
        kept.splice(index, 1);
        const id = typeof entry === 'string' ? entry : isRecord(entry) ? entry['id'] : undefined;
        if (typeof id === 'string') leftOut.set(String(list[0]), (leftOut.get(String(list[0])) ?? new Set()).add(id));
      }
      origin.set(key, kept);
      touched.add(String(list[0]));
    }
  }
  return null;
}

/** Lint rules over the whole question graph: any question left out can cause them. */
const FLOW_RULES = new Set([
  'unreachable_question',
  'dead_end',
  'loop',
  'condition_not_earlier',
  'unreachable_level',
  'emergent_too_deep',
  'first_question_conditional',
]);

/** Whether a lint problem may be only a consequence of the entries the schema refused. */
function followsFromRefusedParts(problem: ProtocolProblem, accepted: AcceptedParts): boolean {
  const { touched, leftOut } = accepted;
  const refersToLeftOut = (list: string, id: unknown): boolean => typeof id === 'string' && (leftOut.get(list)?.has(id) ?? false);
  const path = problem.path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  switch (problem.rule) {
    case 'levels_one_to_four':
      return touched.has('levels');
    case 'plan_per_level':
      return touched.has('plans');
    case 'unreachable_level':
      return touched.has('questions') || touched.has('factors') || touched.has('levels');
    case 'emergent_without_factor':
      return touched.has('factors');
    case 'unknown_question':
      return refersToLeftOut('questions', valueAt(accepted.protocol, path));
    case 'unknown_factor':
      return refersToLeftOut('factors', valueAt(accepted.protocol, path));
    case 'unknown_emergency_type':
      return refersToLeftOut('emergencyTypes', path.at(-1));
    default:
      return touched.has('questions') && FLOW_RULES.has(problem.rule);
  }
}

function valueAt(root: unknown, path: readonly Segment[]): unknown {
  let node = root;
  for (const key of path) {
    if (Array.isArray(node) && typeof key === 'number') node = node[key];
    else if (isRecord(node) && typeof key === 'string') node = node[key];
    else return undefined;
  }
  return node;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---- Output ----------------------------------------------------------------------------------

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
