import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { continuumBinary } from './bin.ts';
import { continuumInProcess } from './run-cli.ts';

const SHIPPED = fileURLToPath(new URL('../../../protocols/il-irlm/', import.meta.url));
let dir: string;

/** Runs the CLI in the temp folder (so file names print as given), in-process (run-cli.ts). */
const continuum = (...args: string[]) => continuumInProcess(args, { cwd: dir });

const lines = (text: string): string[] => text.trimEnd().split('\n');

// A small protocol that passes the schema and the lint.
const GOOD = `id: mini
version: 1.0.0
title: Minimal protocol
status: draft
numbering: level_1_lowest_risk
levels:
  - { level: 1, name: Low, description: Phone support. }
  - { level: 2, name: Moderate, description: In person. }
  - { level: 3, name: Urgent, description: Prompt in person. }
  - { level: 4, name: Emergent, description: Normal 911 response. }
factors:
  - { id: weapon, wording: A weapon, help: Any weapon., level: 4, justifies: [threat_of_physical_injury] }
  - { id: threats, wording: Threats, help: Recent threats., level: 3 }
  - { id: distress, wording: Distress, help: Needs a visit., level: 2 }
  - { id: talk, wording: Wants to talk, help: Phone support., level: 1 }
questions:
  - id: danger
    text: Is anyone in danger right now?
    answers:
      - { key: weapon, label: A weapon, factors: [weapon], emergent: true, next: determine }
      - { key: none, label: No, next: risk }
  - id: risk
    text: What is going on?
    answers:
      - { key: threats, label: Threats, factors: [threats], next: determine }
      - { key: distress, label: Distress, factors: [distress], next: determine }
      - { key: talk, label: Wants to talk, factors: [talk], next: determine }
plans:
  - { level: 1, responseType: phone_988, responders: [crisis_counsellor] }
  - { level: 2, responseType: mcrt, responders: [mcrt_clinician], maxResponseMinutes: { default: 60 } }
  - { level: 3, responseType: mcrt, responders: [mcrt_clinician, engagement_specialist], maxResponseMinutes: { default: 60 } }
  - level: 4
    responseType: police_ems
    responders: [police_officer, ems_crew]
    withoutPolice: { responseType: ems, responders: [ems_crew] }
regionalOverrides:
  r1:
    name: Region one
    plans:
      - { level: 2, responseType: mcrt, responders: [mcrt_clinician], maxResponseMinutes: { default: 45 } }
`;

// The same with wrong types, unknown keys, a dangling `next` and a regional override for level 1.
const BROKEN = GOOD.replace('version: 1.0.0', 'version: 2')
  .replace('numbering: level_1_lowest_risk', 'numbering: level_1_lowest_risk\ncolour: blue')
  .replace('help: Recent threats., level: 3 }', 'help: Recent threats., level: high }')
  .replace('help: Phone support., level: 1 }', 'help: Phone support., level: 1, severity: 3 }')
  .replace('{ key: none, label: No, next: risk }', '{ key: none, label: No, next: risk }\n      - { key: unsure, label: Not sure, next: nowhere }')
  .replace('responders: [mcrt_clinician], maxResponseMinutes: { default: 60 }', 'responders: mcrt_clinician, maxResponseMinutes: { default: 60 }')
  .concat('      - { level: 1, responseType: phone_988, responders: [crisis_counsellor] }\n');

// Passes the schema, fails the lint: a diagnosis that raises the level, and a question never asked.
const LINT_ONLY = GOOD.replace('help: Phone support., level: 1 }', 'help: Phone support., level: 3, category: diagnosis }').replace(
  'plans:\n',
  '  - id: orphan\n    text: Never asked?\n    answers:\n      - { key: yes, label: Yes, next: determine }\nplans:\n',
);

