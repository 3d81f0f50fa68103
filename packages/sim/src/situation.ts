import {
  evaluateTriage,
  recommendPlan,
  type GuidedQuestion,
  type Protocol,
  type RecommendedPlan,
  type RiskFactor,
  type RiskLevel,
  type TriageAnswer,
} from '@continuum/domain';
import { cumulative, type Rng } from './rng.ts';

/** What the protocol engine decided for one sampled situation, kept once per distinct answer path. */
export interface Outcome {
  /** A small number per distinct path, for counting. */
  index: number;
  level: RiskLevel;
  emergent: boolean;
  answers: readonly TriageAnswer[];
  factors: readonly string[];
  /** The factors that counted toward the level (what the plan's §30 grounds come from). */
  counted: readonly RiskFactor[];
  /** Intoxication was among the factors: a facility that takes no one intoxicated is passed over. */
  intoxicated: boolean;
  /** Per region index: the plan, and the plan once 988 reports no team within the maximum; filled when first needed. */
  plans: (RecommendedPlan | undefined)[];
  unavailablePlans: (RecommendedPlan | undefined)[];
}

interface Node {
  answers: TriageAnswer[];
  cum: Float64Array | null;
  /** The only answer of positive weight, or -1: such a question is answered without a search, though still with its draw. */
  forced: number;
  /** From a forced question: the draws its chain of forced questions takes and the node it leads to; set when first walked. */
  jump: { draws: number; to: Node } | null;
  question: GuidedQuestion | null;
  children: (Node | undefined)[];
  outcome: Outcome | null;
}

/**
 * The person's situation, sampled as answers to the protocol's questions and put through the
 * real triage engine (`evaluateTriage`), so the level mix comes from the protocol, never from a
 * table. The engine is pure, so each answer path is evaluated once and kept: a year of calls
 * walks a tree of a few thousand distinct paths. The tree is shared by every region whose level
 * cannot differ (no regional factors); each region's plan is then the engine's `recommendPlan`
 * for that region, the same function `evaluateTriage` ends with.
 */
export class SituationTree {
  private readonly root: Node;
  private probabilities: Record<RiskLevel, number> | null = null;

  constructor(
    readonly protocol: Protocol,
    private readonly weights: Readonly<Record<string, Readonly<Record<string, number>>>>,
    private readonly regionId: string | null,
    private readonly outcomes: Outcome[],
  ) {
    this.root = this.node([]);
  }

  private node(answers: TriageAnswer[]): Node {
    const result = evaluateTriage(this.protocol, answers, { regionId: this.regionId });
    const question = result.status === 'determined' ? null : result.nextQuestion;
    if (question) {
      const w = this.weights[question.id];
      const given = question.answers.map((a) => w?.[a.key] ?? 0);
      // A question the weights do not cover is answered uniformly rather than never.
      const ws = given.some((x) => x > 0) ? given : given.map(() => 1);
      const positive = ws.filter((x) => x > 0).length;
      return { answers, question, cum: cumulative(ws), forced: positive === 1 ? ws.findIndex((x) => x > 0) : -1, jump: null, children: [], outcome: null };
    }
    const notCounted = new Set(result.factorsNotCounted.map((f) => f.factorId));
    const counted = this.protocol.factors.filter((f) => result.factorsChosen.includes(f.id) && !notCounted.has(f.id));
    const outcome: Outcome = {
      index: this.outcomes.length,
      level: result.level,
      emergent: result.emergent,
      answers,
      factors: result.factorsChosen,
      counted,
      intoxicated: result.factorsChosen.includes('intoxication_with_risk'),
      plans: [],
      unavailablePlans: [],
    };
    this.outcomes.push(outcome);
    return { answers, question: null, cum: null, forced: -1, jump: null, children: [], outcome };
  }

  private child(n: Node, i: number): Node {
    let c = n.children[i];
    if (!c) {
      const q = n.question!;
      c = this.node([...n.answers, { questionId: q.id, answerKey: q.answers[i]!.key }]);
      n.children[i] = c;
    }
    return c;
  }

  /**
   * One situation: answers drawn question by question, the protocol deciding what is asked next.
   * A run of questions each with one possible answer is passed in one step: its draws are still
   * taken (`Rng.skip`), so every later draw, and the run, is the same as answering each in turn.
   */
  sample(rng: Rng): Outcome {
    let n = this.root;
    while (n.cum) {
      if (n.forced >= 0) {
        const j = (n.jump ??= this.chain(n));
        rng.skip(j.draws);
        n = j.to;
      } else {
        n = this.child(n, rng.pick(n.cum));
      }
    }
    return n.outcome!;
  }

  /** Follows forced questions from `n` to the next real choice or an outcome, creating the nodes in the order a walk would. */
  private chain(n: Node): { draws: number; to: Node } {
    let draws = 0;
    let m = n;
    while (m.cum && m.forced >= 0) {
      m = this.child(m, m.forced);
      draws++;
    }
    return { draws, to: m };
  }

  /** The exact probability of each level under the weights, walking every path of positive weight. */
  levelProbabilities(): Record<RiskLevel, number> {
    if (this.probabilities) return this.probabilities;
    const p: Record<RiskLevel, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
    const walk = (n: Node, prob: number): void => {
      if (!n.cum) {
        p[n.outcome!.level] += prob;
        return;
      }
      const total = n.cum[n.cum.length - 1]!;
      let prev = 0;
      for (let i = 0; i < n.cum.length; i++) {
        const w = n.cum[i]! - prev;
        prev = n.cum[i]!;
        if (w > 0) walk(this.child(n, i), (prob * w) / total);
      }
    };
    walk(this.root, 1);
    this.probabilities = p;
    return p;
  }
}

/** A tree seen from one region: its plans for each outcome. */
export class SituationSampler {
  constructor(
    readonly tree: SituationTree,
    private readonly regionId: string,
    private readonly regionIndex: number,
  ) {}

  sample(rng: Rng): Outcome {
    return this.tree.sample(rng);
  }

  levelProbabilities(): Record<RiskLevel, number> {
    return this.tree.levelProbabilities();
  }

  /** The region's plan for the outcome, with the §30 police rule applied by the engine. */
  plan(o: Outcome): RecommendedPlan {
    return (o.plans[this.regionIndex] ??= recommendPlan(this.tree.protocol, o.level, o.counted, { regionId: this.regionId, crisisTeamUnavailable: null }));
  }

  /** The plan when 988 reports that no crisis team can arrive within the maximum (the third §30 ground). */
  unavailablePlan(o: Outcome): RecommendedPlan {
    return (o.unavailablePlans[this.regionIndex] ??= recommendPlan(this.tree.protocol, o.level, o.counted, {
      regionId: this.regionId,
      crisisTeamUnavailable: { reportRef: 'simulated-988-report' },
    }));
  }
}
