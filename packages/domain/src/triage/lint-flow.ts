import type { RiskLevel } from '../incident/types.ts';
import { DETERMINE, type GuidedQuestion, type Protocol } from './types.ts';

/** One problem with a protocol: where it is (dotted path into the file) and what is wrong. */
export interface ProtocolProblem {
  path: string;
  rule: string;
  message: string;
}

/** Where an interview can go from a question: each answer's target and, with skip logic, `skipTo`. */
function targetsOf(question: GuidedQuestion): string[] {
  const targets = question.answers.map((a) => a.next);
  if (question.when && question.when.length > 0) targets.push(question.skipTo ?? DETERMINE);
  return targets;
}

/** Question ids reachable from `start`, following answers and skips. */
function reachableFrom(byId: ReadonlyMap<string, GuidedQuestion>, start: string): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    const question = id === DETERMINE ? undefined : byId.get(id);
    if (!question || seen.has(id)) continue;
    seen.add(id);
    stack.push(...targetsOf(question));
  }
  return seen;
}

/** Graph checks: unreachable questions, loops, dead ends, misplaced conditions, unreachable levels. */
export function lintFlow(protocol: Protocol, maxEmergentQuestions: number): ProtocolProblem[] {
  const problems: ProtocolProblem[] = [];
  const first = protocol.questions[0];
  if (!first) return [{ path: 'questions', rule: 'required', message: 'a protocol needs at least one question' }];
  const byId = new Map(protocol.questions.map((q) => [q.id, q]));
  const position = new Map(protocol.questions.map((q, i) => [q.id, i]));
  const reachable = reachableFrom(byId, first.id);

  protocol.questions.forEach((q, i) => {
    if (!reachable.has(q.id)) {
      problems.push({ path: `questions.${i}`, rule: 'unreachable_question', message: `question "${q.id}" can never be asked` });
    }
  });

  // A dead end is a question from which no path reaches `determine`.
  const canDetermine = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const q of protocol.questions) {
      if (canDetermine.has(q.id)) continue;
      if (targetsOf(q).some((t) => t === DETERMINE || canDetermine.has(t))) {
        canDetermine.add(q.id);
        changed = true;
      }
    }
  }
  for (const id of reachable) {
    if (!canDetermine.has(id)) {
      problems.push({ path: `questions.${position.get(id)}`, rule: 'dead_end', message: `no path from question "${id}" reaches determine` });
    }
  }
  problems.push(...findLoops(protocol, byId, position));

  // Skip logic can only look back: the condition's question must be able to come before this one.
  protocol.questions.forEach((q, i) => {
    if (!reachable.has(q.id)) return; // already reported as unreachable
    (q.when ?? []).forEach((condition, c) => {
      const earlier = byId.get(condition.question);
      if (!earlier) return;
      const after = new Set(targetsOf(earlier).flatMap((t) => [...reachableFrom(byId, t)]));
      if (!after.has(q.id)) {
        problems.push({
          path: `questions.${i}.when.${c}.question`,
          rule: 'condition_not_earlier',
          message: `question "${condition.question}" is never asked before "${q.id}"`,
        });
      }
    });
  });

  problems.push(...unreachableLevels(protocol, byId, first.id));
  problems.push(...deepEmergentAnswers(protocol, byId, position, first.id, maxEmergentQuestions));
  return problems;
}

function findLoops(
  protocol: Protocol,
  byId: ReadonlyMap<string, GuidedQuestion>,
  position: ReadonlyMap<string, number>,
): ProtocolProblem[] {
  const problems: ProtocolProblem[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const reported = new Set<string>();
  const visit = (id: string): void => {
    const question = id === DETERMINE ? undefined : byId.get(id);
    if (!question || state.get(id) === 'done') return;
    if (state.get(id) === 'open') {
      const loop = [...trail.slice(trail.indexOf(id)), id];
      const members = [...new Set(loop)].sort().join(',');
      if (reported.has(members)) return;
      reported.add(members);
      problems.push({
        path: `questions.${position.get(id)}`,
        rule: 'loop',
        message: `the questions loop: ${loop.join(' -> ')}; an answered question is never asked again`,
      });
      return;
    }
    state.set(id, 'open');
    trail.push(id);
    for (const target of targetsOf(question)) visit(target);
    trail.pop();
    state.set(id, 'done');
  };
  for (const q of protocol.questions) visit(q.id);
  return problems;
}

/** Walks (question, highest level so far) states; conditions may hold or not, so both branches are taken. */
function unreachableLevels(protocol: Protocol, byId: ReadonlyMap<string, GuidedQuestion>, first: string): ProtocolProblem[] {
  const factorLevel = new Map(
    protocol.factors.filter((f) => f.category === 'risk').map((f) => [f.id, f.level] as const),
  );
  const reached = new Set<RiskLevel>();
  const seen = new Set<string>();
  const queue: Array<[string, RiskLevel]> = [[first, 1]];
  while (queue.length > 0) {
    const [id, level] = queue.shift() as [string, RiskLevel];
    const key = `${id}|${level}`;
    const question = byId.get(id);
    if (!question || seen.has(key)) continue;
    seen.add(key);
    const go = (target: string, at: RiskLevel): void => {
      if (target === DETERMINE) reached.add(at);
      else queue.push([target, at]);
    };
    if (question.when && question.when.length > 0) go(question.skipTo ?? DETERMINE, level);
    for (const answer of question.answers) {
      if (answer.emergent) {
        reached.add(4);
        continue;
      }
      const at = answer.factors.reduce<RiskLevel>((max, f) => Math.max(max, factorLevel.get(f) ?? 1) as RiskLevel, level);
      go(answer.next, at);
    }
  }
  return protocol.levels
    .filter((l) => !reached.has(l.level))
    .map((l) => ({
      path: `levels.${protocol.levels.indexOf(l)}`,
      rule: 'unreachable_level',
      message: `no combination of answers determines level ${l.level} (${l.name})`,
    }));
}

/** Emergent cases must be determined quickly: each emergent answer within the first few questions. */
function deepEmergentAnswers(
  protocol: Protocol,
  byId: ReadonlyMap<string, GuidedQuestion>,
  position: ReadonlyMap<string, number>,
  first: string,
  limit: number,
): ProtocolProblem[] {
  // fewest questions asked up to and including each question, when it is asked
  const asked = new Map<string, number>();
  const arrive = new Map<string, number>([[first, 0]]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [id, before] of [...arrive]) {
      const question = byId.get(id);
      if (!question) continue;
      const relax = (target: string, count: number): void => {
        if (target !== DETERMINE && count < (arrive.get(target) ?? Infinity)) {
          arrive.set(target, count);
          changed = true;
        }
      };
      if (before + 1 < (asked.get(id) ?? Infinity)) asked.set(id, before + 1);
      for (const answer of question.answers) relax(answer.next, before + 1);
      if (question.when && question.when.length > 0) relax(question.skipTo ?? DETERMINE, before);
    }
  }
  const problems: ProtocolProblem[] = [];
  for (const [id, count] of asked) {
    const question = byId.get(id) as GuidedQuestion;
    question.answers.forEach((answer, a) => {
      if (answer.emergent && count > limit) {
        problems.push({
          path: `questions.${position.get(id)}.answers.${a}`,
          rule: 'emergent_too_deep',
          message: `emergent answer "${answer.key}" of "${id}" is first reachable at question ${count}; emergent cases must be determined within ${limit}`,
        });
      }
    });
  }
  return problems;
}