const CASES = `protocol: mini@1.0.0
cases:
  - name: a weapon is emergent
    answers: [[danger, weapon]]
    expect: { level: 4, responseType: police_ems, emergent: true }
  - name: threats wrongly expected at level 2
    answers: [[danger, none], [risk, threats]]
    expect: { level: 2, responseType: mcrt, decidingFactors: [distress] }
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'continuum-protocol-'));
  await Promise.all([
    writeFile(join(dir, 'good.yaml'), GOOD),
    writeFile(join(dir, 'broken.yaml'), BROKEN),
    writeFile(join(dir, 'lint-only.yaml'), LINT_ONLY),
    writeFile(join(dir, 'cases.yaml'), CASES),
  ]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('continuum protocol', () => {
  it('lints the shipped IRLM clean, and every shipped case passes', async () => {
    const [help, lint, test] = await Promise.all([
      continuum('protocol', '--help'),
      continuum('protocol', 'lint', `${SHIPPED}il-irlm-2025.09.yaml`),
      continuum('protocol', 'test', `${SHIPPED}il-irlm-2025.09.yaml`, `${SHIPPED}cases.yaml`),
    ]);
    expect(help.stdout).toMatch(/lint[\s\S]*test/);

    expect(lint.code).toBe(0);
    expect(lines(lint.stdout)).toHaveLength(1);
    expect(lint.stdout).toMatch(
      /^✓ .*il-irlm-2025\.09\.yaml: il-irlm@2025\.09\.0 \(published\): 4 levels, \d+ factors, \d+ questions; regional overrides: il-ems-6 \(levels 2, 3\)$/m,
    );

    expect(test.code).toBe(0);
    expect(test.stderr).toBe(''); // no warning: the cases are for this version
    const out = lines(test.stdout);
    const caseLines = out.slice(1, -1);
    expect(caseLines.length).toBeGreaterThanOrEqual(20);
    for (const line of caseLines) expect(line).toMatch(/^✓ .+ → level [1-4], [a-z_0-9]+, \d+ questions?$/);
    expect(out.at(-1)).toBe(`${caseLines.length} passed, 0 failed`);
  });

  it('refuses a protocol with every schema and lint problem: file, line, path and message', async () => {
    const [human, json, lintOnly] = await Promise.all([
      // The real binary once: the exit code a command sets (not throws) is the process's.
      continuumBinary(['protocol', 'lint', 'broken.yaml'], { cwd: dir }),
      continuum('protocol', 'lint', 'broken.yaml', '--json'),
      continuum('protocol', 'lint', 'lint-only.yaml'),
    ]);
    expect(human.code).toBe(1);
    const expected = [
      /^broken\.yaml:2 version: .+/,
      /^broken\.yaml:6 colour: unknown key "colour"$/,
      /^broken\.yaml:14 factors\.1\.level: a level is 1, 2, 3 or 4/,
      /^broken\.yaml:16 factors\.3\.severity: unknown key "severity"$/,
      /^broken\.yaml:23 questions\.0\.answers\.2\.next: "nowhere" is neither a question nor "determine"$/,
      /^broken\.yaml:32 plans\.1\.responders: .+/,
      /^broken\.yaml:43 regionalOverrides\.r1\.plans\.1\.level: a regional override sets levels 2 and 3 only/,
      /^✗ broken\.yaml: 7 problems \(6 schema, 1 lint\)/,
    ];
    const out = lines(human.stdout);
    expect(out).toHaveLength(expected.length); // nothing else: no consequence of a refused part is reported
    out.forEach((line, i) => expect(line).toMatch(expected[i]!));

    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { ok: boolean; lint: string; problems: Array<{ file: string; path: string; line: number; source: string; rule?: string }> };
    expect(report.ok).toBe(false);
    expect(report.lint).toBe('partial');
    expect(report.problems.map((p) => [p.file, p.line, p.path, p.source])).toEqual([
      ['broken.yaml', 2, 'version', 'schema'],
      ['broken.yaml', 6, 'colour', 'schema'],
      ['broken.yaml', 14, 'factors.1.level', 'schema'],
      ['broken.yaml', 16, 'factors.3.severity', 'schema'],
      ['broken.yaml', 23, 'questions.0.answers.2.next', 'lint'],
      ['broken.yaml', 32, 'plans.1.responders', 'schema'],
      ['broken.yaml', 43, 'regionalOverrides.r1.plans.1.level', 'schema'],
    ]);
    expect(report.problems.find((p) => p.source === 'lint')?.rule).toBe('unknown_question');

    expect(lintOnly.code).toBe(1);
    expect(lines(lintOnly.stdout)).toEqual([
      'lint-only.yaml:15 factors.3.level: "talk" is a diagnosis; alone it never raises the level (CESSA §30), so its level must be 1',
      'lint-only.yaml:28 questions.2: question "orphan" can never be asked',
      '✗ lint-only.yaml: 2 problems (2 lint)',
    ]);
  });

  it('fails a case with a wrong expectation, naming the case and the difference', async () => {
    const [human, json] = await Promise.all([
      continuum('protocol', 'test', 'good.yaml', 'cases.yaml'),
      continuum('protocol', 'test', 'good.yaml', 'cases.yaml', '--json'),
    ]);
    expect(human.code).toBe(1);
    expect(lines(human.stdout)).toEqual([
      'mini@1.0.0 (good.yaml): 2 cases from cases.yaml',
      '✓ a weapon is emergent → level 4, police_ems, 1 question',
      '✗ threats wrongly expected at level 2 → level 3, mcrt, 2 questions  (cases.yaml:6)',
      '    level: expected 2, got 3',
      '    decidingFactors: expected ["distress"], got ["threats"]',
      '1 passed, 1 failed',
    ]);

    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { ok: boolean; passed: number; failed: number; cases: Array<{ name: string; passed: boolean; line: number; diffs: unknown[] }> };
    expect([report.ok, report.passed, report.failed]).toEqual([false, 1, 1]);
    expect(report.cases.filter((c) => !c.passed).map((c) => [c.name, c.line, c.diffs])).toEqual([
      [
        'threats wrongly expected at level 2',
        6,
        [
          { field: 'level', expected: 2, actual: 3 },
          { field: 'decidingFactors', expected: ['distress'], actual: ['threats'] },
        ],
      ],
    ]);
  });
});
