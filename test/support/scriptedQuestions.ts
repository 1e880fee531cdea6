// Questions answered from a script, for flows written against the Questions interface (design commands, Try
// Topic): each step names the question it expects, the texts typed into it (with what the box must then say)
// and the answer.
import assert from 'node:assert/strict';

import {
  GoBack,
  type Choice,
  type InputQuestion,
  type PickQuestion,
  type Questions,
  type StepInfo,
} from '../../client/src/design/designQuestions';

/** One question the flow must ask, the texts to type into it (with what the box must say), and the answer. */
/** Where the question must say it stands ([k, n]: "step k of n"), and whether the user then presses Back. */
interface Stepped {
  readonly step?: readonly [number, number];
  readonly back?: true;
}

export type Step =
  | (Stepped & {
      readonly input: RegExp;
      readonly value?: string;
      readonly password?: boolean;
      readonly typed?: readonly (readonly [string, RegExp | undefined])[];
      readonly answer: string | undefined;
    })
  | (Stepped & { readonly pick: RegExp; readonly active?: string; readonly answer: string | undefined })
  | (Stepped & {
      readonly pickMany: RegExp;
      readonly picked?: readonly string[];
      readonly answer: readonly string[] | undefined;
    })
  | { readonly folder: true; readonly answer: string }
  | { readonly saveTarget: string; readonly answer: string };

export interface ScriptedQuestions {
  readonly questions: Questions;
  /** The error and warning messages shown, as `error: …` and `warning: …`. */
  readonly said: string[];
  /** Fails when a step was not asked. */
  done(): void;
}

/** Plays the steps in order; any other question fails the test. */
export function scriptedQuestions(steps: readonly Step[]): ScriptedQuestions {
  const queue = [...steps];
  const said: string[] = [];
  const next = (what: string): Step => {
    const step = queue.shift();
    assert.ok(step, `an unexpected question: ${what}`);
    return step;
  };
  const choose = <T extends Choice>(question: PickQuestion<T>, labels: readonly string[]): T[] =>
    labels.map((label) => {
      const item = question.items.find((candidate) => candidate.label === label);
      assert.ok(
        item,
        `'${label}' is not offered: ${question.items.map((candidate) => candidate.label).join(', ')}`,
      );
      return item;
    });
  /** Checks the step shown; undefined to answer, else the user pressed Back. */
  const stepped = (step: Stepped, shown: StepInfo | undefined, what: string): Promise<never> | undefined => {
    if (step.step !== undefined) {
      assert.deepEqual(shown && [shown.step, shown.totalSteps], step.step, `the step of ${what}`);
    }
    if (step.back === true) {
      assert.ok((shown?.step ?? 1) > 1, `${what} offers no Back`);
      return Promise.reject(new GoBack());
    }
    return undefined;
  };
  const questions: Questions = {
    input: (question: InputQuestion) => {
      const step = next(`input ${question.prompt}`);
      assert.ok('input' in step, `expected ${JSON.stringify(step)}, asked input '${question.prompt}'`);
      assert.match(question.prompt, step.input);
      assert.equal(question.value, step.value, `the value offered for '${question.prompt}'`);
      assert.equal(question.password === true, step.password === true, `'${question.prompt}' hides the text`);
      for (const [typed, message] of step.typed ?? []) {
        const shown = question.validate?.(typed);
        if (message === undefined) {
          assert.equal(shown, undefined, `'${typed}' is accepted`);
        } else {
          assert.match(shown ?? '(accepted)', message, `typing '${typed}'`);
        }
      }
      return stepped(step, question.step, question.prompt) ?? Promise.resolve(step.answer);
    },
    pick: <T extends Choice>(question: PickQuestion<T>) => {
      const step = next(`pick ${question.placeHolder}`);
      assert.ok('pick' in step, `expected ${JSON.stringify(step)}, asked pick '${question.placeHolder}'`);
      assert.match(question.placeHolder, step.pick);
      assert.equal(question.active, step.active, `the item active at first in '${question.placeHolder}'`);
      return (
        stepped(step, question.step, question.placeHolder) ??
        Promise.resolve(step.answer === undefined ? undefined : choose(question, [step.answer])[0])
      );
    },
    pickMany: <T extends Choice>(question: PickQuestion<T>) => {
      const step = next(`pickMany ${question.placeHolder}`);
      assert.ok('pickMany' in step, `expected ${JSON.stringify(step)}, asked many '${question.placeHolder}'`);
      assert.match(question.placeHolder, step.pickMany);
      if (step.picked !== undefined) {
        assert.deepEqual(
          question.items.filter((item) => item.picked === true).map((item) => item.label),
          step.picked,
        );
      }
      return (
        stepped(step, question.step, question.placeHolder) ??
        Promise.resolve(step.answer === undefined ? undefined : choose(question, step.answer))
      );
    },
    folder: () => {
      const step = next('folder');
      assert.ok('folder' in step, `expected ${JSON.stringify(step)}, asked a folder`);
      return Promise.resolve(step.answer);
    },
    file: () => Promise.reject(new Error('no file question in these flows')),
    saveTarget: (_title, suggested) => {
      const step = next(`save ${suggested}`);
      assert.ok('saveTarget' in step, `expected ${JSON.stringify(step)}, asked where to save`);
      assert.equal(suggested, step.saveTarget);
      return Promise.resolve(step.answer);
    },
    error: (message) => said.push(`error: ${message}`),
    warning: (message) => said.push(`warning: ${message}`),
  };
  return { questions, said, done: () => assert.deepEqual(queue, [], 'questions the flow did not ask') };
}
