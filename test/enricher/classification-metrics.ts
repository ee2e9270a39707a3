/** Precision, recall and F1 of a three-way classifier, and the confusion matrix they come from. */

export const CLASSES = ['POSITIVE', 'NEUTRAL', 'NEGATIVE'] as const;
export type ClassName = (typeof CLASSES)[number];

export interface ClassFigures {
  precision: number;
  recall: number;
  f1: number;
}

export interface Figures {
  /** Unweighted mean of the three F1s. */
  macroF1: number;
  accuracy: number;
  perClass: Record<ClassName, ClassFigures>;
  /** Rows are the true labels, columns the predicted ones, both in `CLASSES` order. */
  confusion: number[][];
}

export function figuresOf(pairs: readonly { truth: ClassName; predicted: ClassName }[]): Figures {
  const confusion = CLASSES.map(() => CLASSES.map(() => 0));
  for (const { truth, predicted } of pairs) confusion[CLASSES.indexOf(truth)]![CLASSES.indexOf(predicted)]! += 1;
  const cell = (row: number, column: number) => confusion[row]![column]!;
  const perClass = {} as Record<ClassName, ClassFigures>;
  CLASSES.forEach((name, k) => {
    const hits = cell(k, k);
    const predicted = CLASSES.reduce((sum, _, row) => sum + cell(row, k), 0);
    const actual = CLASSES.reduce((sum, _, column) => sum + cell(k, column), 0);
    const precision = predicted === 0 ? 0 : hits / predicted;
    const recall = actual === 0 ? 0 : hits / actual;
    perClass[name] = { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
  });
  const macroF1 = CLASSES.reduce((sum, name) => sum + perClass[name].f1, 0) / CLASSES.length;
  const accuracy = pairs.length === 0 ? 0 : CLASSES.reduce((sum, _, k) => sum + cell(k, k), 0) / pairs.length;
  return { macroF1, accuracy, perClass, confusion };
}

/** One line: macro-F1, accuracy and P/R per class, two decimals. */
export function describeFigures(figures: Figures): string {
  const classes = CLASSES.map((name) => {
    const { precision, recall, f1 } = figures.perClass[name];
    return `${name} P ${precision.toFixed(2)} R ${recall.toFixed(2)} F1 ${f1.toFixed(2)}`;
  });
  return `macro-F1 ${figures.macroF1.toFixed(3)}, accuracy ${figures.accuracy.toFixed(3)}; ${classes.join('; ')}`;
}
