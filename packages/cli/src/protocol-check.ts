import { readFile, stat } from 'node:fs/promises';
import {
  lineOfPath,
  MAX_PROTOCOL_FILE_BYTES,
  parseProtocol,
  parseProtocolCases,
  ProtocolDocument,
  type ProtocolCasesFile,
  type ProtocolFileProblem,
} from '@continuum/contracts';
import { lintProtocol, PROTOCOL_NUMBERING, type Protocol, type ProtocolProblem } from '@continuum/domain';
import { LineCounter, parseDocument, type Document } from 'yaml';

// Checking protocol and cases files for the CLI: the schema, then the lint, and on a schema
// failure the lint of whatever the schema accepted, so that every problem is listed at once.

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

export interface CasesCheck {
  value: ProtocolCasesFile | null;
  problems: ReportedProblem[];
  lineOf: (path: string) => number | undefined;
}

/** Reads a cases file and checks it against its schema. */
export async function checkCasesFile(file: string): Promise<CasesCheck> {
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
  const lineOf = (path: string): number | undefined => (doc.errors.length > 0 ? undefined : lineOfPath(doc, lineCounter, path));
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

